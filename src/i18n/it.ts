import type { en } from './en.js';

export const it: typeof en = {
  duration: {
    days: (n: number) => `${n} ${n === 1 ? 'giorno lavorativo' : 'giorni lavorativi'}`,
    hours: (n: number) => `${n} h`,
    minutes: (n: number) => `${n} min`,
  },
  explain: {
    start: (at: string) => `Documentazione completa: ${at}; il conteggio parte subito.`,
    startLater: (at: string, from: string) =>
      `Documentazione completa: ${at}; il conteggio parte alla prossima apertura, ${from}.`,
    closedDay: (date: string, reason: string) => `Chiuso, non conteggiato: ${date} (${reason}).`,
    pause: (from: string, to: string | null, excluded: string) =>
      to === null
        ? `In pausa dal ${from}, in attesa di informazioni (finora ${excluded} di tempo lavorativo).`
        : `In pausa dal ${from} al ${to}: ${excluded} non conteggiati.`,
    stop: (at: string) => `Parere consegnato: ${at}.`,
    due: (at: string, target: string) => `Risposta dovuta entro ${at} (obiettivo: ${target}).`,
  },
};
