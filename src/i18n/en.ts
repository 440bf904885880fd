/** English texts. `it.ts` must provide exactly the same keys (the type checker enforces it). */
export const en = {
  duration: {
    days: (n: number) => `${n} working ${n === 1 ? 'day' : 'days'}`,
    hours: (n: number) => `${n} h`,
    minutes: (n: number) => `${n} min`,
  },
  explain: {
    start: (at: string) => `Documentation complete: ${at}; counting starts at once.`,
    startLater: (at: string, from: string) => `Documentation complete: ${at}; counting starts at the next opening, ${from}.`,
    closedDay: (date: string, reason: string) => `Closed, not counted: ${date} (${reason}).`,
    pause: (from: string, to: string | null, excluded: string) =>
      to === null
        ? `Paused since ${from}, waiting for information (${excluded} of working time so far).`
        : `Paused from ${from} to ${to}: ${excluded} not counted.`,
    stop: (at: string) => `Opinion delivered: ${at}.`,
    due: (at: string, target: string) => `Answer due by ${at} (target: ${target}).`,
  },
};
