import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, WorkingCalendar } from '../../src/domain/calendar.js';
import { configuredAreaLabels } from '../../src/i18n/area-labels.js';
import { refusalMessage } from '../../src/i18n/format.js';
import { tools, type RenderContext } from '../../src/slack/views/render-context.js';
import { areaText } from '../../src/slack/views/render-context.js';

const calendar = new WorkingCalendar(DEFAULT_CALENDAR);
// SPECIALIST_AREAS=radiology,oncogenetics=Oncogenetics|Oncogenetica: the added area carries its labels.
const labels = configuredAreaLabels([
  { id: 'radiology', labels: null },
  { id: 'oncogenetics', labels: { en: 'Oncogenetics', it: 'Oncogenetica' } },
]);
const ctx = (locale: 'en' | 'it', areaLabels = labels): RenderContext => ({
  locale,
  zone: calendar.timeZone,
  workingDayMs: calendar.workingDayMs,
  nowMs: 0,
  areaLabels,
});

describe('configured area labels travel with whoever words the text', () => {
  it('the board and refusals name an added area by its label in the reader language', () => {
    expect(areaText(ctx('en'), 'oncogenetics')).toBe('Oncogenetics');
    expect(areaText(ctx('it'), 'oncogenetics')).toBe('Oncogenetica');
    expect(tools(ctx('it')).refusal({ key: 'not_in_area', area: 'oncogenetics' })).toContain('Oncogenetica');
    expect(tools(ctx('en')).refusal({ key: 'consult_unclaimed', area: 'radiology' })).toContain('Radiology');
  });

  it('the API words refusals with the same labels', () => {
    expect(refusalMessage({ key: 'not_in_area', area: 'oncogenetics' }, 'en', labels)).toBe(
      'Only a doctor of the Oncogenetics area can take this consult.',
    );
  });

  it('two contexts with different configurations do not leak into each other', () => {
    expect(areaText(ctx('en', new Map()), 'oncogenetics')).toBe('oncogenetics');
    expect(areaText(ctx('en'), 'oncogenetics')).toBe('Oncogenetics');
  });
});
