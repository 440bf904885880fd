import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { DateTime } from 'luxon';
import { transferToConfirm, type CaseState } from '../../domain/case.js';
import { transferFoundText } from './transfers.js';
import { CHECKLIST_ITEMS, REJECTION_REASONS } from '../../domain/checklist.js';
import { DELIVERY_CHANNELS, expectedTransferReason } from '../../domain/payment.js';
import { TEXT_LIMITS } from '../../domain/text-rules.js';
import { BLOCKS, CALLBACKS, ELEMENTS, inputAction } from '../ids.js';
import { button, context, option, plain, section } from './blocks.js';
import { clip, joinLines, LIMITS } from './limits.js';
import { rejectionText, statusText, tools, type RenderContext } from './render-context.js';
import type { PersonalDataExport } from '../../services/history-export.js';

/** The case a modal is about: every such modal names it in its first line. */
export interface ModalCase {
  reference: string;
  state: CaseState;
}

function caseHeading(ctx: RenderContext, c: ModalCase): KnownBlock {
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
const slackMax = (limit: number) => Math.min(limit, 3000);

export const select = (options: PlainTextOption[], initial?: string, choose?: string): Element => {
  // Callers sort the most useful options first (e.g. suggested doctors); Slack takes 100 at most.
  const kept = options.slice(0, LIMITS.options);
  const chosen = kept.find((o) => o.value === initial);
  return { type: 'static_select', options: kept, ...(chosen ? { initial_option: chosen } : {}), ...placeholder(choose) };
};

export const dateTime = (initialMs: number): Element => ({ type: 'datetimepicker', initial_date_time: Math.floor(initialMs / 1000) });

const multiSelect = (options: PlainTextOption[], choose: string): Element => ({ type: 'multi_static_select', options: options.slice(0, LIMITS.options), ...placeholder(choose) });

/** Today in the calendar's time zone, as a date picker wants it. */
const today = (ctx: RenderContext) => DateTime.fromMillis(ctx.nowMs, { zone: ctx.zone }).toISODate() ?? undefined;

export function newCaseModal(ctx: RenderContext, areas: readonly string[], prefill: { notes?: string; channel?: string } = {}): ModalView {
  const { m, area } = tools(ctx);
  const f = m.modals.newCase;
  const g = m.guide;
  return modal(
    prefill.channel ? CALLBACKS.createFromMessage : CALLBACKS.newCase,
    f.title,
    [
      input(BLOCKS.applicantType, f.applicantType, select([option(m.applicant.patient, 'patient'), option(m.applicant.representative, 'representative')], 'patient')),
      input(BLOCKS.applicantName, f.applicantName, text({ max: slackMax(TEXT_LIMITS.name), example: g.applicantName })),
      input(BLOCKS.applicantEmail, f.applicantEmail, { type: 'email_text_input', ...placeholder(g.applicantEmail) }, true),
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
    prefill.channel ? { reference: '', channel: prefill.channel } : null,
    f.submit,
  );
}

/**
 * Documents: the state of every item first; then only what can still change. Received items cannot
 * be ticked again (their instant can be corrected), several items can be rejected at once.
 */
export function documentsModal(ctx: RenderContext, c: ModalCase): ModalView {
  const { m, at } = tools(ctx);
  const f = m.modals.documents;
  const state = c.state;
  const listed = state.checklist.length > 0 ? state.checklist : CHECKLIST_ITEMS.map((item) => ({ item, required: true, status: { state: 'missing' as const } }));
  const lines = listed.map((e) =>
    e.status.state === 'received'
      ? f.receivedItem(e.item, at(e.status.receivedAtMs))
      : e.status.state === 'rejected'
        ? f.rejectedItem(e.item, rejectionText(m, e.status.reason))
        : f.missingItem(e.item),
  );
  const notReceived = listed.filter((e) => e.status.state !== 'received');
  const received = listed.filter((e) => e.status.state === 'received');
  const rejectable = state.status === 'intake' ? listed.filter((e) => e.status.state !== 'rejected') : [];
  const blocks: KnownBlock[] = [caseHeading(ctx, c), section(`*${f.state}*\n${joinLines(lines, LIMITS.sectionText - 100, m.more)}`)];
  if (notReceived.length > 0) {
    blocks.push(input(BLOCKS.receivedItems, f.received, { type: 'checkboxes', options: notReceived.map((e) => option(m.items[e.item], e.item)) }, true));
  } else {
    blocks.push(context(f.allReceived));
  }
  if (received.length > 0) blocks.push(input(BLOCKS.correctItems, f.correct, multiSelect(received.map((e) => option(m.items[e.item], e.item)), m.guide.choose), true));
  blocks.push(input(BLOCKS.receivedAt, f.receivedAt, dateTime(ctx.nowMs), false, f.receivedAtHint));
  if (rejectable.length > 0) {
    blocks.push(
      input(BLOCKS.rejectItem, f.reject, multiSelect(rejectable.map((e) => option(m.items[e.item], e.item)), m.guide.choose), true),
      input(BLOCKS.rejectReason, f.rejectReason, select(REJECTION_REASONS.map((r) => option(m.rejectionReasons[r], r)), undefined, m.guide.choose), true),
    );
  }
  return modal(CALLBACKS.documents, f.title, blocks, ctx, { reference: c.reference });
}

export function paymentModal(ctx: RenderContext, c: ModalCase): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.payment;
  const expectedCents = c.state.payment.expectedCents;
  // A credit found on a bank statement fills the form in: one submit confirms it (SPEC section 11).
  const found = transferToConfirm(c.state);
  const valueDate = found?.valueDate ?? today(ctx);
  return modal(
    CALLBACKS.payment,
    f.title,
    [
      caseHeading(ctx, c),
      section(f.expected(m.euro(expectedCents), m.modals.details.transferReasonPattern)),
      ...(found ? [section(transferFoundText(m, found))] : []),
      { type: 'actions', block_id: 'payment_more', elements: [button(f.showDetails, ELEMENTS.paymentDetails, c.reference)] },
      input(BLOCKS.amount, f.amount, text({ initial: m.amountInput(found?.amountCents ?? expectedCents), max: 16, example: m.guide.amount })),
      input(BLOCKS.valueDate, f.valueDate, datePicker(m.guide.date, valueDate)),
      input(BLOCKS.bankReference, f.bankReference, text({ initial: found?.bankReference ?? '', max: slackMax(TEXT_LIMITS.bankReference), example: m.guide.bankReference })),
      input(BLOCKS.reason, f.reason, text({ multiline: true, max: slackMax(TEXT_LIMITS.reason), example: m.guide.mismatchReason }), true),
    ],
    ctx,
    { reference: c.reference, expectedCents },
  );
}

/**
 * `mail`: with e-mail configured, whether the case has an address: then "Send to the applicant by
 * e-mail" is offered, ticked (the text goes as written); without one the modal says how to reach them.
 */
export function requestInfoModal(ctx: RenderContext, c: ModalCase, mail: { hasAddress: boolean } | null = null): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.requestInfo;
  const send = option(m.mail.slack.modalSendEmail, 'yes');
  const byMail: KnownBlock[] = !mail
    ? []
    : mail.hasAddress
      ? [input(BLOCKS.emailApplicant, m.mail.slack.modalSendEmail, { type: 'checkboxes', options: [send], initial_options: [send] }, true, m.mail.slack.modalSendEmailHint)]
      : [context(`:mailbox_closed: ${m.mail.slack.modalNoAddress}`)];
  return modal(
    CALLBACKS.requestInfo,
    f.title,
    [caseHeading(ctx, c), input(BLOCKS.question, f.question, text({ multiline: true, max: slackMax(TEXT_LIMITS.question), example: m.guide.question }), false, f.hint), ...byMail],
    ctx,
    { reference: c.reference },
  );
}

