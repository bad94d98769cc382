// A one-time password's whole life, in Chromium, as the people who get one
// live it: the first administrator from `users:create-admin`, an account made
// in Admin → Users, and an administrator's reset. Each signs in with the
// one-time password, lands on a working form with nothing else open, chooses
// their own, signs out, signs in with it; the one-time password no longer works.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, writeReleaseFixture } from '../helpers/release-fixture';
import { launchChromium } from './browser';
import { startServer, type RunningServer } from './server';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const PROGRAM = 'Harbor Peer Recovery';

const ADMIN = { email: 'first.admin@first.example.org', password: '', chosen: 'seven lanterns over the harbor' };
const FUNDER = { email: 'funder@first.example.org', password: '', chosen: 'quiet rivers carry paper boats' };

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let cleanup = () => {};
const contexts: BrowserContext[] = [];

async function createAdminWithCli(dir: string, email: string): Promise<string> {
  const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/tsx'), ['app/cli/create-admin.ts', '--data', dir, '--email', email, '--name', 'First Admin'], { cwd: ROOT });
  const password = /One-time password: (\S+)/.exec(stdout)?.[1];
  if (!password) throw new Error(`users:create-admin printed no password:\n${stdout}`);
  return password;
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  return context.newPage();
}

/** Resolves once Remix has taken over the page, so that a click is not lost to hydration. */
const hydrated = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state?.initialized === true);

