import { WebClient, WebAPIHTTPError, WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import type { Logger } from '../logger.js';

/**
 * The one outbound path to Slack: every Web API call and every reply to a `response_url` goes
 * through `slackFetch`, which bounds it in time, logs a failure by method and error code (never a
 * body), and tells `SlackStatus` whether the token and URL work.
 *
 * The retry policy, in one place:
 * - The client itself never retries and never waits out a 429 (`retries: 0`, `rejectRateLimitedCalls`):
 *   a waiting client would pause every call behind it, acknowledgements included.
 * - Queued messages (cards, thread lines, DMs, digests) are retried by `SlackDelivery`: transient
 *   failures with backoff, a 429 after its Retry-After without spending an attempt, permanent ones
 *   kept as failed for an operator.
 * - Replies to a person (modals, ephemeral messages) are tried once, within the interaction's
 *   3-second trigger: a late modal cannot open anyway. When one fails the person is told, if Slack
 *   lets us; nothing they did is applied behind their back.
 * - The bot identity (`auth.test`) is retried in the background with backoff until Slack answers.
 */

/** How long each kind of call may take before it is abandoned. */
export const SLACK_CALL_TIMEOUT_MS = {
  /** `trigger_id` expires 3 s after the click: a modal opened later than this would fail anyway. */
  interactive: 2_500,
  /** Replies to a response URL: the person is waiting, but the URL stays valid for 30 minutes. */
  responseUrl: 5_000,
  /** Queued messages and everything else: long enough for a slow Slack, short enough to retry soon. */
  background: 10_000,
} as const;

const INTERACTIVE_METHODS = new Set(['views.open', 'views.push', 'views.update', 'chat.postEphemeral']);

/** The method a request is for: the Web API method name, `file_upload` (files.uploadV2's bytes) or `response_url`. */
function methodOf(url: string, apiUrl: string): string {
  if (url.startsWith(apiUrl)) return url.slice(apiUrl.length).split('?')[0]!;
  return new URL(url).pathname.startsWith('/upload/') ? 'file_upload' : 'response_url';
}

export function timeoutFor(method: string): number {
  if (method === 'response_url') return SLACK_CALL_TIMEOUT_MS.responseUrl;
  if (method === 'file_upload') return SLACK_CALL_TIMEOUT_MS.background;
  return INTERACTIVE_METHODS.has(method) ? SLACK_CALL_TIMEOUT_MS.interactive : SLACK_CALL_TIMEOUT_MS.background;
}

/** Platform errors that say the token itself does not work. */
const TOKEN_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

/**
 * Whether Slack works for us, as the last calls saw it: `/readyz` shows it (without failing
 * readiness: the API and the outbox work without Slack).
 */
export class SlackStatus {
  private state: { ok: boolean; error: string | null; at: number } | null = null;

  record(method: string, error: string | null): void {
    // A rate limit or a refusal about one message says nothing about the token or the URL.
    if (error === null) this.state = { ok: true, error: null, at: Date.now() };
    else if (TOKEN_ERRORS.has(error) || error.startsWith('http') || error === 'timeout' || error === 'unreachable') {
      this.state = { ok: false, error: `${method}: ${error}`, at: Date.now() };
    }
  }

  detail(): { status: 'ok' | 'failing' | 'unknown'; error?: string; since?: string } {
    if (!this.state) return { status: 'unknown' };
    const since = new Date(this.state.at).toISOString();
    return this.state.ok ? { status: 'ok', since } : { status: 'failing', error: this.state.error!, since };
  }
}

export interface SlackOutbound {
  /** The `fetch` every Slack request uses (Web API client, Bolt's `respond`, Socket Mode). */
  fetch: typeof globalThis.fetch;
  apiUrl: string;
  status: SlackStatus;
}

export function createSlackOutbound(apiUrl: string | null, logger: Logger): SlackOutbound {
  const base = apiUrl ? (apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`) : 'https://slack.com/api/';
  const status = new SlackStatus();
  const failed = (method: string, error: string, extra: Record<string, unknown> = {}) => {
    status.record(method, error);
    logger.warn({ slackMethod: method, slackError: error, ...extra }, 'Slack call failed');
  };
  const slackFetch: typeof globalThis.fetch = async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const method = methodOf(url, base);
    const timeout = AbortSignal.timeout(timeoutFor(method));
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal });
    } catch (err) {
      failed(method, timeout.aborted ? 'timeout' : 'unreachable', { cause: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    if (response.status === 429) {
      failed(method, 'ratelimited', { retryAfter: response.headers.get('retry-after') });
    } else if (!response.ok) {
      failed(method, `http ${response.status}`);
    } else if (method !== 'response_url' && method !== 'file_upload') {
      // Only the error code is read from the answer; the answer itself is never logged.
      const answer = (await response
        .clone()
        .json()
        .catch(() => null)) as { ok?: boolean; error?: unknown } | null;
      if (answer?.ok === false) failed(method, String(answer.error));
      else status.record(method, null);
    } else status.record(method, null);
    return response;
  };
  return { fetch: slackFetch, apiUrl: base, status };
}

/** The Web API client: no retries and no waiting inside it (see the policy above). */
export function createSlackClient(token: string, outbound: SlackOutbound, logger: Logger): WebClient {
  return new WebClient(token, {
    slackApiUrl: outbound.apiUrl,
    fetch: outbound.fetch,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: webClientLogger(logger),
  });
}

export function webClientLogger(logger: Logger) {
  return {
    // The client's debug output contains request bodies (the details modal carries personal data);
    // failures are logged by `slackFetch`, by method and error code.
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (...m: unknown[]) => logger.error({ slack: m.filter((x) => typeof x === 'string').join(' ') }),
    setLevel: () => undefined,
    getLevel: () => 'info' as never,
    setName: () => undefined,
  };
}

export type SlackFailure =
  | { kind: 'rate_limited'; retryAfterMs: number }
  | { kind: 'transient'; detail: string }
  | { kind: 'permanent'; detail: string };

/** Platform errors that retrying cannot fix (a wrong channel, a revoked token, a bad payload). */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'missing_scope',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
  'user_not_found',
  // A DM to someone who left the workspace, or who cannot be written to by a bot.
  'user_disabled',
  'user_not_visible',
  'cannot_dm_bot',
  'cant_update_message',
  'message_not_found',
  'invalid_arguments',
]);

export function classifySlackError(err: unknown): SlackFailure {
  if (err instanceof WebAPIRateLimitedError) return { kind: 'rate_limited', retryAfterMs: Math.max(1, err.retryAfter) * 1000 };
  if (err instanceof WebAPIPlatformError) {
    const code = String(err.data.error);
    return PERMANENT_ERRORS.has(code) ? { kind: 'permanent', detail: code } : { kind: 'transient', detail: code };
  }
  if (err instanceof WebAPIHTTPError) {
    return err.statusCode >= 500 || err.statusCode === 408
      ? { kind: 'transient', detail: `http ${err.statusCode}` }
      : { kind: 'permanent', detail: `http ${err.statusCode}` };
  }
  if (err instanceof WebAPIRequestError) return { kind: 'transient', detail: 'request failed' };
  return { kind: 'transient', detail: err instanceof Error ? err.message : 'unknown error' };
}