/** Who asked what, and when: shown only to the person resolving it (never in a channel). */
export interface PendingQuestion {
  text: string;
  askedBy: string;
  askedAtMs: number;
}

export function infoReceivedModal(ctx: RenderContext, c: ModalCase, question: PendingQuestion | null): ModalView {
  const { m, at } = tools(ctx);
  const f = m.modals.infoReceived;
  return modal(
    CALLBACKS.infoReceived,
    f.title,
    [
      caseHeading(ctx, c),
      ...(question ? [section(`${f.question(`<@${question.askedBy}>`, at(question.askedAtMs))}\n>${clip(question.text, 2800).replace(/\n/g, '\n>')}`)] : []),
      input(BLOCKS.receivedAt, f.at, dateTime(ctx.nowMs), false, f.hint),
    ],
    ctx,
    { reference: c.reference },
  );
}

export interface DoctorChoice {
  userId: string;
  /** The name recorded when the role was granted, if any. */
  name: string | null;
  openCases: number;
  suggested: boolean;
  /** The areas the doctor covers, and whether they are away now: the picker says both. */
  areas: readonly string[];
  away: boolean;
}

/**
 * Assign: who covers the case's area (present ones first, suggested) and who is away, said above the
 * picker; each option names the doctor's areas, so a radiologist never passes for a head-and-neck doctor.
 */
