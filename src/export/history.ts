import type { HistoryExport } from '../services/history-export.js';
import { toCsv } from './csv.js';

/**
 * One row per event. With personal data (CLI, managers and admins) a first row of kind
 * `personal_data` carries them as JSON in `details`.
 */
export function historyCsv(h: HistoryExport): string {
  const personal = h.personalData
    ? [[h.reference, 0, 'personal_data', null, null, null, null, null, JSON.stringify(h.personalData)] as const]
    : [];
  return toCsv(
    ['reference', 'seq', 'kind', 'actor', 'actor_name', 'effective_at', 'recorded_at', 'reason', 'details'],
    [
      ...personal,
      ...h.events.map((e) => [h.reference, e.seq, e.kind, e.actor, e.actorName, e.effectiveAt, e.recordedAt, e.reason, JSON.stringify(e.details)]),
    ],
  );
}
