// The dashboard end to end: the built app on the demo release, in Chromium.
// Every page is opened with filter combinations that together use every
// program, site, grain, period and breakdown the release's catalog offers;
// every number on a page is compared with the release file read directly;
// suppressed values must render as suppressed (a mark in the chart, the word
// in the table, never a number); keyboard navigation works; every page has its
// charts and tables without JavaScript; screenshots of every page at desktop
// and tablet widths, with JavaScript on and off, go to tests/e2e/screenshots/.
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccounts, signInBrowser, type Account } from '../helpers/accounts';
import { makeTempDir } from '../helpers/release-fixture';
import { query } from '../helpers/pipeline';
import { DEMO_RELEASE } from '../helpers/cached-run';
import { launchChromium } from './browser';
import { startServer, type RunningServer } from './server';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const VIEWPORTS = { desktop: { width: 1440, height: 900 }, tablet: { width: 820, height: 1180 } } as const;
const TREND_PAGES = ['engagement', 'satisfaction', 'recovery', 'standards'] as const;
const ALL_PAGES = ['', 'engagement', 'satisfaction', 'recovery', 'standards', 'equity', 'about'] as const;

interface ReleaseCell {
  status: 'released' | 'suppressed';
  value: number | null;
}

// A program manager of every program: sees all there is to see.
const MANAGER: Account = { email: 'state-manager@e2e.example.org', password: 'e2e state manager password', roles: ['program_manager'], programs: ['*'] };
// A program manager of two programs (set once the release's programs are known): never sees all programs together.
const TWO: Account = { email: 'two-programs@e2e.example.org', password: 'e2e two programs password', roles: ['program_manager'], programs: [] };
/** The breakdown each page is shown with, in screenshots and without JavaScript. */
const SHOWN_BY: Record<(typeof ALL_PAGES)[number], string> = { '': '', engagement: '?by=program', satisfaction: '?by=program', recovery: '?by=gender', standards: '', equity: '?by=gender', about: '' };

let browser: Browser;
let context: BrowserContext;
let server: RunningServer;
let dataDir: string;
let cleanup = () => {};
const cells = new Map<string, ReleaseCell>();
let catalog: { table_id: string; dimension: string }[] = [];
let programs: string[] = [];
let sites: { site: string; program: string }[] = [];
let periods: Record<string, string[]> = {};
const used = { program: new Set<string>(), site: new Set<string>(), grain: new Set<string>(), period: new Set<string>(), by: new Set<string>() };
let checked = { released: 0, suppressed: 0, none: 0, marks: 0 };

const key = (table: string, period: string, value: string) => `${table}|${period}|${value}`;
/** Tests that open every page (or every breakdown) in turn: on a shared, busy machine they need more than the default minute. */
const HEAVY = 240_000;

beforeAll(async () => {
  ({ dir: dataDir, cleanup } = makeTempDir('peer-outcomes-e2e-dash-'));
  copyFileSync(DEMO_RELEASE, path.join(dataDir, 'release.duckdb'));
  mkdirSync(SCREENSHOTS, { recursive: true });

  // The release, read directly (not through the app's reader).
  const file = path.join(dataDir, 'release.duckdb');
  for (const c of await query<{ table_id: string; period: string; dimension_value: string; status: ReleaseCell['status']; value: number | null }>(
    file,
    'SELECT table_id, period, dimension_value, status, CAST(value AS DOUBLE) AS value FROM cells',
  )) {
    cells.set(key(c.table_id, c.period, c.dimension_value), { status: c.status, value: c.value });
  }
  catalog = await query(file, 'SELECT table_id, dimension FROM catalog');
  programs = (await query<{ v: string }>(file, "SELECT dimension_value AS v FROM dimension_values WHERE dimension = 'program' ORDER BY 1")).map((r) => r.v);
  sites = await query(file, "SELECT dimension_value AS site, parent_value AS program FROM dimension_values WHERE dimension = 'site' ORDER BY 1");
  periods = {};
  for (const p of await query<{ g: string; p: string }>(file, 'SELECT period_grain AS g, period AS p FROM periods ORDER BY period_grain, period_start')) {
    (periods[p.g] ??= []).push(p.p);
  }
  TWO.programs = programs.slice(0, 2);
  await seedAccounts(dataDir, [MANAGER, TWO]);

  [server, browser] = await Promise.all([
    startServer(dataDir),
    launchChromium(),
  ]);
  context = await browser.newContext();
  await (await signInBrowser(context, server.url, MANAGER.email, MANAGER.password)).close();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  cleanup();
});

