import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DateTime } from 'luxon';
import type { CaseState } from '../../domain/case.js';
import { DELIVERY_CHANNELS } from '../../domain/payment.js';
import { TEXT_LIMITS } from '../../domain/text-rules.js';
import { BLOCKS, CALLBACKS, inputAction } from '../ids.js';
import { option, plain, section } from './blocks.js';
import { clip, LIMITS } from './limits.js';
import { statusText, tools, type RenderContext } from './render-context.js';
import type { PersonalDataExport } from '../../services/history-export.js';

/**
 * The kit every form is built with (a modal, its inputs, the case heading) and the new-case form;
 * each case action's own form is in its module (`slack/actions/`).
 */

/** The case a modal is about: every such modal names it in its first line. */
export interface ModalCase {
  reference: string;
  state: CaseState;
}

export function caseHeading(ctx: RenderContext, c: ModalCase): KnownBlock {
  const { m, area } = tools(ctx);
  return section(m.modals.caseHeading(c.reference, area(c.state.pathologyArea), statusText(c.state, m)));
}

export interface ModalMetadata {
  /** The case the modal is about ('' for modals about a person). */
  reference: string;
  /** For a consult's modals: which consult of the case. */
  consult?: number;
  /** For "Reassign all": the absent doctor whose cases move. */
  absent?: string;
  expectedCents?: number;
  /** For "create from message": where the message was. */
  channel?: string;
  /** For the inbox's forms: the e-mail (`mail_inbound` id) or the credit (`bank_transfers` id). */
  mail?: number;
  transfer?: number;
}

export function modal(
  callbackId: string,
  title: string,
  blocks: KnownBlock[],
  ctx: RenderContext,
  metadata: ModalMetadata | null,
  submit: string | null = tools(ctx).m.modals.submit,
): ModalView {
  const { m } = tools(ctx);
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, LIMITS.modalTitle),
    ...(submit ? { submit: plain(submit, LIMITS.modalTitle) } : {}),
    close: plain(m.modals.close, LIMITS.modalTitle),
    private_metadata: metadata ? clip(JSON.stringify(metadata), LIMITS.privateMetadata) : '',
    blocks: blocks.slice(0, LIMITS.modalBlocks),
  };
}

type Element = Record<string, unknown> & { type: string };

export function input(block: string, label: string, element: Element, optional = false, hint?: string): KnownBlock {
  return {
    type: 'input',
    block_id: block,
    label: plain(label, 2000),
    optional,
    element: { ...element, action_id: inputAction(block) },
    ...(hint ? { hint: plain(hint, 2000) } : {}),
  } as KnownBlock;
}

/** A placeholder: an example of what to write (SPEC section 5, "Modals guide"). */
const placeholder = (example: string | undefined) => (example ? { placeholder: plain(example, LIMITS.placeholder) } : {});

export const text = (opts: { multiline?: boolean; initial?: string; max?: number; example?: string } = {}): Element => ({
  type: 'plain_text_input',
  multiline: opts.multiline ?? false,
  ...(opts.initial ? { initial_value: clip(opts.initial, opts.max ?? 3000) } : {}),
  ...(opts.max ? { max_length: opts.max } : {}),
  ...placeholder(opts.example),
});

/** A date picker; its placeholder shows while no date is chosen. */
export const datePicker = (example: string, initial?: string): Element => ({ type: 'datepicker', ...(initial ? { initial_date: initial } : {}), ...placeholder(example) });

/** The domain's limit, capped at what a Slack text input allows (3000). */
export const slackMax = (limit: number) => Math.min(limit, 3000);

export const select = (options: PlainTextOption[], initial?: string, choose?: string): Element => {
  // Callers sort the most useful options first (e.g. suggested doctors); Slack takes 100 at most.
  const kept = options.slice(0, LIMITS.options);
  const chosen = kept.find((o) => o.value === initial);
  return { type: 'static_select', options: kept, ...(chosen ? { initial_option: chosen } : {}), ...placeholder(choose) };
};

