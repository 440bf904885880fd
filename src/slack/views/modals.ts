import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { CaseState } from '../../domain/case.js';
import { CHECKLIST_ITEMS } from '../../domain/checklist.js';
import { DELIVERY_CHANNELS, expectedTransferReason } from '../../domain/payment.js';
import { BLOCKS, CALLBACKS, inputAction } from '../ids.js';
import { context, option, plain, section } from './blocks.js';
import { clip, LIMITS } from './limits.js';
import { statusText, tools, type RenderContext } from './render-context.js';

/** Why a coordinator rejects a document: a fixed list, so that no free text reaches the channel. */
export const REJECTION_REASONS = ['illegible', 'wrong_language', 'not_countersigned', 'incomplete', 'expired', 'wrong_document', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export interface ModalMetadata {
  reference: string;
  /** For a consult's modals: which consult of the case. */
  consult?: number;
  expectedCents?: number;
  /** For "create from message": where the message was. */
  channel?: string;
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

export const text = (opts: { multiline?: boolean; initial?: string; max?: number } = {}): Element => ({
  type: 'plain_text_input',
  multiline: opts.multiline ?? false,
  ...(opts.initial ? { initial_value: clip(opts.initial, opts.max ?? 3000) } : {}),
  ...(opts.max ? { max_length: opts.max } : {}),
});

export const select = (options: PlainTextOption[], initial?: string): Element => {
  // Callers sort the most useful options first (e.g. suggested doctors); Slack takes 100 at most.
  const kept = options.slice(0, LIMITS.options);
  const chosen = kept.find((o) => o.value === initial);
  return { type: 'static_select', options: kept, ...(chosen ? { initial_option: chosen } : {}) };
};

export const dateTime = (initialMs: number): Element => ({ type: 'datetimepicker', initial_date_time: Math.floor(initialMs / 1000) });

export function newCaseModal(ctx: RenderContext, areas: readonly string[], prefill: { notes?: string; channel?: string } = {}): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.newCase;
  return modal(
    prefill.channel ? CALLBACKS.createFromMessage : CALLBACKS.newCase,
    f.title,
    [
      input(BLOCKS.applicantType, f.applicantType, select([option(m.applicant.patient, 'patient'), option(m.applicant.representative, 'representative')], 'patient')),
      input(BLOCKS.applicantName, f.applicantName, text({ max: 200 })),
      input(BLOCKS.applicantEmail, f.applicantEmail, { type: 'email_text_input' }, true),
      input(BLOCKS.patientName, f.patientName, text({ max: 200 })),
      input(BLOCKS.birthDate, f.birthDate, { type: 'datepicker' }),
      input(BLOCKS.taxCode, f.taxCode, text({ max: 32 }), true),
      input(BLOCKS.area, f.area, select(areas.map((a) => option(a, a)))),
      input(BLOCKS.language, f.language, select([option(m.language.it, 'it'), option(m.language.en, 'en')])),
      input(BLOCKS.imageReview, f.imageReview, { type: 'checkboxes', options: [option(f.imageReviewOption, 'yes')] }, true),
      input(BLOCKS.deliveryChannel, f.deliveryChannel, select(DELIVERY_CHANNELS.map((c) => option(m.deliveryChannel[c], c)), 'email')),
      input(BLOCKS.notes, f.notes, text({ multiline: true, initial: prefill.notes, max: 3000 }), true),
    ],
    ctx,
    prefill.channel ? { reference: '', channel: prefill.channel } : null,
    f.submit,
  );
}

export function documentsModal(ctx: RenderContext, reference: string, state: CaseState): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.documents;
  const listed = state.checklist.length > 0 ? state.checklist : CHECKLIST_ITEMS.map((item) => ({ item, required: true, status: { state: 'missing' as const } }));
  const itemOptions = listed.map((e) =>
    option(`${m.items[e.item]}${e.status.state === 'received' ? ` ${f.alreadyReceived}` : ''}`, e.item),
  );
  const rejectable = listed.filter((e) => e.status.state !== 'rejected').map((e) => option(m.items[e.item], e.item));
  return modal(
    CALLBACKS.documents,
    f.title,
    [
      input(BLOCKS.receivedItems, f.received, { type: 'checkboxes', options: itemOptions }, true),
      input(BLOCKS.receivedAt, f.receivedAt, dateTime(ctx.nowMs), false, f.receivedAtHint),
      input(BLOCKS.rejectItem, f.reject, select(rejectable), true),
      input(BLOCKS.rejectReason, f.rejectReason, select(REJECTION_REASONS.map((r) => option(m.rejectionReasons[r], r))), true),
    ],
    ctx,
    { reference },
  );
}

