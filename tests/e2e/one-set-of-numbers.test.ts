// One set of numbers: the same released value on the dashboard, in the funder
// report, and in the CSV, Parquet and Arrow exports, for one person who may
// open all three, each read the way its reader would (the page in Chromium,
// the export files by their own readers), and all equal to the release file.
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '~/lib/format';
import { seedAccounts, type Account } from '../helpers/accounts';
import { allArrowViaApacheArrow, allCsvViaCsvParse, allParquetViaDuckDB, unzipBytes } from '../helpers/exports';
import { query } from '../helpers/pipeline';
import { makeTempDir } from '../helpers/release-fixture';
import { DEMO_RELEASE } from '../helpers/cached-run';
import { serverAndBrowser } from './browser';
import type { RunningServer } from './server';

/** Metric → the dashboard page that shows it. */
const METRICS: Record<string, string> = {
  participants_served: 'engagement',
  new_enrollments: 'engagement',
  contact_hours: 'engagement',
  no_show_rate: 'engagement',
  retention_90d: 'engagement',
  satisfaction_positive: 'satisfaction',
  trust_high: 'satisfaction',
  recovery_reliable_improvement: 'recovery',
  ethics_training_current: 'standards',
};
const FORMATS = ['csv', 'parquet', 'arrow'] as const;
/** A cell the release does not have: a dash on every page, no row in any export. */
const NONE = { text: '—', value: null, status: 'none' };

let server: RunningServer;
let context: BrowserContext;
let dataDir: string;
let cleanup = () => {};
let stop = async () => {};
let program = '';
let quarter = '';
const release = new Map<string, { text: string; value: number | null; status: string }>();

const PERSON: Account = { email: 'everything@e2e.example.org', password: 'e2e sees every view', roles: ['program_manager', 'funder', 'analyst'], programs: [] };

beforeAll(async () => {
  ({ dir: dataDir, cleanup } = makeTempDir('peer-outcomes-e2e-numbers-'));
  const file = path.join(dataDir, 'release.duckdb');
  copyFileSync(DEMO_RELEASE, file);
  program = (await query<{ v: string }>(file, "SELECT dimension_value AS v FROM dimension_values WHERE dimension = 'program' ORDER BY 1 LIMIT 1"))[0]!.v;
  quarter = (await query<{ p: string }>(file, "SELECT period AS p FROM periods WHERE period_grain = 'quarter' AND complete ORDER BY period_start DESC LIMIT 1"))[0]!.p;
  PERSON.programs = [program];
  for (const c of await query<{ metric: string; unit: string; decimals: number; status: string; value: number | null }>(
    file,
    `SELECT c.metric, k.unit, CAST(k.decimals AS INTEGER) AS decimals, c.status, CAST(c.value AS DOUBLE) AS value
     FROM cells c JOIN catalog k USING (table_id)
     WHERE c.period_grain = 'quarter' AND c.dimension = 'program' AND c.period = '${quarter}' AND c.dimension_value = '${program.replaceAll("'", "''")}'`,
  )) {
    const text = c.status === 'suppressed' ? 'suppressed' : formatValue(c.value!, c.unit, c.decimals);
    release.set(c.metric, { text, value: c.value, status: c.status });
  }
  await seedAccounts(dataDir, [PERSON]);
  ({ server, context, stop } = await serverAndBrowser(dataDir, PERSON));
}, 120_000);

afterAll(async () => {
  await stop();
  cleanup();
});

async function dashboardValues(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const page = await context.newPage();
  for (const dashboard of new Set(Object.values(METRICS))) {
    const response = await page.goto(`${server.url}/dashboard/${dashboard}?${new URLSearchParams({ program, grain: 'quarter' })}`);
    expect(response?.status()).toBe(200);
    await page.$$eval('details.table-toggle', (els) => els.forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await page.waitForFunction(() => [...document.querySelectorAll('details.table-toggle')].every((d) => d.querySelector('table tbody tr')));
    for (const [metric, on] of Object.entries(METRICS)) {
      if (on !== dashboard) continue;
      const cell = page.locator(`table[data-table-id="${metric}:quarter:program"][data-dimension-value="${program}"] tr:has(th[data-period="${quarter}"]) td`);
      // A period the table has no cell for (a follow-up not yet complete) has no row on the dashboard.
      found.set(metric, (await cell.count()) === 0 ? '—' : (await cell.innerText()).replace(/\s+/g, ' ').trim());
    }
  }
  await page.close();
  return found;
}

async function reportValues(): Promise<Map<string, string>> {
  const page = await context.newPage();
  const response = await page.goto(`${server.url}/reports/program?${new URLSearchParams({ program, period: quarter })}`);
  expect(response?.status()).toBe(200);
  const found = new Map<string, string>();
  for (const metric of Object.keys(METRICS)) {
    // The summary and the section both show it: take every row of the metric, they must agree.
    const texts = await page.locator(`tr[data-metric="${metric}"] td:first-of-type`).evaluateAll((cells) =>
      cells.map((cell) => {
        const copy = cell.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.sr-only').forEach((n) => n.remove()); // words for screen readers only
        return copy.textContent!;
      }),
    );
    expect(new Set(texts.map((t) => t.trim())).size, metric).toBe(1);
    found.set(metric, texts[0]!.replace(/\s+/g, ' ').trim());
  }
  await page.close();
  return found;
}

/** Downloads the export of the metrics' quarter-by-program tables as the export page links it, and reads each file back with its own reader. */
async function exportValues(format: (typeof FORMATS)[number]): Promise<Map<string, { value: number | null; status: string }>> {
  const params = new URLSearchParams({ format });
  for (const m of Object.keys(METRICS)) params.append('table', `${m}:quarter:program`);
  const response = await context.request.get(`${server.url}/exports/download?${params}`);
  expect(response.status()).toBe(200);
  const { out } = await unzipBytes(await response.body(), dataDir, `export-${format}`);
  const rows =
    format === 'csv' ? allCsvViaCsvParse(out) : format === 'parquet' ? (await allParquetViaDuckDB(out)).rows : allArrowViaApacheArrow(out).rows;
  const found = new Map<string, { value: number | null; status: string }>();
  for (const r of rows) {
    if (r.period === quarter && r.dimension_value === program) found.set(r.metric, { value: r.value === null ? null : Number(r.value), status: r.status });
  }
  return found;
}

describe('one set of numbers', () => {
  it('shows the same released value on the dashboard, in the report and in every export format', async () => {
    const dashboard = await dashboardValues();
    const report = await reportValues();
    let suppressed = 0;
    for (const metric of Object.keys(METRICS)) {
      const expected = release.get(metric) ?? NONE;
      expect(dashboard.get(metric), `${metric} on the dashboard`).toBe(expected.text);
      expect(report.get(metric), `${metric} in the report`).toBe(expected.text);
      if (expected.status === 'suppressed') suppressed++;
    }
    for (const format of FORMATS) {
      const exported = await exportValues(format);
      for (const metric of Object.keys(METRICS)) {
        const expected = release.get(metric);
        expect(exported.get(metric), `${metric} in ${format}`).toEqual(expected ? { value: expected.value, status: expected.status } : undefined);
      }
    }
    // The check met released and suppressed values both.
    expect(suppressed).toBeGreaterThan(0);
    expect([...release.values()].filter((v) => v.status === 'released').length).toBeGreaterThan(4);
  });
});
