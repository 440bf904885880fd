import { DateTime } from 'luxon';
import type { Db } from '../db/database.js';
import { reportsRepository } from '../db/repositories/reports.js';
import { actingSlackUser } from '../domain/actor-id.js';
import { authorise } from '../domain/actions.js';
import type { Actor } from '../domain/permissions.js';
import type { CaseService } from './cases.js';

export interface HistoryEntry {
  /** Position in the history, from 1. */
  seq: number;
  /** The event type, e.g. `claimed`, `details_viewed` (each view of the personal data), `personal_data_erased`. */
  kind: string;
  /** Slack user id, `api:<client>`, `system:retention`, `cli:<login>` or `cli:<login> as <Slack user id>`. */
  actor: string;
  actorName: string | null;
  /** When it happened (a backdated receipt) and when it was recorded, ISO 8601 in the calendar's zone. */
  effectiveAt: string;
  recordedAt: string;
  reason: string | null;
  /** The event's own facts (item, assignee, amounts…), without its type. */
  details: Record<string, unknown>;
}

export interface PersonalDataExport {
  applicantName: string;
  applicantEmail: string | null;
  applicantPhone: string | null;
  patientName: string;
  patientBirthDate: string;
  patientTaxCode: string | null;
  patientEmail: string | null;
  patientPhone: string | null;
  notes: string | null;
}

export interface HistoryExport {
  reference: string;
  status: string;
  timeZone: string;
  personalDataErasedAt: string | null;
  events: HistoryEntry[];
  /** Only when a manager or an admin asked for it (CLI), and that request is itself in `events`. */
  personalData?: PersonalDataExport | null;
}

export interface HistoryExportServiceDeps {
  db: Db;
  cases: CaseService;
  /** The calendar's zone: instants are exported in it. */
  timeZone: string;
}

/**
 * The case history for audits and for a patient's access request (SPEC section 9): every event with
 * its actor, kind, effective and recorded instants and reason, each view of the personal data
 * included. Personal data are added only for a manager or an admin, and exporting them is recorded
 * as a view of them before the history is read.
 */
export class HistoryExportService {
  constructor(private readonly deps: HistoryExportServiceDeps) {}

  async export(reference: string, options: { withPersonalDataFor?: Actor } = {}): Promise<HistoryExport> {
    const by = options.withPersonalDataFor;
    if (by) {
      authorise(by, 'export_personal_data');
      await this.deps.cases.execute(reference, { type: 'view_details' }, by);
    }
    const view = await this.deps.cases.get(reference);
    const history = await this.deps.cases.history(reference);
    // The CLI acting for a member of staff (`cli:<login> as <id>`) is shown with that person's name.
    const staffIds = history.map((e) => actingSlackUser(e.actor)).filter((id): id is string => id !== null);
    const names = await reportsRepository(this.deps.db).displayNames([...new Set(staffIds)]);
    const iso = (ms: number) => DateTime.fromMillis(ms, { zone: this.deps.timeZone }).toISO()!;
    const events = history.map((e, i) => {
      const { type, ...details } = e.data;
      return {
        seq: i + 1,
        kind: type,
        actor: e.actor,
        actorName: names.get(actingSlackUser(e.actor) ?? '') ?? null,
        effectiveAt: iso(e.effectiveAtMs),
        recordedAt: iso(e.recordedAtMs),
        reason: e.reason,
        details,
      };
    });
    const erasedAt = view.state.personalDataErasedAtMs;
    const out: HistoryExport = {
      reference: view.reference,
      status: view.state.status,
      timeZone: this.deps.timeZone,
      personalDataErasedAt: erasedAt === null ? null : iso(erasedAt),
      events,
    };
    if (!by) return out;
    const p = await this.deps.cases.personalData(view.id);
    out.personalData = p
      ? {
          applicantName: p.applicant_name,
          applicantEmail: p.applicant_email,
          applicantPhone: p.applicant_phone,
          patientName: p.patient_name,
          patientBirthDate: String(p.patient_birth_date),
          patientTaxCode: p.patient_tax_code,
          patientEmail: p.patient_email,
          patientPhone: p.patient_phone,
          notes: p.notes,
        }
      : null;
    return out;
  }
}
