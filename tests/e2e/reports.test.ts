// Funder reports end to end: the built server on the demo release, in Chromium.
// The report page's numbers are compared with the release file read directly;
// the PDF (made by the server's own headless Chromium) is read back with
// pdf.js: its pages carry the running header and footer, it takes about half
// the pages of a section a page, no heading is stranded at a page's foot, no
// table row and no chart is split across pages, and every row of the page is
// on one page of the PDF, numbers and all. The download link shows its
// progress with JavaScript, and is a plain link without.
import { copyFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatValue } from '~/lib/format';
import { safeFileName } from '~/lib/responses';
import { seedAccounts, signIn, type Account } from '../helpers/accounts';
import { query } from '../helpers/pipeline';
import { makeTempDir } from '../helpers/release-fixture';
import { DEMO_RELEASE } from '../helpers/cached-run';
import { serverAndBrowser } from './browser';
import { startServer, type RunningServer } from './server';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, tablet: { width: 820, height: 1180 } } as const;
const SECTION_TITLES = ['Reach', 'Engagement', 'Satisfaction and trust', 'Recovery outcomes', 'Professional standards', 'Definitions'];

interface Cell {
  status: 'released' | 'suppressed';
  value: number | null;
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let dataDir: string;
let cleanup = () => {};
let stop = async () => {};
let program = '';
let otherProgram = '';
let releaseId = '';
let quarter = '';
let year = '';
const cells = new Map<string, Cell>();
const metricUnits = new Map<string, { unit: string; decimals: number }>();

const FUNDER: Account = { email: 'funder@e2e.example.org', password: 'e2e funder password 1', roles: ['funder'], programs: [] };
const ANALYST: Account = { email: 'analyst@e2e.example.org', password: 'e2e analyst password 1', roles: ['analyst'], programs: ['*'] };
const ADMIN: Account = { email: 'admin@e2e.example.org', password: 'e2e admin password 12', roles: ['admin'], programs: [] };

const pageHref = (p: string, period: string) => `/reports/program?${new URLSearchParams({ program: p, period })}`;
const pdfHref = (p: string, period: string, paper: string) => `/reports/program.pdf?${new URLSearchParams({ program: p, period, paper })}`;
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  ({ dir: dataDir, cleanup } = makeTempDir('peer-outcomes-e2e-reports-'));
  copyFileSync(DEMO_RELEASE, path.join(dataDir, 'release.duckdb'));
  const file = path.join(dataDir, 'release.duckdb');
  const programs = (await query<{ v: string }>(file, "SELECT dimension_value AS v FROM dimension_values WHERE dimension = 'program' ORDER BY 1")).map((r) => r.v);
  [program, otherProgram] = programs as [string, string];
  FUNDER.programs = [program];
  releaseId = (await query<{ id: string }>(file, 'SELECT release_id AS id FROM manifest'))[0]!.id;
  const complete = async (grain: string) =>
    (await query<{ p: string }>(file, `SELECT period AS p FROM periods WHERE period_grain = '${grain}' AND complete ORDER BY period_start DESC LIMIT 1`))[0]!.p;
  [quarter, year] = [await complete('quarter'), await complete('year')];
  for (const c of await query<{ t: string; p: string; v: string; status: Cell['status']; value: number | null }>(
    file,
    'SELECT table_id AS t, period AS p, dimension_value AS v, status, CAST(value AS DOUBLE) AS value FROM cells',
  )) {
    cells.set(`${c.t}|${c.p}|${c.v}`, { status: c.status, value: c.value });
  }
  for (const m of await query<{ metric: string; unit: string; decimals: number }>(file, 'SELECT DISTINCT metric, unit, CAST(decimals AS INTEGER) AS decimals FROM catalog')) {
    metricUnits.set(m.metric, { unit: m.unit, decimals: m.decimals });
  }
  await seedAccounts(dataDir, [FUNDER, ANALYST, ADMIN]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  ({ server, browser, context, stop } = await serverAndBrowser(dataDir, FUNDER));
}, 120_000);

afterAll(async () => {
  await stop();
  cleanup();
});

/** The text a released value must show: the formatted number, `suppressed`, or a dash when the release has no cell. */
function expectedText(metric: string, grain: string, dimension: string, period: string, value: string): string {
  const cell = period ? cells.get(`${metric}:${grain}:${dimension}|${period}|${value}`) : undefined;
  if (!cell) return '—';
  if (cell.status === 'suppressed') return 'suppressed';
  const { unit, decimals } = metricUnits.get(metric)!;
  return formatValue(cell.value!, unit, decimals);
}

