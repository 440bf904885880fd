import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import { boardRepository, type AbsentHolder, type ConsultPage } from '../db/repositories/board.js';

export type { AbsentHolder, ConsultLine, ConsultPage } from '../db/repositories/board.js';

export interface BoardQueriesDeps {
  db: Db;
  clock: Clock;
}

/** Read-side questions about the board and absences (SPEC section 8), answered at the clock's now. */
export class BoardQueries {
  private readonly repo;

  constructor(private readonly deps: BoardQueriesDeps) {
    this.repo = boardRepository(deps.db);
  }

  /** Consults nobody has taken yet in the areas a doctor covers, soonest due first. */
  openInAreas(areas: readonly string[], limit: number): Promise<ConsultPage> {
    return this.repo.openInAreas(areas, limit);
  }

  /** The consults a doctor holds and has not answered yet. */
  heldBy(userId: string, limit: number): Promise<ConsultPage> {
    return this.repo.heldBy(userId, limit);
  }

  /** Consults waiting for an answer, and how many of them are past their deadline (for the digest). */
  counts(): Promise<{ open: number; late: number }> {
    return this.repo.counts(new Date(this.deps.clock.now()));
  }

  /** Doctors away now who hold open cases: who, until when, their cover, how many cases. */
  absentHolders(): Promise<AbsentHolder[]> {
    return this.repo.absentHolders(new Date(this.deps.clock.now()));
  }

  /** The references of the open cases a person leads (for a bulk reassignment). */
  openCasesHeldBy(userId: string): Promise<string[]> {
    return this.repo.openCasesHeldBy(userId);
  }
}
