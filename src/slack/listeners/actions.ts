import type { App, BlockAction, BlockButtonAction, BlockOverflowAction } from '@slack/bolt';
import { z } from 'zod';
import { authorise } from '../../domain/actions.js';
import { explainRefusal } from './explain-refusal.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { consultOfMetadata } from '../forms.js';
import { ELEMENTS, parseOverflowValue } from '../ids.js';
import { newCaseModal } from '../views/modals.js';
import type { CaseActionModule } from '../actions/action-module.js';
import { moduleOfButton, SLACK_ACTION_MODULES } from '../actions/registry.js';
import { detailsView } from '../actions/view-details.js';
import { submissionHandler } from './views.js';

/** A case button carries its reference; a consult's button `<reference>#<consult number>`. */
const caseTarget = z.string().regex(/^SO-\d{4}-\d{4,}$/);
const consultTarget = /^(SO-\d{4}-\d{4,})#(\d{1,6})$/;

function parseTarget(module: CaseActionModule, value: string): { reference: string; consult: number | null } | null {
  if (module.button?.target === 'consult') {
    const parsed = consultTarget.exec(value);
    return parsed ? { reference: parsed[1]!, consult: Number(parsed[2]) } : null;
  }
  return caseTarget.safeParse(value).success ? { reference: value, consult: null } : null;
}

type Respond = (m: { response_type: 'ephemeral'; replace_original: false; text: string }) => Promise<unknown>;

/**
 * Every action module's button, overflow option and form, wherever the button was (card, alert, App
 * Home, DM). A click is acknowledged first, then judged by the action table on the case as it is
 * now (in the module's click); a refusal answers the clicker alone, with what would work instead.
 */
export function registerActions(app: App, deps: SlackDeps): void {
  const tell = (respond: Respond) => (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);

  const runClick = async (module: CaseActionModule, value: string, userId: string, triggerId: string, respond: Respond) => {
    const target = parseTarget(module, value);
    if (!target || !module.click) return;
    try {
      const actor = await deps.staff.actor(userId);
      const outcome = await module.click({ deps, actor, ...target });
      if ('modal' in outcome) await deps.client.views.open({ trigger_id: triggerId, view: outcome.modal });
    } catch (err) {
      await tell(respond)(await explainRefusal(deps, err, module.action, target.reference, userId));
    }
  };

  const handle = submissionHandler(app, deps);
  for (const module of SLACK_ACTION_MODULES) {
    if (module.button) {
      app.action<BlockButtonAction>(module.button.id, async ({ ack, body, action, respond }) => {
        await ack();
        await runClick(module, action.value ?? '', body.user.id, body.trigger_id, respond);
      });
    }
    const form = module.form;
    if (form) {
      handle(
        form.callbackId,
        (args, r, reference) =>
          form.submit({ deps, args, form: r, reference, consult: consultOfMetadata(args.view.private_metadata), userId: args.body.user.id }),
        module.action,
      );
    }
  }

  // The overflow menus (the card's Release and Cancel; a consult's Withdraw): each option names the action and its target.
  for (const menu of [ELEMENTS.more, ELEMENTS.consultMore]) {
    app.action<BlockOverflowAction>(menu, async ({ ack, body, action, respond }) => {
      await ack();
      const chosen = parseOverflowValue(action.selected_option?.value ?? '');
      const module = chosen ? moduleOfButton(chosen.actionId) : undefined;
      if (!chosen || !module) return;
      await runClick(module, chosen.reference, body.user.id, body.trigger_id, respond);
    });
  }

  // "Open case" is a link button: Slack opens the card and still tells the app, which has nothing to do.
  app.action<BlockAction>(ELEMENTS.openCase, async ({ ack }) => {
    await ack();
  });

  // App Home: New case.
  app.action<BlockButtonAction>(ELEMENTS.newCase, async ({ ack, body }) => {
    await ack();
    try {
      authorise(await deps.staff.actor(body.user.id), 'create_case');
      await deps.client.views.open({ trigger_id: body.trigger_id, view: newCaseModal(renderContext(deps), deps.pathologyAreas) });
    } catch (err) {
      deps.logger.info({ reason: refusalText(deps, err) }, 'new case from App Home refused');
    }
  });

  // In the payment modal: the details (with the name for the transfer reason) on top, recorded as a view.
  app.action<BlockButtonAction>(ELEMENTS.paymentDetails, async ({ ack, body, action }) => {
    await ack();
    const parsed = caseTarget.safeParse(action.value);
    if (!parsed.success) return;
    try {
      const view = await detailsView(deps, parsed.data, await deps.staff.actor(body.user.id));
      if (view) await deps.client.views.push({ trigger_id: body.trigger_id, view });
    } catch (err) {
      deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'details not shown over the payment modal');
    }
  });
}
