// A dashboard chart as a standalone SVG picture, drawn on the server from the
// same released cells as its data download: title, scale, the values, and a
// source line naming the release. A suppressed value is a hatched mark, never
// 0 and never bridged by a line; a period with no one in the group is a gap.
// One line per breakdown value over time, or bars when there is one period.
import { axisDomain, axisTicks } from '~/components/charts/axis';
import { PALETTE, tickFormatter } from '~/components/charts/chart-data';
import { formatDate, formatValue } from '~/lib/format';
import type { ReleasedValue } from '../../pipelines/release/format';
import type { ChartSeries, DownloadableChart } from './chart-download.server';

/** Okabe–Ito colours (distinguishable with any colour vision), darkest first; the ninth line on is dashed. */
const SERIES_COLOURS = [PALETTE.series, '#D55E00', '#009E73', '#CC79A7', '#000000', '#E69F00', '#56B4E9', '#7a5195'];

/** The whole the groups are compared with: grey and dashed, named "(reference)". */
const REFERENCE_COLOUR = '#566075';
const nameOf = (s: ChartSeries) => (s.reference ? `${s.label} (reference)` : s.label);

const WIDTH = 960;
const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (x: number) => (Math.round(x * 10) / 10).toString();

/** Where a released value sits on the axis: proportions as percent, like the page's charts. */
const plotted = (v: ReleasedValue | null | undefined, unit: string): number | null =>
  v?.status === 'released' ? (unit === 'proportion' ? v.value * 100 : v.value) : null;

const HATCH = `<pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${PALETTE.suppressed}" stroke-width="2"/></pattern>`;

export interface ImageRelease {
  id: string;
  createdAt: string;
  k: number;
}

export function chartSvg(all: DownloadableChart, release: ImageRelease): string {
  // Only the chart's own measure is drawn on its axis; another (the count of people behind a share) is in the data download.
  const chart = { ...all, series: all.series.filter((s) => s.table.metric === all.metric.id) };
  const { metric } = chart;
  const body = chart.periods.length === 1 ? bars(chart) : lines(chart);
  const anySuppressed = chart.series.some((s) => s.values.some((v) => v?.status === 'suppressed'));
  const anyNone = chart.series.some((s) => s.values.some((v) => v === null));
  const top = 84;
  const notes = [
    anySuppressed ? `Hatched: suppressed, a value resting on fewer than ${release.k} people or one that would reveal such a value; never zero.` : '',
    anyNone ? 'A gap: no one in the group in that period.' : '',
  ].filter(Boolean);
  const foot = top + body.height + 28;
  const height = foot + notes.length * 18 + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="t d" font-family="${esc(FONT)}">`,
    `<title id="t">${esc(chart.title)}</title>`,
    `<desc id="d">${esc(`${chart.subtitle}. Source: Peer Outcomes release ${release.id}.`)}</desc>`,
    `<defs>${HATCH}</defs>`,
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    `<text x="24" y="36" font-size="20" font-weight="600" fill="#1d2433">${esc(chart.title)}</text>`,
    `<text x="24" y="62" font-size="14" fill="#566075">${esc(chart.subtitle)}${metric.privacyUnit === 'staff' ? ' · counted over staff' : ''}</text>`,
    `<g transform="translate(0 ${top})">${body.svg}</g>`,
    ...notes.map((n, i) => `<text x="24" y="${foot + i * 18}" font-size="12" fill="#566075">${esc(n)}</text>`),
    `<text x="24" y="${height - 16}" font-size="12" fill="#566075">${esc(`Source: Peer Outcomes, release ${release.id} of ${formatDate(release.createdAt.slice(0, 10))}. Every value is a released, disclosure-controlled figure.`)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/** One line per series across the periods, with a legend when there are several. */
function lines(chart: DownloadableChart): { svg: string; height: number } {
  const { unit, decimals } = chart.metric;
  const legend = chart.series.length > 1;
  const left = 72;
  // Room for the longest name in the legend (about 7.5 px a character at 13 px), up to a third of the width.
  const legendWidth = legend ? Math.min(WIDTH / 3, 72 + 7.5 * Math.max(...chart.series.map((s) => nameOf(s).length))) : 32;
  const right = WIDTH - legendWidth;
  const h = 300;
  // The page's axis: the metric's scale (a score's whole range, shares 0–100%), widened only by a value outside it.
  const domain = axisDomain(chart.metric.scale, chart.series.flatMap((s) => s.values.map((v) => plotted(v, unit))));
  const y = (v: number) => h - ((v - domain[0]) / (domain[1] - domain[0])) * h;
  const n = chart.periods.length;
  const x = (i: number) => (n === 1 ? (left + right) / 2 : left + (i * (right - left)) / (n - 1));
  const fmt = tickFormatter(unit, decimals);
  const out: string[] = [];
  for (const t of axisTicks(domain)) {
    out.push(`<line x1="${left}" x2="${right}" y1="${num(y(t))}" y2="${num(y(t))}" stroke="${t === 0 ? PALETTE.axis : PALETTE.grid}"/>`);
    out.push(`<text x="${left - 8}" y="${num(y(t) + 4)}" font-size="12" text-anchor="end" fill="${PALETTE.axis}">${esc(fmt(t))}</text>`);
  }
  const every = Math.ceil(n / 10);
  chart.periods.forEach((p, i) => {
    if (i % every !== 0 && i !== n - 1) return;
    out.push(`<text x="${num(x(i))}" y="${h + 20}" font-size="12" text-anchor="middle" fill="${PALETTE.axis}">${esc(p.label + (p.partial ? ' (partial)' : ''))}</text>`);
  });
  chart.series.forEach((s, si) => {
    const colour = s.reference ? REFERENCE_COLOUR : SERIES_COLOURS[si % SERIES_COLOURS.length]!;
    const dash = s.reference || si >= SERIES_COLOURS.length ? ' stroke-dasharray="6 4"' : '';
    // Runs of consecutive released values: a suppressed or empty period breaks the line.
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) out.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${colour}" stroke-width="2.5"${dash}/>`);
      run = [];
    };
    s.values.forEach((v, i) => {
      const value = plotted(v, unit);
      if (value === null) {
        flush();
        if (v?.status === 'suppressed') {
          out.push(`<rect x="${num(x(i) - 6)}" y="${h - 14 - si * 3}" width="12" height="12" fill="url(#hatch)" stroke="${colour}"><title>${esc(`${s.label}, ${chart.periods[i]!.label}: suppressed`)}</title></rect>`);
        }
        return;
      }
      const text = v?.status === 'released' ? formatValue(v.value, unit, decimals) : '';
      run.push(`${num(x(i))},${num(y(value))}`);
      out.push(`<circle cx="${num(x(i))}" cy="${num(y(value))}" r="3.5" fill="${colour}"><title>${esc(`${s.label}, ${chart.periods[i]!.label}: ${text}`)}</title></circle>`);
    });
    flush();
    if (legend) {
      const ly = 8 + si * 22;
      out.push(`<line x1="${right + 24}" x2="${right + 48}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"${dash}/>`);
      out.push(`<text x="${right + 56}" y="${ly + 4}" font-size="13" fill="#1d2433">${esc(nameOf(s))}</text>`);
    }
  });
  return { svg: out.join('\n'), height: Math.max(h + 32, legend ? chart.series.length * 22 + 16 : 0) };
}

