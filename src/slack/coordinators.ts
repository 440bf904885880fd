import type { Transaction } from 'kysely';
import { isAway } from '../domain/absence.js';
import type { Db } from '../db/database.js';
import { absencesRepository } from '../db/repositories/absences.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { staffRepository } from '../db/repositories/staff.js';
import type { Database } from '../db/types.js';

type Executor = Db | Transaction<Database>;

/** Where what asks coordinators to act goes: their user group when configured, else each of them by DM. */
export interface CoordinatorRouting {
  /** `SLACK_COORDINATORS_GROUP`: a user group id (S…), mentioned as `<!subteam^ID>`; null: a DM to each coordinator. */
  coordinatorsGroup: string | null;
  /** Where a notice about no case (an e-mail without a case, a transfer to match) is posted when the group is mentioned. */
  triageChannel: string;
}

/** Something the coordinators must act on (SPEC section 5, "Each message reaches its audience"). */
export interface CoordinatorNotice {
  /** The case it concerns: the notice goes into its thread (after its card). Null: about no case yet. */
  caseId: number | null;
  /** What it says, without any mention (the routing adds the group's); no personal data. */
  text: string;
  /** Optional blocks (a button for the action asked for); the group's mention is put before them. */
  blocks?: unknown[];
  /** Makes it go once however often the caller runs (e.g. `mail:<message id>`, `transfer:<statement line>`). */
  dedupeKey: string;
  /** Who caused it, if a coordinator: nobody is told of their own click. */
  except?: string | null;
}

/** The mention of a user group in Slack mrkdwn. */
export const groupMention = (groupId: string) => `<!subteam^${groupId}>`;

/**
 * The messages that tell the coordinators: with a user group, one message mentioning it (in the
 * case's thread, or in the triage channel for a notice about no case); without one, a DM to each
 * coordinator who is not away (every coordinator when all are), except the one who caused it.
 * The one routing function for every "coordinators, please act" (reminders, mail, bank).
 */
export async function coordinatorMessages(db: Executor, notice: CoordinatorNotice, routing: CoordinatorRouting, nowMs: number): Promise<OutboxMessage[]> {
  if (routing.coordinatorsGroup) {
    const mention = groupMention(routing.coordinatorsGroup);
    const payload = { text: `${mention} ${notice.text}`, ...(notice.blocks ? { blocks: withMention(notice.blocks, mention) } : {}) };
    return notice.caseId === null
      ? [{ caseId: null, kind: 'channel', target: routing.triageChannel, payload, dedupeKey: notice.dedupeKey }]
      : [{ caseId: notice.caseId, kind: 'thread', target: null, payload, dedupeKey: notice.dedupeKey }];
  }
  const everyone = (await staffRepository(db).holdersOf('coordinator')).filter((u) => u !== notice.except);
  const away = await absencesRepository(db).activeAt(nowMs);
  const present = everyone.filter((u) => !isAway(away, u, nowMs));
  const to = present.length > 0 ? present : everyone;
  const payload = { text: notice.text, ...(notice.blocks ? { blocks: notice.blocks } : {}) };
  return to.map((userId) => ({ caseId: notice.caseId, kind: 'dm' as const, target: userId, payload, dedupeKey: `${notice.dedupeKey}:${userId}` }));
}

/**
 * Queues the notice for the coordinators, inside the caller's transaction (so it goes only if that
 * commits). `nowMs` is the business clock's now (who is away); delivery runs on wall-clock time.
 */
export async function tellCoordinators(db: Executor, notice: CoordinatorNotice, routing: CoordinatorRouting, nowMs: number): Promise<void> {
  await outboxRepository(db).enqueue(await coordinatorMessages(db, notice, routing, nowMs), Date.now());
}

/** The group's mention opens the first text block (Slack notifies on mentions in blocks), or a block of its own. */
function withMention(blocks: readonly unknown[], mention: string): unknown[] {
  const [first, ...rest] = blocks as { type?: string; text?: { type?: string; text?: string } }[];
  if (first?.type === 'section' && first.text?.type === 'mrkdwn') {
    return [{ ...first, text: { ...first.text, text: `${mention} ${first.text.text ?? ''}` } }, ...rest];
  }
  return [{ type: 'section', text: { type: 'mrkdwn', text: mention } }, ...blocks];
}
