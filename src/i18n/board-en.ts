/** English texts of the board of specialists, consults and absence cover (SPEC section 8). */
export const boardEn = {
  /** Labels of the default specialist areas; other areas carry their labels in SPECIALIST_AREAS. */
  areas: {
    radiology: 'Radiology',
    radiotherapy: 'Radiotherapy',
    medical_physics: 'Medical physics',
    surgery: 'Surgery',
  } as Readonly<Record<string, string>>,
  absence: {
    usage: 'Use `/so away <from> <to> [@cover]` (dates as 2026-12-07, or 2026-12-07T14:00), `/so away @colleague <from> <to> [@cover]` for someone else (coordinators), or `/so back`.',
    recorded: (who: string, from: string, to: string, cover: string | null) =>
      `${who} away from ${from} until ${to}${cover ? `; ${cover} covers` : '; the coordinators cover'}.`,
    back: (who: string) => `Welcome back: ${who} is no longer away.`,
    notAway: (who: string) => `${who} has no absence running.`,
  },
};