async function openReport(page: Page, period: string): Promise<void> {
  const response = await page.goto(server.url + pageHref(program, period));
  expect(response?.status()).toBe(200);
  await page.waitForSelector('.report[data-print-ready="true"]');
}

/** Visible text of each cell of a table row (screen-reader-only text left out). */
function rowTexts(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(selector, (rows) =>
    rows.map((row) =>
      [...row.children].map((cell) => {
        const copy = cell.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.sr-only').forEach((n) => n.remove());
        return copy.textContent!.replace(/\s+/g, ' ').trim();
      }),
    ),
  );
}

function priorOf(period: string, grain: 'quarter' | 'year'): string[] {
  if (grain === 'year') return [String(Number(period) - 1)];
  const [y, q] = period.split('-Q').map(Number) as [number, number];
  return [q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`, `${y - 1}-Q${q}`];
}

describe('the report page', () => {
  for (const grain of ['quarter', 'year'] as const) {
    it(`shows the release's numbers for a ${grain}, suppressed values as suppressed`, async () => {
      const period = grain === 'quarter' ? quarter : year;
      const page = await context.newPage();
      await openReport(page, period);
      const compared = priorOf(period, grain);
      const rows = await page.$$eval('tr[data-metric]', (trs) => trs.map((tr) => tr.getAttribute('data-metric')!));
      const texts = await rowTexts(page, 'tr[data-metric]');
      let suppressed = 0;
      let numbers = 0;
      rows.forEach((metric, i) => {
        const [, current, ...rest] = texts[i]!;
        const want = [period, ...compared].map((p) => expectedText(metric, grain, 'program', p, program));
        // Cells: current, then (value, change) per comparison.
        expect([current, ...compared.map((_, j) => rest[j * 2])], `${metric} ${period}`).toEqual(want);
        for (const w of want) {
          if (w === 'suppressed') suppressed++;
          else if (w !== '—') numbers++;
        }
      });
      expect(rows.length).toBeGreaterThan(25);
      expect(numbers).toBeGreaterThan(40);
      // The demo release suppresses some of this program's staff measures: the check above has met them.
      expect(suppressed).toBeGreaterThan(0);
      // A suppressed value never shows a digit, and a change needing one is not shown.
      for (const [i, cellsOfRow] of texts.entries()) {
        const [, current, , change] = cellsOfRow;
        if (current === 'suppressed') expect(change, rows[i]).toBe('—');
      }
      const marks = await page.$$eval('.report [data-status="suppressed"]', (els) => els.map((e) => e.textContent!.trim()));
      expect(marks.length).toBeGreaterThan(0);
      for (const m of marks) expect(m).toMatch(/^suppressed$/);

      // By-site table and trend values.
      const sites = await rowTexts(page, '.report-section table:not(.report-measures):not(.report-trend-values) tbody tr');
      expect(sites.length).toBeGreaterThan(0);
      for (const [site, served, enrolled] of sites) {
        expect(served).toBe(expectedText('participants_served', grain, 'site', period, site!));
        expect(enrolled).toBe(expectedText('new_enrollments', grain, 'site', period, site!));
      }
      for (const [k, shot] of Object.entries(VIEWPORTS)) {
        await page.setViewportSize(shot);
        await page.screenshot({ path: path.join(SCREENSHOTS, `report-${grain}-${k}.png`), fullPage: true });
      }
      await page.close();
    });
  }

  it('lists the programs one may read, and refuses the others', async () => {
    const page = await context.newPage();
    expect((await page.goto(`${server.url}/reports`))?.status()).toBe(200);
    const options = await page.$$eval('#program option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual([program]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-desktop.png'), fullPage: true });
    expect((await page.goto(server.url + pageHref(otherProgram, quarter)))?.status()).toBe(403);
    expect(await page.content()).not.toContain(otherProgram);
    expect((await page.goto(server.url + pageHref(program, '1999-Q1')))?.status()).toBe(404);
    await page.close();

    const pdf = await context.request.get(server.url + pdfHref(otherProgram, quarter, 'letter'));
    expect(pdf.status()).toBe(403);
    expect((await fetch(server.url + pdfHref(program, quarter, 'letter'), { redirect: 'manual' })).status).toBe(401);
    const { jar } = await signIn(server.url, ANALYST.email, ANALYST.password);
    expect((await jar.fetch(server.url + pageHref(program, quarter))).status).toBe(403);
    expect((await jar.fetch(server.url + pdfHref(program, quarter, 'letter'))).status).toBe(403);
  });
});

