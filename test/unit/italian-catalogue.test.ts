import type { MatchReason } from '../../src/domain/transfer-matching.js';
import type { StatementProblem } from '../../src/statements/problems.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { foldCase, slaTimeline } from '../../src/domain/case.js';
import { type CaseEventData, type NewCaseEvent } from '../../src/domain/events.js';
import { CHECKLIST_ITEMS, REJECTION_REASONS, requiredItems } from '../../src/domain/checklist.js';
import type { RefusalReason } from '../../src/domain/refusal.js';
import type { ReminderFacts } from '../../src/domain/notification-policy.js';
import { slaStatus } from '../../src/domain/sla.js';
import type { FieldProblem } from '../../src/domain/text-rules.js';
import type { ConfigProblemKind } from '../../src/config-problem.js';
import { en } from '../../src/i18n/en.js';
import { it as itCatalogue } from '../../src/i18n/it.js';
import type { CaseView } from '../../src/services/cases.js';
import { alertMessage } from '../../src/slack/views/alert.js';
import { caseCard } from '../../src/slack/views/case-card.js';
import { caseLines } from '../../src/slack/views/case-lines.js';
import { digestMessage } from '../../src/slack/views/digest.js';
import { homeView } from '../../src/slack/views/home.js';
import { myWorkMessage } from '../../src/slack/views/my-work.js';
import { todayMessage } from '../../src/slack/views/today.js';
import { newCaseModal } from '../../src/slack/views/modals.js';
import type { RenderContext } from '../../src/slack/views/render-context.js';
import { threadLine } from '../../src/slack/views/thread-line.js';
import { rome } from '../support/time.js';
import { assignModal } from '../../src/slack/actions/assign.js';
import { cancelModal } from '../../src/slack/actions/cancel.js';
import { deliverModal } from '../../src/slack/actions/deliver.js';
import { detailsModal } from '../../src/slack/actions/view-details.js';
import { documentsModal } from '../../src/slack/actions/record-documents.js';
import { infoReceivedModal } from '../../src/slack/actions/info-received.js';
import { paymentModal } from '../../src/slack/actions/confirm-payment.js';
import { releaseModal } from '../../src/slack/actions/release.js';
import { requestInfoModal } from '../../src/slack/actions/request-info.js';

/**
 * The Italian catalogue as the staff write it (docs/glossario.md): every Italian text, each catalogue
 * value rendered with sample arguments and every kind of payload rendered, is read for "SLA", English
 * command words, the words the glossary replaced and the agreement errors this test knows.
 */

// ---------------------------------------------------------------------------------------------------
// What is wrong in an Italian text

const ENGLISH_COMMAND_WORDS = new Set([
  ...Object.keys(en.commands.words),
  ...Object.keys(en.commands.filterWords),
  'add',
  'remove',
  'user',
  'role',
  'areas',
  'cover',
  'colleague',
  'from',
  'to',
  ...Object.keys(en.roles),
  'radiology',
  'head-and-neck',
  'prostate',
]);

/** Words the glossary replaced, as the staff would not write them. */
const REPLACED: [RegExp, string][] = [
  [/\bSLA\b/, '"SLA" (termine, tempi di risposta, conteggio)'],
  [/second opinion(?<!CNAO Second Opinion)/i, '"Second opinion" (Seconda opinione)'],
  [/valutator[ei]|revisor[ei]/i, '"valutatore" (il medico che ha in carico il caso)'],
  [/in revisione/i, '"in revisione" (in valutazione)'],
  [/pagamento in attesa/i, '"pagamento in attesa" (pagamento da confermare)'],
  [/in pausa/i, '"in pausa" (sospeso)'],
  [/\bdigest\b/i, '"digest" (riepilogo)'],
  [/\bpratic[ah]e?\b/i, '"pratica" (caso)'],
  [/parere inviato|inviato il parere/i, '"parere inviato" (parere consegnato)'],
  [/\bistante\b/i, '"istante" (data e ora, momento)'],
  [/\bPuoi: usa\b/, '"Puoi: usa …" (In alternativa: usa …)'],
  [/\bscade(?:va)? (?:lun|mar|mer|gio|ven|sab|dom)\b/, '"scade ven …" of a due instant (il termine è ven …)'],
  [/\b(?:Sono rientrato|Bentornato|sostituito da)\b/, 'a masculine word for a doctor of either sex (Chiudi l\'assenza, Rientro registrato, sostituto:)'],
  [/\b(?:reviewer|claim|breached|doctor|coordinator|admin)\b/i, 'an English word'],
  [/scadut[oaie] da\b|scadenza (?:è|lun|mar|mer|gio|ven|sab|dom)\b|scade a brevissimo/, '"scaduto da", "scadenza" of the due instant (in ritardo di, termine, termine imminente)'],
  [/\b(?:di|by) 0 (?:working )?min\b/, 'overdue by nothing ("in ritardo di 0 min": the due instant is now)'],
  [/è già risposto|: risposto\b/, '"risposto" of a consult (chiuso con risposta, Registra la risposta)'],
];

