import { sql, type Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../types.js';
import { forgetRequestsOfCase } from './idempotency.js';

/**
 * Keys of stored event data that hold free text someone typed, which may name the patient: a
 * question to the applicant or a consultant, a payment's transfer reason (the payment modal tells
 * the patient to write their name there). Erasure blanks them to "", as the append-only trigger allows.
 */
const FREE_TEXT_EVENT_KEYS = ['question', 'bankReference'] as const;
import { mailOutboxRepository } from './mail-outbox.js';
import { bankTransfersRepository } from './bank-transfers.js';

/** Queries of the retention of personal data (SPEC section 9). */
export function retentionRepository(db: Db | Transaction<Database>) {
  return {
    /** Closed cases whose personal data are still kept, closed before the instant, oldest first. */
    async expired(closedBeforeMs: number, limit: number): Promise<string[]> {
      const rows = await db
        .selectFrom('cases')
        .select('reference')
        .where('closed_at', 'is not', null)
        .where('personal_data_erased_at', 'is', null)
        .where('closed_at', '<', new Date(closedBeforeMs))
        .orderBy('closed_at')
        .limit(limit)
        .execute();
      return rows.map((r) => r.reference);
    },

    /**
     * Erases what may identify the patient: the personal data row, the free text of the history
     * (reasons, questions, transfer reasons: blanked, as the append-only trigger allows only inside an
     * erasure), free text kept beside the payment and the checklist, and the portal's external id.
     * The idempotency records keep only a one-way digest of their key, and no hash of the request
     * that carried the personal data: a retry of the original creation is recognised (and refused,
     * `idempotencyRepository.find`) without the database keeping what the key was. Must run in the
     * erasing transaction.
     */
    async erase(trx: Transaction<Database>, caseId: number, keepEventsFrom: readonly string[]): Promise<void> {
      await sql`SET LOCAL opinion_desk.erasing = 'on'`.execute(trx);
      await trx.deleteFrom('case_personal_data').where('case_id', '=', caseId).execute();
      await sql`
        UPDATE case_events
           SET reason = NULL,
               data = (SELECT coalesce(jsonb_object_agg(key, CASE WHEN key IN (${sql.join(FREE_TEXT_EVENT_KEYS)}) THEN '""'::jsonb ELSE value END), '{}'::jsonb)
                         FROM jsonb_each(data))
         WHERE case_id = ${caseId}
           AND type NOT IN (${sql.join(keepEventsFrom)})
           AND (reason IS NOT NULL OR data ?| ${sql.val(FREE_TEXT_EVENT_KEYS)}::text[])
      `.execute(trx);
      await sql`SET LOCAL opinion_desk.erasing = 'off'`.execute(trx);
      await trx.updateTable('payments').set({ reason: null, bank_reference: null }).where('case_id', '=', caseId).execute();
      await trx.updateTable('checklist_items').set({ reason: null }).where('case_id', '=', caseId).execute();
      await trx.updateTable('cases').set({ external_id: null }).where('id', '=', caseId).execute();
      await forgetRequestsOfCase(trx, caseId);
      // Correspondence (SPEC section 10): addresses, subjects and bodies go; kind, instants and state stay.
      await mailOutboxRepository(trx).erase(caseId);
      await trx.updateTable('mail_inbound').set({ from_address: null }).where('case_id', '=', caseId).execute();
      // Bank credits (SPEC section 11): the payer's name, the remittance text and the bank's reference go; amount and dates stay.
      await bankTransfersRepository(trx).eraseTextsOfCase(caseId);
    },
  };
}
