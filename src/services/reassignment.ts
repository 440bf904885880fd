import { authorise } from '../domain/actions.js';
import { Refusal } from '../domain/refusal.js';
import type { Actor } from '../domain/permissions.js';
import type { BoardQueries } from './board-queries.js';
import type { CaseService } from './cases.js';
import type { StaffService } from './staff.js';

export interface ReassignmentServiceDeps {
  cases: CaseService;
  staff: StaffService;
  board: BoardQueries;
}

/**
 * Absence cover (SPEC section 8): a coordinator moves every open case an absent doctor leads to a
 * colleague in one action. Each case is its own Assign command: its own history event, card update
 * and re-planned reminders; a case already moved changes nothing, so nothing moves twice.
 */
export class ReassignmentService {
  constructor(private readonly deps: ReassignmentServiceDeps) {}

  /** Answers the references that moved. */
  async reassignAll(by: Actor, from: string, to: string): Promise<string[]> {
    authorise(by, 'reassign_all');
    const roles = await this.deps.staff.roles(to);
    if (!roles.has('doctor') || to === from) throw new Refusal('invalid_input', { key: 'not_a_doctor' }, { field: 'assignee' });
    const moved: string[] = [];
    for (const reference of await this.deps.board.openCasesHeldBy(from)) {
      const { changed } = await this.deps.cases.execute(reference, { type: 'assign', assignee: to, assigneeRoles: roles }, by);
      if (changed) moved.push(reference);
    }
    return moved;
  }
}