interface PdfPage {
  text: string;
  squashed: string;
}

async function readPdf(bytes: Buffer): Promise<PdfPage[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), disableFontFace: true }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    pages.push({ text, squashed: squash(text) });
  }
  await doc.destroy();
  return pages;
}

describe('the report PDF', () => {
  for (const paper of ['letter', 'a4'] as const) {
    it(`prints on ${paper} in at most 6 pages: running header and footer, sections in order, no heading stranded, no row or chart split, every row as on the page`, async () => {
      const response = await context.request.get(server.url + pdfHref(program, quarter, paper));
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
      const bytes = await response.body();
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = await readPdf(bytes);

      // The summary page, then the sections and the definitions.
      expect(pages.length).toBeGreaterThanOrEqual(3);
      pages.forEach((p, i) => {
        expect(p.text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`);
        expect(p.squashed).toContain(squash(program));
        expect(p.squashed).toContain(squash(`Release ${releaseId}`));
        expect(p.squashed).toContain(squash(quarter.replace('-', ' ')));
      });
      expect(pages[0]!.squashed).toContain('Summary');
      // Sections follow one another: a quarter's report took 11 Letter pages at a section a page, several nearly empty.
      expect(pages.length, 'pages of a one-quarter report').toBeLessThanOrEqual(6);
      const running = (i: number) => [`${program} · ${quarter.replace('-', ' ')}`, `Release ${releaseId}`, `Page ${i + 1} of ${pages.length}`, 'Peer Outcomes funder report · figures from an audited release'];
      const bodies = pages.map((p, i) => running(i).reduce((text, r) => text.replace(squash(r), ''), p.squashed));
      expect(bodies[0]).toMatch(/^PEERSUPPORTOUTCOMES·FUNDERREPORT/);
      // No heading is left at the foot of a page: each is on the page of what follows it, and they come in order.
      const openings = await (async () => {
        const page = await context.newPage();
        await openReport(page, quarter);
        const found = await page.$$eval('.report-section, .report-appendix', (sections) =>
          sections.map((s) => [s.querySelector('h2')!.textContent!, s.querySelector('.report-intro, dt')!.textContent!]),
        );
        await page.close();
        return found;
      })();
      expect(openings.map(([title]) => title)).toEqual(SECTION_TITLES);
      const at = openings.map(([title, next]) => {
        const page = bodies.findIndex((b) => b.includes(squash(title! + next!)));
        return { title, page, offset: page < 0 ? -1 : bodies[page]!.indexOf(squash(title! + next!)) };
      });
      expect(at.filter((a) => a.page < 0).map((a) => a.title), 'headings apart from what follows them').toEqual([]);
      const order = [...at].sort((a, b) => a.page - b.page || a.offset - b.offset);
      expect(order.map((a) => a.title)).toEqual(SECTION_TITLES);

      // Every table row of the page is whole on one page of the PDF, with the same text (the numbers checked against the release above).
      const page = await context.newPage();
      await openReport(page, quarter);
      const rows = await rowTexts(page, '.report table tbody tr');
      const figures = await page.$$eval('.report-figure', (fs) =>
        fs.map((f) => ({ title: f.querySelector('figcaption')!.textContent!, note: f.querySelector('.report-figure__note')!.textContent! })),
      );
      await page.close();
      expect(rows.length).toBeGreaterThan(40);
      for (const cellsOfRow of rows) {
        const row = squash(cellsOfRow.join(''));
        const holding = pages.filter((p) => p.squashed.includes(row));
        expect(holding.length, `row “${cellsOfRow.join(' | ')}” whole on a page`).toBeGreaterThan(0);
      }
      // A chart is whole on one page: its title and the note under it are on the same page.
      expect(figures.length).toBe(5);
      for (const f of figures) {
        const at = pages.findIndex((p) => p.squashed.includes(squash(f.title)));
        expect(at, f.title).toBeGreaterThanOrEqual(0);
        const page = pages[at]!.squashed;
        expect(page.indexOf(squash(f.note), page.indexOf(squash(f.title))), `${f.title}: the chart ends on the page it starts`).toBeGreaterThan(0);
      }
    });
  }

  it('is written to the audit trail', async () => {
    const { jar } = await signIn(server.url, ADMIN.email, ADMIN.password);
    const csv = await (await jar.fetch(`${server.url}/admin/audit.csv?action=export`)).text();
    const lines = csv.split('\r\n').filter((l) => l.includes(',export,'));
    expect(lines.some((l) => l.includes(FUNDER.email) && l.includes('""format"":""pdf""') && l.includes(releaseId))).toBe(true);
  });
});

describe('the PDF download', () => {
  const statusText = (page: Page) => page.locator('.report-toolbar [role="status"]').textContent();

  it('says it is preparing the PDF while the server prints it, then hands over the file', async () => {
    const page = await context.newPage();
    await openReport(page, quarter);
    // The PDF request is held until the page has been seen saying so: the check does not depend on how fast the server is.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/reports/program.pdf?*', async (route) => {
      await held;
      await route.continue();
    });
    const download = page.waitForEvent('download');
    await page.click('[data-testid="pdf-letter"]');
    await page.waitForFunction(() => document.querySelector('.report-toolbar [role="status"]')?.textContent?.includes('Preparing the PDF (Letter)…'));
    expect(await page.getAttribute('[data-testid="pdf-letter"]', 'aria-disabled')).toBe('true');
    release();
    const file = await download;
    expect(file.suggestedFilename()).toBe(safeFileName(`peer-outcomes-report_${program}_${quarter}_${releaseId}.pdf`));
    const bytes = await readFile((await file.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await page.waitForFunction(() => document.querySelector('.report-toolbar [role="status"]')?.textContent?.includes('is ready'));
    expect(await page.getAttribute('[data-testid="pdf-letter"]', 'aria-disabled')).toBeNull();
    await page.close();
  });

  it("shows the server's words when the PDF cannot be made", async () => {
    const page = await context.newPage();
    await openReport(page, quarter);
    await page.route('**/reports/program.pdf?*', (route) => route.fulfill({ status: 503, contentType: 'text/plain', body: 'Another PDF is being made. Try again in a minute.' }));
    await page.click('[data-testid="pdf-a4"]');
    await page.waitForFunction(() => document.querySelector('.report-toolbar__status--failed'));
    expect(await statusText(page)).toBe('Another PDF is being made. Try again in a minute.');
    await page.close();
  });

  it('is a plain download link without JavaScript', async () => {
    const bare = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true });
    try {
      await bare.addCookies(await context.cookies());
      const page = await bare.newPage();
      expect((await page.goto(server.url + pageHref(program, quarter)))?.status()).toBe(200);
      expect(await page.getAttribute('[data-testid="pdf-a4"]', 'href')).toBe(pdfHref(program, quarter, 'a4'));
      const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="pdf-a4"]')]);
      expect(file.suggestedFilename()).toMatch(/\.pdf$/);
    } finally {
      await bare.close();
    }
  });
});

describe('without Chromium on the server', () => {
  it('says so on the page and in the download; the browser print remains', async () => {
    const { dir, cleanup: done } = makeTempDir('peer-outcomes-e2e-nochromium-');
    try {
      copyFileSync(DEMO_RELEASE, path.join(dir, 'release.duckdb'));
      await seedAccounts(dir, [FUNDER]);
      const bare = await startServer(dir, 30_000, { PEER_OUTCOMES_CHROMIUM: '/nonexistent/chromium' });
      try {
        const { jar } = await signIn(bare.url, FUNDER.email, FUNDER.password);
        const html = await (await jar.fetch(bare.url + pageHref(program, quarter))).text();
        expect(html).toContain('The PDF download needs Chromium on the server');
        expect(html).toContain('Print');
        const pdf = await jar.fetch(bare.url + pdfHref(program, quarter, 'a4'));
        expect(pdf.status).toBe(503);
        const text = await pdf.text();
        expect(text).toMatch(/^This server has no Chromium to make PDFs with\. Print the report page from your browser/);
        expect(text).not.toContain('/nonexistent'); // the server's paths stay in its log
      } finally {
        await bare.stop();
      }
    } finally {
      done();
    }
  });
});
