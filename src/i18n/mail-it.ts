import type { MailBlock, MailText, mailEn } from './mail-en.js';
import { numbers } from './numbers.js';

/** Testi italiani della corrispondenza con il richiedente (SPEC sezione 10). */

const list = (items: readonly string[]): MailBlock => ({ list: items });
const { plural } = numbers('it');

export const mailIt: typeof mailEn = {
  greeting: 'Gentile richiedente,',
  signature: ['Cordiali saluti,', 'Il servizio Seconda Opinione'],
  replyHint: (reference: string) => `Per rispondere, risponda a questa e-mail mantenendo ${reference} nell'oggetto.`,

  requestReceived: (f): MailText => ({
    subject: 'Abbiamo ricevuto la sua richiesta di seconda opinione',
    body: [
      `Abbiamo ricevuto la sua richiesta di seconda opinione. Il riferimento è ${f.reference}: lo indichi ogni volta che ci scrive.`,
      ...(f.received.length > 0 ? ['Documenti ricevuti finora:', list(f.received)] : []),
      ...(f.missing.length > 0 ? ['Documenti ancora mancanti:', list(f.missing)] : ['La sua documentazione è completa.']),
      `Importo da pagare: ${f.amount}, con bonifico bancario a:`,
      list([`IBAN: ${f.iban}`, `Intestato a: ${f.beneficiary}`, `Causale (da scrivere esattamente così): ${f.transferReason}`]),
      'Il collegio di specialisti risponde entro 5 giorni lavorativi dal giorno in cui la documentazione è completa.',
      'Senza il modulo di consenso al trattamento dei dati personali, debitamente controfirmato, la richiesta non può essere valutata.',
    ],
  }),

  documentationComplete: (f): MailText => ({
    subject: f.corrected ? 'Rettifica: la data della risposta' : 'La sua documentazione è completa',
    body: [
      ...(f.corrected ? ['Le scriviamo di nuovo perché la data che le avevamo indicato è cambiata.'] : []),
      `La sua documentazione è risultata completa il ${f.completedAt}.`,
      `Riceverà la risposta del collegio di specialisti entro ${f.due}.`,
    ],
  }),

  documentsMissing: (f): MailText => ({
    subject: 'Documenti ancora mancanti',
    body: [
      `Abbiamo ricevuto la sua richiesta il ${f.since}, ma mancano ancora questi documenti:`,
      list(f.missing),
      'I 5 giorni lavorativi della risposta decorrono solo da quando la documentazione è completa. Può inviare i documenti rispondendo a questa e-mail.',
    ],
  }),

  informationRequest: (f): MailText => ({
    subject: f.reminder > 0 ? 'Promemoria: il collegio di specialisti ha bisogno di altre informazioni' : 'Il collegio di specialisti ha bisogno di altre informazioni',
    body: [
      ...(f.reminder > 0 ? ['Non abbiamo ancora ricevuto risposta alla nostra domanda.'] : []),
      'Per valutare il suo caso il collegio di specialisti chiede:',
      f.question,
      'Il conteggio dei 5 giorni lavorativi è sospeso finché non riceviamo la sua risposta.',
    ],
  }),

  documentRejected: (f): MailText => ({
    subject: `Documento da inviare di nuovo: ${f.item}`,
    body: [
      `Non abbiamo potuto accettare questo documento: ${f.item}.`,
      `Motivo: ${f.reason}.`,
      'La preghiamo di inviarlo di nuovo rispondendo a questa e-mail (una scansione o una foto leggibile, in italiano o in inglese).',
    ],
  }),

  paymentConfirmed: (f): MailText => ({
    subject: 'Pagamento ricevuto',
    body: [`Abbiamo ricevuto il suo pagamento di ${f.amount} (valuta ${f.valueDate}). Grazie.`],
  }),

  paymentMismatch: (f): MailText => ({
    subject: "Pagamento ricevuto: l'importo è diverso",
    body: [
      `Abbiamo ricevuto un pagamento di ${f.received} (valuta ${f.valueDate}); l'importo dovuto è ${f.expected}.`,
      f.underpaid
        ? `La preghiamo di versare la differenza di ${f.difference}, con la stessa causale, o di rispondere a questa e-mail se pensa che si tratti di un errore.`
        : `Ha versato ${f.difference} in più del dovuto: risponda a questa e-mail indicando l'IBAN su cui restituirli.`,
    ],
  }),

  opinionSent: (f): MailText => ({
    subject: 'La sua seconda opinione è stata inviata',
    body: [
      `Il collegio di specialisti ha completato la seconda opinione, inviata il ${f.deliveredAt}.`,
      "La relazione scritta le arriva con corriere all'indirizzo che ci ha indicato.",
      ...(f.courierTracking ? [`Il numero di tracciamento del corriere è ${f.courierTracking}.`] : []),
    ],
  }),

  cancelled: (f): MailText => ({
    subject: 'La sua richiesta è stata chiusa',
    body: [
      f.category === null || f.category === 'other'
        ? 'La sua richiesta di seconda opinione è stata chiusa.'
        : {
            withdrawn: 'Come ci ha chiesto, la sua richiesta di seconda opinione è stata ritirata e chiusa.',
            documentation_incomplete: 'La sua richiesta di seconda opinione è stata chiusa perché la documentazione necessaria per valutarla non è stata completata.',
            payment_missing: 'La sua richiesta di seconda opinione è stata chiusa perché non abbiamo ricevuto il pagamento.',
            not_eligible: 'La sua richiesta di seconda opinione è stata chiusa perché non rientra tra i casi che il servizio può valutare.',
            duplicate: "Questa richiesta di seconda opinione è stata chiusa perché ripete un'altra sua richiesta, che prosegue come prima.",
          }[f.category],
      'Con questo riferimento non sarà dato alcun parere. Per qualsiasi domanda risponda a questa e-mail o ci telefoni.',
    ],
  }),

  slack: {
    kinds: {
      request_received: 'richiesta ricevuta',
      documentation_complete: 'documentazione completa',
      documents_missing: 'documenti mancanti',
      information_request: 'richiesta di informazioni',
      document_rejected: 'documento respinto',
      payment: 'pagamento',
      opinion_sent: 'parere consegnato',
      cancelled: 'caso annullato',
    },
    status: { pending: 'in coda', sent: 'inviata', failed: 'non recapitata', cancelled: 'non più necessaria', confirmed: 'consegna confermata (PEC)' },
    sentLine: (kind) => `E-mail al richiedente: ${kind}.`,
    failedLine: (kind, code) => `Non è stato possibile recapitare l'e-mail al richiedente: ${code} (${kind}).`,
    retry: "Invia di nuovo l'e-mail",
    retried: (by, kind) => `${by} ha inviato di nuovo l'e-mail al richiedente (${kind}).`,
    cancelCategory: 'Motivo comunicato al richiedente',
    cancelCategoryHint: "L'e-mail al richiedente dice questo; il motivo qui sotto resta al personale.",
    cancelCategories: {
      withdrawn: 'Ritirata dal richiedente',
      documentation_incomplete: 'Documentazione mai completata',
      payment_missing: 'Pagamento mai ricevuto',
      not_eligible: 'Non è un caso che il servizio valuta',
      duplicate: "Doppione di un'altra richiesta",
      other: "Altro (l'e-mail non dice il motivo)",
    },
    noAddress: 'Nessun indirizzo e-mail: scrivere per posta o telefonare',
    applicantLanguage: 'Scrivere al richiedente in (di norma: la lingua della documentazione)',
    modalSendEmail: 'Invia al richiedente per e-mail',
    modalSendEmailHint: 'Il testo viene inviato così come è scritto.',
    modalNoAddress: 'Questo caso non ha un indirizzo e-mail: il richiedente va avvisato per posta o per telefono.',
    correspondence: 'Corrispondenza',
    correspondenceLine: (kind, at, status) => `${kind} · ${at} · ${status}`,
    inboundLine: (at, attachments) => `risposta ricevuta · ${at} · ${attachments}`,
    replied: (attachments) => `Il richiedente ha risposto: ${attachments}.`,
    attachments: (n, byType, size) => (n === 0 ? 'nessun allegato' : `${n} ${plural(n, 'allegato', 'allegati')} (${byType}, ${size})`),
    homeReplies: 'E-mail dei richiedenti da gestire',
    homeReply: (link, at, attachments) => `${link} · risposta del ${at} · ${attachments}`,
    homeUnmatched: 'E-mail senza caso',
    homeUnmatchedLine: (at, attachments) => `Ricevuta il ${at} · ${attachments}`,
    markHandled: 'Gestita',
    attach: 'Collega a un caso…',
    newCase: 'Nuovo caso',
    attachTitle: 'Collega e-mail',
    attachCase: 'Riferimento del caso',
    attachPlaceholder: 'SO-2026-0012',
    attached: (by, at) => `${by} ha collegato a questo caso un'e-mail ricevuta il ${at}.`,
    noSuchCase: 'Non esiste un caso con questo riferimento',
    unmatchedAlert: (at) => `È arrivata un'e-mail senza caso (${at}): è nella Home dell'app.`,
  },
};
