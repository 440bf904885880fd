import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Table types for Kysely. Column names are snake_case as in the migrations. */

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface CasesTable {
  id: Generated<number>;
  reference: string;
  year: number;
  seq: number;
  external_id: string | null;
  status: string;
  applicant_type: string;
  pathology_area: string;
  language: string;
  image_review: boolean;
  delivery_channel: string;
  expected_cents: number;
  assignee: string | null;
  payment_state: string;
  docs_completed_at: Timestamp | null;
  sla_state: string;
  sla_due_at: Timestamp | null;
  sla_breached: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  sla_elapsed_seconds: Generated<number>;
  paused_since: Timestamp | null;
  closed_at: Timestamp | null;
  sla_paused_seconds: Generated<number>;
  pause_count: Generated<number>;
  personal_data_erased_at: Timestamp | null;
}

export interface CasePersonalDataTable {
  case_id: number;
  applicant_name: string;
  applicant_email: string | null;
  applicant_phone: string | null;
  patient_name: string;
  patient_birth_date: string;
  patient_tax_code: string | null;
  patient_email: string | null;
  patient_phone: string | null;
  notes: string | null;
  /** The names as matching keys (`caseNameKeys`): written by the repository, never by a caller. */
  name_keys: ColumnType<string[], string[] | undefined, string[]>;
  /** The language the applicant is written to; null: the documentation language. */
  applicant_language: Generated<string | null>;
}

/** One of a case's names as a matching key: kept from `case_personal_data.name_keys` by PostgreSQL (a trigger). */
export interface CaseNameKeysTable {
  key: string;
  case_id: number;
}

export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  type: string;
  actor: string;
  effective_at: Timestamp;
  recorded_at: Timestamp;
  reason: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
}

export interface ChecklistItemsTable {
  case_id: number;
  item: string;
  required: boolean;
  state: string;
  received_at: Timestamp | null;
  reason: string | null;
}

export interface PaymentsTable {
  case_id: number;
  expected_cents: number;
  state: string;
  received_cents: number | null;
  value_date: string | null;
  bank_reference: string | null;
  mismatch: string | null;
  reason: string | null;
}

export interface StaffRolesTable {
  slack_user_id: string;
  role: string;
  areas: ColumnType<string[], string[], string[]>;
  granted_by: string;
  granted_at: Timestamp;
  display_name: string | null;
}

export interface CaseConsultsTable {
  case_id: number;
  consult: number;
  area: string;
  state: string;
  assignee: string | null;
  due_at: Timestamp | null;
  image_review: boolean;
}

