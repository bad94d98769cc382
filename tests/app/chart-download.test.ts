// A chart's downloads hold exactly the released cells its page shows: the CSV
// in the exports' encoding (suppressed as the word), only the programs the
// account may read, and the SVG picture names its release.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgramAccess, type ProgramAccess } from '~/auth/guards.server';
import type { SignedIn } from '~/auth/session.server';
import { chartCsv, chartRows, findChart, type ChartQuery, type DownloadableChart } from '~/dashboard/chart-download.server';
import type { MetricView } from '~/dashboard/sections.server';
import { axisTicks } from '~/components/charts/axis';
import { tickFormatter } from '~/components/charts/chart-data';
import { chartSvg } from '~/dashboard/chart-image.server';
import { trendPage } from '~/dashboard/trend-page.server';
import { closeReleaseCache, readRelease } from '~/release/reader.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { closeAppStore } from '~/store/app-store.server';
import { csvHeader, EXPORT_COLUMNS, type ReleasedValue } from '../../pipelines/release/format';

const CSV_HEADER = csvHeader(EXPORT_COLUMNS, 'bom');
import { makeTempDir, writeReleaseFixture, type FixtureCell } from '../helpers/release-fixture';

let release: ReleaseSnapshot;
let whole: ProgramAccess;
let harbor: ProgramAccess;
let cleanup = () => {};

const manager = (programs: string[]): SignedIn => ({
  sessionId: 'test',
  user: { id: 1, email: 'pm@example.org', name: 'PM', active: true, mustChangePassword: false, roles: ['program_manager'], programs },
});
const c = (grain: FixtureCell['grain'], period: string, dimension: string, dimensionValue: string, value: number | null): FixtureCell => ({
  metric: 'participants_served', grain, period, dimension, dimensionValue, value,
});
const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];
const url = (search: string) => new URL(`http://x/dashboard/engagement?${search}`);
const q = (chart: string, part: ChartQuery['part'], page: ChartQuery['page'] = 'engagement'): ChartQuery => ({ page, chart, part });

beforeAll(async () => {
  const tmp = makeTempDir();
  cleanup = tmp.cleanup;
  process.env.PEER_OUTCOMES_APP_STORE = path.join(tmp.dir, 'app.duckdb');
  const cells: FixtureCell[] = [];
  for (const [i, m] of MONTHS.entries()) {
    cells.push(c('month', m, 'total', 'all', 100 + i));
    cells.push(c('month', m, 'program', 'Harbor', 60 + i));
    cells.push(c('month', m, 'program', '=Lantern, "Hill"', i === 2 ? null : 40 + i));
    cells.push(c('month', m, 'site', 'Harbor — East', i === 1 ? null : 30 + i));
    cells.push(c('month', m, 'site', 'Lantern — Hill', 20 + i));
  }
  cells.push(c('year', '2025', 'total', 'all', 180), c('year', '2025', 'gender', 'woman', 100), c('year', '2025', 'gender', 'man', null));
  await writeReleaseFixture(tmp.dir, {
    cells,
    siteProgram: { 'Harbor — East': 'Harbor', 'Lantern — Hill': '=Lantern, "Hill"' },
    manifest: { release_id: 'rel-<chart>&test' },
  });
  const result = await readRelease(tmp.dir);
  if (result.kind !== 'release') throw new Error('no release');
  release = result.release;
  whole = await requireProgramAccess(manager(['*']), release, new Request('http://x/dashboard'));
  harbor = await requireProgramAccess(manager(['Harbor']), release, new Request('http://x/dashboard'));
});

afterAll(async () => {
  await closeReleaseCache();
  await closeAppStore();
  cleanup();
});

