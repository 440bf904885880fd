import type { boardEn } from './board-en.js';

/** Testi italiani del collegio di specialisti, dei consulti e delle sostituzioni (SPEC sezione 8). */
export const boardIt: typeof boardEn = {
  areas: {
    radiology: 'Radiologia',
    radiotherapy: 'Radioterapia',
    medical_physics: 'Fisica medica',
    surgery: 'Chirurgia',
  },
  absence: {
    usage: 'Usa `/so away <dal> <al> [@sostituto]` (date come 2026-12-07 o 07/12/2026, o 2026-12-07T14:00), `/so away @collega <dal> <al> [@sostituto]` per un altro (coordinatori), oppure `/so back`.',
    recorded: (who: string, from: string, to: string, cover: string | null) =>
      `${who} assente dal ${from} al ${to}${cover ? `; sostituisce ${cover}` : '; sostituiscono i coordinatori'}.`,
    back: (who: string) => `Bentornato: ${who} non risulta più assente.`,
    notAway: (who: string) => `${who} non ha assenze in corso.`,
  },
};
