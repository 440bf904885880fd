import type { App, BlockButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { Refusal } from '../../domain/refusal.js';
import { messages } from '../../i18n/messages.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { FieldErrors, mailOfMetadata, transferOfMetadata } from '../forms.js';
import { BLOCKS, CALLBACKS, INBOX_ACTIONS } from '../ids.js';
import { attachMailModal, matchTransferModal } from '../views/inbox.js';
import { newCaseModal } from '../views/modals.js';
import { newCaseInput, submissionHandler } from './views.js';

/** A button's value: the id of its e-mail or credit. */
const itemId = z.coerce.number().int().positive();
const REFERENCE = /^SO-\d{4}-\d{4}$/;

/**
 * The coordinators' inbox in App Home (SPEC sections 10 and 11): parse the item's id, let the inbox
 * service authorise and decide, then publish the clicker's App Home again (the item has left it, or
 * another coordinator's click took it first: either way the list shown is the current one).
 */
export function registerInbox(app: App, deps: SlackDeps): void {
  const m = () => messages(deps.locale);
  const actorOf = (userId: string) => deps.staff.actor(userId);
  const failed = (err: unknown, what: string) => deps.logger.warn({ err: refusalText(deps, err) }, what);

  /** A click that decides at once (Handled, Not ours). */
  const decide = (actionId: string, run: (userId: string, id: number) => Promise<void>, what: string) =>
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action }) => {
      await ack();
      const id = itemId.safeParse(action.value);
      if (!id.success) return;
      await run(body.user.id, id.data).catch((err: unknown) => failed(err, what));
      await deps.home.publish(body.user.id);
    });

  /** A click that opens a form about the item; an item already gone refreshes App Home instead. */
  const open = (actionId: string, form: (userId: string, id: number) => Promise<ModalView>, what: string) =>
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action }) => {
      await ack();
      const id = itemId.safeParse(action.value);
      if (!id.success) return;
      try {
        await deps.client.views.open({ trigger_id: body.trigger_id, view: await form(body.user.id, id.data) });
      } catch (err) {
        failed(err, what);
        if (err instanceof Refusal) await deps.home.publish(body.user.id);
      }
    });

  decide(INBOX_ACTIONS.mailHandled, async (userId, id) => deps.inbox.markHandled(await actorOf(userId), id), 'e-mail not marked handled');
  decide(INBOX_ACTIONS.dismissTransfer, async (userId, id) => deps.inbox.dismissTransfer(await actorOf(userId), id), 'bank credit not dismissed');
  open(
    INBOX_ACTIONS.attachMail,
    async (userId, id) => {
      await deps.inbox.withoutCase(await actorOf(userId), id);
      return attachMailModal(renderContext(deps), id);
    },
    'attach modal not opened',
  );
  open(
    INBOX_ACTIONS.newCaseFromMail,
    async (userId, id) => newCaseModal(renderContext(deps), deps.pathologyAreas, { mail: await deps.inbox.withoutCase(await actorOf(userId), id) }),
    'new-case modal for an e-mail not opened',
  );
  open(
    INBOX_ACTIONS.matchTransfer,
    async (userId, id) => matchTransferModal(renderContext(deps), await deps.inbox.creditToMatch(await actorOf(userId), id)),
    'match modal not opened',
  );

  const handle = submissionHandler(app, deps);
  const gone = () => new Refusal('conflict', { key: 'inbox_item_gone' });

  handle(CALLBACKS.attachMail, async ({ body, view }, r) => {
    const mail = mailOfMetadata(view.private_metadata);
    if (mail === null) throw gone();
    const reference = r.text(BLOCKS.caseReference).trim().toUpperCase();
    if (!REFERENCE.test(reference)) throw new FieldErrors({ [BLOCKS.caseReference]: m().mail.slack.noSuchCase });
    await deps.inbox.attach(await actorOf(body.user.id), mail, reference);
    void deps.home.publish(body.user.id);
  });

  handle(CALLBACKS.newCaseFromMail, async ({ body, view }, r) => {
    const mail = mailOfMetadata(view.private_metadata);
    if (mail === null) throw gone();
    await deps.inbox.createFromMail(await actorOf(body.user.id), mail, newCaseInput(deps, r));
    void deps.home.publish(body.user.id);
  });

  handle(CALLBACKS.matchTransfer, async ({ body, view }, r) => {
    const transfer = transferOfMetadata(view.private_metadata);
    const reference = r.selected(BLOCKS.caseChoice);
    if (transfer === null) throw gone();
    if (!reference) throw new FieldErrors({ [BLOCKS.caseChoice]: m().fieldProblem({ key: 'required' }) });
    await deps.inbox.matchTransfer(await actorOf(body.user.id), transfer, reference);
    void deps.home.publish(body.user.id);
  });
}