/** Fills the sign-in form once the page has hydrated; resolves on the page it leads to (or the refusal). */
async function signInWith(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${server.url}/signin`);
  await hydrated(page);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([
    Promise.race([page.waitForURL((u) => !u.pathname.startsWith('/signin')), page.locator('#signin-error').waitFor()]),
    page.click('main button[type=submit]'),
  ]);
}

const path_ = (page: Page) => new URL(page.url()).pathname;

/** The forced change: only the form and sign-out are on offer; the form works. */
async function chooseOwnPassword(page: Page, oneTime: string, chosen: string, lands: string, shot: string): Promise<void> {
  expect(path_(page)).toBe('/account/password');
  await page.getByRole('heading', { level: 1, name: 'Choose your own password' }).waitFor();
  for (const field of ['#current', '#password', '#confirm']) expect(await page.locator(field).isVisible(), field).toBe(true);
  // The menu offers sign-out and nothing else to open.
  expect(await page.locator('nav[aria-label="Account"] a').count()).toBe(0);
  expect(await page.locator('nav[aria-label="Account"] button').textContent()).toBe('Sign out');
  await page.screenshot({ path: path.join(SCREENSHOTS, `first-sign-in-${shot}.png`), fullPage: true });
  // Every other page sends the person back here (asked with the page's cookies, so the page stays).
  for (const other of ['/account', '/', '/admin/users', '/reports']) {
    const answer = await page.request.get(`${server.url}${other}`, { maxRedirects: 0 });
    expect(answer.status(), other).toBe(302);
    expect(answer.headers()['location'], other).toMatch(/^\/account\/password(\?next=|$)/);
  }
  // A mistake is told on the form, which stays usable.
  await page.fill('#current', oneTime);
  await page.fill('#password', chosen);
  await page.fill('#confirm', `${chosen} typo`);
  await Promise.all([page.locator('#password-errors').waitFor(), page.click('main button[type=submit]')]);
  await expect(page.locator('#password-errors').textContent()).resolves.toContain('The two new passwords differ.');
  await page.fill('#current', oneTime);
  await page.fill('#password', chosen);
  await page.fill('#confirm', chosen);
  await Promise.all([page.waitForURL((u) => u.pathname === lands), page.click('main button[type=submit]')]);
}

async function signOut(page: Page): Promise<void> {
  await Promise.all([page.waitForURL((u) => u.pathname === '/signin'), page.click('nav[aria-label="Account"] button')]);
}

/** Signs in with `password` and expects to land on `lands`; then with each refused password, refused. */
async function provePasswords(page: Page, email: string, password: string, lands: string, refused: string[]): Promise<void> {
  await signInWith(page, email, password);
  expect(path_(page)).toBe(lands);
  await signOut(page);
  for (const wrong of refused) {
    await signInWith(page, email, wrong);
    expect(path_(page)).toBe('/signin');
    await expect(page.locator('#signin-error').textContent()).resolves.toContain('do not match an active account');
  }
}

beforeAll(async () => {
  const tmp = makeTempDir('peer-outcomes-e2e-first-');
  ({ dir: dataDir, cleanup } = tmp);
  await writeReleaseFixture(dataDir, {
    cells: [{ metric: 'participants_served', grain: 'quarter', period: '2025-Q1', dimension: 'program', dimensionValue: PROGRAM, value: 300 }],
    siteProgram: { 'Harbor — East': PROGRAM },
  });
  // The server must be stopped while the CLI writes the app store: it runs first.
  ADMIN.password = await createAdminWithCli(dataDir, ADMIN.email);
  [server, browser] = await Promise.all([startServer(dataDir), launchChromium()]);
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  cleanup();
});

describe('a one-time password', () => {
  it('from users:create-admin: sign in, choose your own, sign out, sign in with it; the one-time one is refused', async () => {
    const page = await newPage();
    await signInWith(page, ADMIN.email, ADMIN.password);
    await chooseOwnPassword(page, ADMIN.password, ADMIN.chosen, '/admin/users', 'cli-admin');
    await signOut(page);
    await provePasswords(page, ADMIN.email, ADMIN.chosen, '/admin/users', [ADMIN.password]);
  });

  it('from Admin → Users: the new account goes through the same', async () => {
    const admin = await newPage();
    await signInWith(admin, ADMIN.email, ADMIN.chosen);
    await admin.goto(`${server.url}/admin/users/new`);
    await admin.fill('#email', FUNDER.email);
    await admin.fill('#name', 'Fran Funder');
    await admin.check('input[name=roles][value=funder]');
    await admin.check(`input[name=programs][value="${PROGRAM}"]`);
    await Promise.all([admin.locator('.one-time-password').waitFor(), admin.click('main button[type=submit]')]);
    FUNDER.password = (await admin.locator('.one-time-password').textContent())!.trim();
    expect(FUNDER.password).toMatch(/^[A-Za-z0-9_-]{20}$/);

    const page = await newPage();
    // A bookmark of a report page, opened signed out: sign in, choose, then the report.
    await page.goto(`${server.url}/reports`);
    expect(path_(page)).toBe('/signin');
    await hydrated(page);
    await page.fill('#email', FUNDER.email);
    await page.fill('#password', FUNDER.password);
    await Promise.all([page.waitForURL((u) => u.pathname === '/account/password'), page.click('main button[type=submit]')]);
    await chooseOwnPassword(page, FUNDER.password, FUNDER.chosen, '/reports', 'admin-created');
    await signOut(page);
    await provePasswords(page, FUNDER.email, FUNDER.chosen, '/reports', [FUNDER.password]);
  });

  it("from an administrator's reset: every session ends, and the account chooses again", async () => {
    const funder = await newPage();
    await signInWith(funder, FUNDER.email, FUNDER.chosen);
    expect(path_(funder)).toBe('/reports');

    const admin = await newPage();
    await signInWith(admin, ADMIN.email, ADMIN.chosen);
    await admin.goto(`${server.url}/admin/users`);
    await Promise.all([admin.waitForURL((u) => /^\/admin\/users\/\d+$/.test(u.pathname)), admin.click(`a:has-text("Fran Funder")`)]);
    await Promise.all([admin.locator('.one-time-password').waitFor(), admin.click('button:has-text("Reset the password")')]);
    const reset = (await admin.locator('.one-time-password').textContent())!.trim();
    expect(reset).toMatch(/^[A-Za-z0-9_-]{20}$/);

    // The funder's open session ended with the reset.
    await funder.goto(`${server.url}/reports`);
    expect(path_(funder)).toBe('/signin');

    await signInWith(funder, FUNDER.email, reset);
    const chosenAgain = 'a different boat on the same river';
    await chooseOwnPassword(funder, reset, chosenAgain, '/reports', 'reset');
    await signOut(funder);
    await provePasswords(funder, FUNDER.email, chosenAgain, '/reports', [reset, FUNDER.chosen]);
  });
});
