import type { Migration } from 'kysely';
import * as initial from './2026-11-26T0900_initial.js';
import * as slack from './2026-11-26T1100_slack.js';
import * as slaColumns from './2026-11-26T1500_sla_columns.js';
import * as slackReplay from './2026-11-27T1000_slack_replay.js';
import * as slackPace from './2026-11-27T1010_slack_pace.js';
import * as notificationAttempts from './2026-11-27T1300_notification_attempts.js';
import * as paymentBesideReview from './2026-11-27T1400_payment_beside_review.js';
import * as cardPermalink from './2026-11-27T1500_card_permalink.js';
import * as absences from './2026-11-27T1600_absences.js';
import * as caseConsults from './2026-11-27T1610_case_consults.js';
import * as evidence from './2026-11-27T1700_evidence.js';
import * as erasure from './2026-11-27T1710_erasure.js';
import * as writeOnlyVersions from './2026-11-27T1800_write_only_versions.js';
import * as unloggedReplayLedger from './2026-11-28T1900_unlogged_replay_ledger.js';
import * as outboxStreams from './2026-11-28T1910_outbox_streams.js';
import * as scaleIndexes from './2026-11-28T2000_scale_indexes.js';
import * as openCaseTallies from './2026-11-28T2010_open_case_tallies.js';
import * as createdHourTallies from './2026-11-28T2020_created_hour_tallies.js';
import * as coordinatorQueues from './2026-11-28T2030_coordinator_queues.js';
import * as idempotencyPerClient from './2026-12-02T1000_idempotency_per_client.js';
import * as bankStatements from './2026-12-02T1500_bank_statements.js';
import * as mail from './2026-12-02T1400_mail.js';
import * as caseNameKeys from './2026-12-03T0130_case_name_keys.js';
import * as todayMessage from './2026-12-03T0900_today_message.js';
import * as postedDms from './2026-12-03T1100_posted_dms.js';

/**
 * Every migration, by a name that sorts by date. A static list (instead of reading the folder)
 * works the same from TypeScript sources in tests and compiled JavaScript in the image.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-26T0900_initial': initial,
  '2026-11-26T1100_slack': slack,
  '2026-11-26T1500_sla_columns': slaColumns,
  '2026-11-27T1000_slack_replay': slackReplay,
  '2026-11-27T1010_slack_pace': slackPace,
  '2026-11-27T1300_notification_attempts': notificationAttempts,
  '2026-11-27T1400_payment_beside_review': paymentBesideReview,
  '2026-11-27T1500_card_permalink': cardPermalink,
  '2026-11-27T1600_absences': absences,
  '2026-11-27T1610_case_consults': caseConsults,
  '2026-11-27T1700_evidence': evidence,
  '2026-11-27T1710_erasure': erasure,
  '2026-11-27T1800_write_only_versions': writeOnlyVersions,
  '2026-11-28T1900_unlogged_replay_ledger': unloggedReplayLedger,
  '2026-11-28T1910_outbox_streams': outboxStreams,
  '2026-11-28T2000_scale_indexes': scaleIndexes,
  '2026-11-28T2010_open_case_tallies': openCaseTallies,
  '2026-11-28T2020_created_hour_tallies': createdHourTallies,
  '2026-11-28T2030_coordinator_queues': coordinatorQueues,
  '2026-12-02T1000_idempotency_per_client': idempotencyPerClient,
  '2026-12-02T1500_bank_statements': bankStatements,
  '2026-12-02T1400_mail': mail,
  '2026-12-03T0130_case_name_keys': caseNameKeys,
  '2026-12-03T0900_today_message': todayMessage,
  '2026-12-03T1100_posted_dms': postedDms,
};
