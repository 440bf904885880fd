import type { ModalView } from '@slack/types';
import type { CaseAction } from '../../domain/actions.js';
import type { Actor } from '../../domain/permissions.js';
import type { Messages } from '../../i18n/messages.js';
import type { SlackDeps } from '../deps.js';
import type { FormReader, ViewArgs } from '../forms.js';

/**
 * One Slack action, whole: the button that offers it, what a click does, and the form it opens and
 * its submission. `registry.ts` lists one module per action of the domain's table, so an action
 * without its module (or a module for no action) does not compile. Who may do it, and in which state,
 * is the table's answer (`domain/actions.ts`), asked by the dispatcher before a click does anything.
 */
export interface CaseActionModule<A extends CaseAction = CaseAction> {
  readonly action: A;
  /**
   * The button on cards, alerts and App Home, and its words. Null for an action with no button of its
   * own: done inside another action's form (a rejection, in Documents) or never offered in Slack.
   */
  readonly button: ActionButton | null;
  /** What the click does once the table allowed it (consult actions are judged with the consult's holder). */
  readonly click?: (c: Click) => Promise<ClickOutcome>;
  /** The form the click opens: its callback id and what its submission does. */
  readonly form?: ActionForm;
}

export interface ActionButton {
  /** The action id Slack sends back; an overflow option carries it too (`overflowValue`). */
  readonly id: string;
  /** What the button carries: a case reference, or `<reference>#<consult>` for one consult of a case. */
  readonly target: 'case' | 'consult';
  /** Its words; a consult's button names the consult's area. */
  readonly label: (m: Messages, area?: string) => string;
}

export interface Click {
  deps: SlackDeps;
  actor: Actor;
  reference: string;
  /** For a consult's button: which consult of the case. */
  consult: number | null;
}

/** A click either did its work (the command ran) or has a form to show. */
export type ClickOutcome = { done: true } | { modal: ModalView };

export interface ActionForm {
  readonly callbackId: string;
  /** Runs the submission; a `FieldErrors` or a `Refusal` is answered in the modal. */
  readonly submit: (s: Submission) => Promise<void>;
}

export interface Submission {
  deps: SlackDeps;
  args: ViewArgs;
  form: FormReader;
  /** The case the modal is about (its private metadata). */
  reference: string;
  /** For a consult's form: which consult (its private metadata). */
  consult: number | null;
  userId: string;
}
