/**
 * The permission table of SPEC section 1, as data. Every action is checked here on the server,
 * whatever the user interface showed.
 */

export const ROLES = ['coordinator', 'doctor', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The web form and document portal act through the HTTP API with this pseudo-role. */
export type Principal = Role | 'integration';

export interface Actor {
  /** Slack user id, or `api:<client>` for an integration. */
  id: string;
  roles: ReadonlySet<Principal>;
}

interface Rule {
  roles: readonly Principal[];
  /** A doctor may do this only on a case they hold; a coordinator may do it on their behalf. */
  holderOnlyFor?: Role;
}

export const PERMISSIONS = {
  create_case: { roles: ['coordinator', 'integration'] },
  record_documents: { roles: ['coordinator', 'integration'] },
  reject_document: { roles: ['coordinator'] },
  confirm_payment: { roles: ['coordinator'] },
  assign: { roles: ['coordinator'] },
  claim: { roles: ['doctor'] },
  release: { roles: ['doctor', 'coordinator'], holderOnlyFor: 'doctor' },
  request_info: { roles: ['doctor', 'coordinator'], holderOnlyFor: 'doctor' },
  info_received: { roles: ['doctor', 'coordinator'], holderOnlyFor: 'doctor' },
  deliver: { roles: ['doctor'], holderOnlyFor: 'doctor' },
  cancel: { roles: ['coordinator'] },
  view_details: { roles: ['coordinator', 'doctor', 'manager', 'admin'] },
  view_case: { roles: ['coordinator', 'doctor', 'manager', 'admin', 'integration'] },
  digest: { roles: ['manager', 'admin'] },
  manage_staff: { roles: ['admin'] },
  /** A doctor records their own absence; a coordinator records anybody's. */
  record_absence: { roles: ['doctor', 'coordinator'], holderOnlyFor: 'doctor' },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof PERMISSIONS;

export type PermissionCheck = { allowed: true } | { allowed: false; needs: readonly Principal[]; holderOnly: boolean };

export function checkPermission(actor: Actor, action: Action, holder: string | null = null): PermissionCheck {
  const rule: Rule = PERMISSIONS[action];
  const granted = rule.roles.filter((r) => actor.roles.has(r));
  if (granted.length === 0) return { allowed: false, needs: rule.roles, holderOnly: false };
  // Any granted role that is not restricted to holders suffices (a coordinator acting for a doctor).
  if (granted.some((r) => r !== rule.holderOnlyFor) || holder === actor.id) return { allowed: true };
  return { allowed: false, needs: rule.roles, holderOnly: true };
}