export function paymentModal(ctx: RenderContext, reference: string, expectedCents: number): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.payment;
  return modal(
    CALLBACKS.payment,
    f.title,
    [
      section(f.expected(m.euro(expectedCents), m.modals.details.transferReasonPattern)),
      input(BLOCKS.amount, f.amount, text({ initial: (expectedCents / 100).toFixed(2), max: 12 })),
      input(BLOCKS.valueDate, f.valueDate, { type: 'datepicker' }),
      input(BLOCKS.bankReference, f.bankReference, text({ max: 100 })),
      input(BLOCKS.reason, f.reason, text({ multiline: true, max: 1000 }), true),
    ],
    ctx,
    { reference, expectedCents },
  );
}

export function requestInfoModal(ctx: RenderContext, reference: string): ModalView {
  const f = tools(ctx).m.modals.requestInfo;
  return modal(CALLBACKS.requestInfo, f.title, [input(BLOCKS.question, f.question, text({ multiline: true, max: 3000 }), false, f.hint)], ctx, { reference });
}

export function infoReceivedModal(ctx: RenderContext, reference: string): ModalView {
  const f = tools(ctx).m.modals.infoReceived;
  return modal(CALLBACKS.infoReceived, f.title, [input(BLOCKS.receivedAt, f.at, dateTime(ctx.nowMs), false, f.hint)], ctx, { reference });
}

export interface DoctorChoice {
  userId: string;
  name: string;
  openCases: number;
  suggested: boolean;
}

export function assignModal(ctx: RenderContext, reference: string, doctors: readonly DoctorChoice[]): ModalView {
  const f = tools(ctx).m.modals.assign;
  if (doctors.length === 0) return modal(CALLBACKS.assign, f.title, [section(f.noDoctors)], ctx, { reference }, null);
  return modal(
    CALLBACKS.assign,
    f.title,
    [input(BLOCKS.doctor, f.doctor, select(doctors.map((d) => option(f.option(d.name, d.openCases, d.suggested), d.userId)), doctors[0]?.suggested ? doctors[0].userId : undefined))],
    ctx,
    { reference },
  );
}

export function deliverModal(ctx: RenderContext, reference: string): ModalView {
  const f = tools(ctx).m.modals.deliver;
  return modal(CALLBACKS.deliver, f.title, [section(f.confirm(reference))], ctx, { reference }, f.submit);
}

export function cancelModal(ctx: RenderContext, reference: string): ModalView {
  const f = tools(ctx).m.modals.cancel;
  return modal(CALLBACKS.cancel, f.title, [input(BLOCKS.reason, f.reason, text({ multiline: true, max: 1000 }))], ctx, { reference }, f.submit);
}

export interface PersonalDetails {
  applicantName: string;
  applicantEmail: string | null;
  applicantPhone: string | null;
  patientName: string;
  patientBirthDate: string;
  patientTaxCode: string | null;
  patientEmail: string | null;
  patientPhone: string | null;
  notes: string | null;
}

/** The only place personal data is shown; opening it is recorded in the case history. */
export function detailsModal(ctx: RenderContext, reference: string, state: CaseState, p: PersonalDetails): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.details;
  const contacts = [p.applicantEmail, p.applicantPhone, p.patientEmail, p.patientPhone].filter(Boolean).join(', ') || f.none;
  return modal(
    CALLBACKS.details,
    f.title,
    [
      section(`*${reference}* · ${statusText(state, m)}`),
      section(
        [
          `*${f.patient}*: ${p.patientName}`,
          `*${f.birthDate}*: ${p.patientBirthDate}`,
          `*${f.taxCode}*: ${p.patientTaxCode ?? f.none}`,
          `*${f.applicant}*: ${p.applicantName} (${m.applicant[state.applicantType]})`,
          `*${f.contacts}*: ${contacts}`,
          `*${f.transferReason}*: ${expectedTransferReason(p.patientName)}`,
        ].join('\n'),
      ),
      section(`*${f.notes}*\n${p.notes ?? f.none}`),
      context(f.recorded),
    ],
    ctx,
    { reference },
    null,
  );
}
