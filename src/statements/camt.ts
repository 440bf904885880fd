import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { StatementEntry } from '../domain/bank-statement.js';
import { failed, MAX_ENTRIES, type StatementParse } from './problems.js';
import { bankDate, camtAmountCents } from './values.js';

/**
 * ISO 20022 bank-to-customer messages: camt.053 (end-of-day statement) and camt.054 (debit/credit
 * notification), versions .001.02 to .001.08. The versions differ in their namespace and in a few
 * shapes this reader accepts in either form: the entry status (`<Sts>BOOK</Sts>` up to .06,
 * `<Sts><Cd>BOOK</Cd></Sts>` from .07), a party (`<Dbtr><Nm>` up to .06, `<Dbtr><Pty><Nm>` from
 * .07) and a transaction's amount (`<AmtDtls><TxAmt><Amt>` or `<Amt>`). Pure: text in, entries out.
 */

const MESSAGES = {
  'camt.053': { root: 'BkToCstmrStmt', report: 'Stmt' },
  'camt.054': { root: 'BkToCstmrDbtCdtNtfctn', report: 'Ntfctn' },
} as const;
type Message = keyof typeof MESSAGES;
const VERSIONS = ['001.02', '001.03', '001.04', '001.05', '001.06', '001.07', '001.08'];

