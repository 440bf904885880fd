import { numbers } from './numbers.js';

const { plural } = numbers('en');

/** English texts of the morning DM ("My work") and the triage channel's pinned Today message (SPEC section 5). */
export const myWorkEn = {
  dm: {
    title: (date: string) => `My work · ${date}`,
    /** The notification's words: what the DM is about, no case named. */
    fallback: (cases: number) => `My work today: ${cases} ${plural(cases, 'case needs', 'cases need')} you.`,
    intro: 'What needs you today, most urgent first. The buttons act on the case; the reference opens the case in the channel.',
    held: 'My cases',
    documents: 'Documents missing',
    payment: 'Payment to confirm',
    unassigned: 'Waiting for a reviewer',
    applicant: 'Waiting for the applicant',
  },
  today: {
    title: (date: string) => `Today · ${date}`,
    fallback: (breached: number, dueSoon: number, waitingReviewer: number, waitingApplicant: number) =>
      `Today: ${breached} breached, ${dueSoon} due soon, ${waitingReviewer} waiting for a reviewer, ${waitingApplicant} waiting for the applicant.`,
    breached: 'Breached',
    dueSoon: 'Due soon',
    waitingReviewer: 'Waiting for a reviewer',
    waitingApplicant: 'Waiting for the applicant',
    /** One heading: its count, then the first references. */
    line: (heading: string, n: number, references: string) => `*${heading}* ${n}${references ? ` · ${references}` : ''}`,
    more: (n: number) => `and ${n} more`,
    updated: (at: string) => `Updated ${at}. The buttons are on each case's message in this channel.`,
  },
};