async function open(viewport: { width: number; height: number } = VIEWPORTS.desktop) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

async function visit(page: Page, url: string) {
  const response = await page.goto(`${server.url}${url}`);
  expect(response?.status(), url).toBe(200);
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state?.initialized === true);
  // Charts are drawn by the server: every one has its picture.
  expect(await page.locator('.chart:not(:has(svg))').count(), `${url}: a chart without its SVG`).toBe(0);
  // No stray bytes from the server's HTML stream (see app/entry.server.tsx).
  const bytes = await response!.body();
  expect(bytes.includes(0), `${url}: NUL byte in the HTML`).toBe(false);
  return response!;
}

/** "1,234.5" → 1234.5, "76.7%" → 0.767, "−3" → −3, with the number of decimals shown. */
function parseShown(text: string): { value: number; step: number } {
  const t = text.trim().replace(/,/g, '').replace('−', '-');
  const percent = t.endsWith('%');
  const digits = percent ? t.slice(0, -1) : t;
  expect(digits, `shown value "${text}"`).toMatch(/^-?\d+(\.\d+)?$/);
  const decimals = digits.includes('.') ? digits.split('.')[1]!.length : 0;
  const scale = percent ? 100 : 1;
  return { value: Number(digits) / scale, step: 10 ** -decimals / scale };
}

/**
 * Every value on the page, with the released cell it shows: a tile, a matrix
 * cell or a cell of another table (a count behind a share, the whole beside
 * its groups) names its cell itself; a table cell by its table (the table id,
 * and a trend's breakdown value) and its row and column headers (the period, a
 * breakdown's value).
 */
async function shownValues(page: Page) {
  return page.evaluate(() => {
    const out: { table: string; period: string; value: string; status: string; text: string }[] = [];
    const valueOf = (el: Element) => el.querySelector('[data-status]') ?? el;
    for (const el of document.querySelectorAll('[data-table-id][data-period][data-dimension-value]')) {
      out.push({
        table: el.getAttribute('data-table-id')!,
        period: el.getAttribute('data-period')!,
        value: el.getAttribute('data-dimension-value')!,
        status: el.getAttribute('data-status')!,
        text: valueOf(el).textContent ?? '',
      });
    }
    for (const table of document.querySelectorAll('table[data-table-id]')) {
      const columns = [...table.querySelectorAll('thead th')].map((th) => th.getAttribute('data-period'));
      for (const tr of table.querySelectorAll('tbody tr')) {
        const head = tr.querySelector('th');
        [...tr.children].forEach((td, i) => {
          if (td.tagName !== 'TD' || td.hasAttribute('data-table-id')) return;
          const shown = td.querySelector('[data-status]');
          out.push({
            table: table.getAttribute('data-table-id')!,
            period: head?.getAttribute('data-period') ?? columns[i] ?? '',
            value: head?.getAttribute('data-dimension-value') ?? table.getAttribute('data-dimension-value') ?? '',
            status: shown?.getAttribute('data-status') ?? '',
            text: shown?.textContent ?? '',
          });
        });
      }
    }
    return out;
  });
}

/** The marks of a value the release does not have: no one in the group, not yet, not published. */
const MISSING = ['none', 'not-yet', 'not-published'];

