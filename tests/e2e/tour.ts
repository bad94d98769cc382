// Every page of the app, for each demo role: what the accessibility test
// (tests/e2e/a11y.test.ts) checks and `npm run screenshots` photographs. The
// accounts are the demo's (app/cli/seed-demo-users.ts), made in a scratch app
// store; the URLs are filled in from the release the server reads.
import { copyFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedAccounts, signInBrowser, type Account } from '../helpers/accounts';
import { query } from '../helpers/pipeline';

export type TourRole = 'signed-out' | 'administrator' | 'program-manager' | 'funder' | 'analyst';
export const TOUR_ROLES: TourRole[] = ['signed-out', 'administrator', 'program-manager', 'funder', 'analyst'];

export interface TourPage {
  /** File-name friendly: `overview`, `report`, … */
  name: string;
  path: string;
  /** The route module that renders it (the test checks every page route of the build is on the tour). */
  route: string;
  /** Among the pages also looked at with JavaScript off. */
  main?: boolean;
  /** The HTTP status the page answers (a refusal or a missing page is a page too). */
  status?: number;
}

export interface Tour {
  accounts: Record<Exclude<TourRole, 'signed-out'>, Account>;
  pages: Record<TourRole, TourPage[]>;
}

/** Copies DATA/release.duckdb into `scratch`, seeds the demo accounts there, and lists every role's pages. */
export async function prepareTour(dataDir: string, scratch: string): Promise<Tour> {
  const release = path.join(dataDir, 'release.duckdb');
  if (!existsSync(release)) throw new Error(`no release at ${release}: run the pipeline first (npm run demo, or npm run pipeline -- --data ${dataDir})`);
  copyFileSync(release, path.join(scratch, 'release.duckdb'));
  // the run log too, so Admin → Releases shows the runs behind the release
  const runLog = path.join(dataDir, 'pipeline-runs.jsonl');
  if (existsSync(runLog)) copyFileSync(runLog, path.join(scratch, 'pipeline-runs.jsonl'));
  const programs = (await query<{ p: string }>(release, "SELECT dimension_value AS p FROM dimension_values WHERE dimension = 'program' ORDER BY 1")).map((r) => r.p);
  const quarter = (await query<{ p: string }>(release, "SELECT period AS p FROM periods WHERE period_grain = 'quarter' AND complete ORDER BY period_start DESC LIMIT 1"))[0]?.p;
  if (!programs[0] || !quarter) throw new Error(`the release at ${release} has no program or no complete quarter`);

  const password = 'tour password, scratch store only';
  const accounts = {
    administrator: { email: 'admin@demo.example.org', name: 'Demo Administrator', password, roles: ['admin', 'program_manager'], programs: ['*'] },
    'program-manager': { email: 'manager@demo.example.org', name: 'Demo Program Manager', password, roles: ['program_manager'], programs: programs.slice(0, 2) },
    funder: { email: 'funder@demo.example.org', name: 'Demo Funder', password, roles: ['funder'], programs: programs.slice(0, 1) },
    analyst: { email: 'analyst@demo.example.org', name: 'Demo Analyst', password, roles: ['analyst'], programs: programs.slice(0, 2) },
  } satisfies Tour['accounts'];
  await seedAccounts(scratch, Object.values(accounts));

  const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;
  const program = programs[0];
  const own: TourPage[] = [
    { name: 'account', path: '/account', route: 'routes/account' },
    { name: 'password', path: '/account/password', route: 'routes/account_.password' },
    { name: 'not-found', path: '/no-such-page', route: 'routes/$', status: 404 },
  ];
  const dashboard = (whole: boolean): TourPage[] => [
    { name: 'overview', path: '/dashboard', route: 'routes/dashboard._index', main: true },
    { name: 'engagement', path: '/dashboard/engagement', route: 'routes/dashboard.engagement', main: true },
    { name: 'engagement-by-site', path: `/dashboard/engagement${q({ program, by: 'site' })}`, route: 'routes/dashboard.engagement' },
    { name: 'satisfaction', path: '/dashboard/satisfaction', route: 'routes/dashboard.satisfaction' },
    { name: 'recovery', path: '/dashboard/recovery', route: 'routes/dashboard.recovery' },
    { name: 'standards', path: '/dashboard/standards', route: 'routes/dashboard.standards' },
    ...(whole ? [{ name: 'equity', path: '/dashboard/equity', route: 'routes/dashboard.equity', main: true }] : []),
    { name: 'about', path: '/dashboard/about', route: 'routes/dashboard.about' },
  ];
  const reports: TourPage[] = [
    { name: 'reports', path: '/reports', route: 'routes/reports._index' },
    { name: 'report', path: `/reports/program${q({ program, period: quarter })}`, route: 'routes/reports.program', main: true },
  ];
  return {
    accounts,
    pages: {
      'signed-out': [{ name: 'signin', path: '/signin', route: 'routes/signin', main: true }],
      administrator: [
        { name: 'users', path: '/admin/users', route: 'routes/admin.users._index', main: true },
        { name: 'user-new', path: '/admin/users/new', route: 'routes/admin.users.new' },
        { name: 'user', path: '/admin/users/2', route: 'routes/admin.users.$id' },
        { name: 'audit', path: '/admin/audit', route: 'routes/admin.audit', main: true },
        { name: 'releases', path: '/admin/releases', route: 'routes/admin.releases' },
        { name: 'config', path: '/admin/config', route: 'routes/admin.config' },
        ...dashboard(true),
        ...own,
      ],
      'program-manager': [...dashboard(false), ...reports, ...own],
      funder: [...reports, { name: 'refused', path: '/dashboard', route: 'routes/dashboard', status: 403 }, ...own],
      analyst: [
        { name: 'exports', path: '/exports', route: 'routes/exports._index' },
        { name: 'export-preview', path: `/exports${q({ format: 'csv', all: '1' })}`, route: 'routes/exports._index', main: true },
        ...own,
      ],
    },
  };
}

/** A browser context for `role` (signed in through the form when it has an account). */
export async function tourContext(browser: Browser, baseUrl: string, tour: Tour, role: TourRole, options: { width: number; javaScript?: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: options.width, height: 900 }, javaScriptEnabled: options.javaScript ?? true });
  if (role !== 'signed-out') {
    const account = tour.accounts[role];
    if (options.javaScript === false) {
      // The form works without JavaScript too, but signInBrowser waits for hydration: sign in with it on, then carry the cookies over.
      const js = await browser.newContext();
      await (await signInBrowser(js, baseUrl, account.email, account.password)).close();
      await context.addCookies(await js.cookies());
      await js.close();
    } else {
      await (await signInBrowser(context, baseUrl, account.email, account.password)).close();
    }
  }
  return context;
}

/**
 * Opens a tour page and waits until it is ready to look at: hydrated (with
 * JavaScript) and drawn (two frames: charts measure their box, then draw);
 * `settled` also waits for the network to rest, for a picture.
 */
export async function openTourPage(page: Page, baseUrl: string, visit: TourPage, options: { javaScript?: boolean; settled?: boolean } = {}): Promise<void> {
  const response = await page.goto(baseUrl + visit.path);
  const status = response?.status();
  if (status !== (visit.status ?? 200)) throw new Error(`${visit.path}: HTTP ${status}, expected ${visit.status ?? 200}`);
  if (options.javaScript === false) return;
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state?.initialized === true);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  if (options.settled) await page.waitForLoadState('networkidle');
}
