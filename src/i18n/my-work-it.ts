import type { myWorkEn } from './my-work-en.js';
import { numbers } from './numbers.js';

const { plural } = numbers('it');

/** Testi italiani del messaggio del mattino ("Il mio lavoro") e del messaggio fissato "Oggi" del canale (SPEC sezione 5). */
export const myWorkIt: typeof myWorkEn = {
  dm: {
    title: (date: string) => `Il mio lavoro · ${date}`,
    fallback: (cases: number) => `Il mio lavoro di oggi: ${cases} ${plural(cases, 'caso da seguire', 'casi da seguire')}.`,
    intro: 'Quello che oggi aspetta te, dal più urgente. I pulsanti agiscono sul caso; il riferimento apre il caso nel canale.',
    held: 'I miei casi',
    documents: 'Documenti mancanti',
    payment: 'Pagamento da confermare',
    unassigned: 'Da prendere in carico',
    applicant: 'In attesa del richiedente',
  },
  today: {
    title: (date: string) => `Oggi · ${date}`,
    fallback: (breached: number, dueSoon: number, waitingReviewer: number, waitingApplicant: number) =>
      `Oggi: ${breached} in ritardo, ${dueSoon} in scadenza, ${waitingReviewer} da prendere in carico, ${waitingApplicant} in attesa del richiedente.`,
    breached: 'In ritardo',
    dueSoon: 'In scadenza',
    waitingReviewer: 'Da prendere in carico',
    waitingApplicant: 'In attesa del richiedente',
    line: (heading: string, n: number, references: string) => `*${heading}* ${n}${references ? ` · ${references}` : ''}`,
    more: (n: number) => `e ${plural(n, 'un altro', `altri ${n}`)}`,
    updated: (at: string) => `Aggiornato ${at}. I pulsanti sono sul messaggio di ogni caso, in questo canale.`,
  },
};