/** Every value cell on the page (tables are in the HTML, open or not) against the release. Returns how many were checked. */
async function checkNumbers(page: Page, url: string): Promise<number> {
  const shown = await shownValues(page);
  for (const s of shown) {
    const where = `${url}: ${s.table} ${s.period} ${s.value}`;
    const cell = cells.get(key(s.table, s.period, s.value));
    if (MISSING.includes(s.status)) {
      expect(cell, `${where} is shown as "${s.text}" but the release has it`).toBeUndefined();
      expect(s.text, where).toMatch(/^(no one|not yet|not published)$/);
      checked.none++;
      continue;
    }
    expect(cell, `${where} is not in the release`).toBeDefined();
    expect(s.status, where).toBe(cell!.status);
    if (cell!.status === 'suppressed') {
      expect(s.text, where).toContain('suppressed');
      expect(s.text, `${where}: a suppressed value shows a digit`).not.toMatch(/\d/);
      checked.suppressed++;
    } else {
      const { value, step } = parseShown(s.text);
      expect(Math.abs(value - cell!.value!), `${where}: shown ${s.text}, released ${cell!.value}`).toBeLessThanOrEqual(step / 2 + 1e-9);
      checked.released++;
    }
  }
  return shown.length;
}

/**
 * In each trend chart, one suppression mark per suppressed period, and the
 * line broken into one piece per run of released values (a gap, never bridged).
 */
async function checkCharts(page: Page, url: string) {
  const sections = await page.$$eval('section.metric', (els) =>
    els.map((el) => {
      const table = el.querySelector('details table');
      const statuses = table ? [...table.querySelectorAll('tbody td:not([data-table-id]) > [data-status]')].map((v) => v.getAttribute('data-status')) : [];
      // The trend's chart sits in the section itself; the groups' charts are in its breakdown.
      const chart = el.querySelector(':scope > .chart svg');
      return {
        id: el.id,
        isTrend: !!table && !!el.querySelector('details.table-toggle > summary')?.textContent?.startsWith('Table of the trend'),
        statuses,
        marks: chart ? chart.querySelectorAll('.chart__suppressed').length : -1,
        path: chart?.querySelector('.chart__line')?.getAttribute('d') ?? null,
      };
    }),
  );
  for (const s of sections) {
    if (!s.isTrend || s.marks < 0) continue;
    const suppressed = s.statuses.filter((x) => x === 'suppressed').length;
    expect(s.marks, `${url} ${s.id}: suppression marks`).toBe(suppressed);
    checked.marks += suppressed;
    let runs = 0;
    s.statuses.forEach((x, i) => {
      if (x === 'released' && s.statuses[i - 1] !== 'released') runs++;
    });
    if (s.path !== null) expect((s.path.match(/M/g) ?? []).length, `${url} ${s.id}: line pieces`).toBe(runs);
  }
}

async function checkPage(url: string, expectNotices = false) {
  const { page, errors } = await open();
  await visit(page, url);
  expect(await page.content(), `${url}: replacement characters`).not.toMatch(/[\u0000\ufffd]/);
  const notices = await page.locator('.panel--notice').count();
  expect(notices > 0, `${url}: notices`).toBe(expectNotices);
  expect(await checkNumbers(page, url), `${url}: no numbers`).toBeGreaterThan(0);
  await checkCharts(page, url);
  const params = new URL(url, 'http://x').searchParams;
  for (const [name, set] of Object.entries(used)) {
    const value = params.get(name === 'period' ? 'from' : name);
    if (value) set.add(value);
  }
  if (params.get('to')) used.period.add(params.get('to')!);
  expect(errors, url).toEqual([]);
  return page;
}

