import { createHmac, randomUUID } from 'node:crypto';
import { BLOCKS, inputAction } from '../../src/slack/ids.js';
import type { SocketModeStandIn } from './socket-mode-stand-in.js';

/** Signed requests into the app, built the way Slack builds them (typed factories, as in Bolt's tests). */

export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export interface SlackAnswer {
  status: number;
  text: string;
  json: Record<string, unknown> | null;
}

/** A request exactly as it went over the wire: what an attacker who captured it could send again. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

let counter = 0;

export class SlackClientSimulator {
  constructor(
    private readonly appUrl: string,
    private readonly responseUrl: (id: string) => string,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
    /** Slack shows an acknowledgement that carries a message (a command's answer) to the user. */
    private readonly shown?: (responseId: string, body: Record<string, unknown>) => void,
  ) {}

  /** Every request sent, in order (recorded as soon as `send` is called). */
  readonly sent: SignedRequest[] = [];

  send(
    body: string,
    contentType: string,
    options: { signature?: string; timestamp?: number; headers?: Record<string, string> } = {},
  ): Promise<SlackAnswer> {
    const timestamp = options.timestamp ?? this.nowSeconds();
    const signature = options.signature ?? sign(body, timestamp);
    const request = {
      body,
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature, ...options.headers },
    };
    this.sent.push(request);
    return this.resend(request);
  }

  /** Sends a captured request again, byte for byte. */
  async resend(request: SignedRequest): Promise<SlackAnswer> {
    const res = await fetch(`${this.appUrl}/slack/events`, { method: 'POST', headers: request.headers, body: request.body });
    const text = await res.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    return { status: res.status, text, json };
  }

  private form(fields: Record<string, string>, options?: Parameters<SlackClientSimulator['send']>[2]) {
    return this.send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', options);
  }

  private interaction(payload: Record<string, unknown>, options?: Parameters<SlackClientSimulator['send']>[2]) {
    return this.form({ payload: JSON.stringify(payload) }, options);
  }

  /** `/so <text>` typed by a user. */
  command(userId: string, text: string, options?: Parameters<SlackClientSimulator['send']>[2]) {
    const id = `cmd-${++counter}`;
    const answer = this.form(slashCommand(userId, text, id, this.responseUrl(id)), options).then((a) => {
      if (a.status === 200 && a.json && ('text' in a.json || 'blocks' in a.json)) this.shown?.(id, a.json);
      return a;
    });
    return { responseId: id, answer };
  }

  /** A user clicks a button on the case card. */
  click(userId: string, actionId: string, reference: string, options?: Parameters<SlackClientSimulator['send']>[2]) {
    return this.cardAction(userId, { type: 'button', action_id: actionId, value: reference }, options);
  }

  /** A user picks an option of an overflow menu (e.g. Release on the card). */
  choose(userId: string, actionId: string, value: string) {
    return this.cardAction(userId, { type: 'overflow', action_id: actionId, selected_option: { text: { type: 'plain_text', text: 'x' }, value } });
  }

  /**
   * A user picks an option of a select menu in a message the app sent (a reminder DM's Snooze): Slack
   * sends the message back with the action, its blocks as they were.
   */
  selectInMessage(userId: string, actionId: string, value: string, message: { channel: string; ts: string; text?: unknown; blocks?: unknown }) {
    const id = `act-${++counter}`;
    const payload = cardActionPayload(userId, { type: 'static_select', action_id: actionId, selected_option: { text: { type: 'plain_text', text: 'x' }, value } }, id, this.responseUrl(id));
    return {
      responseId: id,
      answer: this.interaction({
        ...payload,
        container: { type: 'message', channel_id: message.channel, message_ts: message.ts, is_ephemeral: false },
        channel: { id: message.channel, name: 'directmessage' },
        message: { type: 'message', ts: message.ts, text: message.text ?? '', blocks: message.blocks ?? [] },
      }),
    };
  }

  /** A `block_actions` payload from the card in the triage channel. */
  private cardAction(userId: string, action: Record<string, unknown>, options?: Parameters<SlackClientSimulator['send']>[2]) {
    const id = `act-${++counter}`;
    return { responseId: id, answer: this.interaction(cardActionPayload(userId, action, id, this.responseUrl(id)), options) };
  }

  /** A user submits a modal. `values` maps block ids to element states (see `input` helpers below). */
  /**
   * A user submits a modal. Given the `opened` view, the submission is what Slack sends: the view's
   * blocks, and a value for every input block (empty for those the user left alone).
   */
  submit(userId: string, callbackId: string, values: Record<string, unknown>, privateMetadata: unknown = null, opened?: { blocks?: unknown }) {
    const blocks = Array.isArray(opened?.blocks) ? (opened.blocks as { type?: string; block_id?: string; element?: Record<string, unknown> }[]) : [];
    const untouched = blocks
      .filter((b) => b.type === 'input' && b.block_id && !(b.block_id in values))
      .map((b) => [b.block_id!, untouchedValue(b.element ?? {})] as const);
    const state = Object.fromEntries([...untouched, ...Object.entries(values)].map(([block, v]) => [block, { [inputAction(block)]: v }]));
    return this.interaction({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: userId },
      api_app_id: 'A1',
      token: 'legacy',
      trigger_id: `trigger-${++counter}`,
      view: {
        id: `V${counter}`,
        type: 'modal',
        callback_id: callbackId,
        private_metadata: privateMetadata === null ? '' : JSON.stringify(privateMetadata),
        title: { type: 'plain_text', text: 'Modal' },
        ...(opened ? { blocks } : {}),
        state: { values: state },
        hash: 'h',
      },
    });
  }

  /** A user runs the message shortcut on a message in the triage channel. */
  messageShortcut(userId: string, callbackId: string, text: string) {
    const id = `sc-${++counter}`;
    const answer = this.interaction({
      type: 'message_action',
      team: { id: 'T1' },
      user: { id: userId },
      api_app_id: 'A1',
      token: 'legacy',
      callback_id: callbackId,
      trigger_id: `trigger-${id}`,
      response_url: this.responseUrl(id),
      channel: { id: 'CTRIAGE' },
      message: { type: 'message', user: 'UPATIENTFRIEND', ts: '2.0', text },
      message_ts: '2.0',
    });
    return { responseId: id, answer };
  }

  event(event: Record<string, unknown>, options: { eventId?: string; retryNum?: number } = {}) {
    const body = JSON.stringify(eventCallback(event, options.eventId, this.nowSeconds()));
    return this.send(
      body,
      'application/json',
      options.retryNum ? { headers: { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' } } : {},
    );
  }
}

/**
 * The same user actions as Slack sends them in Socket Mode: envelopes over the stand-in's WebSocket,
 * acknowledged over it (see `SocketModeStandIn.acks`) instead of answered over HTTP.
 */
export class SocketModeUserSimulator {
  constructor(
    private readonly socket: SocketModeStandIn,
    private readonly responseUrl: (id: string) => string,
  ) {}

  /** `/so <text>` typed by a user. */
  command(userId: string, text: string): { responseId: string; envelopeId: string } {
    const id = `cmd-${++counter}`;
    return { responseId: id, envelopeId: this.socket.deliver('slash_commands', slashCommand(userId, text, id, this.responseUrl(id))) };
  }

  /** A user clicks a button on the case card. */
  click(userId: string, actionId: string, reference: string): { responseId: string; envelopeId: string } {
    const id = `act-${++counter}`;
    const payload = cardActionPayload(userId, { type: 'button', action_id: actionId, value: reference }, id, this.responseUrl(id));
    return { responseId: id, envelopeId: this.socket.deliver('interactive', payload) };
  }

  /** An Events API event; Slack delivers it again with `retryAttempt` > 0 when the first was not acknowledged in time. */
  event(event: Record<string, unknown>, options: { eventId?: string; retryAttempt?: number; retryReason?: string } = {}): string {
    const { retryAttempt, retryReason } = options;
    return this.socket.deliver('events_api', eventCallback(event, options.eventId, Math.floor(Date.now() / 1000)), { retryAttempt, retryReason });
  }
}

/** The fields of `/so <text>` (a form body over HTTP, an object in Socket Mode). */
function slashCommand(userId: string, text: string, id: string, responseUrl: string): Record<string, string> {
  return {
    token: 'legacy',
    team_id: 'T1',
    channel_id: 'CTRIAGE',
    user_id: userId,
    user_name: userId.toLowerCase(),
    command: '/so',
    text,
    api_app_id: 'A1',
    response_url: responseUrl,
    trigger_id: `trigger-${id}`,
  };
}

/** A `block_actions` payload from the card in the triage channel. */
function cardActionPayload(userId: string, action: Record<string, unknown>, id: string, responseUrl: string): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T1' },
    user: { id: userId },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trigger-${id}`,
    response_url: responseUrl,
    container: { type: 'message', channel_id: 'CTRIAGE', message_ts: '1.0', is_ephemeral: false },
    channel: { id: 'CTRIAGE', name: 'triage' },
    actions: [{ ...action, block_id: 'case_actions', action_ts: '1.1' }],
  };
}

/** An Events API delivery (`event_callback`); a retry carries the same `event_id`. */
function eventCallback(event: Record<string, unknown>, eventId: string | undefined, eventTime: number): Record<string, unknown> {
  return {
    token: 'legacy',
    team_id: 'T1',
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId ?? `Ev${randomUUID().slice(0, 8)}`,
    event_time: eventTime,
    event,
  };
}

export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** What Slack sends for an input the user left alone: its initial value, or none. */
function untouchedValue(element: Record<string, unknown>): Record<string, unknown> {
  const type = String(element.type ?? '');
  switch (type) {
    case 'checkboxes':
    case 'multi_static_select':
      return { type, selected_options: element.initial_options ?? [] };
    case 'static_select':
      return { type, selected_option: element.initial_option ?? null };
    case 'datepicker':
      return { type, selected_date: element.initial_date ?? null };
    case 'datetimepicker':
      return { type, selected_date_time: element.initial_date_time ?? null };
    case 'users_select':
      return { type, selected_user: element.initial_user ?? null };
    default:
      return { type, value: element.initial_value ?? null };
  }
}

/** Element states as Slack puts them in `view.state.values`. */
export const input = {
  text: (value: string) => ({ type: 'plain_text_input', value }),
  select: (value: string | null) => ({ type: 'static_select', selected_option: value === null ? null : { value } }),
  checks: (...values: string[]) => ({ type: 'checkboxes', selected_options: values.map((value) => ({ value })) }),
  date: (value: string | null) => ({ type: 'datepicker', selected_date: value }),
  dateTime: (ms: number) => ({ type: 'datetimepicker', selected_date_time: Math.floor(ms / 1000) }),
  email: (value: string | null) => ({ type: 'email_text_input', value }),
};

/** The New case modal filled in as a coordinator would (Maria Rossi, prostate), with `overrides` by block. */
export function newCaseForm(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    [BLOCKS.applicantType]: input.select('patient'),
    [BLOCKS.applicantName]: input.text('Maria Rossi'),
    [BLOCKS.applicantEmail]: input.email(null),
    [BLOCKS.patientName]: input.text('Maria Rossi'),
    [BLOCKS.birthDate]: input.date('1961-04-02'),
    [BLOCKS.taxCode]: input.text(''),
    [BLOCKS.area]: input.select('prostate'),
    [BLOCKS.language]: input.select('it'),
    [BLOCKS.imageReview]: input.checks(),
    [BLOCKS.deliveryChannel]: input.select('courier'),
    [BLOCKS.notes]: input.text(''),
    ...overrides,
  };
}