/** Agreement errors: number with the noun, gender of each document with its participle. */
const SINGULAR_AFTER_MANY = /(?<![\d,.])(?:0|[2-9]|[1-9]\d+) (?:caso|giorno|documento|consulto|volta|sospensione|nuovo|consegnato|aperto|sospeso|h lavorativa)\b/;
const PLURAL_AFTER_ONE = /(?:\b(?:restano|mancano|sono) 1 [a-z])|(?<![\d,.])1 (?:casi|giorni|documenti|consulti|volte|sospensioni|nuovi|consegnati|aperti|sospesi|scaduti|medici|h lavorative|min lavorativi)\b/;
/** A feminine area label (Radiologia, …) with a masculine participle that belongs to "consulto" ("Radiologia aperto"). */
const AREA_WITH_MASCULINE = /\b(?:Radiologia|Radioterapia|Fisica medica|Chirurgia|Prostata) (?:aperto|preso|ritirato|chiuso)\b/;
/** The reader addressed as "voi": the app says "tu", or an infinitive where a DM and a group mention share the text ("Contattare il richiedente"). */
const PLURAL_YOU = /\b(?:Contattate|Sollecitate|Confermate|Registrate|Prendete|Assegnate|Controllate|Scegliete)\b/;
const DOCUMENT_GENDER: [RegExp, 'o' | 'a' | 'e'][] = [
  [/^(?:Tessera|Carta|Documentazione|Relazione|Copia)\b/, 'a'],
  [/^Ultime immagini/, 'e'],
  [/^(?:Modulo|Consenso|Documento)\b/, 'o'],
];

