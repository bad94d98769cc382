// Exports end to end: the built server on the demo release, in Chromium. An
// analyst chooses tables and a format, previews, downloads through the page;
// the zip (unzipped with Info-ZIP, read with csv-parse and DuckDB) holds the
// release's cells and a manifest that matches its files; the audit trail has
// the export. An analyst of one program gets only its rows; refusals: a
// manager without the analyst role (403), a table outside one's scope (403),
// the anonymous (401).
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Jar, seedAccounts, signIn, signInBrowser, type Account } from '../helpers/accounts';
import { allCsvViaCsvParse, allCsvViaDuckDB, allParquetViaDuckDB, checkedManifest, releaseCells, unzip, unzipBytes, type LongRow } from '../helpers/exports';
import { query } from '../helpers/pipeline';
import { makeTempDir } from '../helpers/release-fixture';
import { DEMO_RELEASE } from '../helpers/cached-run';
import { launchChromium } from './browser';
import { startServer, type RunningServer } from './server';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');

let program = '';
const A = {
  analyst: { email: 'analyst@exports.example.org', password: 'exports analyst password', roles: ['analyst'], programs: ['*'] } as Account,
  scoped: { email: 'scoped@exports.example.org', password: 'exports scoped password', roles: ['analyst'], programs: [] as string[] } as Account,
  manager: { email: 'manager@exports.example.org', password: 'exports manager password', roles: ['program_manager'], programs: ['*'] } as Account,
  admin: { email: 'admin@exports.example.org', password: 'exports admin password', roles: ['admin'], programs: [] } as Account,
};

let server: RunningServer;
let browser: Browser;
let dir: string;
let releaseFile: string;
let cells: LongRow[];
let cleanup = () => {};

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir('peer-outcomes-e2e-exports-'));
  releaseFile = path.join(dir, 'release.duckdb');
  copyFileSync(DEMO_RELEASE, releaseFile);
  cells = await releaseCells(releaseFile);
  program = (await query<{ p: string }>(releaseFile, "SELECT dimension_value AS p FROM dimension_values WHERE dimension = 'program' ORDER BY 1 LIMIT 1"))[0]!.p;
  A.scoped.programs = [program];
  await seedAccounts(dir, Object.values(A));
  mkdirSync(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startServer(dir), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  cleanup();
});

/** Saves a zip response and unzips it into a fresh folder. */
const unzipResponse = async (response: Response, name: string) => unzipBytes(new Uint8Array(await response.arrayBuffer()), dir, name);

const jarOf = async (a: Account) => (await signIn(server.url, a.email, a.password)).jar;

/** UTF-8's byte-order mark, which spreadsheet CSV starts with (decision 0009). */
const BOM = [0xef, 0xbb, 0xbf];
const startsWithBom = (bytes: Uint8Array) => BOM.every((b, i) => bytes[i] === b);

