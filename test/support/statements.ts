/**
 * Bank statement files as banks write them, for tests and the benchmark: camt.053 / camt.054 of a
 * given version (the shapes of .02 and of .08 differ, see `src/statements/camt.ts`) and CSV exports.
 */

export interface FixtureEntry {
  amount: string;
  currency?: string;
  credit?: boolean;
  /** `BOOK` unless said otherwise. */
  status?: string;
  bookingDate?: string;
  valueDate?: string;
  /** The entry's `AcctSvcrRef`; none when null. */
  reference?: string | null;
  payer?: string | null;
  remittance?: string | null;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A version's number, 2 to 8. */
function versionNumber(version: string): number {
  return Number(version.slice(-2));
}

function entryXml(e: FixtureEntry, version: string): string {
  const v = versionNumber(version);
  const status = e.status ?? 'BOOK';
  const sts = v >= 7 ? `<Sts><Cd>${status}</Cd></Sts>` : `<Sts>${status}</Sts>`;
  const ccy = e.currency ?? 'EUR';
  const payer = e.payer ? (v >= 7 ? `<Dbtr><Pty><Nm>${escape(e.payer)}</Nm></Pty></Dbtr>` : `<Dbtr><Nm>${escape(e.payer)}</Nm></Dbtr>`) : '';
  const txAmount = v >= 7 ? `<Amt Ccy="${ccy}">${e.amount}</Amt>` : `<AmtDtls><TxAmt><Amt Ccy="${ccy}">${e.amount}</Amt></TxAmt></AmtDtls>`;
  const remittance = e.remittance ? `<RmtInf><Ustrd>${escape(e.remittance)}</Ustrd></RmtInf>` : '';
  return [
    '<Ntry>',
    `<Amt Ccy="${ccy}">${e.amount}</Amt>`,
    `<CdtDbtInd>${e.credit === false ? 'DBIT' : 'CRDT'}</CdtDbtInd>`,
    sts,
    `<BookgDt><Dt>${e.bookingDate ?? '2026-12-03'}</Dt></BookgDt>`,
    `<ValDt><Dt>${e.valueDate ?? '2026-12-03'}</Dt></ValDt>`,
    e.reference === null ? '' : `<AcctSvcrRef>${escape(e.reference ?? 'REF-1')}</AcctSvcrRef>`,
    '<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>',
    `<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>${txAmount}`,
    payer ? `<RltdPties>${payer}</RltdPties>` : '',
    remittance,
    '</TxDtls></NtryDtls>',
    '</Ntry>',
  ].join('');
}

/** A camt.053 (`message` 053) or camt.054 (054) document of the given version (`001.02` … `001.08`). */
export function camtFile(entries: readonly FixtureEntry[], options: { message?: '053' | '054'; version?: string; prefix?: string } = {}): string {
  const message = options.message ?? '053';
  const version = options.version ?? '001.08';
  const ns = `urn:iso:std:iso:20022:tech:xsd:camt.${message}.${version}`;
  const body = entries.map((e) => entryXml(e, version)).join('\n');
  const [root, report] = message === '053' ? ['BkToCstmrStmt', 'Stmt'] : ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'];
  const p = options.prefix ? `${options.prefix}:` : '';
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Document xmlns="${ns}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`,
    `<${root}>`,
    '<GrpHdr><MsgId>STMT-2026-12-03</MsgId><CreDtTm>2026-12-03T18:00:00</CreDtTm></GrpHdr>',
    `<${report}><Id>1</Id><CreDtTm>2026-12-03T18:00:00</CreDtTm>`,
    '<Acct><Id><IBAN>IT60X0542811101000000123456</IBAN></Id><Ccy>EUR</Ccy></Acct>',
    body,
    `</${report}>`,
    `</${root}>`,
    '</Document>',
  ].join('\n');
  // With a namespace prefix on every element, as some banks write it.
  return p
    ? xml
        .replace(/<(\/?)([A-Z][A-Za-z]*)/g, `<$1${p}$2`)
        .replace(`xmlns="${ns}"`, `xmlns:${options.prefix}="${ns}"`)
    : xml;
}

export const DEFAULT_CSV_HEADER = ['booking_date', 'value_date', 'amount', 'currency', 'reference', 'counterparty', 'description'];

/** A CSV export with the default columns; `;` and a decimal comma when `italian`. */
export function csvFile(entries: readonly FixtureEntry[], options: { italian?: boolean; header?: readonly string[] } = {}): string {
  const sep = options.italian ? ';' : ',';
  const quote = (s: string) => (/[",;\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const amount = (e: FixtureEntry) => {
    const signed = e.credit === false ? `-${e.amount}` : e.amount;
    return options.italian ? signed.replace('.', ',') : signed;
  };
  const lines = [
    (options.header ?? DEFAULT_CSV_HEADER).join(sep),
    ...entries.map((e) =>
      [e.bookingDate ?? '2026-12-03', e.valueDate ?? '2026-12-03', amount(e), e.currency ?? 'EUR', e.reference ?? '', e.payer ?? '', e.remittance ?? '']
        .map(quote)
        .join(sep),
    ),
  ];
  return `${lines.join('\n')}\n`;
}
