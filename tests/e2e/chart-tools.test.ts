// Beside and under every dashboard chart, in Chromium on the demo release: the
// help opens from the keyboard (and by touch without JavaScript) and says what
// the measure means in plain words; "Download data" gives exactly the released
// cells the chart's table shows (its reference row too), suppressed as the word; "Download image" is an
// SVG naming the release; an account of one program editing the link to
// another program is refused (403) and the refusal is audited; every download
// is an export in the audit trail.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definitionOf } from '~/dashboard/definitions';
import { PAGES } from '~/dashboard/pages';
import { seedAccounts, signIn, signInBrowser, type Account } from '../helpers/accounts';
import { releaseCells, type LongRow } from '../helpers/exports';
import { query } from '../helpers/pipeline';
import { makeTempDir } from '../helpers/release-fixture';
import { launchChromium } from './browser';
import { DEMO_RELEASE } from '../helpers/cached-run';
import { startServer, type RunningServer } from './server';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');

const A = {
  manager: { email: 'all@charts.example.org', password: 'chart tools manager password', roles: ['program_manager'], programs: ['*'] } as Account,
  one: { email: 'one@charts.example.org', password: 'chart tools one program password', roles: ['program_manager'], programs: [] as string[] } as Account,
  admin: { email: 'admin@charts.example.org', password: 'chart tools admin password', roles: ['admin'], programs: [] } as Account,
};

let server: RunningServer;
let browser: Browser;
let dir: string;
let cleanup = () => {};
let cells: LongRow[];
let releaseId = '';
let programs: string[] = [];
let quarters: string[] = [];

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir('peer-outcomes-e2e-charts-'));
  const file = path.join(dir, 'release.duckdb');
  copyFileSync(DEMO_RELEASE, file);
  cells = await releaseCells(file);
  releaseId = (await query<{ id: string }>(file, 'SELECT release_id AS id FROM manifest'))[0]!.id;
  programs = (await query<{ v: string }>(file, "SELECT dimension_value AS v FROM dimension_values WHERE dimension = 'program' ORDER BY 1")).map((r) => r.v);
  quarters = (await query<{ p: string }>(file, "SELECT period AS p FROM periods WHERE period_grain = 'quarter' ORDER BY period_start")).map((r) => r.p);
  A.one.programs = [programs[0]!];
  await seedAccounts(dir, Object.values(A));
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(dir), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  cleanup();
});

const auditOf = async (action: string) => {
  const admin = (await signIn(server.url, A.admin.email, A.admin.password)).jar;
  const csv = await (await admin.fetch(`${server.url}/admin/audit.csv?action=${action}`)).text();
  return parse(csv, { columns: true, bom: true }) as { actor: string; action: string; target: string; details: string }[];
};

/** A context signed in as `account` (signing in needs JavaScript; the context after it may have none). */
async function signedIn(account: Account, options: BrowserContextOptions) {
  const first = await browser.newContext();
  await (await signInBrowser(first, server.url, account.email, account.password)).close();
  const storageState = await first.storageState();
  await first.close();
  return browser.newContext({ ...options, storageState });
}

async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state?.initialized === true);
}