describe('chart data download', () => {
  it('is the trend the page shows, cell for cell, in the exports’ CSV encoding', () => {
    const u = url('grain=month&from=2025-01&to=2025-05');
    const chart = findChart(release, u, whole, q('participants_served', 'trend'))!;
    const section = trendPage(release, u, 'engagement', whole).sections.find((s) => s.id === 'participants_served')!;
    expect(chartRows(chart).map((r) => [r.period, r.value])).toEqual(section.trend!.points.map((p) => [p.period, p.value]));
    expect(chartCsv(chart)).toBe(
      CSV_HEADER + MONTHS.map((m, i) => `participants_served:month:total,participants_served,month,${m},total,all,${100 + i},released\r\n`).join(''),
    );
  });

  it('writes a suppressed cell as the word, and neutralises and quotes a name', () => {
    const chart = findChart(release, url('grain=month&from=2025-01&to=2025-05&by=program'), whole, q('participants_served', 'breakdown'))!;
    const csv = chartCsv(chart);
    expect(csv).toContain(`participants_served:month:program,participants_served,month,2025-03,program,"'=Lantern, ""Hill""",suppressed,suppressed\r\n`);
    // Two programs and the whole they belong to (all programs, the page's reference line).
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(1 + 3 * MONTHS.length);
    expect(csv).toContain('participants_served:month:total,participants_served,month,2025-01,total,all,100,released\r\n');
  });

  it('holds only the programs the account may read', () => {
    const chart = findChart(release, url('grain=month&from=2025-01&to=2025-05&program=Harbor&by=site'), harbor, q('participants_served', 'breakdown'))!;
    const csv = chartCsv(chart);
    expect(csv).toContain('Harbor — East');
    expect(csv).toContain(',2025-02,site,Harbor — East,suppressed,suppressed');
    expect(csv).not.toContain('Lantern');
    // The program the sites belong to, as the page draws it beside them.
    expect(csv).toContain('participants_served:month:program,participants_served,month,2025-01,program,Harbor,60,released');
    // No program asked: the account's own program, never all programs together.
    const trend = chartCsv(findChart(release, url('grain=month&from=2025-01&to=2025-05'), harbor, q('participants_served', 'trend'))!);
    expect(trend).toContain(',program,Harbor,60,released');
    expect(trend).not.toContain(',total,all,');
  });

  it('on the equity page is the groups of the year and the whole they are compared with', () => {
    const chart = findChart(release, new URL('http://x/dashboard/equity?by=gender&from=2025&to=2025'), whole, q('participants_served', 'breakdown', 'equity'))!;
    expect(chartCsv(chart)).toBe(
      CSV_HEADER +
        'participants_served:year:gender,participants_served,year,2025,gender,woman,100,released\r\n' +
        'participants_served:year:gender,participants_served,year,2025,gender,man,suppressed,suppressed\r\n' +
        'participants_served:year:total,participants_served,year,2025,total,all,180,released\r\n',
    );
    expect(chart.series.find((x) => x.reference)?.label).toBe('All programs');
    expect(chartSvg(chart, { id: 'r', createdAt: '2025-07-02T00:00:00Z', k: 11 })).toContain('>All programs (reference)</text>');
    // An account of some programs never gets the all-programs page, nor its charts: the guard refuses it first (e2e).
  });

  it('finds no chart the page does not have', () => {
    expect(findChart(release, url('grain=month'), whole, q('satisfaction_mean', 'trend'))).toBeNull();
    expect(findChart(release, url('grain=month'), whole, q('participants_served', 'breakdown'))).toBeNull(); // no breakdown chosen
  });
});

describe('chart image download', () => {
  const facts = () => ({ id: release.id, createdAt: release.manifest.created_at, k: release.k });

  it('names the chart and its release, escaped, and marks suppressed values instead of drawing them', () => {
    const chart = findChart(release, url('grain=month&from=2025-01&to=2025-05&by=program'), whole, q('participants_served', 'breakdown'))!;
    const svg = chartSvg(chart, facts());
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('<title id="t">participants_served by program</title>' /* the fixture's label is the id */);
    expect(svg).toContain('release rel-&#60;chart&#62;&#38;test of');
    expect(svg).toContain('=Lantern, &#34;Hill&#34;, Mar 2025: suppressed');
    expect(svg).not.toMatch(/<(?!\/)(?!svg|title|desc|defs|pattern|rect|line|text|g|polyline|circle)/); // no script, no foreign elements
    expect(svg.match(/<circle /g)).toHaveLength(3 * MONTHS.length - 1); // one dot per released value, the reference's too
    expect(svg).toContain('>All programs (reference)</text>');
  });

  it('spans the axis of the metric’s scale, as the page’s chart does', () => {
    const table = { ...release.catalog[0]!, metric: 'wellbeing_mean' };
    const v = (value: number) => ({ status: 'released', value }) as ReleasedValue;
    const chart = (scale: MetricView['scale'], values: number[]): DownloadableChart => ({
      title: 'Wellbeing',
      subtitle: 'All programs',
      metric: { id: 'wellbeing_mean', label: 'Wellbeing', unit: 'points', kind: 'mean', decimals: 1, privacyUnit: 'participant', direction: 'higher', scale },
      periods: values.map((_, i) => ({ period: `2025-0${i + 1}`, label: `M${i + 1}`, partial: false })),
      series: [{ label: 'All programs', table, dimensionValue: 'all', values: values.map(v) }],
    });
    const tickTexts = (svg: string) => [...svg.matchAll(/text-anchor="end" fill="[^"]+">([^<]+)</g)].map((m) => m[1]);
    // A 1–5 score: the whole scale, not zero up to the data.
    const score = chartSvg(chart({ min: 1, max: 5, text: '' }, [3.2, 3.6]), facts());
    expect(tickTexts(score)).toEqual(axisTicks([1, 5]).map(tickFormatter('points', 1)));
    // A change score spans every possible change, below zero too.
    const change = chartSvg(chart({ min: -4, max: 4, text: '' }, [0.4, 0.9]), facts());
    expect(tickTexts(change)).toEqual(axisTicks([-4, 4]).map(tickFormatter('points', 1)));
    // One bar per group on a scale that starts above zero grows from the scale's bottom, inside the plot.
    const bars = chartSvg({ ...chart({ min: 1, max: 5, text: '' }, [3.2]), series: [chart({ min: 1, max: 5, text: '' }, [3.2]).series[0]!] }, facts());
    const bar = /<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)" height="18" fill="#/.exec(bars)!;
    expect(Number(bar[1])).toBe(260);
    expect(Number(bar[2])).toBeCloseTo(((3.2 - 1) / 4) * (960 - 120 - 260), 0);
  });
});