/** One bar per series, for a chart of a single period. */
function bars(chart: DownloadableChart): { svg: string; height: number } {
  const { unit, decimals } = chart.metric;
  const left = 260;
  const right = WIDTH - 120;
  const row = 28;
  const domain = axisDomain(chart.metric.scale, chart.series.map((s) => plotted(s.values[0], unit)));
  const x = (v: number) => left + ((v - domain[0]) / (domain[1] - domain[0])) * (right - left);
  // Bars grow from zero, or from the bottom of a scale that starts above it (1–5), as on the page.
  const base = Math.min(Math.max(0, domain[0]), domain[1]);
  const fmt = tickFormatter(unit, decimals);
  const h = chart.series.length * row;
  const out: string[] = [];
  for (const t of axisTicks(domain)) {
    out.push(`<line x1="${num(x(t))}" x2="${num(x(t))}" y1="0" y2="${h}" stroke="${t === 0 ? PALETTE.axis : PALETTE.grid}"/>`);
    out.push(`<text x="${num(x(t))}" y="${h + 18}" font-size="12" text-anchor="middle" fill="${PALETTE.axis}">${esc(fmt(t))}</text>`);
  }
  chart.series.forEach((s, i) => {
    const v = s.values[0] ?? null;
    const cy = i * row + row / 2;
    out.push(`<text x="${left - 10}" y="${cy + 4}" font-size="13" text-anchor="end" fill="#1d2433">${esc(nameOf(s))}</text>`);
    const value = plotted(v, unit);
    if (value !== null && v?.status === 'released') {
      const x0 = x(Math.min(base, value));
      const x1 = x(Math.max(base, value));
      out.push(`<rect x="${num(x0)}" y="${cy - 9}" width="${num(Math.max(1, x1 - x0))}" height="18" fill="${s.reference ? REFERENCE_COLOUR : PALETTE.series}"/>`);
      out.push(`<text x="${num(x1 + 6)}" y="${cy + 4}" font-size="12" fill="#1d2433">${esc(formatValue(v.value, unit, decimals))}</text>`);
    } else if (v?.status === 'suppressed') {
      out.push(`<rect x="${num(x(base))}" y="${cy - 9}" width="18" height="18" fill="url(#hatch)" stroke="${PALETTE.suppressed}"/>`);
      out.push(`<text x="${num(x(base) + 26)}" y="${cy + 4}" font-size="12" fill="${PALETTE.suppressed}">suppressed</text>`);
    } else {
      out.push(`<text x="${num(x(base) + 6)}" y="${cy + 4}" font-size="12" fill="${PALETTE.suppressed}">no one in this group</text>`);
    }
  });
  return { svg: out.join('\n'), height: h + 28 };
}
