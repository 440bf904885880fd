import type { Role } from '../../domain/permissions.js';
import type { Kysely } from 'kysely';
import type { Db } from '../database.js';
import { prepared } from '../prepared.js';
import type { Database } from '../types.js';

export interface StaffMember {
  slackUserId: string;
  role: Role;
  areas: string[];
  displayName: string | null;
}

function toMember(r: { slack_user_id: string; role: string; areas: string[]; display_name: string | null }): StaffMember {
  return { slackUserId: r.slack_user_id, role: r.role as Role, areas: r.areas, displayName: r.display_name };
}

/** Every Slack request asks for its sender's roles: compiled once (see prepared.ts). */
const rolesQuery = prepared((db: Kysely<Database>, slackUserId: string) => db.selectFrom('staff_roles').selectAll().where('slack_user_id', '=', slackUserId));

export function staffRepository(db: Db) {
  return {
    async rolesOf(slackUserId: string): Promise<StaffMember[]> {
      const { rows } = await rolesQuery(db, slackUserId);
      return rows.map(toMember);
    },

    async grant(
      slackUserId: string,
      role: Role,
      areas: readonly string[],
      displayName: string | null,
      grantedBy: string,
      at: Date,
    ): Promise<void> {
      const values = { areas: [...areas], display_name: displayName, granted_by: grantedBy, granted_at: at };
      await db
        .insertInto('staff_roles')
        .values({ slack_user_id: slackUserId, role, ...values })
        .onConflict((oc) => oc.columns(['slack_user_id', 'role']).doUpdateSet(values))
        .execute();
    },

    async revoke(slackUserId: string, role: Role): Promise<boolean> {
      const res = await db
        .deleteFrom('staff_roles')
        .where('slack_user_id', '=', slackUserId)
        .where('role', '=', role)
        .executeTakeFirst();
      return res.numDeletedRows > 0n;
    },

    /** Everyone holding a role (e.g. the coordinators, who cover for an absent doctor without a cover). */
    async holdersOf(role: Role): Promise<string[]> {
      const rows = await db.selectFrom('staff_roles').select('slack_user_id').where('role', '=', role).orderBy('slack_user_id').execute();
      return rows.map((r) => r.slack_user_id);
    },

    /** The names staff are shown by (captured when a role was granted), by Slack user id: lines name people without pinging them. */
    async displayNames(): Promise<Map<string, string>> {
      const rows = await db
        .selectFrom('staff_roles')
        .select(['slack_user_id', 'display_name'])
        .where('display_name', 'is not', null)
        .orderBy('granted_at')
        .execute();
      return new Map(rows.map((r) => [r.slack_user_id, r.display_name!]));
    },

    async list(): Promise<StaffMember[]> {
      const rows = await db.selectFrom('staff_roles').selectAll().orderBy('role').orderBy('slack_user_id').execute();
      return rows.map(toMember);
    },
  };
}

export type StaffRepository = ReturnType<typeof staffRepository>;
