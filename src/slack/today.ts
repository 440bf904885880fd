import type { WebClient } from '@slack/web-api';
import type { Transaction } from 'kysely';
import { changesTodayQueue, todaySlot } from '../domain/my-work.js';
import type { Db } from '../db/database.js';
import { outboxRepository, type OutboxMessage } from '../db/repositories/outbox.js';
import { pinnedRepository } from '../db/repositories/pinned.js';
import type { Database } from '../db/types.js';
import type { Logger } from '../logger.js';
import type { CaseEffect } from '../services/cases.js';
import type { TodayService } from '../services/today.js';
import { todayCaseIds, todayMessage } from './views/today.js';
import { withLinks, type RenderContext } from './views/render-context.js';
import { classifySlackError } from './web-api.js';

/** The name the Today message is kept under in `slack_pinned`. */
const PINNED_NAME = 'today';

/**
 * A refresh waits this long after its slot ends: a change written at the very end of a slot (whose
 * enqueue found the slot's refresh already queued) has committed by then, so the refresh shows it.
 */
const COMMIT_GRACE_MS = 1_000;

/** Slack's error code of a failed call (`message_not_found`), if it was one. */
function errorCode(err: unknown): string | null {
  const failure = classifySlackError(err);
  return failure.kind === 'rate_limited' ? null : failure.detail;
}

/** What the delivery lends a send: the client, and the pacing every Slack call of the outbox takes. */
export interface TodayCall {
  client: WebClient;
  pace: (key: string) => Promise<void>;
}

/**
 * The pinned Today message of the triage channel (SPEC section 5): the live queue, posted once and
 * pinned (`pins.add`), then edited in place (`chat.update` of the stored ts). Its refreshes are outbox
 * rows of kind `today` with a coalescing key per slot of `everyMs` (see `todaySlot`): a case moving in
 * the queue (a claim, a pause, a delivery) or a threshold passing (due soon, breached) asks for one,
 * and however many ask within a slot, the message is edited once, after the slot, rendered from the
 * queue as it is then. A message someone deleted (`message_not_found`) is posted and pinned again.
 */
export class TodayMessage {
  constructor(
    private readonly deps: {
      db: Db;
      today: TodayService;
      channel: string;
      /** At most one edit per this many ms. */
      everyMs: number;
      ctx: () => RenderContext;
      logger: Logger;
    },
  ) {}

  /** The outbox row asking for a refresh: the same one for every ask within a slot. */
  refresh(nowMs: number = Date.now()): OutboxMessage {
    const slot = todaySlot(nowMs, this.deps.everyMs);
    return { caseId: null, kind: 'today', target: this.deps.channel, payload: { text: '' }, dedupeKey: slot.key, notBeforeMs: slot.sendAtMs + COMMIT_GRACE_MS };
  }

  async enqueueRefresh(trx: Db | Transaction<Database>): Promise<void> {
    await outboxRepository(trx).enqueue([this.refresh()], Date.now());
  }

  /** A change that moves its case in the queue (or into it, or out of it) asks for a refresh, in its own transaction. */
  effect(): CaseEffect {
    return {
      name: 'ask for a refresh of the pinned Today message when the case moved in the queue',
      inTransaction: async (trx, change) => {
        if (changesTodayQueue(change.before, change.view.state)) await this.enqueueRefresh(trx);
      },
    };
  }

  /** Renders the queue as it is now and brings the pinned message up to date (called by the delivery). */
  async send(call: TodayCall): Promise<void> {
    const queue = await this.deps.today.queue();
    const links = await outboxRepository(this.deps.db).permalinks(todayCaseIds(queue));
    const { text, blocks } = todayMessage(queue, withLinks(this.deps.ctx(), links));
    const pins = pinnedRepository(this.deps.db);
    let stored = await pins.get(PINNED_NAME);
    if (stored) {
      await call.pace('method:chat.update');
      try {
        await call.client.chat.update({ channel: stored.channel, ts: stored.ts, text, blocks: blocks as never });
      } catch (err) {
        if (errorCode(err) !== 'message_not_found') throw err;
        // Someone deleted it (or unpinned and deleted it): a new one takes its place.
        this.deps.logger.warn({ channel: stored.channel }, 'the Today message was deleted: posting a new one');
        stored = null;
      }
    }
    if (!stored) {
      await call.pace(`channel:${this.deps.channel}`);
      const posted = await call.client.chat.postMessage({ channel: this.deps.channel, text, blocks: blocks as never });
      // Recorded at once: a failed pin is tried again by the retry, which then edits this message.
      stored = { channel: String(posted.channel ?? this.deps.channel), ts: String(posted.ts), pinned: false };
      await pins.posted(PINNED_NAME, stored.channel, stored.ts);
    }
    if (!stored.pinned) {
      await call.pace('method:pins.add');
      try {
        await call.client.pins.add({ channel: stored.channel, timestamp: stored.ts });
      } catch (err) {
        const failure = classifySlackError(err);
        if (failure.kind !== 'permanent' && errorCode(err) !== 'already_pinned') throw err;
        if (errorCode(err) !== 'already_pinned') {
          // The message is up to date; only the pin is missing (the app lacks pins:write): tried again at the next refresh.
          this.deps.logger.warn({ channel: stored.channel, failure }, 'the Today message could not be pinned');
          return;
        }
      }
      await pins.markPinned(PINNED_NAME, stored.ts);
    }
  }
}
