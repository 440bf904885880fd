/** Who acts: the roles of SPEC section 1. What each role may do, and when, is the action table (`actions.ts`). */

export const ROLES = ['coordinator', 'doctor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The web form and document portal act through the HTTP API with this pseudo-role. */
export type Principal = Role | 'integration';

export interface Actor {
  /** Slack user id, or `api:<client>` for an integration. */
  id: string;
  roles: ReadonlySet<Principal>;
}
