import type { KnownBlock, ModalView } from '@slack/types';
import { CHECKLIST_ITEMS, isChecklistItem, isRejectionReason, REJECTION_REASONS } from '../../domain/checklist.js';
import type { CaseCommand } from '../../domain/commands.js';
import { messages } from '../../i18n/messages.js';
import { FieldErrors } from '../forms.js';
import { BLOCKS } from '../ids.js';
import { context, option, section } from '../views/blocks.js';
import { joinLines, LIMITS } from '../views/limits.js';
import { caseHeading, dateTime, input, modal, multiSelect, select, type ModalCase } from '../views/modals.js';
import { rejectionText, tools, type RenderContext } from '../views/render-context.js';
import { renderContext } from '../deps.js';
import type { CaseActionModule } from './action-module.js';
import { labelOf, opensForm } from './shared.js';

const FORM = 'documents';

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
        ? f.rejectedItem(e.item, rejectionText(m, e.status.reason, e.item))
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
  return modal(FORM, f.title, blocks, ctx, { reference: c.reference });
}

/** Documents: what arrived (or when it really did), and what was found wanting, in one change. */
export const recordDocuments = {
  action: 'record_documents',
  button: { id: 'case_documents', target: 'case', label: labelOf('record_documents') },
  click: opensForm('record_documents', (deps, view) => documentsModal(renderContext(deps), view)),
  form: {
    callbackId: FORM,
    async submit({ deps, form: r, reference, userId }) {
      const m = messages(deps.locale);
      // Ticked as received, or received before and now given another arrival instant (a correction).
      const items = [...new Set([...r.checked(BLOCKS.receivedItems), ...r.checked(BLOCKS.correctItems)])].filter(isChecklistItem);
      // Several documents can be rejected at once, with one reason (an older single select is read too).
      const rejects = [...new Set([...r.checked(BLOCKS.rejectItem), ...[r.selected(BLOCKS.rejectItem) ?? []].flat()])].filter(isChecklistItem);
      const reason = r.selected(BLOCKS.rejectReason);
      if (items.length === 0 && rejects.length === 0) {
        // Under the first choice the form offers (what arrived, what to correct, what to reject), never under the instant.
        const under = [BLOCKS.receivedItems, BLOCKS.correctItems, BLOCKS.rejectItem].find((b) => r.has(b)) ?? BLOCKS.receivedAt;
        throw new FieldErrors({ [under]: m.modals.documents.nothing });
      }
      if (rejects.length > 0 && !isRejectionReason(reason)) throw new FieldErrors({ [BLOCKS.rejectReason]: m.modals.documents.reasonNeeded });
      const at = r.dateTimeMs(BLOCKS.receivedAt) ?? deps.clock.now();
      // One change: the receipts and every rejection are written together or not at all.
      const commands: CaseCommand[] = [
        ...(items.length > 0 ? [{ type: 'record_documents' as const, documents: items.map((item) => ({ item, receivedAtMs: at })) }] : []),
        ...(isRejectionReason(reason) ? rejects.map((item) => ({ type: 'reject_document' as const, item, reason })) : []),
      ];
      await deps.cases.executeAll(reference, commands, await deps.staff.actor(userId));
    },
  },
} as const satisfies CaseActionModule<'record_documents'>;