export const dateTime = (initialMs: number): Element => ({ type: 'datetimepicker', initial_date_time: Math.floor(initialMs / 1000) });

export const multiSelect = (options: PlainTextOption[], choose: string): Element => ({ type: 'multi_static_select', options: options.slice(0, LIMITS.options), ...placeholder(choose) });

/** Today in the calendar's time zone, as a date picker wants it. */
export const today = (ctx: RenderContext) => DateTime.fromMillis(ctx.nowMs, { zone: ctx.zone }).toISODate() ?? undefined;

/**
 * The new-case form: from App Home or `/so new`; from a message (its text as the notes); or for an
 * e-mail without a case (its sender's address filled in: the form is the coordinator's alone).
 */
export function newCaseModal(ctx: RenderContext, areas: readonly string[], prefill: { notes?: string; channel?: string; mail?: { id: number; from: string | null } } = {}): ModalView {
  const { m, area } = tools(ctx);
  const f = m.modals.newCase;
  const g = m.guide;
  const email = prefill.mail?.from ? { initial_value: prefill.mail.from } : {};
  return modal(
    prefill.mail ? CALLBACKS.newCaseFromMail : prefill.channel ? CALLBACKS.createFromMessage : CALLBACKS.newCase,
    f.title,
    [
      input(BLOCKS.applicantType, f.applicantType, select([option(m.applicant.patient, 'patient'), option(m.applicant.representative, 'representative')], 'patient')),
      input(BLOCKS.applicantName, f.applicantName, text({ max: slackMax(TEXT_LIMITS.name), example: g.applicantName })),
      input(BLOCKS.applicantEmail, f.applicantEmail, { type: 'email_text_input', ...placeholder(g.applicantEmail), ...email }, true),
      input(BLOCKS.applicantLanguage, m.mail.slack.applicantLanguage, select([option(m.language.it, 'it'), option(m.language.en, 'en')], undefined, g.choose), true),
      input(BLOCKS.patientName, f.patientName, text({ max: slackMax(TEXT_LIMITS.name), example: g.patientName })),
      input(BLOCKS.birthDate, f.birthDate, datePicker(g.birthDate)),
      input(BLOCKS.taxCode, f.taxCode, text({ max: slackMax(TEXT_LIMITS.taxCode), example: g.taxCode }), true),
      input(BLOCKS.area, f.area, select(areas.map((a) => option(area(a), a)), undefined, g.choose)),
      input(BLOCKS.language, f.language, select([option(m.language.it, 'it'), option(m.language.en, 'en')], undefined, g.choose)),
      input(BLOCKS.imageReview, f.imageReview, { type: 'checkboxes', options: [option(f.imageReviewOption, 'yes')] }, true),
      input(BLOCKS.deliveryChannel, f.deliveryChannel, select(DELIVERY_CHANNELS.map((c) => option(m.deliveryChannel[c], c)), 'email')),
      input(BLOCKS.notes, f.notes, text({ multiline: true, initial: prefill.notes, max: slackMax(TEXT_LIMITS.notes), example: g.notes }), true),
    ],
    ctx,
    prefill.mail ? { reference: '', mail: prefill.mail.id } : prefill.channel ? { reference: '', channel: prefill.channel } : null,
    f.submit,
  );
}

/** Who asked what, and when: shown only to the person resolving it (never in a channel). */
export interface PendingQuestion {
  text: string;
  askedBy: string;
  askedAtMs: number;
}

export interface DoctorChoice {
  userId: string;
  /** The name recorded when the role was granted, if any. */
  name: string | null;
  openCases: number;
  /** Consults they hold (said apart: a radiologist's consult is not an open case). */
  openConsults?: number;
  suggested: boolean;
  /** The areas the doctor covers, and whether they are away now: the picker says both. */
  areas: readonly string[];
  away: boolean;
}

/** The personal data the details modal shows: the same fields the history export carries. */
export type PersonalDetails = PersonalDataExport;