/** Elements that may repeat, read as lists even when a file has one. */
const REPEATED = new Set(['Stmt', 'Ntfctn', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  // Texts stay texts: a reference "00123" keeps its zeros, an amount is read by our own rule.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

const text = z.string();
/** An element with children; an empty one (`<Refs/>`) reads as having none. */
const element = <T extends z.ZodRawShape>(shape: T) => z.preprocess((v) => (v === '' ? {} : v), z.object(shape));
const amount = z.object({ '#text': text, '@Ccy': text });
const dateChoice = element({ Dt: text.optional(), DtTm: text.optional() });
const party = element({ Nm: text.optional(), Pty: element({ Nm: text.optional() }).optional() });
const transaction = element({
  Refs: element({ AcctSvcrRef: text.optional() }).optional(),
  Amt: amount.optional(),
  AmtDtls: element({ TxAmt: element({ Amt: amount }).optional() }).optional(),
  RltdPties: element({ Dbtr: party.optional(), UltmtDbtr: party.optional() }).optional(),
  RmtInf: element({
    Ustrd: z.array(text).optional(),
    Strd: z.array(element({ CdtrRefInf: element({ Ref: text.optional() }).optional() })).optional(),
  }).optional(),
  AddtlTxInf: text.optional(),
});
const entry = element({
  Amt: amount,
  CdtDbtInd: text,
  RvslInd: text.optional(),
  Sts: z.union([text, element({ Cd: text.optional(), Prtry: text.optional() })]),
  BookgDt: dateChoice.optional(),
  ValDt: dateChoice.optional(),
  AcctSvcrRef: text.optional(),
  NtryDtls: z.array(element({ TxDtls: z.array(transaction).optional() })).optional(),
  AddtlNtryInf: text.optional(),
});
const report = element({ Ntry: z.array(entry).optional() });
type Entry = z.infer<typeof entry>;
type Transaction = z.infer<typeof transaction>;

/** The message and version a file declares by its namespace (`urn:iso:std:iso:20022:tech:xsd:camt.053.001.08`). */
function declaredMessage(xml: string): string | null {
  const m = /xmlns(?::[\w.-]+)?\s*=\s*["']urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3}\.\d{3}\.\d{2})["']/.exec(xml);
  return m?.[1] ?? null;
}

export function parseCamt(xml: string): StatementParse {
  // camt files never declare a DTD; refusing one shuts out entity expansion of every kind.
  if (/<!DOCTYPE/i.test(xml)) return failed({ key: 'doctype' });
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return failed({ key: 'malformed_xml', line: valid.err.line ?? null, detail: valid.err.msg });
  const declared = declaredMessage(xml);
  if (!declared) return failed({ key: 'not_iso20022' });
  const message = declared.slice(0, 8);
  const version = declared.slice(9);
  if (!(message in MESSAGES)) return failed({ key: 'not_camt', message: declared });
  if (!VERSIONS.includes(version)) return failed({ key: 'camt_version', message: declared });
  const shape = MESSAGES[message as Message];

  const tree = parser.parse(xml) as Record<string, unknown>;
  const document = tree.Document as Record<string, unknown> | undefined;
  const body = document?.[shape.root] as Record<string, unknown> | undefined;
  if (!body) return failed({ key: 'unexpected_content', path: `Document.${shape.root}`, detail: 'missing' });
  const reports = z.array(report).safeParse(body[shape.report] ?? []);
  if (!reports.success) return failed(contentProblem(`Document.${shape.root}.${shape.report}`, reports.error));

  const entries: StatementEntry[] = [];
  let number = 0;
  for (const r of reports.data) {
    for (const e of r.Ntry ?? []) {
      number++;
      const read = readEntry(e, number);
      if (!read.ok) return read.problem;
      entries.push(...read.entries);
      if (entries.length > MAX_ENTRIES) return failed({ key: 'too_many_entries', max: MAX_ENTRIES });
    }
  }
  return { ok: true, statement: { format: declared, entries } };
}

function contentProblem(prefix: string, error: z.ZodError): Extract<StatementParse, { ok: false }>['problem'] {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? []).map(String)].join('.');
  return { key: 'unexpected_content', path, detail: issue?.message ?? 'invalid' };
}

type EntryRead = { ok: true; entries: StatementEntry[] } | { ok: false; problem: StatementParse };

/** One entry, or one per transaction when the bank booked several together (a batch). */
function readEntry(e: Entry, number: number): EntryRead {
  const problem = (p: Parameters<typeof failed>[0]): EntryRead => ({ ok: false, problem: failed(p) });
  const cents = camtAmountCents(e.Amt['#text']);
  if (cents === null) return problem({ key: 'bad_amount', at: { entry: number }, field: 'Amt' });
  if (e.CdtDbtInd !== 'CRDT' && e.CdtDbtInd !== 'DBIT') return problem({ key: 'bad_indicator', at: { entry: number }, field: 'CdtDbtInd' });
  const bookingDate = dateOf(e.BookgDt);
  const valueDate = dateOf(e.ValDt) ?? bookingDate;
  if (bookingDate === 'bad') return problem({ key: 'bad_date', at: { entry: number }, field: 'BookgDt' });
  if (valueDate === 'bad') return problem({ key: 'bad_date', at: { entry: number }, field: 'ValDt' });
  if (valueDate === null) return problem({ key: 'bad_date', at: { entry: number }, field: 'ValDt' });
  const status = typeof e.Sts === 'string' ? e.Sts : (e.Sts.Cd ?? e.Sts.Prtry ?? '');
  const base = {
    bookingDate,
    valueDate,
    currency: e.Amt['@Ccy'],
    direction: e.CdtDbtInd === 'CRDT' ? ('credit' as const) : ('debit' as const),
    status: status === 'BOOK' ? ('booked' as const) : status === 'PDNG' ? ('pending' as const) : ('other' as const),
    reversal: e.RvslInd === 'true',
  };
  const transactions = (e.NtryDtls ?? []).flatMap((d) => d.TxDtls ?? []);
  const entryReference = e.AcctSvcrRef?.trim() || null;
  if (transactions.length <= 1) {
    const tx = transactions[0];
    return {
      ok: true,
      entries: [
        {
          position: number,
          bankReference: entryReference ?? (tx?.Refs?.AcctSvcrRef?.trim() || null),
          ...base,
          amountCents: cents,
          payerName: tx ? payerOf(tx) : null,
          remittance: remittanceOf(tx, e.AddtlNtryInf),
        },
      ],
    };
  }
  // A batch: each transaction is a transfer of its own, with its own amount.
  const entries: StatementEntry[] = [];
  for (const [i, tx] of transactions.entries()) {
    const txAmount = tx.Amt ?? tx.AmtDtls?.TxAmt?.Amt;
    const txCents = txAmount ? camtAmountCents(txAmount['#text']) : null;
    if (txCents === null) return problem({ key: 'bad_amount', at: { entry: number }, field: `NtryDtls.TxDtls.${i + 1}.Amt` });
    const own = tx.Refs?.AcctSvcrRef?.trim() || null;
    entries.push({
      position: number,
      bankReference: own ?? (entryReference ? `${entryReference}/${i + 1}` : null),
      ...base,
      currency: txAmount?.['@Ccy'] ?? base.currency,
      amountCents: txCents,
      payerName: payerOf(tx),
      remittance: remittanceOf(tx, null),
    });
  }
  return { ok: true, entries };
}

function dateOf(choice: z.infer<typeof dateChoice> | undefined): string | null | 'bad' {
  const raw = choice?.Dt ?? choice?.DtTm;
  if (raw === undefined) return null;
  return bankDate(raw) ?? 'bad';
}

function payerOf(tx: Transaction): string | null {
  const p = tx.RltdPties?.Dbtr ?? tx.RltdPties?.UltmtDbtr;
  return (p?.Nm ?? p?.Pty?.Nm)?.trim() || null;
}

/** The transfer's reason: its unstructured lines, a structured creditor reference, else the bank's free text. */
function remittanceOf(tx: Transaction | undefined, entryInfo: string | undefined | null): string | null {
  const parts = [
    ...(tx?.RmtInf?.Ustrd ?? []),
    ...(tx?.RmtInf?.Strd ?? []).map((s) => s.CdtrRefInf?.Ref ?? ''),
  ].filter((p) => p.trim() !== '');
  if (parts.length === 0) parts.push(...[tx?.AddtlTxInf, entryInfo].filter((p): p is string => Boolean(p?.trim())));
  return parts.length === 0 ? null : parts.join(' ');
}
