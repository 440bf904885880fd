import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from 'express';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { seenRequestsRepository } from '../db/repositories/seen-requests.js';

/** Slack's rule: a signed request is good for 5 minutes either side of its timestamp. */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
/** Kept a minute longer than the window, so clocks a little apart between processes do not matter. */
const REMEMBER_MS = SIGNATURE_WINDOW_MS * 2 + 60_000;
/** The replay check may not hold up an acknowledgement longer than this. */
const LEDGER_TIMEOUT_MS = 1_000;
const BODY_LIMIT = '4mb';

export type GuardVerdict = { ok: true; signature: string } | { ok: false; reason: 'unsigned' | 'stale' | 'future' | 'bad_signature' };

/** Checks a request as Slack signs it: `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`, within 5 minutes either side. */
export function verifySlackSignature(
  signingSecret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  rawBody: Buffer,
  nowMs: number,
): GuardVerdict {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'unsigned' };
  const atMs = Number(timestamp) * 1000;
  if (atMs < nowMs - SIGNATURE_WINDOW_MS) return { ok: false, reason: 'stale' };
  if (atMs > nowMs + SIGNATURE_WINDOW_MS) return { ok: false, reason: 'future' };
  const expected = Buffer.from(`v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  return { ok: true, signature };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}

/**
 * The front door of `/slack/events` in HTTP mode, before Bolt: the signature is checked here (so
 * Bolt's own check is off), a timestamp more than 5 minutes away either way is refused, and a signed
 * request seen before (by any process, remembered in PostgreSQL) is acknowledged and ignored, so a
 * captured click replayed within its window has no second effect.
 */
export function slackRequestGuard(deps: { signingSecret: string; db: Db; logger: Logger; now?: () => number }): Router {
  const now = deps.now ?? (() => Date.now());
  const seen = seenRequestsRepository(deps.db);
  const router = express.Router();
  router.use(express.raw({ type: () => true, limit: BODY_LIMIT }));

  const guard: RequestHandler = (req, res, next) => {
    (req as Request & { receivedAtMs?: number }).receivedAtMs = now();
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = verifySlackSignature(
      deps.signingSecret,
      { timestamp: req.get('x-slack-request-timestamp'), signature: req.get('x-slack-signature') },
      rawBody,
      now(),
    );
    if (!verdict.ok) {
      deps.logger.warn({ reason: verdict.reason }, 'Slack request refused: signature or timestamp');
      res.status(401).end();
      return;
    }
    // Bolt reads the body from here instead of the (already consumed) stream.
    (req as Request & { rawBody?: Buffer }).rawBody = rawBody;
    const nowMs = now();
    withTimeout(seen.firstSighting(`request:${verdict.signature}`, nowMs + REMEMBER_MS, nowMs), LEDGER_TIMEOUT_MS).then(
      (first) => {
        if (first) return next();
        deps.logger.warn('Slack request replayed: acknowledged and ignored');
        res.status(200).end();
      },
      (err: unknown) => {
        // PostgreSQL did not answer in time: the request goes on (whatever it does needs PostgreSQL too).
        deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'replay check skipped');
        next();
      },
    );
  };
  router.use(guard);

  const unreadable: ErrorRequestHandler = (err: { status?: number; type?: string }, _req, res, _next) => {
    const status = err.status === 413 || err.status === 415 ? err.status : 400;
    deps.logger.warn({ status, type: err.type }, 'Slack request body unreadable');
    res.status(status).end();
  };
  router.use(unreadable);
  return router;
}

/**
 * When the request reached the front door, for Bolt's context (`context.receivedAtMs`): Slack's 3 s
 * run from then, not from when a listener starts (the replay check may have taken some of them).
 */
export function arrivalOf(req: Request): { receivedAtMs?: number } {
  const at = (req as Request & { receivedAtMs?: number }).receivedAtMs;
  return at === undefined ? {} : { receivedAtMs: at };
}

/** Every process cleans up what nobody can replay any more, now and then. */
export function purgeSeenRequests(db: Db, nowMs: number): Promise<number> {
  return seenRequestsRepository(db).purgeExpired(nowMs);
}

/** Slack retries an event for about 5 minutes (at once, +1 min, +5 min); its id is kept an hour. */
const EVENT_MEMORY_MS = 60 * 60_000;

/**
 * Bolt middleware for both HTTP and Socket Mode: an event whose id was already handled (a retry after
 * `x-slack-retry-num`, or a Socket Mode envelope with `retry_attempt`) is acknowledged and not run
 * again. Bolt acknowledges events before middleware runs, so this never delays an answer.
 */
export function dedupeEvents(deps: { db: Db; logger: Logger; now?: () => number }): Middleware<AnyMiddlewareArgs> {
  const now = deps.now ?? (() => Date.now());
  const seen = seenRequestsRepository(deps.db);
  return async ({ body, next }) => {
    const eventId = (body as { type?: unknown; event_id?: unknown }).type === 'event_callback' ? (body as { event_id?: unknown }).event_id : undefined;
    if (typeof eventId !== 'string' || eventId === '') return next();
    const nowMs = now();
    const first = await withTimeout(seen.firstSighting(`event:${eventId}`, nowMs + EVENT_MEMORY_MS, nowMs), LEDGER_TIMEOUT_MS).catch(
      (err: unknown) => {
        deps.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'event dedupe skipped');
        return true;
      },
    );
    if (!first) {
      deps.logger.info({ eventId }, 'Slack event delivered again: ignored');
      return;
    }
    await next();
  };
}
