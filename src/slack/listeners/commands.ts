import type { App } from '@slack/bolt';
import { authorise } from '../../domain/commands.js';
import { parseLocalDateTime } from '../../domain/local-time.js';
import { whatIfInRange } from '../../domain/plausible-instants.js';
import { ROLES, type Role } from '../../domain/permissions.js';
import { explainSla } from '../../domain/sla.js';
import { explainLines } from '../../i18n/format.js';
import { messages } from '../../i18n/messages.js';
import { LIST_FILTERS, type ListFilter } from '../../services/case-queries.js';
import { refusalText, renderContext, type SlackDeps } from '../deps.js';
import { caseCard } from '../views/case-card.js';
import { caseLines } from '../views/case-lines.js';
import { digestMessage } from '../views/digest.js';
import { joinLines, LIMITS } from '../views/limits.js';
import { newCaseModal } from '../views/modals.js';
import { tools } from '../views/render-context.js';
import { awayCommand, backCommand } from './absence-commands.js';
import { reportCommand } from './report-command.js';

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|([^>]*))?>$/;

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command('/so', async ({ ack, command, respond }) => {
    const [sub = 'help', ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const m = messages(deps.locale);
    const reply = async (text: string, blocks?: unknown[]) =>
      respond({ response_type: 'ephemeral', text, ...(blocks ? { blocks: blocks as never } : {}) });

    // `new` must open its modal within the trigger's 3 seconds: do it before anything else.
    if (sub === 'new') {
      await ack();
      try {
        const actor = await deps.staff.actor(command.user_id);
        authorise(actor, 'create_case');
        await deps.client.views.open({ trigger_id: command.trigger_id, view: newCaseModal(renderContext(deps), deps.pathologyAreas) });
      } catch (err) {
        await reply(refusalText(deps, err));
      }
      return;
    }
    await ack();
    try {
      const actor = await deps.staff.actor(command.user_id);
      const ctx = renderContext(deps);
      switch (sub) {
        case 'status': {
          authorise(actor, 'view_case');
          const reference = (args[0] ?? '').toUpperCase();
          const view = await deps.cases.get(reference).catch(() => null);
          if (!view) return void (await reply(m.commands.unknownCase(reference)));
          const card = caseCard(view, ctx);
          // The buttons stay on the card in the channel; a status reply only informs.
          return void (await reply(card.text, card.blocks.filter((b) => b.type !== 'actions')));
        }
        case 'list': {
          authorise(actor, 'view_case');
          const filter = (LIST_FILTERS as readonly string[]).includes(args[0] ?? '') ? (args[0] as ListFilter) : 'all';
          const views = await deps.queries.list(filter, command.user_id);
          const label = m.commands.filters[filter];
          if (views.length === 0) return void (await reply(m.commands.listEmpty(label)));
          return void (await reply(`${m.commands.listTitle(label, views.length)}\n${caseLines(views, ctx, LIMITS.sectionText)}`));
        }
        case 'digest': {
          authorise(actor, 'digest');
          const digest = digestMessage(await deps.digest.build(), ctx);
          return void (await reply(digest.text, digest.blocks));
        }
        case 'report': {
          authorise(actor, 'report');
          return void (await reply(...(await reportCommand(deps, command, args))));
        }
        case 'when':
          authorise(actor, 'view_case');
          return void (await reply(whatIf(deps, args.join(' '))));
        case 'away':
          return void (await reply(await awayCommand(deps, command.user_id, args)));
        case 'back':
          return void (await reply(await backCommand(deps, command.user_id, args)));
        case 'staff':
          return void (await reply(await staffCommand(deps, command.user_id, args)));
        default:
          return void (await reply(m.commands.help));
      }
    } catch (err) {
      await reply(refusalText(deps, err));
    }
  });
}

/** "If the documentation were complete then, when would the answer be due?" */
function whatIf(deps: SlackDeps, text: string): string {
  const ctx = renderContext(deps);
  const { m, at } = tools(ctx);
  const startMs = text ? parseLocalDateTime(text, deps.calendar.config, deps.locale) : ctx.nowMs;
  if (startMs === null) return m.commands.badWhen;
  // Bounded before any calendar arithmetic: a start centuries away is a typo, not a question.
  if (!whatIfInRange(startMs, ctx.nowMs)) return m.commands.whenOutOfRange;
  const target = deps.cases.targetWorkingMs;
  const { status, steps } = explainSla(deps.calendar, { startMs, pauses: [], stopMs: null }, ctx.nowMs, target);
  const lines = explainLines(steps, deps.calendar.workingDayMs, deps.locale, deps.calendar.timeZone);
  return `${m.commands.when(at(startMs), at(status.dueAtMs ?? startMs))}\n${joinLines(lines, LIMITS.sectionText, m.more)}`;
}

async function staffCommand(deps: SlackDeps, userId: string, args: string[]): Promise<string> {
  const m = messages(deps.locale);
  const [verb, who, role, ...areas] = args;
  const by = await deps.staff.actor(userId);
  authorise(by, 'manage_staff');
  if (verb === 'list') {
    const members = await deps.staff.list();
    if (members.length === 0) return m.commands.staffEmpty;
    return joinLines(
      members.map((s) => m.commands.staffLine(`<@${s.slackUserId}>`, m.roles[s.role], s.areas.join(', '))),
      LIMITS.sectionText,
      m.more,
    );
  }
  const mention = MENTION.exec(who ?? '');
  if (!mention || !(ROLES as readonly string[]).includes(role ?? '') || (verb !== 'add' && verb !== 'remove')) return m.commands.staffUsage;
  const target = mention[1]!;
  if (verb === 'add') {
    const areaList = areas.join(' ').split(/[,\s]+/).filter(Boolean);
    await deps.staff.grant(by, target, role as Role, areaList, mention[2] || null);
    return m.commands.staffAdded(`<@${target}>`, m.roles[role as Role]);
  }
  await deps.staff.revoke(by, target, role as Role);
  return m.commands.staffRemoved(`<@${target}>`, m.roles[role as Role]);
}