describe('the help beside a chart', () => {
  it('opens from the keyboard and says what the measure means in plain words', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await signInBrowser(context, server.url, A.manager.email, A.manager.password);
      await page.goto(`${server.url}/dashboard/engagement`);
      await hydrated(page);
      const help = page.locator('#participants_served details.chart-help');
      await expect(help.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
      await expect(help.locator('.chart-help__body').isVisible()).resolves.toBe(false);
      let reached = false;
      for (let i = 0; i < 80 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.matches('#participants_served details.chart-help > summary') ?? false);
      }
      expect(reached, 'Tab reaches the help of the first chart').toBe(true);
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('iWhat this measures: Participants served');
      await page.keyboard.press('Enter');
      await expect(help.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(true);
      const body = help.locator('.chart-help__body');
      await expect(body.isVisible()).resolves.toBe(true);
      const text = await body.textContent();
      const d = definitionOf('participants_served')!;
      expect(text).toContain(d.plain);
      expect(text).toContain(d.how);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'chart-help-1440.png') });
      await page.keyboard.press('Space'); // and closes the same way
      await expect(help.evaluate((d) => (d as HTMLDetailsElement).open)).resolves.toBe(false);
      // The exact rule is one link away, on the About page.
      await expect(help.locator('a').getAttribute('href')).resolves.toBe('/dashboard/about#def-participants_served');
    } finally {
      await context.close();
    }
  });

  it('opens by touch without JavaScript, on every chart of every trend page', async () => {
    const context = await signedIn(A.manager, { viewport: { width: 820, height: 1180 }, hasTouch: true, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      for (const p of PAGES.filter((x) => x.family)) {
        await page.goto(`${server.url}${p.path}`);
        const ids = await page.$$eval('section.metric', (els) => els.map((e) => e.id));
        expect(ids.length, p.path).toBeGreaterThan(0);
        for (const id of ids) {
          const metric = id.replace(/-by-.*$/, '');
          await expect(page.locator(`[id="${id}"] details.chart-help .chart-help__body p`).first().textContent(), id).resolves.toBe(definitionOf(metric)!.plain);
        }
      }
      await page.goto(`${server.url}/dashboard/recovery`);
      await page.tap('#recovery_reliable_improvement details.chart-help > summary');
      await expect(page.locator('#recovery_reliable_improvement .chart-help__body').isVisible()).resolves.toBe(true);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'chart-help-820-nojs.png') });
    } finally {
      await context.close();
    }
  });
});

/** The cells of one table on the page, after opening its toggle: released table, period, breakdown value, status and text (a reference row's cells are its whole's). */
async function tableCells(page: Page, tableId: string) {
  await page.locator(`details.table-toggle[data-table-id="${tableId}"] > summary`).click();
  const table = page.locator(`table[data-table-id="${tableId}"]`);
  await table.locator('tbody tr').first().waitFor();
  return table.evaluate((t) => {
    const columns = [...t.querySelectorAll('thead th')].map((th) => th.getAttribute('data-period'));
    return [...t.querySelectorAll('tbody tr')].flatMap((tr) => {
      const head = tr.querySelector('th')!;
      return [...tr.children].flatMap((td, i) => {
        if (td.tagName !== 'TD') return [];
        const shown = td.querySelector('[data-status]');
        return [{
          table: td.getAttribute('data-table-id') ?? t.getAttribute('data-table-id')!,
          period: td.getAttribute('data-period') ?? head.getAttribute('data-period') ?? columns[i]!,
          value: td.getAttribute('data-dimension-value') ?? head.getAttribute('data-dimension-value') ?? t.getAttribute('data-dimension-value')!,
          status: shown?.getAttribute('data-status') ?? 'none',
          text: shown?.textContent ?? '',
        }];
      });
    });
  });
}

/** "1,234.5" → 1234.5, "76.7%" → 0.767, with half a step of what is shown. */
function shownNumber(text: string): { value: number; tolerance: number } {
  const t = text.trim().replace(/,/g, '').replace('−', '-');
  const percent = t.endsWith('%');
  const digits = percent ? t.slice(0, -1) : t;
  const decimals = digits.includes('.') ? digits.split('.')[1]!.length : 0;
  return { value: Number(digits) / (percent ? 100 : 1), tolerance: 10 ** -decimals / (percent ? 100 : 1) / 2 + 1e-9 };
}

