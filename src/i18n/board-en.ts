import type { DEFAULT_SPECIALIST_AREAS } from '../config.js';
import type { ConsultState } from '../domain/board.js';
import type { CatalogueAreaLabels } from './area-labels.js';
import { numbers } from './numbers.js';

const { plural } = numbers('en');

/** Labels of the default specialist areas; other areas carry their labels in SPECIALIST_AREAS. */
const specialistAreas: CatalogueAreaLabels = {
  radiology: 'Radiology',
  radiotherapy: 'Radiotherapy',
  medical_physics: 'Medical physics',
  surgery: 'Surgery',
} satisfies Record<(typeof DEFAULT_SPECIALIST_AREAS)[number], string>;

/** English texts of the board of specialists, consults and absence cover (SPEC section 8). */
export const boardEn = {
  areas: specialistAreas,
  consultState: { open: 'open', claimed: 'claimed', answered: 'answered', withdrawn: 'withdrawn' } satisfies Record<ConsultState, string>,
  card: {
    line: (lead: string | null, consults: readonly string[]) => [`Board: ${lead ? `lead ${lead}` : 'no lead yet'}`, ...consults].join(' · '),
    answered: (area: string) => `${area} ✓`,
    withdrawn: (area: string) => `~${area}~`,
    open: (area: string, due: string) => `${area} open, due ${due}`,
    claimed: (area: string, who: string, due: string) => `${area} ${who}, due ${due}`,
    late: (text: string) => `:warning: ${text} (late)`,
  },
  thread: {
    requested: (by: string, area: string, due: string) => `${by} asked ${area} for a consult, due ${due} (question recorded in the history).`,
    imageReview: (area: string, due: string) => `Documentation complete with image review: a ${area} consult for the new report on the images is open, due ${due}.`,
    claimed: (by: string, area: string) => `${by} claimed the ${area} consult.`,
    assigned: (by: string, area: string, to: string) => `${by} assigned the ${area} consult to ${to}.`,
    answered: (by: string, area: string) => `${by} answered the ${area} consult.`,
    withdrawn: (by: string, area: string) => `${by} withdrew the ${area} consult (reason recorded).`,
  },
  modals: {
    request: {
      title: 'Request consult',
      area: 'Specialist area',
      question: 'Question for the specialist',
      questionHint: 'Kept in the case history only; never posted in a channel.',
      dueAt: 'Answer needed by',
      dueAtHint: (caseDue: string) => `Default: 1 working day before the case is due (${caseDue}); never after it.`,
      forCase: (reference: string) => `Consult for ${reference}.`,
    },
    assign: {
      title: 'Assign consult',
      doctor: 'Specialist',
      none: (area: string) => `No doctor covers ${area} yet: an admin adds one with /so staff add @user doctor <area>.`,
      option: (name: string, open: number, away: boolean) => `${name} · ${open} open ${plural(open, 'consult', 'consults')}${away ? ' · away' : ''}`,
      forCase: (area: string, reference: string) => `${area} consult for ${reference}.`,
    },
    answer: {
      title: 'Answer consult',
      submit: 'Answered',
      confirm: (area: string, reference: string) =>
        `Record the ${area} consult for ${reference} as answered? The report itself goes into the clinical file, not into Slack.`,
    },
    withdraw: { title: 'Withdraw consult', submit: 'Withdraw', reason: 'Reason', forCase: (area: string, reference: string) => `${area} consult for ${reference}.` },
  },
  notify: {
    dueSoon: (ref: string, area: string, due: string, left: string) => `:alarm_clock: ${ref}: the ${area} consult is due ${due} (${left} left).`,
    overdue: (ref: string, area: string, due: string, late: string) => `:warning: ${ref}: the ${area} consult was due ${due}, late by ${late}.`,
    forLead: (lead: string, text: string) => `${lead} ${text}`,
    cover: (absent: string, text: string) => `${text} (for ${absent}, who is away: you cover)`,
  },
  home: {
    myAreas: 'Open consults in my areas',
    myConsults: 'My consults',
    /** `ref` names the case as a link to its card (bold). */
    consultLine: (ref: string, area: string, state: string, due: string) => `${ref} · ${area} · ${state}${due ? ` · due ${due}` : ''}`,
    none: 'None.',
    away: (from: string, to: string) => `You are away from ${from} until ${to}.`,
    recordAbsence: 'Record an absence',
    back: "I'm back",
    /** App Home's button while the absence shown has not started yet. */
    cancelAbsence: 'Cancel the absence',
    absentHolders: 'Open cases of absent doctors',
    absentLine: (who: string, until: string, cases: number, cover: string | null) =>
      `${who} away until ${until}${cover ? `, covered by ${cover}` : ''}: ${cases} open ${plural(cases, 'case', 'cases')}`,
    reassignAll: 'Reassign all',
  },
  reassign: {
    title: 'Reassign all cases',
    submit: 'Reassign',
    doctor: 'To doctor',
    intro: (who: string, n: number) => `Move the ${n} open ${plural(n, 'case', 'cases')} held by ${who} to another doctor.`,
    done: (n: number, to: string) => `${n} ${plural(n, 'case', 'cases')} reassigned to ${to}.`,
  },
  digest: { consults: (open: number, late: number) => `Consults: ${open} open, ${late} late.` },
  absenceModal: {
    title: 'Record an absence',
    who: 'Who is away',
    from: 'From',
    to: 'Away until (inclusive)',
    cover: 'Covered by',
    coverHint: 'Without a cover, the coordinators receive the reminders.',
  },
  absence: {
    usage: 'Use `/so away <from> <to> [@cover]` (dates as 2026-12-07, or 2026-12-07T14:00), `/so away @colleague <from> <to> [@cover]` for someone else (coordinators), or `/so back`.',
    recorded: (who: string, from: string, to: string, cover: string | null) =>
      `${who} away from ${from} until ${to}${cover ? `; ${cover} covers` : '; the coordinators cover'}.`,
    back: (who: string) => `Welcome back: ${who} is no longer away.`,
    notAway: (who: string) => `${who} has no current or upcoming absence.`,
    /** "I'm back" before an absence started: it is called off. */
    cancelled: (who: string, from: string, to: string) => `The absence of ${who} from ${from} until ${to} had not started yet: it is cancelled.`,
  },
};