describe('an analyst of every program', () => {
  it('chooses tables and a format, previews them, downloads through the page, and gets the release’s cells', async () => {
    const tables = ['participants_served:quarter:site', 'no_show_rate:month:program', 'satisfaction_mean:year:gender'];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const errors: string[] = [];
    try {
      const page = await signInBrowser(context, server.url, A.analyst.email, A.analyst.password);
      page.on('pageerror', (e) => errors.push(e.message));
      expect(new URL(page.url()).pathname).toBe('/exports');
      await expect(page.locator('nav[aria-label="Account"] a[href="/exports"]').textContent()).resolves.toBe('Exports');
      for (const t of tables) await page.check(`input[name=table][value="${t}"]`);
      await page.getByLabel('CSV', { exact: true }).check();
      await Promise.all([page.waitForURL((u) => u.searchParams.get('preview') === '1'), page.getByRole('button', { name: 'Preview' }).click()]);

      const expected = cells.filter((c) => tables.includes(c.table_id));
      const suppressed = expected.filter((c) => c.status === 'suppressed').length;
      expect(suppressed).toBeGreaterThan(0);
      const summary = await page.getByTestId('preview-summary').textContent();
      expect(summary).toContain(`3 tables, ${expected.length.toLocaleString('en-US')} rows: ${(expected.length - suppressed).toLocaleString('en-US')} released, ${suppressed} suppressed`);
      // Suppressed cells carry the mark and the word, never a number.
      const marks = page.locator('.export-preview td [data-status="suppressed"]');
      expect(await marks.count()).toBeGreaterThan(0);
      await expect(marks.first().textContent()).resolves.toBe('suppressed');
      await expect(page.getByText('release_id').count()).resolves.toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'exports-preview-desktop.png'), fullPage: false });
      await page.setViewportSize({ width: 768, height: 1024 });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'exports-preview-768.png'), fullPage: false });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0); // wide tables scroll in their own box, not the page

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
      expect(download.suggestedFilename()).toMatch(/^peer-outcomes_[A-Za-z0-9._-]+_csv\.zip$/);
      const zipFile = path.join(dir, 'browser.zip');
      await download.saveAs(zipFile);
      const out = path.join(dir, 'browser');
      mkdirSync(out);
      const entries = unzip(zipFile, out);
      expect(entries).toEqual(['no_show_rate.month.program.csv', 'participants_served.quarter.site.csv', 'satisfaction_mean.year.gender.csv', 'manifest.json']);
      for (const e of entries.slice(0, -1)) expect(startsWithBom(readFileSync(path.join(out, e))), e).toBe(true); // for Excel, by default
      expect(allCsvViaCsvParse(out)).toEqual(expected);
      expect(await allCsvViaDuckDB(out)).toEqual(expected);
      const manifest = await checkedManifest(out);
      expect(manifest).toMatchObject({ format: 'csv', scope: 'all programs' });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('can do it all from the keyboard: the whole release, previewed', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await signInBrowser(context, server.url, A.analyst.email, A.analyst.password);
      const focusOn = async (selector: string) => {
        for (let i = 0; i < 60; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
        }
        throw new Error(`Tab never reached ${selector}`);
      };
      await focusOn('input[name=format][value=csv]'); // a radio group is one Tab stop; arrows choose within it
      await page.keyboard.press('ArrowRight');
      expect(await page.isChecked('input[name=format][value=parquet]')).toBe(true);
      await focusOn('input[name=all]');
      await page.keyboard.press('Space');
      await page.locator('button[name=preview]').focus(); // past the table checkboxes
      await Promise.all([page.waitForURL((u) => u.searchParams.get('all') === '1'), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).searchParams.get('format')).toBe('parquet');
      const summary = await page.getByTestId('preview-summary').textContent();
      expect(summary).toContain(`262 tables, ${cells.length.toLocaleString('en-US')} rows`);
      await expect(page.getByTestId('download').getAttribute('href')).resolves.toBe('/exports/download?format=parquet&all=1');
    } finally {
      await context.close();
    }
  });

  it('gets the whole release as Parquet over HTTP, equal to the release', async () => {
    const jar = await jarOf(A.analyst);
    const response = await jar.fetch(`${server.url}/exports/download?format=parquet&all=1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="peer-outcomes_.+_parquet\.zip"$/);
    expect(response.headers.get('cache-control')).toMatch(/no-store/);
    const { out } = await unzipResponse(response, 'whole-parquet');
    expect((await allParquetViaDuckDB(out)).rows).toEqual(cells);
    await checkedManifest(out);
  });

  it('chooses CSV without byte-order mark (for scripts) on the page, and gets byte-exact files', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    try {
      const page = await signInBrowser(context, server.url, A.analyst.email, A.analyst.password);
      await page.check('input[name=table][value="participants_served:quarter:site"]');
      await page.getByLabel('CSV', { exact: true }).check();
      await page.getByLabel('Without byte-order mark, for scripts (byte-exact UTF-8)').check();
      await Promise.all([page.waitForURL((u) => u.searchParams.get('csv') === 'plain'), page.getByRole('button', { name: 'Preview' }).click()]);
      await expect(page.getByTestId('preview-summary').textContent()).resolves.toContain('CSV without byte-order mark');
      expect(new URL((await page.getByTestId('download').getAttribute('href'))!, server.url).searchParams.get('csv')).toBe('plain');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
      const zipFile = path.join(dir, 'browser-plain.zip');
      await download.saveAs(zipFile);
      const out = path.join(dir, 'browser-plain');
      mkdirSync(out);
      unzip(zipFile, out);
      const bytes = readFileSync(path.join(out, 'participants_served.quarter.site.csv'));
      expect(bytes.subarray(0, 9).toString('latin1')).toBe('table_id,');
      expect(allCsvViaCsvParse(out)).toEqual(cells.filter((c) => c.table_id === 'participants_served:quarter:site'));
      expect((await checkedManifest(out)).encoding).toMatch(/without a byte-order mark/);
    } finally {
      await context.close();
    }
  });

  it('leaves an export entry in the audit trail for each download', async () => {
    const admin = await jarOf(A.admin);
    const csv = await (await admin.fetch(`${server.url}/admin/audit.csv?action=export`)).text();
    const entries = (parse(csv, { columns: true }) as { actor: string; target: string; details: string }[]).filter((e) => e.actor === A.analyst.email);
    const targets = entries.map((e) => e.target);
    expect(targets).toContain('/exports/download?format=parquet&all=1');
    const page = entries.find((e) => e.target.startsWith('/exports/download?format=csv&table='));
    expect(page).toBeDefined();
    expect(JSON.parse(page!.details)).toMatchObject({ format: 'csv', tables: 3, scope: 'all programs' });
    const whole = entries.find((e) => e.target === '/exports/download?format=parquet&all=1');
    expect(JSON.parse(whole!.details)).toMatchObject({ tables: 262, rows: cells.length, cells_suppressed: cells.filter((c) => c.status === 'suppressed').length });
    // The trail's own CSV: with the byte-order mark by default, byte-exact on request, a form it does not know refused.
    expect(startsWithBom(new Uint8Array(await (await admin.fetch(`${server.url}/admin/audit.csv?action=export`)).arrayBuffer()))).toBe(true);
    const plain = new Uint8Array(await (await admin.fetch(`${server.url}/admin/audit.csv?action=export&csv=plain`)).arrayBuffer());
    expect(new TextDecoder().decode(plain.subarray(0, 4))).toBe('seq,');
    const unknown = await admin.fetch(`${server.url}/admin/audit.csv?csv=utf16`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/csv=plain/);
  });
});

describe('an analyst of one program', () => {
  it('gets, as the whole release, only its program’s and its sites’ rows', async () => {
    const jar = await jarOf(A.scoped);
    const response = await jar.fetch(`${server.url}/exports/download?format=csv&all=1`);
    expect(response.status).toBe(200);
    const { out, entries } = await unzipResponse(response, 'scoped');
    expect(entries.every((e) => e === 'manifest.json' || /\.(program|site)\.csv$/.test(e))).toBe(true);
    const sites = (await query<{ s: string }>(releaseFile, `SELECT dimension_value AS s FROM dimension_values WHERE dimension = 'site' AND parent_value = '${program.replaceAll("'", "''")}'`)).map((r) => r.s);
    const expected = cells.filter((c) => (c.dimension === 'program' && c.dimension_value === program) || (c.dimension === 'site' && sites.includes(c.dimension_value)));
    expect(expected.length).toBeGreaterThan(0);
    expect(allCsvViaCsvParse(out)).toEqual(expected);
    expect((await checkedManifest(out)).scope).toBe(program);
  });

  it('is refused a table outside its scope, or one that does not exist, naming nothing', async () => {
    const jar = await jarOf(A.scoped);
    const others = cells.filter((c) => c.dimension === 'program' && c.dimension_value !== program).map((c) => c.dimension_value);
    for (const url of [
      '/exports/download?format=csv&table=participants_served:quarter:total',
      '/exports/download?format=csv&table=participants_served:quarter:program&table=participants_served:year:gender',
      '/exports/download?format=csv&table=no_such_metric:quarter:program',
      '/exports?table=participants_served:quarter:total&preview=1',
      `/exports?program=${encodeURIComponent(others[0]!)}`,
    ]) {
      const response = await jar.fetch(`${server.url}${url}`);
      const body = await response.text();
      expect(response.status, url).toBe(403);
      for (const other of new Set(others)) if (!decodeURIComponent(url).includes(other)) expect(body, url).not.toContain(other);
    }
    const admin = await jarOf(A.admin);
    const trail = parse(await (await admin.fetch(`${server.url}/admin/audit.csv?action=access.denied`)).text(), { columns: true }) as { actor: string }[];
    expect(trail.filter((e) => e.actor === A.scoped.email).length).toBeGreaterThanOrEqual(5);
  });
});

describe('refusals', () => {
  it('refuses a program manager without the analyst role: 403, page and download', async () => {
    const jar = await jarOf(A.manager);
    expect((await jar.fetch(`${server.url}/exports`)).status).toBe(403);
    expect((await jar.fetch(`${server.url}/exports/download?format=csv&all=1`)).status).toBe(403);
  });

  it('answers the anonymous 401 on the download', async () => {
    const response = await new Jar().fetch(`${server.url}/exports/download?format=csv&all=1`);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).not.toBe('application/zip');
  });

  it('answers a request without tables or with an unknown format 400, in words', async () => {
    const jar = await jarOf(A.analyst);
    const none = await jar.fetch(`${server.url}/exports/download?format=csv`);
    expect(none.status).toBe(400);
    expect(await none.text()).toMatch(/Choose at least one table/);
    expect((await jar.fetch(`${server.url}/exports/download?format=xlsx&all=1`)).status).toBe(400);
    const form = await jar.fetch(`${server.url}/exports/download?format=csv&csv=utf16&all=1`);
    expect(form.status).toBe(400);
    expect(await form.text()).toMatch(/csv=bom .* or csv=plain/);
  });
});
