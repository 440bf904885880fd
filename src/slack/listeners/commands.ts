import type { App, SlashCommand } from '@slack/bolt';
import { DateTime } from 'luxon';
import { authorise, judge, type GeneralAction } from '../../domain/actions.js';
import { parseLocalDateTime } from '../../domain/local-time.js';
import { whatIfInRange } from '../../domain/plausible-instants.js';
import { ROLES, type Actor, type Role } from '../../domain/permissions.js';
import { explainSla } from '../../domain/sla.js';
import { typedWord, type AreaLabels } from '../../i18n/area-labels.js';
import { areaLabel, formatDate } from '../../i18n/format.js';
import { messages, type Messages } from '../../i18n/messages.js';
import type { Locale } from '../../i18n/locale.js';
import { LIST_FILTERS } from '../../db/repositories/case-lists.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { caseCard } from '../views/case-card.js';
import { caseLines } from '../views/case-lines.js';
import { openCaseButton } from '../views/alert.js';
import { section } from '../views/blocks.js';
import { digestCaseIds, digestMessage } from '../views/digest.js';
import { echoed } from '../views/echo.js';
import { joinLines, LIMITS } from '../views/limits.js';
import { newCaseModal } from '../views/modals.js';
import { caseRef, tools, withLinks } from '../views/render-context.js';
import { awayCommand, backCommand } from './absence-commands.js';
import { reportCommand } from './report-command.js';

const LOCALES: readonly Locale[] = ['en', 'it'];

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/;

/** The words of a command; Slack's `<@U123|Dr Neri>` (a display name may have spaces) stays one word. */
export function commandWords(text: string): string[] {
  return text.match(/<[@#!][^<>]*>|\S+/g) ?? [];
}

/** The English names of the subcommands; each locale adds its own words (`/so stato`, `/so lista miei`). */
const SUBCOMMANDS = ['new', 'status', 'list', 'digest', 'report', 'when', 'away', 'back', 'staff', 'help'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

/** What a typed word means: a subcommand or list filter, in any language of the catalogue (`/so stato`, `/so list miei`). */
function resolveWord<K extends string>(typed: string, keys: readonly K[], words: (m: Messages) => Record<string, string[]>): K | null {
  const t = typed.toLowerCase();
  return keys.find((k) => k === t || LOCALES.some((l) => (words(messages(l))[k] ?? []).includes(t))) ?? null;
}

/** Every word that means one of the keys, for "did you mean". */
function allWords(keys: readonly string[], words: (m: Messages) => Record<string, string[]>): string[] {
  return [...new Set(keys.flatMap((k) => [k, ...LOCALES.flatMap((l) => words(messages(l))[k] ?? [])]))];
}

/** The words of the reader's locale first (an Italian typo is answered with an Italian word), then any other. */
function closestInLocale(typed: string, keys: readonly string[], words: (m: Messages) => Record<string, string[]>, locale: Locale): string | null {
  const own = locale === 'en' ? [...keys] : keys.flatMap((k) => words(messages(locale))[k] ?? []);
  return closest(typed, own) ?? closest(typed, allWords(keys, words));
}

/**
 * Beyond this length a typed word is no typo of a command or filter (the longest is a dozen letters),
 * and the edit distance, which costs its length times each word's, is not worth computing.
 */
const GUESSABLE_WORD_MAX = 32;

/**
 * The closest known word to a typo ("stauts" → "status"), if close enough to be a good guess.
 * `longest` is there for `bench/reports-burst.ts`, which measures the cost without the bound.
 */
export function closest(typed: string, words: readonly string[], longest = GUESSABLE_WORD_MAX): string | null {
  if (typed.length > longest) return null;
  let best: { word: string; distance: number } | null = null;
  for (const w of words) {
    const d = editDistance(typed.toLowerCase(), w);
    if (!best || d < best.distance) best = { word: w, distance: d };
  }
  return best && best.distance <= Math.max(1, Math.floor(best.word.length / 3)) ? best.word : null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const kept = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = kept;
    }
  }
  return row[b.length]!;
}

/** What a command answers: shown to the user who typed it, and to nobody else. */
interface Reply {
  text: string;
  blocks?: unknown[];
  /** Work the answer announces but that waits for the acknowledgement to have left (a report's chart). */
  afterAck?: () => void;
}

/**
 * How long a command's answer may take to be part of its acknowledgement. Slack waits 3 s for the
 * acknowledgement, counted from when it sent the request; the acknowledgement leaves at the latest
 * 2 s after the request reached us (the replay check in front may have taken some of that), and
 * 1.5 s after the listener started. What is not ready by then goes through the response URL. An
 * answer in the acknowledgement needs no call to Slack at all, so it reaches the user even while
 * Slack's Web API is slow or down.
 */
const ANSWER_IN_ACK_MS = 1_500;
const ACK_BY_MS = 2_000;

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/so', async ({ ack, command, respond, context }) => {
    const [typed = 'help', ...args] = commandWords(command.text);
    const sub: Subcommand | null = resolveWord(typed, SUBCOMMANDS, (c) => c.commands.words);
    const ephemeral = (r: Reply) => ({ response_type: 'ephemeral' as const, text: r.text, ...(r.blocks ? { blocks: r.blocks as never } : {}) });

    // `new` must open its modal within the trigger's 3 seconds: do it before anything else.
    if (sub === 'new') {
      await ack();
      try {
        const actor = await deps.staff.actor(command.user_id);
        authorise(actor, 'create_case');
        await deps.client.views.open({ trigger_id: command.trigger_id, view: newCaseModal(renderContext(deps), deps.pathologyAreas) });
      } catch (err) {
        await respond(ephemeral({ text: refusalText(deps, err) }));
      }
      return;
    }
    const answer = answerCommand(deps, command, sub, typed, args);
    const receivedAtMs = typeof context.receivedAtMs === 'number' ? context.receivedAtMs : Date.now();
    const budgetMs = Math.min(ANSWER_IN_ACK_MS, ACK_BY_MS - (Date.now() - receivedAtMs));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), Math.max(0, budgetMs))));
    const inTime = await Promise.race([answer, late]).finally(() => clearTimeout(timer));
    if (inTime) {
      await ack(ephemeral(inTime));
      inTime.afterAck?.();
      return;
    }
    await ack();
    const reply = await answer;
    reply.afterAck?.();
    await respond(ephemeral(reply));
  });
}

