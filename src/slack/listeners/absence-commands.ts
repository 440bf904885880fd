import { absenceSpan } from '../../domain/absence.js';
import { renderContext, type SlackDeps } from '../deps.js';
import { absenceBounds, tools } from '../views/render-context.js';

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

/**
 * `/so away [@colleague] <from> <to> [@cover]`: records an absence (one's own, or a coordinator's
 * record for a colleague). Answers the reply to show.
 */
export async function awayCommand(deps: SlackDeps, userId: string, args: readonly string[]): Promise<string> {
  const ctx = renderContext(deps);
  const { m } = tools(ctx);
  const rest = [...args];
  const forWhom = MENTION.exec(rest[0] ?? '');
  if (forWhom) rest.shift();
  const [fromText = '', toText = '', coverText, ...extra] = rest;
  const cover = coverText === undefined ? null : MENTION.exec(coverText)?.[1];
  const span = absenceSpan(fromText, toText, deps.calendar.timeZone);
  if (!span || cover === undefined || extra.length > 0) return m.board.absence.usage;
  const who = forWhom?.[1] ?? userId;
  const by = await deps.staff.actor(userId);
  const absence = await deps.absences.record(by, { userId: who, ...span, cover });
  void deps.home.publish(who);
  const { from, to } = absenceBounds(absence.fromMs, absence.toMs, ctx);
  return m.board.absence.recorded(`<@${who}>`, from, to, absence.cover ? `<@${absence.cover}>` : null);
}

/** `/so back [@colleague]`: ends the running absence now, or calls off the next one not started yet. */
export async function backCommand(deps: SlackDeps, userId: string, args: readonly string[]): Promise<string> {
  const ctx = renderContext(deps);
  const { m } = tools(ctx);
  const forWhom = MENTION.exec(args[0] ?? '');
  if (args.length > 1 || (args.length === 1 && !forWhom)) return m.board.absence.usage;
  const who = forWhom?.[1] ?? userId;
  const outcome = await deps.absences.back(await deps.staff.actor(userId), who);
  void deps.home.publish(who);
  if (outcome.kind === 'end') return m.board.absence.back(`<@${who}>`);
  if (outcome.kind === 'none') return m.board.absence.notAway(`<@${who}>`);
  const { from, to } = absenceBounds(outcome.absence.fromMs, outcome.absence.toMs, ctx);
  return m.board.absence.cancelled(`<@${who}>`, from, to);
}
