import type { Role } from '../../domain/permissions.js';
import type { Db } from '../database.js';

export interface StaffMember {
  slackUserId: string;
  role: Role;
  areas: string[];
}

export function staffRepository(db: Db) {
  return {
    async rolesOf(slackUserId: string): Promise<StaffMember[]> {
      const rows = await db.selectFrom('staff_roles').selectAll().where('slack_user_id', '=', slackUserId).execute();
      return rows.map((r) => ({ slackUserId: r.slack_user_id, role: r.role as Role, areas: r.areas }));
    },

    async grant(slackUserId: string, role: Role, areas: readonly string[], grantedBy: string, at: Date): Promise<void> {
      await db
        .insertInto('staff_roles')
        .values({ slack_user_id: slackUserId, role, areas: [...areas], granted_by: grantedBy, granted_at: at })
        .onConflict((oc) => oc.columns(['slack_user_id', 'role']).doUpdateSet({ areas: [...areas], granted_by: grantedBy, granted_at: at }))
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

    async list(): Promise<StaffMember[]> {
      const rows = await db.selectFrom('staff_roles').selectAll().orderBy('role').orderBy('slack_user_id').execute();
      return rows.map((r) => ({ slackUserId: r.slack_user_id, role: r.role as Role, areas: r.areas }));
    },
  };
}

export type StaffRepository = ReturnType<typeof staffRepository>;
