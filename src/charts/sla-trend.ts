import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { DateTime } from 'luxon';
import type { Runtime } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { formatDate } from '../i18n/format.js';
import { messages } from '../i18n/messages.js';
import { bcp47, type Locale } from '../i18n/locale.js';
import type { OutboxFile } from '../db/types.js';
import type { WeeklyTrend } from '../services/reports.js';

/**
 * The chart of the last 12 weeks (SPEC section 9): opinions delivered per week (bars), open cases at
 * each week's end (line) and the on-time rate (dots, right axis). Vega-Lite compiles the spec, Vega
 * renders it to SVG without a browser, resvg rasterises it to PNG with a font shipped in
 * node_modules, so the picture is the same on a developer's machine, in CI and in the slim image.
 */

const FONT_FAMILY = 'DejaVu Sans';
const FONT_FILES = (() => {
  const require = createRequire(import.meta.url);
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
})();

/** CSS pixels of the chart; the PNG is drawn at twice that for sharp text on high-density screens. */
export const CHART_SIZE = { width: 760, height: 300, scale: 2 } as const;

const COLOURS = { delivered: '#4c78a8', open: '#e45756', onTime: '#54a24b' } as const;

/** Numbers on the axes as the reader writes them: "0,5 / 2,5" in Italian, "0.5 / 2.5" in English. */
const NUMBER_FORMATS: Record<Locale, { decimal: string; thousands: string; grouping: number[]; currency: [string, string] }> = {
  en: { decimal: '.', thousands: ',', grouping: [3], currency: ['€', ''] },
  it: { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'] },
};

export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
  /** What the chart says, for the message that carries it and for screen readers. */
  title: string;
  altText: string;
  /** The file's name as Slack shows it, in the reader's language ("tempi-di-risposta-…" in Italian, never "sla-…"). */
  filename: string;
}

/** The rows the chart draws, one per week. */
function chartValues(trend: WeeklyTrend, locale: Locale) {
  return trend.weeks.map((w) => ({
    week: DateTime.fromISO(w.isoMonday, { locale: bcp47(locale) }).toFormat('d LLL'),
    delivered: w.delivered,
    open: w.openAtEnd,
    onTime: w.onTimeRate === null ? null : Math.round(w.onTimeRate * 100),
  }));
}

/** The data set and the signal a rendering fills in; everything else depends on the locale only. */
const DATA = 'weeks';
const TITLE = 'chartTitle';

function chartSpec(locale: Locale): TopLevelSpec {
  const c = messages(locale).chart;
  const weekAxis = { field: 'week', type: 'ordinal', sort: null, title: c.week, axis: { labelAngle: 0 } } as const;
  const series = (name: string) => ({ datum: name, scale: { domain: [c.delivered, c.openAtEnd, c.onTime], range: Object.values(COLOURS) }, title: null });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_SIZE.width,
    height: CHART_SIZE.height,
    autosize: { type: 'fit', contains: 'padding' },
    background: 'white',
    padding: 12,
    params: [{ name: TITLE, value: '' }],
    title: { text: { expr: TITLE }, anchor: 'start' },
    data: { name: DATA },
    config: {
      locale: { number: NUMBER_FORMATS[locale] },
      font: FONT_FAMILY,
      title: { fontSize: 15 },
      axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
      legend: { labelFontSize: 11, labelLimit: 400, orient: 'bottom', direction: 'horizontal' },
      view: { stroke: null },
    },
    layer: [
      {
        layer: [
          { mark: { type: 'bar', width: { band: 0.6 } }, encoding: { x: weekAxis, y: { field: 'delivered', type: 'quantitative', title: c.cases }, color: series(c.delivered) } },
          { mark: { type: 'line', strokeWidth: 2.5, point: true }, encoding: { x: weekAxis, y: { field: 'open', type: 'quantitative' }, color: series(c.openAtEnd) } },
        ],
      },
      {
        mark: { type: 'line', strokeDash: [4, 3], point: { filled: true, size: 50 } },
        encoding: {
          x: weekAxis,
          y: { field: 'onTime', type: 'quantitative', title: c.onTimeRate, scale: { domain: [0, 100] } },
          color: series(c.onTime),
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}

/**
 * The chart compiled and parsed once per locale (a third of a rendering's time): the parsed runtime is
 * a description that each rendering instantiates in a View of its own, with its own weeks and title.
 */
const runtimes = new Map<Locale, Runtime>();
function runtime(locale: Locale, { vega, vegaLite }: Libraries): Runtime {
  let parsed = runtimes.get(locale);
  if (!parsed) runtimes.set(locale, (parsed = vega.parse(vegaLite.compile(chartSpec(locale)).spec)));
  return parsed;
}

/**
 * Vega and Vega-Lite are loaded with the first chart: they take about a third of a second to load, and
 * most processes (and most test files) never draw one.
 */
interface Libraries {
  vega: typeof import('vega');
  vegaLite: typeof import('vega-lite');
}
let libraries: Promise<Libraries> | null = null;
const loadLibraries = (): Promise<Libraries> =>
  (libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite })));

export async function renderSlaTrendChart(trend: WeeklyTrend, locale: Locale): Promise<RenderedChart> {
  const c = messages(locale).chart;
  const libs = await loadLibraries();
  const view = new libs.vega.View(runtime(locale, libs), { renderer: 'none' })
    .data(DATA, chartValues(trend, locale))
    .signal(TITLE, c.title(formatDate(trend.fromDate, locale), formatDate(trend.toDate, locale)));
  const svg = await view.toSVG();
  view.finalize();
  const rendered = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'zoom', value: CHART_SIZE.scale },
    background: 'white',
  }).render();
  const from = formatDate(trend.fromDate, locale);
  const to = formatDate(trend.toDate, locale);
  const last = trend.weeks[trend.weeks.length - 1];
  return {
    svg,
    png: rendered.asPng(),
    width: rendered.width,
    height: rendered.height,
    title: c.comment(from, to),
    filename: c.filename(trend.toDate),
    altText: `${c.title(from, to)}. ${c.subtitle}.${last ? ` ${c.delivered}: ${trend.weeks.map((w) => w.delivered).join(', ')}. ${c.openAtEnd}: ${trend.weeks.map((w) => w.openAtEnd).join(', ')}.` : ''}`,
  };
}

/** The chart as a file shared in Slack. */
export function chartFile(chart: RenderedChart): OutboxFile {
  return { filename: chart.filename, title: chart.title, contentBase64: chart.png.toString('base64'), altText: chart.altText };
}