/** The problems of one Italian text (empty when it reads right). */
function problems(text: string): string[] {
  const found: string[] = [];
  const words = text.replace(/<[^>|]+\|([^>]+)>/g, '$1').replace(/<[@#!][^>]+>/g, '@qualcuno').replace(/:[a-z_]+:/g, '');
  for (const [pattern, what] of REPLACED) if (pattern.test(words)) found.push(what);
  for (const code of words.match(/`[^`]+`/g) ?? []) {
    const english = (code.match(/[a-z]+(?:-[a-z]+)*/g) ?? []).filter((w) => ENGLISH_COMMAND_WORDS.has(w));
    if (english.length > 0) found.push(`English command words ${english.join(', ')} in ${code}`);
  }
  const one = PLURAL_AFTER_ONE.exec(words);
  if (one) found.push(`"${one[0]}"`);
  const many = SINGULAR_AFTER_MANY.exec(words);
  if (many) found.push(`"${many[0]}"`);
  const area = AREA_WITH_MASCULINE.exec(words);
  if (area) found.push(`"${area[0]}" (the area is feminine: "consulto di ${area[0]}" or "${area[0].split(' ')[0]}: …")`);
  const you = PLURAL_YOU.exec(words);
  if (you) found.push(`"${you[0]}" (the app says tu, or an infinitive)`);
  for (const item of CHECKLIST_ITEMS) {
    const label = itCatalogue.items[item];
    const ending = DOCUMENT_GENDER.find(([p]) => p.test(label))?.[1];
    const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const participle = new RegExp(`${escaped}\\s*[:(]\\s*(?:ricevut|respint|arrivat)([oaie])\\b`).exec(words);
    if (ending && participle && participle[1] !== ending) found.push(`"${participle[0]}" (the document is ${ending === 'o' ? 'masculine' : ending === 'a' ? 'feminine' : 'feminine plural'})`);
    // The reason a document was rejected agrees with it too: "Tessera sanitaria … (respinta: scaduta)".
    const reason = new RegExp(`${escaped}\\s*[:(]\\s*(?:respint[oaie][:\\s(]+)?(?:non )?(?:scadut|incomplet|controfirmat)([oaie])\\b`).exec(words);
    if (ending && reason && reason[1] !== ending) found.push(`"${reason[0]}" (the reason agrees with the document)`);
    const plural = new RegExp(`${escaped}\\s*[:(]\\s*(?:respinte[:\\s(]+)?illeggibile\\b`).exec(words);
    if (ending === 'e' && plural) found.push(`"${plural[0]}" (illeggibili)`);
  }
  return found;
}

describe('the checker knows the errors the staff saw', () => {
  it.each([
    ['Tessera sanitaria del paziente: respinto (illeggibile)'],
    ['Tessera sanitaria del paziente (respinto: illeggibile)'],
    ['Mario · 1 aperti'],
    ['3 caso aperto'],
    ['In attesa di documenti: SLA non avviato'],
    ['Second opinion SO-2026-0001'],
    ['Assegna valutatore'],
    ['Questa pratica non ha un indirizzo e-mail'],
    ["L'istante non può essere nel futuro."],
    ['Il caso è già in carico a @qualcuno. Puoi: usa Rilascia.'],
    ['In valutazione · pagamento in attesa'],
    ['usa `/so staff add @utente doctor radiology`'],
    ['`/so lista [miei|unassigned]`'],
    ['restano 1 h lavorative'],
    ['scaduto da 4 h lavorative'],
    ['Scade a brevissimo: restano 2 h · scadenza lun 30 nov 2026 10:00'],
    ['In scadenza: restano 1 h lavorativa · termine lun 30 nov 2026 10:00'],
    ['Collegio: referente Dr Bianchi · Radiologia aperto, entro ven 4 dic 2026 09:40'],
    ['Contattate il richiedente (la domanda è nei Dettagli).'],
    ['Tessera sanitaria del paziente (respinta: scaduto)'],
    ['Tessera sanitaria del paziente: respinta (non controfirmato)'],
    ['Ultime immagini diagnostiche (RM, TC, PET) (respinte: illeggibile)'],
    ['Anna ha respinto: Copia del bonifico (incompleto).'],
  ])('%s', (text) => {
    expect(problems(text)).not.toEqual([]);
  });

  it('and lets right Italian through', () => {
    for (const text of [
      'Tessera sanitaria del paziente: respinta (illeggibile)',
      'Ultime immagini diagnostiche (RM, TC, PET): ricevute lun 30 nov 2026 10:00',
      'Dr Bianchi · 1 caso aperto · 2 casi aperti · 0,5 giorni lavorativi',
      '<nome del paziente> - CNAO Second Opinion (nome nei Dettagli)',
      '`/so personale aggiungi @utente medico testa-e-collo`',
      'entro due anni',
    ]) {
      expect(problems(text), text).toEqual([]);
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Every catalogue value, rendered with sample arguments

const REFUSALS: { [K in RefusalReason['key']]: Extract<RefusalReason, { key: K }> } = {
  needs_role: { key: 'needs_role', roles: ['coordinator', 'doctor'] },
  holder_only: { key: 'holder_only' },
  already_held: { key: 'already_held', holder: 'UDOC00001' },
  wrong_state: { key: 'wrong_state', status: 'ready' },
  required: { key: 'required', what: 'reason' },
  invalid_instant: { key: 'invalid_instant' },
  future_instant: { key: 'future_instant' },
  too_early_instant: { key: 'too_early_instant' },
  bad_text: { key: 'bad_text', problem: { key: 'too_long', max: 1 } },
  unknown_item: { key: 'unknown_item', item: 'x' },
  duplicate_item: { key: 'duplicate_item', item: 'x' },
  docs_complete: { key: 'docs_complete' },
  payment_already_confirmed: { key: 'payment_already_confirmed' },
  invalid_amount: { key: 'invalid_amount' },
  invalid_value_date: { key: 'invalid_value_date' },
  payment_mismatch: { key: 'payment_mismatch', mismatch: 'underpaid', expectedCents: 51_800 },
  not_a_doctor: { key: 'not_a_doctor' },
  info_before_request: { key: 'info_before_request' },
  unpaid_delivery: { key: 'unpaid_delivery' },
  delivered_too_early: { key: 'delivered_too_early' },
  not_found: { key: 'not_found', reference: 'SO-2026-0001' },
  idempotency_conflict: { key: 'idempotency_conflict' },
  erased_case_request: { key: 'erased_case_request' },
  role_not_held: { key: 'role_not_held', role: 'doctor' },
  unknown_staff_area: { key: 'unknown_staff_area', area: 'radiologgy', areas: ['head_and_neck', 'radiology'] },
  absence_range: { key: 'absence_range' },
  absence_over: { key: 'absence_over' },
  reminder_over: { key: 'reminder_over' },
  inbox_item_gone: { key: 'inbox_item_gone' },
  self_cover: { key: 'self_cover' },
  cover_not_staff: { key: 'cover_not_staff' },
  own_absence_only: { key: 'own_absence_only' },
  unknown_consult: { key: 'unknown_consult' },
  consult_closed: { key: 'consult_closed', area: 'radiology', state: 'answered' },
  too_long: { key: 'too_long', max: 1 },
  consult_before_documents: { key: 'consult_before_documents' },
  consult_deadline_past: { key: 'consult_deadline_past' },
  consult_after_case_due: { key: 'consult_after_case_due' },
  consult_held: { key: 'consult_held', area: 'radiology', holder: 'URAD00001' },
  not_in_area: { key: 'not_in_area', area: 'radiology' },
  consult_unclaimed: { key: 'consult_unclaimed', area: 'radiology' },
  consult_pending: { key: 'consult_pending', area: 'radiology', state: 'claimed' },
};
const FIELD_PROBLEMS: { [K in FieldProblem['key']]: Extract<FieldProblem, { key: K }> } = {
  required: { key: 'required' },
  too_long: { key: 'too_long', max: 1 },
  control_characters: { key: 'control_characters' },
  invalid_email: { key: 'invalid_email' },
  invalid_choice: { key: 'invalid_choice', options: ['a'] },
  unknown_field: { key: 'unknown_field', fields: ['a'] },
  unknown_area: { key: 'unknown_area', areas: ['Testa e collo'] },
  invalid_birth_date: { key: 'invalid_birth_date' },
  invalid_instant: { key: 'invalid_instant' },
  invalid: { key: 'invalid' },
  not_an_object: { key: 'not_an_object' },
};

/** Every kind of configuration problem the start lists (config-problem.ts). */
const CONFIG_PROBLEMS: { [K in ConfigProblemKind['key']]: Extract<ConfigProblemKind, { key: K }> } = {
  number: { key: 'number', int: true, min: 1, minInclusive: true, max: 3 },
  one_of: { key: 'one_of', options: ['en', 'it'] },
  url: { key: 'url', example: 'redis://host:6379' },
  starts_with: { key: 'starts_with', prefix: 'xoxb-' },
  name_chars: { key: 'name_chars' },
  text_length: { key: 'text_length', max: 200 },
  time_zone: { key: 'time_zone' },
  area_id: { key: 'area_id', id: 'X' },
  area_labels: { key: 'area_labels', part: 'surgery=Surgery', id: 'surgery' },
  radiology_needed: { key: 'radiology_needed' },
  weekday: { key: 'weekday', part: 'funday' },
  no_working_day: { key: 'no_working_day' },
  hours: { key: 'hours', value: '18:00-09:00' },
  holiday_country: { key: 'holiday_country', country: 'XX' },
  holiday_state: { key: 'holiday_state', state: '99', country: 'IT' },
  holiday_region: { key: 'holiday_region', region: 'XX', country: 'IT', state: '25' },
  cron_fields: { key: 'cron_fields', value: '30 8 * *', fields: 4 },
  cron: { key: 'cron', value: '30 25 * * *', cause: 'x' },
  closure: { key: 'closure', part: '13-45' },
  duration: { key: 'duration', value: 'four hours' },
  csv_columns: { key: 'csv_columns', count: 7, example: 'a,b' },
  csv_required: { key: 'csv_required' },
  user_group: { key: 'user_group' },
  iban: { key: 'iban' },
  metrics_port_is_port: { key: 'metrics_port_is_port' },
  slack_required: { key: 'slack_required', why: 'first_roles' },
  unknown_option: { key: 'unknown_option', option: '--migrat' },
  unknown_role: { key: 'unknown_role', role: 'wbe', roles: ['web', 'worker', 'all'] },
  unexpected_argument: { key: 'unexpected_argument', text: 'worker' },
  env_file_unreadable: { key: 'env_file_unreadable', cause: 'EACCES' },
  invalid: { key: 'invalid' },
  smtp_url: { key: 'smtp_url' },
  mail_from_required: { key: 'mail_from_required' },
  mail_address: { key: 'mail_address', named: true },
  imap_url: { key: 'imap_url' },
  mail_kinds: { key: 'mail_kinds', unknown: ['gossip'], known: ['payment'] },
  token_short: { key: 'token_short', entry: { index: 1, name: 'portal' }, length: 5, min: 16, padding: true },
  token_space: { key: 'token_space', entry: { index: 2, name: null } },
  name_twice: { key: 'name_twice', name: 'portal', entries: [{ index: 1, name: 'portal' }, { index: 2, name: 'portal' }] },
  token_twice: { key: 'token_twice', entries: [{ index: 1, name: 'portal' }, { index: 2, name: 'quality' }] },
  scopes_form: { key: 'scopes_form', part: 'portal' },
  scopes_client: { key: 'scopes_client', name: 'portale' },
  scopes_twice: { key: 'scopes_twice', name: 'portal' },
  scope_unknown: { key: 'scope_unknown', name: 'portal', unknown: ['cases.erase'], known: ['cases.read'] },
};

/** Bank statements (SPEC section 11): every reason a credit matched or not, every problem of a file. */
const MATCH_REASONS: MatchReason[] = [
  { key: 'fits', by: 'reference', amountCents: 51_800, expectedCents: 51_800 },
  { key: 'fits', by: 'name', amountCents: 51_750, expectedCents: 51_800 },
  { key: 'fits', by: 'payer', amountCents: 51_800, expectedCents: 51_800 },
  { key: 'several_fit', references: ['SO-2026-0001', 'SO-2026-0002'] },
  { key: 'names_no_case' },
  { key: 'amount_differs', reference: 'SO-2026-0001', amountCents: 50_000, expectedCents: 51_800 },
  { key: 'not_second_opinion', reference: 'SO-2026-0001' },
  { key: 'already_paid', reference: 'SO-2026-0001' },
  { key: 'case_closed', reference: 'SO-2026-0001' },
];
const STATEMENT_PROBLEMS: StatementProblem[] = [
  { key: 'empty' },
  { key: 'not_text' },
  { key: 'doctype' },
  { key: 'malformed_xml', line: 3, detail: "Expected closing tag 'Ntry'" },
  { key: 'malformed_xml', line: null, detail: 'x' },
  { key: 'not_iso20022' },
  { key: 'not_camt', message: 'camt.052.001.08' },
  { key: 'camt_version', message: 'camt.053.001.09' },
  { key: 'unexpected_content', path: 'Document.BkToCstmrStmt', detail: 'missing' },
  { key: 'bad_amount', at: { entry: 2 }, field: 'Amt' },
  { key: 'bad_date', at: { line: 3 }, field: 'Valuta' },
  { key: 'bad_indicator', at: { entry: 1 }, field: 'CdtDbtInd' },
  { key: 'csv_syntax', line: 4 },
  { key: 'csv_columns', missing: ['Importo'] },
  { key: 'csv_decimal_mixed' },
  { key: 'too_many_entries', max: 100_000 },
];

const NUMERIC = /^(?:n|digits|open|consultsHeld|late|missing|received|required|delivered|created|breached|dueSoon|paused|cases|max|cents|expected)$/;
const BOOLEAN = /^(?:suggested|away|reviewUnderWay)$/;

/** Sample values for a parameter, by its name: each number once as 1 and once as 3, each document, both booleans. */
function samples(name: string): unknown[] {
  if (NUMERIC.test(name)) return [1, 3];
  if (BOOLEAN.test(name)) return [true, false];
  if (name === 'item') return [...CHECKLIST_ITEMS];
  if (name === 'consults') return [['Radiologia: da prendere in carico, entro lun 7 dic 2026 10:00']];
  if (name === 'r') return Object.values(REFUSALS);
  // What a refusal offers instead, as refusal-hint.ts composes it: "usa Assegna".
  if (name === 'use') return [itCatalogue.hints.use('Assegna')];
  if (name === 'p') return Object.values(FIELD_PROBLEMS);
  if (name === 'match') return MATCH_REASONS;
  if (name === 'configProblem') return Object.values(CONFIG_PROBLEMS).map((problem) => ({ variable: 'SLA_HOLIDAYS', problem }));
  if (name === 'problem') return STATEMENT_PROBLEMS;
  if (name === 'counts') return [{ entries: 3, credits: 1, new: 1, duplicates: 3, matched: 1, ambiguous: 3, unmatched: 1, skipped: 1 }];
  if (/^(?:cover|to|suggestion)$/.test(name)) return ['<@UDOC00002>', null];
  if (/^(?:ref|reference)$/.test(name)) return ['SO-2026-0001'];
  // The e-mails to applicants (mail-it.ts) take their facts as one object: every field any of them reads.
  // `refusal(r, area)` takes the labeller of areas; elsewhere `area` is a label: this sample is both.
  if (name === 'area') return [Object.assign((id: string) => (id === 'radiology' ? 'Radiologia' : 'Testa e collo'), { toString: () => 'Radiologia' })];
  if (name === 'f') return [MAIL_FACTS, { ...MAIL_FACTS, received: [], missing: [], corrected: false, underpaid: false, reminder: 0 }];
  return ['testo di prova'];
}

const MAIL_FACTS = {
  reference: 'SO-2026-0001',
  received: ['Consenso privacy (controfirmato)'],
  missing: ['Modulo di richiesta firmato'],
  amount: '518,00 €',
  iban: 'IT04J0311111300000000045867',
  beneficiary: 'Fondazione CNAO',
  transferReason: 'Maria Rossi - CNAO Second Opinion',
  completedAt: 'venerdì 4 dicembre 2026, ore 16:00',
  due: 'martedì 15 dicembre 2026, ore 16:00',
  corrected: true,
  since: 'lunedì 30 novembre 2026, ore 10:00',
  question: 'Può inviare il PSA di ottobre?',
  reminder: 1,
  item: "Carta d'identità del paziente",
  reason: 'illeggibile',
  expected: '518,00 €',
  underpaid: true,
  difference: '18,00 €',
  valueDate: '3 dicembre 2026',
  deliveredAt: '15 dicembre 2026',
};

/** The parameter names of a catalogue function as written (`(item, reason) => …`). */
function parameterNames(f: (...args: never[]) => unknown): string[] {
  const source = f.toString();
  const list = /^\s*(?:function[^(]*)?\(([^)]*)\)/.exec(source)?.[1] ?? /^\s*([A-Za-z_$][\w$]*)\s*=>/.exec(source)?.[1] ?? '';
  return list
    .split(',')
    .map((p) => p.trim().replace(/\s*=.*$/, ''))
    .filter(Boolean);
}

/** Every text of a catalogue, with its path: strings as they are, functions called with every combination of samples. */
function renderedValues(o: unknown, path = ''): [string, string][] {
  if (typeof o === 'string') return [[path, o]];
  if (Array.isArray(o)) return o.flatMap((x, i) => renderedValues(x, `${path}[${i}]`));
  if (typeof o === 'function') {
    const names = parameterNames(o as (...args: never[]) => unknown);
    let combos: unknown[][] = [[]];
    for (const name of names) combos = combos.flatMap((c) => samples(name).map((s) => [...c, s]));
    return combos.map((args) => {
      const out = (o as (...a: unknown[]) => unknown)(...args);
      return [`${path}(${args.map((a) => JSON.stringify(a)).join(', ')})`, typeof out === 'object' && out !== null ? JSON.stringify(out) : String(out)];
    });
  }
  if (o && typeof o === 'object') return Object.entries(o).flatMap(([k, v]) => renderedValues(v, path ? `${path}.${k}` : k));
  return [];
}

describe('every value of the Italian catalogue', () => {
  const values = renderedValues(itCatalogue).filter(([path]) => !/^commands\.(?:words|filterWords|staffVerbs)\b/.test(path));

  it('is rendered: every function called with sample arguments', () => {
    expect(values.length).toBeGreaterThan(500);
    expect(values.some(([path]) => path.startsWith('refusal('))).toBe(true);
  });

  it('never says "SLA", an English command word, a replaced word or a known agreement error', () => {
    const wrong = values.flatMap(([path, text]) => problems(text).map((p) => `${path}: ${p}\n    ${text}`));
    expect(wrong).toEqual([]);
  });

  it('offers an Italian word for every subcommand and list filter, and the help says those', () => {
    for (const [key, words] of Object.entries(itCatalogue.commands.words)) expect(words.some((w) => !ENGLISH_COMMAND_WORDS.has(w)), key).toBe(true);
    for (const [key, words] of Object.entries(itCatalogue.commands.filterWords)) expect(words.some((w) => !ENGLISH_COMMAND_WORDS.has(w)), key).toBe(true);
    expect(itCatalogue.commands.help.staff).toContain('/so personale aggiungi @utente <coordinatore|medico|responsabile|amministratore>');
  });
});

// ---------------------------------------------------------------------------------------------------
// Every kind of payload, rendered in Italian

const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
const TARGET = 5 * calendar.workingDayMs;
const NOW = rome('2026-12-04 11:00');
const DOC = 'UDOC00001';
const COORD = 'UCOORD0001';
const ctx: RenderContext = { locale: 'it', zone: 'Europe/Rome', workingDayMs: calendar.workingDayMs, areaLabels: new Map(), nowMs: NOW, links: new Map() };

let nextId = 0;
function caseOf(area: string, ...later: [string, CaseEventData, string?][]): CaseView {
  const created = rome('2026-11-30 09:00');
  const events: NewCaseEvent[] = [
    {
      actor: 'api:portal',
      effectiveAtMs: created,
      recordedAtMs: created,
      reason: null,
      data: { type: 'case_created', applicantType: 'representative', pathologyArea: area, language: 'it', imageReview: true, deliveryChannel: 'courier', expectedCents: 66_800 },
    },
    ...later.map(([at, data, reason]): NewCaseEvent => ({ actor: COORD, effectiveAtMs: rome(at), recordedAtMs: rome(at), reason: reason ?? null, data })),
  ];
  const state = foldCase(events);
  const id = ++nextId;
  return { id, reference: `SO-2026-${String(id).padStart(4, '0')}`, externalId: null, state, sla: slaStatus(calendar, slaTimeline(state), NOW, TARGET), board: { lead: null, consults: [] } };
}
const allDocs = (at: string): [string, CaseEventData][] => requiredItems('representative', true).map((item) => [at, { type: 'document_received', item }]);
const rejectedEach: [string, CaseEventData, string][] = CHECKLIST_ITEMS.map((item) => ['2026-11-30 10:00', { type: 'document_rejected', item }, 'illegible']);
/** Every document rejected for every reason: the thread line says each (the reason agrees with the document). */
const rejectedForEach: [string, CaseEventData, string][] = CHECKLIST_ITEMS.flatMap((item) => REJECTION_REASONS.map((reason): [string, CaseEventData, string] => ['2026-11-30 10:00', { type: 'document_rejected', item }, reason]));
const claim: [string, CaseEventData] = ['2026-12-01 11:00', { type: 'claimed', assignee: DOC }];

const CASES = [
  caseOf('head_and_neck', ...rejectedEach),
  caseOf('head_and_neck', ...allDocs('2026-11-30 09:00'), claim),
  caseOf('prostate', ...allDocs('2026-11-27 09:00'), claim, ['2026-12-02 10:00', { type: 'info_requested', question: 'RM?' }]),
  // Exactly at its due instant (complete Fri 27 Nov 11:00, due Fri 4 Dec 11:00 = NOW).
  caseOf('eye', ...allDocs('2026-11-27 11:00'), claim),
  caseOf('paediatric', ...allDocs('2026-11-30 09:00'), claim, ['2026-12-01 12:00', { type: 'payment_confirmed', receivedCents: 66_800, valueDate: '2026-12-01', bankReference: 'CRO 1', mismatch: null }], ['2026-12-03 12:00', { type: 'delivered' }]),
];
const REMINDERS: ReminderFacts[] = [
  { kind: 'unclaimed', sinceMs: rome('2026-12-01 09:00') },
  { kind: 'unclaimed_escalation', sinceMs: rome('2026-12-01 09:00'), dueAtMs: rome('2026-12-08 09:00'), overdueMs: null },
  { kind: 'unclaimed_escalation', sinceMs: rome('2026-11-30 09:00'), dueAtMs: rome('2026-12-04 10:00'), overdueMs: 3_600_000 },
  { kind: 'due_soon', dueAtMs: rome('2026-12-07 09:00'), remainingMs: 7 * 3_600_000 },
  { kind: 'due_imminent', dueAtMs: rome('2026-12-04 12:00'), remainingMs: 3_600_000 },
  { kind: 'breached', dueAtMs: rome('2026-12-03 18:00'), overdueMs: 2 * 3_600_000 },
  { kind: 'awaiting_info', sinceMs: rome('2026-12-02 10:00'), waitedMs: calendar.workingDayMs, askedBy: DOC },
  { kind: 'intake_stale', missing: 1, createdAtMs: rome('2026-11-30 09:00'), waitedMs: 5 * calendar.workingDayMs },
  { kind: 'intake_stale', missing: 6, createdAtMs: rome('2026-11-30 09:00'), waitedMs: 5 * calendar.workingDayMs },
  { kind: 'payment_pending', transferReceivedAtMs: rome('2026-12-01 09:00'), waitedMs: 3 * calendar.workingDayMs, reviewUnderWay: true },
];

function visibleTexts(body: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (key === 'text') out.push(v);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x) => walk(x, key));
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(body, '');
  return out;
}

function italianPayloads(): [string, unknown][] {
  const page = (items: CaseView[]) => ({ total: items.length, items });
  const [intake, review, paused] = CASES as [CaseView, CaseView, CaseView, CaseView];
  const question = { text: 'RM?', askedBy: DOC, askedAtMs: rome('2026-12-02 10:00') };
  const personal = { applicantName: 'A B', applicantEmail: null, applicantPhone: null, patientName: 'C D', patientBirthDate: '1961-04-02', patientTaxCode: null, patientEmail: null, patientPhone: null, notes: null };
  const home = (roles: ('doctor' | 'coordinator' | 'manager')[]) =>
    homeView(
      {
        viewer: { id: roles[0] === 'doctor' ? DOC : COORD, roles: new Set(roles) },
        reviewsCases: true,
        mine: page([review, paused]),
        claimable: page([]),
        waitingDocuments: page([intake]),
        waitingPayment: page([review]),
        unassigned: page([]),
        toChase: page([paused]),
        askedFor: new Map([[paused.id, { by: DOC, atMs: rome('2026-12-02 10:00') }]]),
        breached: page([]),
        dueSoon: page([review]),
        summary: { open: 1, breached: 1, dueSoon: 3, paused: 1 },
      },
      ctx,
    );
  return [
    ...CASES.map((v): [string, unknown] => [`card ${v.reference}`, caseCard(v, ctx)]),
    ...CASES.map((v): [string, unknown] => [`thread ${v.reference}`, threadLine({ before: null, after: v.state, sla: v.sla, events: [], actorId: COORD }, ctx)]),
    ...rejectedForEach.map(([at, data, reason]): [string, unknown] => [
      `thread ${data.type}`,
      threadLine({ before: null, after: intake.state, sla: intake.sla, events: [{ actor: COORD, effectiveAtMs: rome(at), recordedAtMs: rome(at), reason, data }], actorId: COORD }, ctx),
    ]),
    ...REMINDERS.map((f): [string, unknown] => [`alert ${f.kind}`, alertMessage(review, f, ctx)]),
    [
      'digest',
      digestMessage(
        {
          generatedAtMs: NOW,
          isoDate: '2026-12-04',
          counts: { intake: 1, ready: 0, in_review: 1, awaiting_info: 1 },
          breached: page([]),
          dueSoon: page([review]),
          unassigned: page([]),
          pausedLongest: page([paused]),
          paymentPending: 1,
          since: { fromMs: rome('2026-12-03 08:30'), created: 1, delivered: 1 },
          last30Days: { delivered: 1, onTimeRate: 1, medianTurnaroundWorkingDays: 2.5 },
          openPerDoctor: [{ userId: DOC, open: 1 }],
        },
        ctx,
      ),
    ],
    ['home doctor', home(['doctor'])],
    ['home coordinator', home(['coordinator'])],
    ['home manager', home(['manager'])],
    [
      'my work',
      myWorkMessage(
        {
          person: { id: DOC, roles: new Set(['doctor', 'coordinator']) },
          dedupeKey: 'my-work',
          held: { total: 9, items: [review, paused] },
          documents: page([intake]),
          payment: page([review]),
          unassigned: page([]),
          applicant: page([paused]),
        },
        '2026-12-04',
        ctx,
      ),
    ],
    [
      'today',
      todayMessage(
        {
          atMs: NOW,
          isoDate: '2026-12-04',
          breached: { total: 1, cases: [review] },
          dueSoon: { total: 7, cases: [review, paused] },
          waitingReviewer: { total: 0, cases: [] },
          waitingApplicant: { total: 3, cases: [paused] },
        },
        ctx,
      ),
    ],
    ['/so elenco', caseLines(CASES, ctx)],
    ['modal new case', newCaseModal(ctx, ['head_and_neck', 'prostate'])],
    ['modal documents', documentsModal(ctx, intake)],
    ['modal documents received', documentsModal(ctx, review)],
    ['modal payment', paymentModal(ctx, review)],
    ['modal request info', requestInfoModal(ctx, review)],
    ['modal info received', infoReceivedModal(ctx, paused, question)],
    [
      'modal assign',
      assignModal(ctx, review, [
        { userId: DOC, name: 'Dr Bianchi', openCases: 1, suggested: true, areas: ['head_and_neck'], away: false },
        { userId: 'UDOC00002', name: 'Dr Verdi', openCases: 3, suggested: false, areas: ['radiology'], away: true },
      ]),
    ],
    ['modal deliver', deliverModal(ctx, review)],
    ['modal release', releaseModal(ctx, review)],
    ['modal cancel', cancelModal(ctx, review)],
    ['modal details', detailsModal(ctx, paused, personal, question)],
  ];
}

describe('every kind of payload in Italian', () => {
  it('reads as the staff write it', () => {
    const wrong = italianPayloads().flatMap(([kind, body]) =>
      (typeof body === 'string' ? [body] : visibleTexts(body)).flatMap((text) => problems(text).map((p) => `${kind}: ${p}\n    ${text}`)),
    );
    expect(wrong).toEqual([]);
  });

  it('a rejected document agrees with its gender, a count with its noun', () => {
    const card = visibleTexts(caseCard(CASES[0]!, ctx)).join('\n');
    expect(card).toContain('Tessera sanitaria del paziente (respinta: illeggibile)');
    expect(card).toContain('Modulo di richiesta firmato (respinto: illeggibile)');
    expect(card).toContain('Ultime immagini diagnostiche (RM, TC, PET) (respinte: illeggibili)');
    // The reason agrees with its document too, in the card, the thread and the Documents modal.
    const expired = caseOf('head_and_neck', ['2026-11-30 10:00', { type: 'document_rejected', item: 'patient_health_card' }, 'expired']);
    expect(visibleTexts(caseCard(expired, ctx)).join('\n')).toContain('Tessera sanitaria del paziente (respinta: scaduta)');
    expect(visibleTexts(documentsModal(ctx, expired)).join('\n')).toContain('Tessera sanitaria del paziente: respinta (scaduta)');
    expect(visibleTexts(alertMessage(CASES[1]!, REMINDERS[7]!, ctx)).join('\n')).toContain('manca ancora 1 documento richiesto');
    expect(itCatalogue.home.counts(1, 1, 3, 1)).toBe('1 aperto · 1 in ritardo · 3 in scadenza entro 1 giorno lavorativo · 1 sospeso');
  });
});
