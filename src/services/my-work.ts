import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { byUrgency } from '../domain/my-work.js';
import type { Actor, Principal } from '../domain/permissions.js';
import type { Db } from '../db/database.js';
import { absencesRepository } from '../db/repositories/absences.js';
import { staffRepository } from '../db/repositories/staff.js';
import type { Logger } from '../logger.js';
import type { CasePage, CaseQueries } from './case-queries.js';

/** One person's morning: what they hold (doctors), the queues they work (coordinators). */
export interface MyWork {
  person: Actor;
  /** The DM goes once per person and local date, however many workers run it and however often. */
  dedupeKey: string;
  /** A doctor's own cases, by urgency (breached first, then the soonest due). */
  held: CasePage;
  /** The coordinators' queues: documents missing, payment to confirm, no reviewer, waiting for the applicant. */
  documents: CasePage;
  payment: CasePage;
  unassigned: CasePage;
  applicant: CasePage;
}

/** Puts each person's morning DM on the one outbound path (the Slack outbox), with the day's Today message. */
export interface MyWorkPublisher {
  publish(works: readonly MyWork[], isoDate: string): Promise<void>;
}

/** How many cases a doctor's list reads before ordering them by urgency (a doctor holds a few dozen at most). */
const HELD_READ = 200;
/** How many cases of each list the DM names; the rest are counted. */
export const MY_WORK_LISTED = 7;

const EMPTY: CasePage = { total: 0, items: [] };

export const myWorkDedupeKey = (userId: string, isoDate: string) => `my-work:${userId}:${isoDate}`;

export function hasWork(w: MyWork): boolean {
  return [w.held, w.documents, w.payment, w.unassigned, w.applicant].some((p) => p.total > 0);
}

/**
 * "My work, each morning" (SPEC section 5): at the digest's hour on an open day, every doctor and
 * coordinator with something to do gets one DM listing it; nobody else gets one. A person away today
 * gets none (their cover and the coordinators are told of their cases as things happen).
 */
export class MyWorkService {
  constructor(
    private readonly deps: {
      db: Db;
      queries: CaseQueries;
      calendar: WorkingCalendar;
      clock: Clock;
      publisher: MyWorkPublisher;
      logger: Logger;
    },
  ) {}

  /** Each person's work as of now (people away and people with nothing to do left out). */
  async build(): Promise<MyWork[]> {
    const now = this.deps.clock.now();
    const isoDate = this.deps.calendar.dayAt(now).isoDate;
    const [staff, away] = await Promise.all([staffRepository(this.deps.db).list(), absencesRepository(this.deps.db).activeAt(now)]);
    const absent = new Set(away.map((a) => a.userId));
    const roles = new Map<string, Set<Principal>>();
    for (const s of staff) {
      if (s.role !== 'doctor' && s.role !== 'coordinator') continue;
      if (absent.has(s.slackUserId)) continue;
      roles.set(s.slackUserId, (roles.get(s.slackUserId) ?? new Set()).add(s.role));
    }
    const anyCoordinator = [...roles.values()].some((r) => r.has('coordinator'));
    // The coordinators share their queues: read once for all of them.
    const q = this.deps.queries;
    const [documents, payment, unassigned, applicant] = anyCoordinator
      ? await Promise.all([
          q.page('waiting_documents', '', MY_WORK_LISTED),
          q.page('waiting_payment', '', MY_WORK_LISTED),
          q.page('unassigned', '', MY_WORK_LISTED),
          q.page('paused', '', MY_WORK_LISTED),
        ])
      : [EMPTY, EMPTY, EMPTY, EMPTY];
    const works: MyWork[] = [];
    for (const [userId, r] of roles) {
      const held = r.has('doctor') ? await this.held(userId) : EMPTY;
      const coordinates = r.has('coordinator');
      const work: MyWork = {
        person: { id: userId, roles: r },
        dedupeKey: myWorkDedupeKey(userId, isoDate),
        held,
        documents: coordinates ? documents : EMPTY,
        payment: coordinates ? payment : EMPTY,
        unassigned: coordinates ? unassigned : EMPTY,
        applicant: coordinates ? applicant : EMPTY,
      };
      if (hasWork(work)) works.push(work);
    }
    return works;
  }

  /** The morning DMs, on open days only (like the digest). Answers how many people were sent one. */
  async sendMorning(): Promise<number> {
    const now = this.deps.clock.now();
    const today = this.deps.calendar.dayAt(now);
    if (!today.open) {
      this.deps.logger.info({ date: today.isoDate, reason: 'closed day' }, 'my work DMs skipped');
      return 0;
    }
    const works = await this.build();
    await this.deps.publisher.publish(works, today.isoDate);
    this.deps.logger.info({ date: today.isoDate, people: works.length }, 'my work DMs queued');
    return works.length;
  }

  private async held(userId: string): Promise<CasePage> {
    const page = await this.deps.queries.page('mine', userId, HELD_READ);
    return { total: page.total, items: byUrgency(page.items).slice(0, MY_WORK_LISTED) };
  }
}