/** What a subcommand's answer is given: the words after it, and the asker once the table allowed it. */
interface SubcommandCall {
  deps: SlackDeps;
  command: SlashCommand;
  args: string[];
  /** The asker, refused (thrown) when the subcommand's `needs` is not theirs; asked once, however often called. */
  authorised: () => Promise<Actor>;
}

interface SubcommandRow {
  /** What the asker must be allowed to do (the action table's general actions); null: everybody (`help`). */
  needs: GeneralAction | null;
  /** Whether `/so help` lists it (`back` goes with `away`'s line). */
  inHelp: boolean;
  answer: (c: SubcommandCall) => Promise<Reply>;
}

const say = (text: string, blocks?: unknown[]): Reply => ({ text, ...(blocks ? { blocks } : {}) });

/**
 * Every `/so` subcommand but `new` (which opens a form before anything else): what it needs, and its
 * answer. The help is this table read for the asker; a new subcommand is a row (and its words in the
 * catalogue, which the compiler asks for).
 */
const SUBCOMMAND_TABLE = {
  status: {
    needs: 'view_case',
    inHelp: true,
    async answer({ deps, args, authorised }) {
      // The answer rides in the acknowledgement: the case (history and card link, one query) is read
      // while the roles are, and shown only once the roles allow it (a refused reader learns nothing).
      const reference = (args[0] ?? '').toUpperCase();
      const read = reference ? deps.cases.getWithPermalink(reference).catch(() => null) : null;
      await authorised();
      const m = messages(deps.locale);
      if (!read) return say(m.commands.statusUsage);
      const found = await read;
      if (!found) return say(m.commands.unknownCase(echoed(reference)));
      const { view, permalink } = found;
      const ctx = withLinks(renderContext(deps), new Map(permalink ? [[view.id, permalink]] : []));
      const card = caseCard(view, ctx, NO_ACTIONS);
      // The buttons stay on the card in the channel; a status reply informs and leads to the card.
      const open = permalink ? [{ type: 'actions', block_id: 'case_link', elements: [openCaseButton(permalink, view.reference, ctx)] }] : [];
      return say(card.text, [section(caseRef(ctx, view)), ...card.blocks, ...open]);
    },
  },
  list: {
    needs: 'view_case',
    inHelp: true,
    async answer({ deps, command, args, authorised }) {
      await authorised();
      const m = messages(deps.locale);
      const typedFilter = args[0];
      const filter = typedFilter === undefined ? 'all' : resolveWord(typedFilter, LIST_FILTERS, (c) => c.commands.filterWords);
      if (filter === null) {
        const shown = [...new Set(LIST_FILTERS.map((f) => (deps.locale === 'en' ? f : (m.commands.filterWords[f]?.at(-1) ?? f))))].join(', ');
        return say(m.commands.unknownFilter(echoed(typedFilter!), closestInLocale(typedFilter!, LIST_FILTERS, (c) => c.commands.filterWords, deps.locale), shown));
      }
      const views = await deps.queries.list(filter, command.user_id);
      const label = m.commands.filters[filter];
      if (views.length === 0) return say(m.commands.listEmpty(label));
      const ctx = withLinks(renderContext(deps), await deps.links(views.map((v) => v.id)));
      return say(`${m.commands.listTitle(label, views.length)}\n${caseLines(views, ctx, LIMITS.sectionText)}`);
    },
  },
  when: {
    needs: 'view_case',
    inHelp: true,
    async answer({ deps, args, authorised }) {
      await authorised();
      return say(whatIf(deps, args.join(' ')));
    },
  },
  digest: {
    needs: 'digest',
    inHelp: true,
    async answer({ deps, authorised }) {
      await authorised();
      const data = await deps.digest.build();
      const digest = digestMessage(data, withLinks(renderContext(deps), await deps.links(digestCaseIds(data))));
      return say(digest.text, digest.blocks);
    },
  },
  report: {
    needs: 'report',
    inHelp: true,
    async answer({ deps, command, args, authorised }) {
      await authorised();
      return reportCommand(deps, command, args);
    },
  },
  // An absence is one's own for a doctor, anybody's for a coordinator: the command judges who it is about.
  away: {
    needs: 'record_absence',
    inHelp: true,
    async answer({ deps, command, args, authorised }) {
      await authorised();
      return say(await awayCommand(deps, command.user_id, args));
    },
  },
  back: {
    needs: 'record_absence',
    inHelp: false,
    async answer({ deps, command, args, authorised }) {
      await authorised();
      return say(await backCommand(deps, command.user_id, args));
    },
  },
  staff: {
    needs: 'manage_staff',
    inHelp: true,
    async answer({ deps, command, args, authorised }) {
      await authorised();
      return say(await staffCommand(deps, command.user_id, args));
    },
  },
  help: {
    needs: null,
    inHelp: true,
    async answer({ deps, authorised }) {
      return say(helpText(messages(deps.locale), await authorised()));
    },
  },
} satisfies Record<Exclude<Subcommand, 'new'>, SubcommandRow>;