export interface AbsencesTable {
  id: Generated<number>;
  slack_user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  cover: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface SlackCardsTable {
  case_id: number;
  channel: string;
  ts: string;
  /** Asked of Slack (`chat.getPermalink`) when the card is posted; null until Slack answered. */
  permalink: string | null;
}

/** A message the app keeps pinned in a channel (the Today message), by name: where it is, and whether the pin went. */
export interface SlackPinnedTable {
  name: string;
  channel: string;
  ts: string;
  pinned: Generated<boolean>;
}

export interface SlackOutboxTable {
  id: Generated<number>;
  case_id: number | null;
  /** `today`: the pinned Today message of the triage channel, rendered when sent (see migration 2026-12-03T0900). */
  kind: 'card' | 'thread' | 'channel' | 'dm' | 'today';
  target: string | null;
  payload: ColumnType<OutboxPayload, string, string>;
  dedupe_key: string | null;
  status: 'pending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** Whose lease a message in flight is (see migration T1010). */
  claimed_by: Generated<string | null>;
  /** The rate-limit key whose turn a waiting message holds (see migration T1010). */
  paced_key: Generated<string | null>;
  /** Messages of one stream go in order (see `outboxStream`); null: no order. */
  stream: string | null;
  /** Where a sent DM landed, as Slack answered (see migration 2026-12-03T1100): a later message can rewrite it. */
  posted_channel: Generated<string | null>;
  posted_ts: Generated<string | null>;
}

export interface SlackRateLimitsTable {
  key: string;
  tokens: number;
  updated_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface SlackSeenRequestsTable {
  key: string;
  expires_at: Timestamp;
}

/** What a queued message says: plain text (notification fallback) and optional Block Kit blocks. */
export interface OutboxPayload {
  text: string;
  blocks?: unknown[];
  /** Thread lines: also show in the channel. */
  broadcast?: boolean;
  /** Files shared with the message (files.uploadV2; `text` is their comment): a report's CSV, a chart. */
  files?: OutboxFile[];
  /** DMs: instead of posting, rewrite in place (chat.update) the DM this outbox message sent; nothing when it never went. */
  rewrites?: number;
}

export interface OutboxFile {
  filename: string;
  title: string;
  contentBase64: string;
  /** Description of an image for screen readers. */
  altText?: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  case_id: number | null;
  subject: string;
  kind: string;
  occurrence: number;
  due_at: Timestamp;
  status: string;
  /** Why a notification could never go (`failed`), for whoever looks. */
  last_error: string | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  /** The actor that used the key (`api:<client name>`): keys of two clients never meet. */
  client: string;
  key: string;
  request_hash: string;
  case_id: number;
  created_at: Timestamp;
}

export interface ReferenceCountersTable {
  year: number;
  last_value: number;
}

/**
 * Open cases per state, area and doctor, written only by a trigger on `cases`: each row is a change
 * to a group's count; a group's count is the sum of its rows.
 */
export interface OpenCaseTalliesTable {
  status: string;
  pathology_area: string;
  assignee: string | null;
  n: number;
}

/** Cases created per hour, written only by a trigger on `cases`: an hour's count is the sum of its rows. */
export interface CaseCreatedHoursTable {
  hour: Date;
  n: number;
}

/** One imported statement file (SPEC section 11). */
export interface BankStatementsTable {
  id: Generated<number>;
  format: string;
  imported_by: string;
  imported_at: Timestamp;
  entries: number;
  credits: number;
  new_credits: number;
  skipped: number;
}

/** A booked euro credit of a statement, and what became of it. */
export interface BankTransfersTable {
  id: Generated<number>;
  entry_key: string;
  statement_id: number;
  /** Blanked (null) by the erasure of the case it belongs to. */
  bank_reference: string | null;
  booking_date: ColumnType<string | null, string | null, string | null>;
  value_date: ColumnType<string, string, string>;
  amount_cents: number;
  /** Personal data. */
  payer_name: string | null;
  /** Personal data. */
  remittance: string | null;
  outcome: 'matched' | 'ambiguous' | 'unmatched';
  reason: ColumnType<unknown, string, string>;
  exact: boolean;
  fitting_case_ids: ColumnType<number[], number[] | undefined, number[]>;
  case_id: number | null;
  matched_by: string | null;
  matched_at: Timestamp | null;
  dismissed_by: string | null;
  dismissed_at: Timestamp | null;
  created_at: Timestamp;
}

/** One e-mail to an applicant (SPEC section 10); see migration 2026-12-02T1400. */
export interface MailOutboxTable {
  id: Generated<number>;
  case_id: number;
  kind: string;
  occurrence: number;
  series: string | null;
  status: 'pending' | 'sent' | 'failed' | 'cancelled';
  to_address: string | null;
  language: string;
  subject: string;
  text_body: string;
  html_body: string;
  facts: ColumnType<Record<string, unknown>, string, string>;
  message_id: string;
  due_at: Timestamp;
  next_attempt_at: Timestamp;
  claimed_by: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  delivery_confirmed_at: Timestamp | null;
}

/** The metadata of one message read from the mailbox; never its subject or body. */
export interface MailInboundTable {
  id: Generated<number>;
  message_id: string | null;
  mailbox: string;
  uidvalidity: ColumnType<string, number | string | bigint, never>;
  uid: ColumnType<string, number | string | bigint, never>;
  received_at: Timestamp;
  from_address: string | null;
  kind: 'reply' | 'pec_receipt' | 'unmatched';
  pec: boolean;
  case_id: number | null;
  matched_by: string | null;
  outbox_id: number | null;
  attachments: ColumnType<MailAttachment[], string, string>;
  handled_at: Timestamp | null;
  handled_by: string | null;
  recorded_at: Timestamp;
}

export interface MailAttachment {
  /** The MIME type, e.g. application/pdf. */
  type: string;
  size: number;
}

export interface Database {
  cases: CasesTable;
  case_personal_data: CasePersonalDataTable;
  case_name_keys: CaseNameKeysTable;
  case_events: CaseEventsTable;
  checklist_items: ChecklistItemsTable;
  payments: PaymentsTable;
  staff_roles: StaffRolesTable;
  notifications: NotificationsTable;
  idempotency_keys: IdempotencyKeysTable;
  reference_counters: ReferenceCountersTable;
  slack_cards: SlackCardsTable;
  slack_pinned: SlackPinnedTable;
  slack_outbox: SlackOutboxTable;
  slack_seen_requests: SlackSeenRequestsTable;
  slack_rate_limits: SlackRateLimitsTable;
  absences: AbsencesTable;
  case_consults: CaseConsultsTable;
  open_case_tallies: OpenCaseTalliesTable;
  case_created_hours: CaseCreatedHoursTable;
  bank_statements: BankStatementsTable;
  bank_transfers: BankTransfersTable;
  mail_outbox: MailOutboxTable;
  mail_inbound: MailInboundTable;
}

export type CaseRow = Selectable<CasesTable>;
export type NewCaseRow = Insertable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