const NAMED_IN_COVERS = 8;

export function assignModal(ctx: RenderContext, c: ModalCase, doctors: readonly DoctorChoice[]): ModalView {
  const { m, area } = tools(ctx);
  const f = m.modals.assign;
  if (doctors.length === 0) return modal(CALLBACKS.assign, f.title, [caseHeading(ctx, c), section(f.noDoctors)], ctx, { reference: c.reference }, null);
  const name = (d: DoctorChoice, i: number) => d.name ?? f.unnamed(i + 1);
  // A few names, then "… and N more": the line is read at a glance, the picker holds everyone.
  const names = (pick: (d: DoctorChoice) => boolean) => {
    const all = doctors.flatMap((d, i) => (pick(d) ? [clip(name(d, i), 60)] : []));
    return [...all.slice(0, NAMED_IN_COVERS), ...(all.length > NAMED_IN_COVERS ? [m.more(all.length - NAMED_IN_COVERS)] : [])].join(', ');
  };
  const caseArea = c.state.pathologyArea;
  const covers = m.guide.covers(area(caseArea), names((d) => d.areas.includes(caseArea) && !d.away), names((d) => d.away));
  return modal(
    CALLBACKS.assign,
    f.title,
    [
      caseHeading(ctx, c),
      context(covers),
      input(
        BLOCKS.doctor,
        f.doctor,
        select(
          doctors.map((d, i) => option(m.guide.doctorOption(name(d, i), d.areas.map(area).join(', ') || m.guide.noArea, d.openCases, d.away), d.userId)),
          doctors[0]?.suggested ? doctors[0].userId : undefined,
          m.guide.choose,
        ),
      ),
    ],
    ctx,
    { reference: c.reference },
  );
}

/** Deliver: when the opinion left (now by default, or earlier) and the courier's tracking number, if any. */
export function deliverModal(ctx: RenderContext, c: ModalCase): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.deliver;
  const g = m.guide;
  return modal(
    CALLBACKS.deliver,
    f.title,
    [
      caseHeading(ctx, c),
      section(f.confirm(c.reference)),
      input(BLOCKS.deliveredAt, g.deliveredAt, dateTime(ctx.nowMs), false, g.deliveredAtHint),
      input(BLOCKS.courierTracking, g.courierTrackingLabel, text({ max: TEXT_LIMITS.courierTracking, example: g.courierTracking }), true, g.courierTrackingHint),
    ],
    ctx,
    { reference: c.reference },
    f.submit,
  );
}

/** Releasing is rare and undoes a claim: it asks first. */
export function releaseModal(ctx: RenderContext, c: ModalCase): ModalView {
  const f = tools(ctx).m.modals.release;
  return modal(CALLBACKS.release, f.title, [caseHeading(ctx, c), section(f.confirm(c.reference))], ctx, { reference: c.reference }, f.submit);
}

