import type { Clock } from '../clock.js';
import { authorise } from '../domain/actions.js';
import { Refusal } from '../domain/refusal.js';
import { cleanDisplayName } from '../domain/text-rules.js';
import type { Actor, Principal, Role } from '../domain/permissions.js';
import { staffRepository, type StaffMember } from '../db/repositories/staff.js';
import type { Db } from '../db/database.js';

export interface StaffServiceDeps {
  db: Db;
  clock: Clock;
  /** Admins from ADMIN_SLACK_USER_IDS, before anyone was given a role. */
  bootstrapAdmins: readonly string[];
  /** The areas a doctor may cover: pathology areas and specialist areas of the configuration. */
  areas: readonly string[];
}

/** Who is who: roles come from the staff table, plus the bootstrap admins from configuration. */
export class StaffService {
  private readonly repo;

  constructor(private readonly deps: StaffServiceDeps) {
    this.repo = staffRepository(deps.db);
  }

  async roles(slackUserId: string): Promise<Set<Role>> {
    const roles = new Set<Role>((await this.repo.rolesOf(slackUserId)).map((m) => m.role));
    if (this.deps.bootstrapAdmins.includes(slackUserId)) roles.add('admin');
    return roles;
  }

  async actor(slackUserId: string): Promise<Actor> {
    return { id: slackUserId, roles: new Set<Principal>(await this.roles(slackUserId)) };
  }

  /** The areas a doctor covers (pathology and specialist areas); none for anyone else. */
  async doctorAreas(slackUserId: string): Promise<string[]> {
    return (await this.repo.rolesOf(slackUserId)).find((m) => m.role === 'doctor')?.areas ?? [];
  }

  async membership(slackUserId: string): Promise<StaffMember[]> {
    return this.repo.rolesOf(slackUserId);
  }

  async grant(by: Actor, slackUserId: string, role: Role, areas: readonly string[], displayName: string | null): Promise<void> {
    authorise(by, 'manage_staff');
    const unknown = areas.find((a) => !this.deps.areas.includes(a));
    if (unknown !== undefined) {
      throw new Refusal('invalid_input', { key: 'unknown_staff_area', area: unknown, areas: this.deps.areas }, { field: 'areas' });
    }
    await this.repo.grant(slackUserId, role, areas, cleanDisplayName(displayName), by.id, new Date(this.deps.clock.now()));
  }

  async revoke(by: Actor, slackUserId: string, role: Role): Promise<void> {
    authorise(by, 'manage_staff');
    if (!(await this.repo.revoke(slackUserId, role))) {
      throw new Refusal('invalid_input', { key: 'role_not_held', role }, { field: 'role' });
    }
  }

  /** Display names by Slack user id (lines name people without pinging them). */
  async displayNames(): Promise<Map<string, string>> {
    return this.repo.displayNames();
  }

  async list(): Promise<StaffMember[]> {
    return this.repo.list();
  }
}
