import type { DEFAULT_SPECIALIST_AREAS } from '../config.js';
import type { boardEn } from './board-en.js';
import { numbers } from './numbers.js';

const { plural } = numbers('it');

/** Testi italiani del collegio di specialisti, dei consulti e delle sostituzioni (SPEC sezione 8). */
export const boardIt: typeof boardEn = {
  areas: {
    radiology: 'Radiologia',
    radiotherapy: 'Radioterapia',
    medical_physics: 'Fisica medica',
    surgery: 'Chirurgia',
  } satisfies Record<(typeof DEFAULT_SPECIALIST_AREAS)[number], string>,
  consultState: { open: 'aperto', claimed: 'preso in carico', answered: 'chiuso con risposta', withdrawn: 'ritirato' },
  card: {
    line: (lead: string | null, consults: readonly string[]) => [`Collegio: referente ${lead ?? 'da assegnare'}`, ...consults].join(' · '),
    answered: (area: string) => `${area} ✓`,
    withdrawn: (area: string) => `~${area}~`,
    open: (area: string, due: string) => `${area}: da prendere in carico, entro ${due}`,
    claimed: (area: string, who: string, due: string) => `${area}: ${who}, entro ${due}`,
    late: (text: string) => `:warning: ${text} (in ritardo)`,
  },
  thread: {
    requested: (by: string, area: string, due: string) => `${by} ha chiesto un consulto di ${area}, entro ${due} (domanda registrata nella storia).`,
    imageReview: (area: string, due: string) => `Documentazione completa con revisione delle immagini: è aperto un consulto di ${area} per il nuovo referto, entro ${due}.`,
    claimed: (by: string, area: string) => `${by} ha preso in carico il consulto di ${area}.`,
    assigned: (by: string, area: string, to: string) => `${by} ha assegnato il consulto di ${area} a ${to}.`,
    answered: (by: string, area: string) => `${by} ha risposto al consulto di ${area}.`,
    withdrawn: (by: string, area: string) => `${by} ha ritirato il consulto di ${area} (motivo registrato).`,
  },
  modals: {
    request: {
      title: 'Chiedi un consulto',
      area: 'Area specialistica',
      question: 'Domanda per lo specialista',
      questionHint: 'Resta solo nella storia del caso; mai pubblicata in un canale.',
      dueAt: 'Risposta entro',
      dueAtHint: (caseDue: string) => `Predefinito: 1 giorno lavorativo prima del termine del caso (${caseDue}); mai dopo.`,
      forCase: (reference: string) => `Consulto per ${reference}.`,
    },
    assign: {
      title: 'Assegna consulto',
      doctor: 'Specialista',
      none: (area: string) => `Nessun medico copre ${area}: un amministratore lo aggiunge con \`/so personale aggiungi @utente medico <area>\`.`,
      option: (name: string, open: number, away: boolean) => `${name} · ${open} ${plural(open, 'consulto aperto', 'consulti aperti')}${away ? ' · assente' : ''}`,
      forCase: (area: string, reference: string) => `Consulto di ${area} per ${reference}.`,
    },
    answer: {
      title: 'Risposta al consulto',
      submit: 'Registra',
      confirm: (area: string, reference: string) =>
        `Registrare la risposta al consulto di ${area} per ${reference}? Il referto va nella cartella clinica, non in Slack.`,
    },
    withdraw: { title: 'Ritira il consulto', submit: 'Ritira', reason: 'Motivo', forCase: (area: string, reference: string) => `Consulto di ${area} per ${reference}.` },
  },
  notify: {
    dueSoon: (ref: string, area: string, due: string, left: string) => `:alarm_clock: ${ref}: il termine del consulto di ${area} è ${due} (ancora ${left}).`,
    overdue: (ref: string, area: string, due: string, late: string) => `:warning: ${ref}: il termine del consulto di ${area} era ${due}: in ritardo di ${late}.`,
    forLead: (lead: string, text: string) => `${lead} ${text}`,
    cover: (absent: string, text: string) => `${text} (per ${absent}, assente: sostituisci tu)`,
  },
  home: {
    myAreas: 'Consulti aperti nelle mie aree',
    myConsults: 'I miei consulti',
    /** `ref` names the case as a link to its card (bold). */
    consultLine: (ref: string, area: string, state: string, due: string) => `${ref} · ${area} · ${state}${due ? ` · entro ${due}` : ''}`,
    none: 'Nessuno.',
    away: (from: string, to: string) => `Sei assente dal ${from} al ${to}.`,
    recordAbsence: "Registra un'assenza",
    back: "Chiudi l'assenza",
    cancelAbsence: "Annulla l'assenza",
    absentHolders: 'Casi aperti di medici assenti',
    absentLine: (who: string, until: string, cases: number, cover: string | null) =>
      `${who} assente fino al ${until}${cover ? ` (sostituto: ${cover})` : ''}: ${cases} ${plural(cases, 'caso aperto', 'casi aperti')}`,
    reassignAll: 'Riassegna tutti',
  },
  reassign: {
    title: 'Riassegna tutti i casi',
    submit: 'Riassegna',
    doctor: 'Al medico',
    intro: (who: string, n: number) => `Sposta ${plural(n, "l'unico caso aperto", `i ${n} casi aperti`)} di ${who} a un altro medico.`,
    done: (n: number, to: string) => `${n} ${plural(n, 'caso riassegnato', 'casi riassegnati')} a ${to}.`,
  },
  digest: { consults: (open: number, late: number) => `Consulti: ${open} ${plural(open, 'aperto', 'aperti')}, ${late} in ritardo.` },
  absenceModal: {
    title: "Registra un'assenza",
    who: 'Chi è assente',
    from: 'Dal',
    to: 'Assente fino al (incluso)',
    cover: 'Sostituto',
    coverHint: 'Senza sostituto, i promemoria vanno ai coordinatori.',
  },
  absence: {
    usage: 'Usa `/so assente <dal> <al> [@sostituto]` (date come 07/12/2026 o 2026-12-07, i due giorni compresi; oppure 2026-12-07T14:00), `/so assente @collega <dal> <al> [@sostituto]` per un collega (coordinatori), oppure `/so rientro`.',
    recorded: (who: string, from: string, to: string, cover: string | null) =>
      `${who} assente dal ${from} al ${to}${cover ? `; sostituisce ${cover}` : '; sostituiscono i coordinatori'}.`,
    back: (who: string) => `Rientro registrato: ${who} non risulta più assente.`,
    notAway: (who: string) => `${who} non ha assenze in corso né in programma.`,
    cancelled: (who: string, from: string, to: string) => `L'assenza di ${who} dal ${from} al ${to} non era ancora iniziata: è annullata.`,
  },
};