describe('dashboard pages on the demo release', () => {
  it('shows every breakdown each trend page offers, with the release numbers', async () => {
    for (const p of TREND_PAGES) {
      const page = await checkPage(`/dashboard/${p}`);
      const offered = await page.$$eval('#f-by option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      await page.close();
      expect(offered.length, p).toBeGreaterThan(0);
      for (const by of offered) {
        expect(catalog.some((c) => c.dimension === by), `${p} offers ${by}, which the catalog lacks`).toBe(true);
        await (await checkPage(`/dashboard/${p}?by=${by}`)).close();
      }
    }
  }, HEAVY);

  it('shows each program, with its sites, on the overview and a trend page', async () => {
    for (const [i, program] of programs.entries()) {
      const q = encodeURIComponent(program);
      const overview = await checkPage(`/dashboard?program=${q}`);
      await expect(overview.locator('.page-head__scope').textContent()).resolves.toBe(program);
      await overview.close();
      // Staff measures have no sites: the program's sites are on the participant pages.
      const page = await checkPage(`/dashboard/${TREND_PAGES[i % 3]}?program=${q}&by=site`);
      const shownSites = new Set(await page.$$eval('table[data-table-id$=":site"] tbody th[data-dimension-value]', (els) => els.map((e) => e.getAttribute('data-dimension-value'))));
      expect(shownSites.size, `${program}: sites shown`).toBeGreaterThan(0);
      for (const s of shownSites) expect(sites.find((x) => x.site === s)?.program, `${program} shows site ${s}`).toBe(program);
      await page.close();
    }
  });

  it('shows each site', async () => {
    for (const [i, { site }] of sites.entries()) {
      const page = await checkPage(`/dashboard/${TREND_PAGES[i % 4]}?site=${encodeURIComponent(site)}`);
      await expect(page.locator('.page-head__scope').textContent()).resolves.toBe(site);
      await page.close();
    }
  });

  it('limits every trend to the chosen period range, at every grain', async () => {
    let n = 0;
    for (const grain of ['month', 'quarter', 'year']) {
      const list = periods[grain] ?? [];
      for (let i = 0; i < Math.ceil(list.length / 2); i++) {
        const [from, to] = [list[i]!, list[list.length - 1 - i]!];
        const url = `/dashboard/${TREND_PAGES[n++ % 4]}?grain=${grain}&from=${from}&to=${to}`;
        used.grain.add(grain);
        const page = await checkPage(url);
        const shown = (await shownValues(page)).filter((v) => v.table.endsWith(`:${grain}:total`)).map((v) => v.period);
        for (const p of shown) expect(p >= from && p <= to, `${url} shows ${p}`).toBe(true);
        await page.close();
      }
    }
  });

  it('compares groups on the equity page for every demographic breakdown and year', async () => {
    const { page } = await open();
    await visit(page, '/dashboard/equity');
    const offered = await page.$$eval('#f-by option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    await page.close();
    expect(offered).toEqual(['age_band', 'gender', 'race_ethnicity']);
    const years = periods.year ?? [];
    for (const [i, by] of offered.entries()) {
      for (const year of i === 0 ? years : [years[years.length - 1]!]) {
        await (await checkPage(`/dashboard/equity?by=${by}&from=${year}&to=${year}`)).close();
      }
    }
  });

  it('draws each group on the equity page over every year from the release’s cells: a suppressed year marked, never drawn', async () => {
    const { page, errors } = await open();
    let points = 0;
    let marked = 0;
    for (const by of ['age_band', 'gender', 'race_ethnicity']) {
      await visit(page, `/dashboard/equity?by=${by}`);
      const charts = await page.$$eval('.breakdown[data-table-id]', (els) =>
        els.flatMap((el) => {
          const periods = [...el.querySelectorAll('thead th[data-period]')].map((th) => th.getAttribute('data-period')!);
          return [...el.querySelectorAll('figure.multiple[data-dimension-value]')].map((fig) => {
            const ticks = [...fig.querySelectorAll('.chart__tick')].map((t) => ({ text: t.textContent ?? '', y: Number(t.getAttribute('y')) }));
            return {
              table: el.getAttribute('data-table-id')!,
              value: fig.getAttribute('data-dimension-value')!,
              periods,
              drawn: !!fig.querySelector('.chart'),
              text: fig.textContent ?? '',
              ticks,
              path: fig.querySelector('.chart__line')?.getAttribute('d') ?? '',
              marks: fig.querySelectorAll('.chart__suppressed').length,
              reference: !!fig.querySelector('.chart__reference'),
            };
          });
        }),
      );
      expect(charts.length, by).toBeGreaterThan(0);
      for (const c of charts) {
        const where = `${by} ${c.table} ${c.value}`;
        // Every year up to the table's last (a follow-up outcome has none yet for the latest).
        const years = periods.year ?? [];
        expect(c.periods, `${where}: years`).toEqual(years.slice(0, c.periods.length));
        for (const later of years.slice(c.periods.length)) expect([...cells.keys()].some((k) => k.startsWith(`${c.table}|${later}|`)), `${where}: ${later}`).toBe(false);
        const shown = c.periods.map((p) => cells.get(key(c.table, p, c.value)));
        const released = shown.filter((v) => v?.status === 'released').map((v) => v!.value!);
        const suppressed = shown.filter((v) => v?.status === 'suppressed').length;
        if (!c.drawn) {
          expect(released, where).toEqual([]);
          if (suppressed) expect(c.text, where).toContain(`${suppressed} suppressed`);
          continue;
        }
        const whole = c.table.replace(/:[^:]+$/, ':total');
        expect(c.reference, `${where}: all programs for reference`).toBe([...cells.keys()].some((k) => k.startsWith(`${whole}|`)));
        expect(c.marks, `${where}: suppression marks`).toBe(suppressed);
        marked += suppressed;
        // The line's points, read back through the axis, are the released values in year order (a suppressed year is a gap, not 0).
        const [lo, hi] = [c.ticks[0]!, c.ticks[c.ticks.length - 1]!];
        const percent = lo.text.endsWith('%');
        const num = (t: string) => Number(t.replace(/[,%]/g, ''));
        const perPx = (num(hi.text) - num(lo.text)) / (lo.y - hi.y);
        const ys = [...c.path.matchAll(/[ML]\S+ (\S+)/g)].map((m) => Number(m[1]));
        const drawn = ys.map((y) => num(lo.text) + (lo.y - 4 - y) * perPx);
        expect(drawn.length, `${where}: points`).toBe(released.length);
        drawn.forEach((v, i) => expect(Math.abs(v - released[i]! * (percent ? 100 : 1)), `${where}: point ${i}`).toBeLessThanOrEqual(Math.abs(perPx) * 0.15 + 1e-9));
        points += drawn.length;
      }
    }
    expect(points).toBeGreaterThan(0);
    expect(marked, 'some group has a suppressed year').toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  }, HEAVY);

  it('used every filter value the release catalog offers, and saw suppressed values', () => {
    expect([...used.program].sort()).toEqual([...programs].sort());
    expect([...used.site].sort()).toEqual(sites.map((s) => s.site).sort());
    expect([...used.grain].sort()).toEqual(Object.keys(periods).sort());
    expect([...used.period].sort()).toEqual(Object.values(periods).flat().sort());
    const dimensions = new Set(catalog.map((c) => c.dimension).filter((d) => d !== 'total'));
    expect([...used.by].sort()).toEqual([...dimensions].sort());
    console.log(`[e2e] checked ${checked.released} released, ${checked.suppressed} suppressed, ${checked.none} empty values and ${checked.marks} chart marks`);
    expect(checked.released).toBeGreaterThan(1000);
    expect(checked.suppressed).toBeGreaterThan(50);
    expect(checked.marks).toBeGreaterThan(0);
  });

  it('says what it shows instead when a bookmark names something the release lacks', async () => {
    const page = await checkPage('/dashboard/engagement?program=No%20Such%20Program&grain=week&by=nothing', true);
    const text = await page.locator('.panel--notice').textContent();
    expect(text).toContain('“No Such Program” is not in this release');
    expect(text).toContain('“week” is not a period grain');
    await page.close();
  });

  it('works from the keyboard, with a visible focus', async () => {
    const { page, errors } = await open();
    await visit(page, '/dashboard/engagement');
    await page.keyboard.press('Tab'); // the skip link
    await page.keyboard.press('Tab'); // the brand link
    for (const item of ['Dashboard', 'Reports', 'state-manager', 'Sign out']) {
      await page.keyboard.press('Tab'); // the account menu
      await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(item);
    }
    await page.keyboard.press('Tab'); // the first section of the dashboard
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth };
    });
    expect(focused.text).toBe('Overview');
    expect(focused.outline).not.toBe('none');
    expect(parseFloat(focused.width)).toBeGreaterThanOrEqual(2);

    // Choose a program and a breakdown with the keyboard only, then submit.
    await page.focus('#f-program');
    await page.keyboard.press('ArrowDown');
    await page.focus('#f-by');
    await page.keyboard.press('ArrowDown');
    await page.locator('.filters button[type=submit]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/program=/);
    const url = new URL(page.url());
    expect(url.searchParams.get('program')).toBe(programs[0]);
    expect(url.searchParams.get('by')).toBe('site');
    await page.waitForSelector('.breakdown');

    // A new grain restarts the range at all of its periods.
    await page.focus('#f-grain');
    await page.keyboard.press('ArrowUp'); // quarter → month
    await expect(page.locator('#f-from').inputValue()).resolves.toBe(periods.month![0]);
    await expect(page.locator('#f-to').inputValue()).resolves.toBe(periods.month!.at(-1));
    await page.locator('.filters button[type=submit]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/grain=month/);
    expect(new URL(page.url()).searchParams.get('from')).toBe(periods.month![0]);
    await page.waitForSelector('[data-table-id$=":month:program"]', { state: 'attached' });

    // A trend's table opens from the keyboard.
    await page.locator('details.table-toggle summary').first().focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('details.table-toggle').first().getAttribute('open')).resolves.not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('has every chart and every table in the server HTML: without JavaScript each page shows its charts and the release numbers', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
    try {
      for (const [name, viewport] of Object.entries(VIEWPORTS)) {
        for (const p of ALL_PAGES) {
          const page = await noScript.newPage();
          await page.setViewportSize(viewport);
          const url = `/dashboard${p ? `/${p}` : ''}${SHOWN_BY[p]}`;
          const response = await page.goto(`${server.url}${url}`);
          expect(response?.status(), url).toBe(200);
          expect(await page.evaluate(() => typeof (window as unknown as { __remixRouter?: unknown }).__remixRouter), url).toBe('undefined');
          if (p !== 'about') {
            expect(await checkNumbers(page, `${url} (no JavaScript)`), `${url}: no numbers`).toBeGreaterThan(0);
            await checkCharts(page, `${url} (no JavaScript)`);
            // Every chart (and every sparkline) is a picture of some size, not an empty box.
            const areas = await page.$$eval('.chart svg, .sparkline svg', (svgs) => svgs.map((svg) => svg.getBoundingClientRect()).map((r) => r.width * r.height));
            expect(areas.length, `${url}: charts`).toBeGreaterThan(0);
            for (const a of areas) expect(a, `${url}: a chart's size`).toBeGreaterThan(500);
          }
          // A table opens without a script, with its rows.
          const first = page.locator('details.table-toggle').first();
          if (await first.count()) {
            await first.locator('summary').click();
            await expect(first.locator('tbody tr').first().isVisible(), `${url}: an opened table's rows`).resolves.toBe(true);
          }
          await page.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${p || 'overview'}-${name}-no-js.png`), fullPage: true });
          await page.close();
        }
      }
    } finally {
      await noScript.close();
    }
  }, HEAVY);

  it('opens every table for printing', async () => {
    const { page, errors } = await open();
    await visit(page, '/dashboard/engagement?by=program');
    // The print handler is set once the page has hydrated (root.tsx): wait until a print opens a table.
    await page.waitForFunction(() => {
      window.dispatchEvent(new Event('beforeprint'));
      const opened = document.querySelector('details.table-toggle[open]') !== null;
      window.dispatchEvent(new Event('afterprint'));
      return opened;
    });
    const state = await page.evaluate(() => {
      const details = [...document.querySelectorAll('details.table-toggle')] as HTMLDetailsElement[];
      window.dispatchEvent(new Event('beforeprint'));
      const during = details.filter((d) => d.open).length;
      window.dispatchEvent(new Event('afterprint'));
      return { total: details.length, during, after: details.filter((d) => d.open).length };
    });
    expect(state.total).toBeGreaterThan(1);
    expect(state.during).toBe(state.total);
    expect(state.after).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a manager of two programs both side by side, each over time, and never all programs together', async () => {
    const own = await browser.newContext();
    try {
      await (await signInBrowser(own, server.url, TWO.email, TWO.password)).close();
      const page = await own.newPage();
      for (const p of TREND_PAGES.slice(0, 3)) {
        const url = `/dashboard/${p}`;
        const response = await page.goto(`${server.url}${url}`);
        expect(response?.status(), url).toBe(200);
        await expect(page.locator('#f-by').inputValue(), `${url}: side by side by default`).resolves.toBe('program');
        const shown = await page.$$eval('table[data-table-id$=":program"] tbody th[data-dimension-value]', (ths) => [...new Set(ths.map((th) => th.getAttribute('data-dimension-value')))]);
        expect(shown.sort(), url).toEqual([...TWO.programs].sort());
        // Each program over time: one small chart per program in a section with a breakdown.
        const multiples = await page.$$eval('section.metric .breakdown', (els) => els.map((el) => el.querySelectorAll('.multiple').length));
        expect(multiples.filter((n) => n > 0).length, url).toBeGreaterThan(0);
        for (const n of multiples) expect([0, 1, 2], url).toContain(n);
        // No value of all programs together: no total table, no reference line, no reference row.
        expect(await page.locator('[data-table-id$=":total"]').count(), `${url}: an all-programs value`).toBe(0);
        expect(await page.locator('.chart__reference, .data-table__reference').count(), `${url}: a reference of the whole`).toBe(0);
        expect(await page.locator('main').textContent(), url).not.toContain('All programs');
        await checkNumbers(page, url);
      }
      await page.close();
    } finally {
      await own.close();
    }
  });

  it('draws a group over time against the whole it belongs to, on the axis of its scale', async () => {
    const { page, errors } = await open();
    await visit(page, '/dashboard/satisfaction?by=gender');
    const section = page.locator('section#satisfaction_mean');
    await expect(section.locator('.metric__scale').textContent()).resolves.toContain('1–5');
    // The whole scale on the axis, whatever the values.
    const ticks = await section.locator(':scope > .chart .chart__tick').allTextContents();
    expect(ticks).toEqual(['1', '2', '3', '4', '5']);
    expect(await section.locator('.multiple .chart__reference').count()).toBeGreaterThan(0);
    await expect(section.locator('.chart-key').textContent()).resolves.toContain('All programs');
    // A share's axis runs 0–100%.
    await expect(page.locator('section#satisfaction_positive > .chart .chart__tick').allTextContents()).resolves.toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves a screenshot of every page at desktop and tablet widths', async () => {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      for (const p of ALL_PAGES) {
        const { page, errors } = await open(viewport);
        await visit(page, `/dashboard${p ? `/${p}` : ''}${SHOWN_BY[p]}`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `dashboard-${p || 'overview'}-${name}.png`), fullPage: true });
        // Nothing wider than the window: no sideways scrolling of the page itself.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${p} at ${name}`).toBeLessThanOrEqual(0);
        expect(errors).toEqual([]);
        await page.close();
      }
    }
  }, HEAVY);

  it('shows a new release renamed into place while the server runs, without a restart', async () => {
    const table = 'participants_served:month:total';
    const { page } = await open();
    await visit(page, '/dashboard');
    const tile = page.locator(`.kpi__value[data-table-id="${table}"]`);
    const period = (await tile.getAttribute('data-period'))!;
    const before = cells.get(key(table, period, 'all'))!;
    expect(before.status).toBe('released');
    expect(parseShown((await tile.textContent())!).value).toBe(before.value);

    // The pipeline's way: a new file under a temporary name, renamed over the old one.
    const next = path.join(dataDir, '.release.next.tmp');
    copyFileSync(path.join(dataDir, 'release.duckdb'), next);
    const db = await DuckDBInstance.create(next);
    const conn = await db.connect();
    await conn.run(`UPDATE manifest SET release_id = 'e2e-switched'`);
    await conn.run(`UPDATE cells SET value = value + 1000 WHERE table_id = '${table}' AND status = 'released'`);
    await conn.run('CHECKPOINT');
    conn.closeSync();
    db.closeSync();
    renameSync(next, path.join(dataDir, 'release.duckdb'));

    // Moving to another page in the browser (no full load) shows the new release, layout included.
    await page.getByRole('link', { name: 'About this data', exact: true }).click();
    await page.waitForURL(/\/dashboard\/about$/);
    await expect(page.getByTestId('release-id').textContent()).resolves.toBe('e2e-switched');
    await expect(page.locator('.release-line').textContent()).resolves.toContain('e2e-switched');

    await visit(page, '/dashboard');
    expect(parseShown((await tile.textContent())!).value).toBe(before.value! + 1000);
    await page.close();
  });
});
