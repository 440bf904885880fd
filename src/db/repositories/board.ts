import { sql } from 'kysely';
import { OPEN_STATUSES } from '../../domain/case.js';
import type { Db } from '../database.js';
import { parseStoredEvent, StoredEventError } from '../stored-events.js';

/** A consult as App Home lists it: which case, which area, where it stands and when it is due. */
export interface ConsultLine {
  caseId: number;
  reference: string;
  consult: number;
  area: string;
  state: 'open' | 'claimed';
  assignee: string | null;
  dueAtMs: number | null;
  /** The question asked, read only for the consultant's own list (App Home is seen by one person alone). */
  question?: string | null;
  /** The image-review consult (its question is the new report on the images), read with the question. */
  imageReview?: boolean;
}

export interface ConsultPage {
  total: number;
  items: ConsultLine[];
}

/** A doctor away now who holds open cases, for the coordinators' App Home. */
export interface AbsentHolder {
  userId: string;
  untilMs: number;
  cover: string | null;
  openCases: number;
}

/** Queries over the board's derived `case_consults` rows and the absences of case holders. */
export function boardRepository(db: Db) {
  const pending = () =>
    db
      .selectFrom('case_consults as k')
      .innerJoin('cases as c', 'c.id', 'k.case_id')
      .where('k.state', 'in', ['open', 'claimed'])
      .where('c.status', 'in', [...OPEN_STATUSES]);

  async function page(q: ReturnType<typeof pending>, limit: number): Promise<ConsultPage> {
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      q
        .select(['c.id', 'c.reference', 'k.consult', 'k.area', 'k.state', 'k.assignee', 'k.due_at'])
        .orderBy(sql`k.due_at asc nulls last`)
        .orderBy('c.id')
        .limit(limit)
        .execute(),
    ]);
    return {
      total: Number(count.n),
      items: rows.map((r) => ({
        caseId: r.id,
        reference: r.reference,
        consult: r.consult,
        area: r.area,
        state: r.state as ConsultLine['state'],
        assignee: r.assignee,
        dueAtMs: r.due_at === null ? null : r.due_at.getTime(),
      })),
    };
  }

  /**
   * The questions of these consults, from the events that asked them (parsed like any stored event,
   * so an erased question reads as blank); a request whose event cannot be read has no question.
   */
  async function questions(lines: readonly ConsultLine[]): Promise<Map<string, { question: string | null; imageReview: boolean }>> {
    const found = new Map<string, { question: string | null; imageReview: boolean }>();
    if (lines.length === 0) return found;
    const rows = await db
      .selectFrom('case_events')
      .select(['id', 'case_id', 'actor', 'effective_at', 'recorded_at', 'reason', 'data'])
      .where('case_id', 'in', [...new Set(lines.map((l) => l.caseId))])
      .where('type', '=', 'consult_requested')
      .execute();
    for (const row of rows) {
      try {
        const e = parseStoredEvent(row);
        if (e.data.type === 'consult_requested') found.set(`${row.case_id}#${e.data.consult}`, { question: e.data.question, imageReview: e.data.imageReview });
      } catch (err) {
        if (!(err instanceof StoredEventError)) throw err;
      }
    }
    return found;
  }

  return {
    /** Consults nobody has taken yet in these areas, soonest due first. */
    async openInAreas(areas: readonly string[], limit: number): Promise<ConsultPage> {
      if (areas.length === 0) return { total: 0, items: [] };
      return page(pending().where('k.state', '=', 'open').where('k.area', 'in', [...areas]), limit);
    },

    /** The consults a doctor holds and has not answered yet, with the question each asks. */
    async heldBy(userId: string, limit: number): Promise<ConsultPage> {
      const held = await page(pending().where('k.assignee', '=', userId), limit);
      const asked = await questions(held.items);
      return {
        ...held,
        items: held.items.map((l) => {
          const a = asked.get(`${l.caseId}#${l.consult}`);
          return { ...l, question: a?.question ?? null, imageReview: a?.imageReview ?? false };
        }),
      };
    },

    /** Consults waiting for an answer, and how many were due before `now`. */
    async counts(now: Date): Promise<{ open: number; late: number }> {
      const row = await pending()
        .select((eb) => [
          eb.fn.countAll<string>().as('open'),
          eb.fn.sum<string>(eb.case().when('k.due_at', '<', now).then(1).else(0).end()).as('late'),
        ])
        .executeTakeFirstOrThrow();
      return { open: Number(row.open), late: Number(row.late ?? 0) };
    },

    /** People away at `now` who hold open cases: who, until when, their cover, how many cases. */
    async absentHolders(now: Date): Promise<AbsentHolder[]> {
      const rows = await db
        .selectFrom('absences as a')
        .innerJoin('cases as c', 'c.assignee', 'a.slack_user_id')
        .where('a.starts_at', '<=', now)
        .where('a.ends_at', '>', now)
        .where('c.status', 'in', [...OPEN_STATUSES])
        .select((eb) => [
          'a.slack_user_id',
          eb.fn.max('a.ends_at').as('until'),
          eb.fn.max('a.cover').as('cover'),
          eb.fn.count<string>('c.id').distinct().as('n'),
        ])
        .groupBy('a.slack_user_id')
        .orderBy('a.slack_user_id')
        .execute();
      return rows.map((r) => ({ userId: r.slack_user_id, untilMs: new Date(r.until).getTime(), cover: r.cover, openCases: Number(r.n) }));
    },

    /** The references of the open cases a person leads. */
    async openCasesHeldBy(userId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('cases')
        .select('reference')
        .where('assignee', '=', userId)
        .where('status', 'in', [...OPEN_STATUSES])
        .orderBy('id')
        .execute();
      return rows.map((r) => r.reference);
    },
  };
}
