import type { SkipReason } from '../domain/bank-statement.js';
import type { MatchReason } from '../domain/transfer-matching.js';
import type { StatementProblem } from '../statements/problems.js';
import type { bankEn } from './bank-en.js';
import { numbers } from './numbers.js';

/** Testi italiani degli estratti conto e dei bonifici (SPEC sezione 11). */

const { euro, plainAmount: plain, plural } = numbers('it');
const place = (at: { entry: number } | { line: number }) => ('entry' in at ? `movimento ${at.entry}` : `riga ${at.line}`);

export const bankIt: typeof bankEn = {
  actor: "L'estratto conto",
  valueDateFormat: 'dd/MM/yyyy',
  found: (amount: string, valueDate: string) => `Bonifico trovato: ${amount}, valuta ${valueDate}`,
  matchedBy: (by: string, amount: string, valueDate: string) => `${by} ha abbinato un bonifico a questo caso: ${amount}, valuta ${valueDate}`,
  reason: (match: MatchReason): string => {
    const r = match;
    switch (r.key) {
      case 'fits': {
        const how = r.by === 'reference' ? 'la causale indica il caso' : r.by === 'name' ? 'la causale indica il paziente e la seconda opinione' : "l'ordinante è il paziente o il richiedente";
        return r.amountCents === r.expectedCents ? `importo atteso, ${how}` : `importo ${plain(r.amountCents)} entro la tolleranza su ${plain(r.expectedCents)}, ${how}`;
      }
      case 'several_fit':
        return `corrispondono ${r.references.length} casi: ${r.references.join(', ')}`;
      case 'names_no_case':
        return 'la causale non indica nessun caso';
      case 'amount_differs':
        return `importo ${plain(r.amountCents)}, atteso ${plain(r.expectedCents)} (${r.reference})`;
      case 'not_second_opinion':
        return `indica il paziente di ${r.reference} ma non la seconda opinione`;
      case 'already_paid':
        return `il pagamento di ${r.reference} è già confermato`;
      case 'case_closed':
        return `${r.reference} è chiuso`;
    }
  },
  skipped: { debit: 'un addebito', not_booked: 'non contabilizzato', currency: 'non in euro', reversal: 'uno storno' } satisfies Record<SkipReason, string>,
  duplicate: 'già importato',
  problem: (problem: StatementProblem): string => {
    const p = problem;
    switch (p.key) {
      case 'empty':
        return 'Il file è vuoto.';
      case 'not_text':
        return 'Il file non è testo UTF-8.';
      case 'doctype':
        return 'Il file XML dichiara un DOCTYPE, che un file camt non ha mai: rifiutato.';
      case 'malformed_xml':
        return `Il file XML non è valido${p.line === null ? '' : ` alla riga ${p.line}`}: ${p.detail}`;
      case 'not_iso20022':
        return 'Il file XML non è un messaggio ISO 20022 (manca il namespace urn:iso:std:iso:20022): inviare un file camt.053 o camt.054.';
      case 'not_camt':
        return `${p.message} non è un estratto conto: inviare un file camt.053 o camt.054.`;
      case 'camt_version':
        return `${p.message} non è una versione letta da questa applicazione: camt.053 e camt.054, versioni da .001.02 a .001.08.`;
      case 'unexpected_content':
        return `Contenuto inatteso in ${p.path}: ${p.detail}.`;
      case 'bad_amount':
        return `${place(p.at)}: l'importo (${p.field}) non è un numero in euro e centesimi.`;
      case 'bad_date':
        return `${place(p.at)}: la data (${p.field}) non è una data come 03/12/2026 o 2026-12-03.`;
      case 'bad_indicator':
        return `${place(p.at)}: ${p.field} non è né CRDT né DBIT.`;
      case 'csv_syntax':
        return `Il CSV non si legge${p.line === null ? '' : ` alla riga ${p.line}`}: controllare le virgolette e il numero di colonne.`;
      case 'csv_columns':
        return `Nel CSV manca la colonna ${p.missing.map((c) => `"${c}"`).join(', ')} (i nomi delle colonne sono in BANK_CSV_COLUMNS).`;
      case 'csv_decimal_mixed':
        return 'Il CSV scrive gli importi sia con la virgola sia con il punto decimale: un file, una convenzione.';
      case 'too_many_entries':
        return `Più di ${p.max} movimenti in un file: dividerlo.`;
    }
  },
  tooLarge: (max: number) => `L'estratto conto supera ${max} byte una volta decompresso (BANK_STATEMENT_LIMIT_BYTES).`,
  unsupportedType: 'Inviare un file camt.053 o camt.054 come application/xml, oppure un CSV come text/csv.',
  cliSummary: (counts) => {
    const n = (k: number, one: string, many: string) => `${k} ${plural(k, one, many)}`;
    return (
      `${n(counts.entries, 'movimento', 'movimenti')}: ${n(counts.credits, 'accredito', 'accrediti')} (${n(counts.new, 'nuovo', 'nuovi')}, ` +
      `${counts.duplicates} già ${plural(counts.duplicates, 'importato', 'importati')}; ${n(counts.matched, 'abbinato', 'abbinati')}, ` +
      `${n(counts.ambiguous, 'ambiguo', 'ambigui')}, ${counts.unmatched} senza caso), ${n(counts.skipped, 'ignorato', 'ignorati')}.`
    );
  },
  autoConfirmed: 'pagamento confermato',
  queue: {
    title: 'Bonifici da abbinare',
    line: (amount, valueDate, reason) => `${amount}, data valuta ${valueDate}: ${reason}`,
    match: 'Abbina a un caso…',
    notOurs: 'Non è nostro',
    modalTitle: 'Abbina un bonifico',
    facts: (amount, valueDate, bankReference) => `*${amount}*, data valuta ${valueDate}${bankReference ? `, riferimento bancario ${bankReference}` : ''}`,
    payer: 'Ordinante',
    remittance: 'Causale',
    why: 'Perché non è stato abbinato',
    none: '(nessuna)',
    privateNote: "L'ordinante e la causale sono dati personali: compaiono solo qui e nei Dettagli.",
    caseChoice: 'Caso in attesa del pagamento',
    caseOption: (reference, area, expected, fits) => `${reference} · ${area} · attende ${expected}${fits ? ' · corrisponde' : ''}`,
    noPendingCase: 'Nessun caso aperto attende il pagamento: non c’è a cosa abbinare questo bonifico.',
    notice: (n) =>
      `${n} ${plural(n, 'bonifico', 'bonifici')} dell'estratto conto non ${n === 1 ? 'è stato abbinato' : 'sono stati abbinati'} a un caso: ${n === 1 ? 'è' : 'sono'} nella Home dell'app, da abbinare o da scartare.`,
  },
  euro,
};
