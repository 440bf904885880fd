/**
 * Who an event names as its actor: a Slack user id, `api:<client>` (the integration API),
 * `system:<job>`, or `cli:<login>` (an operator at the command line, with database access), which
 * reads `cli:<login> as <Slack user id>` when the operator acts with a member of staff's roles: the
 * history then says who typed the command, not only whose roles it used (`--as` is not a proof).
 */

export function commandLineActorId(login: string, asUserId?: string): string {
  return asUserId ? `cli:${login} as ${asUserId}` : `cli:${login}`;
}

export type ActorIdentity =
  | { kind: 'slack'; userId: string }
  | { kind: 'integration'; client: string }
  | { kind: 'system'; name: string }
  | { kind: 'command_line'; login: string; asUserId: string | null };

const COMMAND_LINE = /^cli:(\S+?)(?: as (\S+))?$/;

export function actorIdentity(actorId: string): ActorIdentity {
  if (actorId.startsWith('api:')) return { kind: 'integration', client: actorId.slice('api:'.length) };
  if (actorId.startsWith('system:')) return { kind: 'system', name: actorId.slice('system:'.length) };
  const cli = COMMAND_LINE.exec(actorId);
  if (cli) return { kind: 'command_line', login: cli[1]!, asUserId: cli[2] ?? null };
  return { kind: 'slack', userId: actorId };
}

/** The Slack user whose roles an actor used, when there is one (for display names). */
export function actingSlackUser(actorId: string): string | null {
  const who = actorIdentity(actorId);
  return who.kind === 'slack' ? who.userId : who.kind === 'command_line' ? who.asUserId : null;
}