/** The answer to every subcommand but `new`; a refusal is an answer too. */
async function answerCommand(
  deps: SlackDeps,
  command: SlashCommand,
  sub: Exclude<Subcommand, 'new'> | null,
  typed: string,
  args: string[],
): Promise<Reply> {
  const m = messages(deps.locale);
  const row: SubcommandRow | null = sub ? SUBCOMMAND_TABLE[sub] : null;
  let asked: Promise<Actor> | null = null;
  const authorised = () =>
    (asked ??= deps.staff.actor(command.user_id).then((actor) => {
      if (row?.needs) authorise(actor, row.needs, actor.id);
      return actor;
    }));
  try {
    if (!row) {
      const guess = closestInLocale(typed, SUBCOMMANDS, (c) => c.commands.words, deps.locale);
      return say(`${m.commands.unknownCommand(echoed(typed), guess)}\n\n${helpText(m, await authorised())}`);
    }
    // The table's rule holds even for an answer that forgot to ask: a refusal wins over any answer.
    const [reply] = await Promise.all([row.answer({ deps, command, args, authorised }), authorised()]);
    return reply;
  } catch (err) {
    return say(refusalText(deps, err));
  }
}

const NO_ACTIONS = { primary: null, others: [], overflow: [] };

/** `/so help` for this person: the table's subcommands their roles may use (an absence is about oneself), `new` first. */
function helpText(m: Messages, actor: Actor): string {
  const h = m.commands.help;
  const mayCreate = judge(actor, 'create_case').allowed ? [h.new] : [];
  const rows = Object.entries(SUBCOMMAND_TABLE) as [keyof typeof SUBCOMMAND_TABLE, SubcommandRow][];
  const allowed = [
    ...mayCreate,
    ...rows.filter(([, r]) => r.inHelp && (r.needs === null || judge(actor, r.needs, actor.id).allowed)).map(([sub]) => h[sub as Exclude<Subcommand, 'back'>]),
  ];
  return [h.title, ...allowed, ...(allowed.length === 1 ? [h.noRole] : []), h.otherWords].join('\n');
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A role as typed, in any language of the catalogue (`medico`, `doctor`). */
function resolveRole(typed: string | undefined): Role | null {
  const t = (typed ?? '').toLowerCase();
  return ROLES.find((r) => r === t || LOCALES.some((l) => messages(l).roles[r] === t)) ?? null;
}

/** An area as typed: its id, or its label in any language written as a word (`testa-e-collo`, `radiologia`). */
function resolveArea(typed: string, known: readonly string[], labels: AreaLabels): string {
  const t = typedWord(typed);
  return known.find((a) => typedWord(a) === t || LOCALES.some((l) => typedWord(areaLabel(a, l, labels)) === t)) ?? typed;
}

/**
 * "If the documentation were complete then, when would the answer be due?" The due instant once,
 * then only what moved it: a later start, and the holidays on the way (not every weekend).
 */
function whatIf(deps: SlackDeps, text: string): string {
  const ctx = renderContext(deps);
  const { m, at, dur } = tools(ctx);
  const startMs = text ? parseLocalDateTime(text, deps.calendar.config, deps.locale) : ctx.nowMs;
  if (startMs === null) return m.commands.badWhen;
  // Bounded before any calendar arithmetic: a start centuries away is a typo, not a question.
  if (!whatIfInRange(startMs, ctx.nowMs)) return m.commands.whenOutOfRange;
  const target = deps.cases.targetWorkingMs;
  const { status, steps } = explainSla(deps.calendar, { startMs, pauses: [], stopMs: null }, ctx.nowMs, target);
  const weekly = new Set(deps.calendar.config.workingWeekdays);
  const lines: string[] = [m.commands.when(at(startMs), at(status.dueAtMs ?? startMs))];
  const first = steps.find((s) => s.kind === 'start');
  if (first?.kind === 'start' && first.countsFromMs !== first.atMs) lines.push(m.commands.whenCountsFrom(at(first.countsFromMs)));
  const closures = steps.flatMap((s) => {
    if (s.kind !== 'closed_day') return [];
    // Days closed only because of the working week go without saying; holidays and closures are named.
    const weekday = DateTime.fromISO(s.isoDate, { zone: deps.calendar.timeZone }).weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7;
    if (!weekly.has(weekday)) return [];
    return [`• ${formatDate(s.isoDate, deps.locale)}: ${m.closures[s.reason] ?? s.reason}`];
  });
  lines.push(closures.length > 0 ? `${m.commands.whenClosures}\n${joinLines(closures, LIMITS.sectionText - 500, m.more)}` : m.commands.whenNoClosures);
  lines.push(m.commands.whenTarget(dur(target)));
  return lines.join('\n');
}

async function staffCommand(deps: SlackDeps, userId: string, args: string[]): Promise<string> {
  const m = messages(deps.locale);
  const [typedVerb = '', who, typedRole, ...areas] = args;
  const by = await deps.staff.actor(userId);
  authorise(by, 'manage_staff');
  const verb = resolveWord(typedVerb, ['add', 'remove', 'list'] as const, (c) => c.commands.staffVerbs);
  if (verb === 'list') {
    const members = await deps.staff.list();
    if (members.length === 0) return m.commands.staffEmpty;
    // Roles and areas by their labels: "Doctor (Head and neck, Prostate)", never `doctor (head_and_neck, …)`.
    return joinLines(
      members.map((s) => m.commands.staffLine(`<@${s.slackUserId}>`, capitalised(m.roles[s.role]), s.areas.map((a) => areaLabel(a, deps.locale, deps.areaLabels)).join(', '))),
      LIMITS.sectionText,
      m.more,
    );
  }
  const mention = MENTION.exec(who ?? '');
  const role = resolveRole(typedRole);
  if (!mention || !role || verb === null) return m.commands.staffUsage;
  const target = mention[1]!;
  if (verb === 'add') {
    const known = [...deps.pathologyAreas, ...deps.specialistAreas.map((a) => a.id)];
    const areaList = areas.join(' ').split(/[,\s]+/).filter(Boolean).map((a) => resolveArea(a, known, deps.areaLabels));
    await deps.staff.grant(by, target, role, areaList, mention[2] || null);
    return m.commands.staffAdded(`<@${target}>`, m.roles[role], areaList.map((a) => areaLabel(a, deps.locale, deps.areaLabels)).join(', '));
  }
  await deps.staff.revoke(by, target, role);
  const removed = m.commands.staffRemoved(`<@${target}>`, m.roles[role]);
  // Their cases stay theirs until someone reassigns them: the admin is told which, right away.
  if ((await deps.staff.roles(target)).has('doctor')) return removed;
  const held = await deps.queries.list('mine', target);
  if (held.length === 0) return removed;
  const ctx = withLinks(renderContext(deps), await deps.links(held.map((v) => v.id)));
  return `${removed}\n${m.staffGone.stillHolds(`<@${target}>`, held.length)}\n${caseLines(held, ctx, LIMITS.sectionText - 1_000)}`;
}
