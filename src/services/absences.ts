import type { Clock } from '../clock.js';
import { authoriseAbsence, decideAbsence, decideBack, recipientFor, type AbsenceRequest, type BackDecision, type Recipient } from '../domain/absence.js';
import { Refusal } from '../domain/refusal.js';
import type { Actor } from '../domain/permissions.js';
import type { Db } from '../db/database.js';
import { staffRepository } from '../db/repositories/staff.js';
import { absencesRepository, type StoredAbsence } from '../db/repositories/absences.js';

export interface AbsenceServiceDeps {
  db: Db;
  clock: Clock;
}

/** Records absences and answers who stands in for whom (SPEC section 8, absence cover). */
export class AbsenceService {
  constructor(private readonly deps: AbsenceServiceDeps) {}

  async record(by: Actor, request: AbsenceRequest): Promise<StoredAbsence> {
    const absence = decideAbsence(request, by, this.deps.clock.now());
    if (absence.cover !== null && (await staffRepository(this.deps.db).rolesOf(absence.cover)).length === 0) {
      throw new Refusal('invalid_input', { key: 'cover_not_staff' }, { field: 'cover' });
    }
    const id = await absencesRepository(this.deps.db).insert(absence, by.id, this.deps.clock.now());
    return { ...absence, id };
  }

  /** "I'm back": ends the person's running absence now, or calls off their next one (see `decideBack`); answers what it did. */
  async back(by: Actor, userId: string): Promise<BackDecision<StoredAbsence>> {
    authoriseAbsence(by, userId);
    const now = this.deps.clock.now();
    return this.deps.db.transaction().execute(async (trx) => {
      const repo = absencesRepository(trx);
      const decision = decideBack(await repo.upcoming(now, userId), now);
      if (decision.kind === 'end' && (await repo.endRunning(userId, now)) > 0) return decision;
      if (decision.kind === 'cancel' && (await repo.cancelAhead(decision.absence.id, now))) return decision;
      return { kind: 'none' };
    });
  }

  /** A person's absences that have not ended, running or ahead, soonest first. */
  async upcoming(userId: string, atMs = this.deps.clock.now()): Promise<StoredAbsence[]> {
    return absencesRepository(this.deps.db).upcoming(atMs, userId);
  }

  async away(atMs = this.deps.clock.now()): Promise<StoredAbsence[]> {
    return absencesRepository(this.deps.db).activeAt(atMs);
  }

  async isAway(userId: string, atMs = this.deps.clock.now()): Promise<boolean> {
    return (await absencesRepository(this.deps.db).activeAt(atMs, userId)).length > 0;
  }

  async recipientFor(userId: string, atMs = this.deps.clock.now()): Promise<Recipient> {
    return recipientFor(await this.away(atMs), userId, atMs);
  }
}