describe('downloads under a chart', () => {
  it('"Download data" is exactly the released cells of the chart’s table, suppressed as the word, and audited', async () => {
    // A breakdown by program with released and suppressed cells, over the whole range.
    const { page: trendPage, metric } = PAGES.filter((p) => p.family)
      .flatMap((p) => p.metrics.map((m) => ({ page: p, metric: m })))
      .find(({ metric: m }) => {
        const table = cells.filter((c) => c.table_id === `${m}:quarter:program`);
        return table.some((c) => c.status === 'suppressed') && table.some((c) => c.status === 'released');
      })!;
    const tableId = `${metric}:quarter:program`;
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    try {
      const page = await signInBrowser(context, server.url, A.manager.email, A.manager.password);
      await page.goto(`${server.url}${trendPage.path}?grain=quarter&from=${quarters[0]}&to=${quarters.at(-1)}&by=program`);
      await hydrated(page);
      const shown = await tableCells(page, tableId);
      const link = page.locator(`[id="${metric}"] .breakdown .chart-downloads a`, { hasText: 'Download data' });
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe(`peer-outcomes_${releaseId}_${metric}_breakdown.csv`.replace(/[^A-Za-z0-9._-]+/g, '_'));
      const file = path.join(dir, 'chart.csv');
      await download.saveAs(file);
      const text = readFileSync(file, 'utf8');
      const [header, ...rows] = parse(text, { relax_quotes: false, bom: true }) as string[][];
      expect(header).toEqual(['table_id', 'metric', 'period_grain', 'period', 'dimension', 'dimension_value', 'value', 'status']);

      // Every cell the table shows with a value or the mark is a row, and nothing else is: the programs' cells,
      // and the whole they belong to (all programs, the table's reference row, from its own released table).
      const onPage = shown.filter((s) => s.status !== 'none');
      const wholeTable = `${metric}:quarter:total`;
      expect(new Set(onPage.map((s) => s.table))).toEqual(new Set([tableId, wholeTable]));
      expect(rows.map((r) => `${r[0]}|${r[3]}|${r[5]}`).sort()).toEqual(onPage.map((s) => `${s.table}|${s.period}|${s.value}`).sort());
      const release = new Map(cells.filter((c) => c.table_id === tableId || c.table_id === wholeTable).map((c) => [`${c.table_id}|${c.period}|${c.dimension_value}`, c]));
      let suppressed = 0;
      for (const [table, m, grain, period, dimension, value, v, status] of rows as [string, string, string, string, string, string, string, string][]) {
        const where = `${table} ${period} ${value}`;
        expect([m, grain, dimension], where).toEqual(table === wholeTable ? [metric, 'quarter', 'total'] : [metric, 'quarter', 'program']);
        const cell = release.get(`${table}|${period}|${value}`)!;
        const s = onPage.find((x) => x.table === table && x.period === period && x.value === value)!;
        expect(status, where).toBe(cell.status);
        expect(s.status, where).toBe(cell.status);
        if (status === 'suppressed') {
          suppressed++;
          expect(v, where).toBe('suppressed');
          expect(s.text, where).toContain('suppressed');
        } else {
          expect(Number(v), where).toBe(cell.value);
          const { value: seen, tolerance } = shownNumber(s.text);
          expect(Math.abs(seen - Number(v)), `${where}: shown ${s.text}, CSV ${v}`).toBeLessThanOrEqual(tolerance);
        }
      }
      expect(suppressed).toBeGreaterThan(0);

      const entry = (await auditOf('export')).find((e) => e.actor === A.manager.email && e.target.startsWith('/dashboard/chart.csv?'));
      expect(entry).toBeDefined();
      expect(JSON.parse(entry!.details)).toMatchObject({ release: releaseId, format: 'csv', rows: rows.length, cells_suppressed: suppressed, scope: 'all programs' });
    } finally {
      await context.close();
    }
  });

  it('"Download image" is an SVG with the chart’s title and the release id, and audited', async () => {
    const context = await signedIn(A.manager, { viewport: { width: 1440, height: 900 }, acceptDownloads: true, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/dashboard/engagement?grain=quarter`);
      const link = page.locator('#participants_served .chart-downloads a', { hasText: 'Download image' }).first();
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toMatch(/_participants_served_trend\.svg$/);
      const file = path.join(dir, 'chart.svg');
      await download.saveAs(file);
      const svg = readFileSync(file, 'utf8');
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).toContain('<title id="t">Participants served, All programs</title>');
      expect(svg).toContain(`Source: Peer Outcomes, release ${releaseId} of `);
      // Drawn as a picture, for the screenshot and to be sure it is a valid SVG.
      const view = await context.newPage();
      await view.goto(`file://${file}`);
      await expect(view.locator('svg > title').textContent()).resolves.toBe('Participants served, All programs');
      await view.screenshot({ path: path.join(SCREENSHOTS, 'chart-image.png') });
      // The equity page's small multiples have theirs too.
      await page.goto(`${server.url}/dashboard/equity`);
      const equityLinks = await page.$$eval('.small-multiples .chart-downloads a', (as) => as.map((a) => a.getAttribute('href')!));
      expect(equityLinks.length).toBeGreaterThan(0);
      for (const href of equityLinks.slice(0, 2)) {
        const response = await context.request.get(`${server.url}${href}`);
        expect(response.status(), href).toBe(200);
        const body = await response.text();
        if (href.startsWith('/dashboard/chart.csv')) expect(body.split('\r\n').length, href).toBeGreaterThan(2);
        else expect(body, href).toContain(`release ${releaseId}`);
      }
      const entry = (await auditOf('export')).find((e) => e.actor === A.manager.email && e.target.startsWith('/dashboard/chart.svg?'));
      expect(JSON.parse(entry!.details)).toMatchObject({ release: releaseId, format: 'svg', scope: 'all programs' });
    } finally {
      await context.close();
    }
  });

  it('gives an account of one program its own program, and refuses another program’s by an edited link: 403, audited', async () => {
    const { jar } = await signIn(server.url, A.one.email, A.one.password);
    const mine = programs[0]!;
    const other = programs[1]!;
    const base = `${server.url}/dashboard/chart.csv?page=engagement&chart=participants_served`;

    const own = await jar.fetch(`${base}&part=breakdown&grain=quarter&by=site`);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(own.headers.get('content-disposition')).toMatch(/^attachment; filename="peer-outcomes_.+\.csv"$/);
    const ownText = await own.text();
    const sites = (await query<{ s: string }>(path.join(dir, 'release.duckdb'), `SELECT dimension_value AS s FROM dimension_values WHERE dimension = 'site' AND parent_value = '${mine.replaceAll("'", "''")}'`)).map((r) => r.s);
    const ownRows = parse(ownText, { columns: true, bom: true }) as { dimension: string; dimension_value: string }[];
    const shownSites = new Set(ownRows.filter((r) => r.dimension === 'site').map((r) => r.dimension_value));
    expect(shownSites.size).toBeGreaterThan(0);
    for (const s of shownSites) expect(sites, s).toContain(s);
    // Besides its sites, only the whole they belong to: its own program, never all programs.
    expect(new Set(ownRows.filter((r) => r.dimension !== 'site').map((r) => `${r.dimension}|${r.dimension_value}`))).toEqual(new Set([`program|${mine}`]));
    expect(ownText).not.toContain(other);

    for (const url of [`${base}&part=trend&program=${encodeURIComponent(other)}`, `${base.replace('.csv', '.svg')}&part=trend&program=${encodeURIComponent(other)}`]) {
      const response = await jar.fetch(url);
      expect(response.status, url).toBe(403);
      expect(await response.text(), url).not.toContain(releaseId);
    }
    // An all-programs page (equity) is refused to it as its page is.
    expect((await jar.fetch(`${server.url}/dashboard/chart.csv?page=equity&chart=retention_90d&part=breakdown&by=gender`)).status).toBe(403);

    const denied = (await auditOf('access.denied')).filter((e) => e.actor === A.one.email && e.target.startsWith('/dashboard/chart.'));
    expect(denied.length).toBe(3);
    const exported = (await auditOf('export')).filter((e) => e.actor === A.one.email);
    expect(exported.map((e) => JSON.parse(e.details).scope)).toEqual([mine]);
    // The signed-out get 401, not a file.
    expect((await fetch(`${base}&part=trend`, { redirect: 'manual' })).status).toBe(401);
  });
});
