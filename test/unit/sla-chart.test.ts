import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CHART_SIZE, renderSlaTrendChart } from '../../src/charts/sla-trend.js';
import type { WeeklyTrend } from '../../src/services/reports.js';

const DELIVERED = [14, 17, 12, 19, 21, 16, 18, 22, 15, 20, 23, 19];
const trend: WeeklyTrend = {
  fromDate: '2026-09-07',
  toDate: '2026-11-29',
  weeks: DELIVERED.map((delivered, i) => ({
    isoMonday: new Date(Date.UTC(2026, 8, 7 + 7 * i)).toISOString().slice(0, 10),
    delivered,
    onTimeRate: i === 4 ? null : 0.75 + i / 50,
    openAtEnd: 41 - i,
  })),
};

interface Png {
  width: number;
  height: number;
  pixels: Buffer;
}

/** Reads an 8-bit RGBA PNG as written by the rasteriser: chunks, IHDR, inflated and unfiltered scanlines. */
function readPng(png: Buffer): Png {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x]!;
      const left = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= 4 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      const paeth = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      const predictor = [0, left, up, (left + up) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (byte + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

function colourShare(png: Png, rgb: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < png.pixels.length; i += 4) {
    if (Math.abs(png.pixels[i]! - rgb[0]) < 8 && Math.abs(png.pixels[i + 1]! - rgb[1]) < 8 && Math.abs(png.pixels[i + 2]! - rgb[2]) < 8) n++;
  }
  return n / (png.width * png.height);
}

describe('the 12-week SLA chart', () => {
  it('renders known figures as a PNG of the stated size, with bars, the open-cases line and the on-time dots drawn', async () => {
    const chart = await renderSlaTrendChart(trend, 'en');
    const png = readPng(chart.png);
    expect([png.width, png.height]).toEqual([CHART_SIZE.width * CHART_SIZE.scale, CHART_SIZE.height * CHART_SIZE.scale]);
    expect([chart.width, chart.height]).toEqual([png.width, png.height]);
    expect(colourShare(png, [255, 255, 255])).toBeGreaterThan(0.5); // a white background…
    expect(colourShare(png, [0x4c, 0x78, 0xa8])).toBeGreaterThan(0.05); // …blue bars for the deliveries
    expect(colourShare(png, [0xe4, 0x57, 0x56])).toBeGreaterThan(0.002); // the red open-cases line
    expect(colourShare(png, [0x54, 0xa2, 0x4b])).toBeGreaterThan(0.002); // the green on-time dots
  });

  it('states its period and labels its axes in English and in Italian', async () => {
    const en = await renderSlaTrendChart(trend, 'en');
    expect(en.svg).toContain('Last 12 weeks · Mon 7 Sept 2026 – Sun 29 Nov 2026');
    for (const label of ['Week starting (Monday)', 'Cases', 'On time (%)', '7 Sept', '23 Nov', 'Open at week end']) expect(en.svg).toContain(label);
    const it = await renderSlaTrendChart(trend, 'it');
    expect(it.svg).toContain('Ultime 12 settimane · lun 7 set 2026 – dom 29 nov 2026');
    for (const label of ['Settimana dal (lunedì)', 'Casi', 'Nei tempi (%)', '7 set', '23 nov', 'Aperti a fine settimana']) expect(it.svg).toContain(label);
    expect(readPng(it.png).width).toBe(CHART_SIZE.width * CHART_SIZE.scale);
  });
});
