import type { ModalView } from '@slack/types';
import { authorise, type CaseAction } from '../../domain/actions.js';
import type { Consult } from '../../domain/board.js';
import type { CaseCommand } from '../../domain/commands.js';
import { Refusal } from '../../domain/refusal.js';
import type { Messages } from '../../i18n/messages.js';
import type { CaseView } from '../../services/cases.js';
import type { SlackDeps } from '../deps.js';
import type { Click, ClickOutcome, Submission } from './action-module.js';

/** The words of a case action's button, from the catalogue's entry for it. */
export const labelOf =
  (action: CaseAction) =>
  (m: Messages, area = ''): string => {
    const label = m.actions[action].label;
    return typeof label === 'function' ? label(area) : label;
  };

/** A click that opens the action's form, once the table allows it on the case as it is now. */
export function opensForm(action: CaseAction, build: (deps: SlackDeps, view: CaseView) => Promise<ModalView> | ModalView) {
  return async ({ deps, actor, reference }: Click): Promise<ClickOutcome> => {
    const view = await deps.cases.get(reference);
    authorise(actor, action, view.state);
    return { modal: await build(deps, view) };
  };
}

/** The consult a click or form is about; one the case does not have is a refusal, not an error. */
export function consultOf(view: CaseView, consult: number | null): Consult {
  const found = view.state.consults.find((c) => c.id === consult);
  if (!found) throw new Refusal('invalid_input', { key: 'unknown_consult' });
  return found;
}

/**
 * A click that opens a form about one consult of the case, once the table allows it; `holder` names
 * who holds that part of the case when it is not the case's holder (the consultant, for an answer).
 */
export function opensConsultForm(
  action: CaseAction,
  build: (deps: SlackDeps, view: CaseView, consult: Consult) => Promise<ModalView> | ModalView,
  holder?: (consult: Consult) => string | null,
) {
  return async ({ deps, actor, reference, consult: id }: Click): Promise<ClickOutcome> => {
    const view = await deps.cases.get(reference);
    const consult = consultOf(view, id);
    authorise(actor, action, view.state, holder ? holder(consult) : undefined);
    return { modal: await build(deps, view, consult) };
  };
}

/** The consult id of a consult's form, which its private metadata must carry. */
export function consultIdOf(s: Pick<Submission, 'consult'>): number {
  if (s.consult === null) throw new Refusal('invalid_input', { key: 'unknown_consult' });
  return s.consult;
}

/** Runs a submitted form's command as the person who submitted it. */
export async function runAs(s: Submission, command: CaseCommand): Promise<void> {
  await s.deps.cases.execute(s.reference, command, await s.deps.staff.actor(s.userId));
}
