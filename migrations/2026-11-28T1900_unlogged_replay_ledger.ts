import { sql, type Kysely } from 'kysely';

/**
 * The replay ledger is checked in front of every Slack request, before its acknowledgement. A logged
 * insert waits for the WAL to reach disk (about 2 ms here, more on a busy disk); an unlogged one does
 * not (about 0.1 ms). What is given up: after a PostgreSQL crash (not a clean restart) the table
 * starts empty, and a standby does not have it, so a request captured in the 5 minutes before a crash
 * or a failover could be replayed once. Signatures still expire after 5 minutes, and every command is
 * still checked against the case's state, so a replayed claim of a case already claimed is refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE slack_seen_requests SET UNLOGGED`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE slack_seen_requests SET LOGGED`.execute(db);
}