export function cancelModal(ctx: RenderContext, c: ModalCase): ModalView {
  const { m } = tools(ctx);
  const f = m.modals.cancel;
  return modal(
    CALLBACKS.cancel,
    f.title,
    [caseHeading(ctx, c), section(f.confirm(c.reference)), input(BLOCKS.reason, f.reason, text({ multiline: true, max: slackMax(TEXT_LIMITS.reason), example: m.guide.cancelReason }))],
    ctx,
    { reference: c.reference },
    f.submit,
  );
}

/** The personal data the details modal shows: the same fields the history export carries. */
export type PersonalDetails = PersonalDataExport;

/** Details of a case whose personal data were erased (retention): says so, and when. */
export function erasedDetailsModal(ctx: RenderContext, c: ModalCase, erasedAtMs: number): ModalView {
  const { m, at } = tools(ctx);
  return modal(CALLBACKS.details, m.modals.details.title, [caseHeading(ctx, c), section(m.retention.erased(at(erasedAtMs)))], ctx, { reference: c.reference }, null);
}

/**
 * The only place personal data and free text are shown (the pending question, reasons, the bank
 * reference); opening it is recorded in the case history.
 */
export function detailsModal(
  ctx: RenderContext,
  c: ModalCase,
  p: PersonalDetails,
  question: PendingQuestion | null = null,
  /** The correspondence with the applicant (kind · instant · status), oldest first. */
  correspondence: readonly string[] = [],
): ModalView {
  const { m, at, date } = tools(ctx);
  const f = m.modals.details;
  const state = c.state;
  const contacts = [p.applicantEmail, p.applicantPhone, p.patientEmail, p.patientPhone].filter(Boolean).join(', ') || f.none;
  const pay = state.payment;
  const workflow = [
    ...(question ? [`*${f.pendingQuestion}* (${f.askedBy(`<@${question.askedBy}>`, at(question.askedAtMs))})\n>${clip(question.text, 1200).replace(/\n/g, '\n>')}`] : []),
    ...(pay.receivedCents !== null
      ? [`*${f.payment}*: ${f.paymentLine(m.euro(pay.receivedCents), pay.valueDate ? date(pay.valueDate) : f.none, pay.bankReference ?? f.none)}`]
      : []),
    ...(pay.reason ? [`*${f.mismatchReason}*: ${clip(pay.reason, 600)}`] : []),
    ...(state.cancelReason ? [`*${f.cancelReason}*: ${clip(state.cancelReason, 600)}`] : []),
    ...(state.deliveredAtMs !== null ? [`*${m.guide.deliveredAt}*: ${at(state.deliveredAtMs)}`] : []),
    ...(state.courierTracking ? [`*${m.guide.courierTrackingLabel}*: ${state.courierTracking}`] : []),
  ];
  return modal(
    CALLBACKS.details,
    f.title,
    [
      caseHeading(ctx, c),
      section(
        [
          `*${f.patient}*: ${p.patientName}`,
          `*${f.birthDate}*: ${date(p.patientBirthDate)}`,
          `*${f.taxCode}*: ${p.patientTaxCode ?? f.none}`,
          `*${f.applicant}*: ${p.applicantName} (${m.applicant[state.applicantType]})`,
          `*${f.contacts}*: ${contacts}`,
          `*${f.transferReason}*: ${expectedTransferReason(p.patientName)}`,
        ].join('\n'),
      ),
      section(`*${f.notes}*\n${p.notes ?? f.none}`),
      ...(workflow.length > 0 ? [section(workflow.join('\n'))] : []),
      ...(correspondence.length > 0 ? [section(clip(`*${m.mail.slack.correspondence}*\n${correspondence.join('\n')}`, 2900))] : []),
      context(f.recorded),
    ],
    ctx,
    { reference: c.reference },
    null,
  );
}
