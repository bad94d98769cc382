// Every form works with JavaScript off (or before the bundle loads): the
// journeys people take, in a Chromium context with JavaScript disabled, on the
// demo release. Pages must answer 200 with their heading; forms post as plain
// HTML forms and land where they should. (Whether charts and tables render on
// the server is the dashboard's own test.)
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccounts, type Account } from '../helpers/accounts';
import { makeTempDir } from '../helpers/release-fixture';
import { launchChromium } from './browser';
import { DEMO_RELEASE } from '../helpers/cached-run';
import { startServer, type RunningServer } from './server';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');

// One person who manages, funds and exports: the whole journey with one sign-in.
const PERSON: Account = { email: 'everything@nojs.example.org', password: 'the first password of many', roles: ['program_manager', 'funder', 'analyst'], programs: ['*'] };
const ADMIN: Account = { email: 'admin@nojs.example.org', password: 'an administrator passphrase', roles: ['admin'], programs: [] };

let server: RunningServer;
let browser: Browser;
let cleanup = () => {};
const contexts: BrowserContext[] = [];

async function noScriptPage(): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const page = await context.newPage();
  // Nothing may run: a page that needs its bundle to work fails this test.
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

/** Clicks `selector` and returns the document response of the navigation it causes (a plain form post or link). */
async function submit(page: Page, selector: string): Promise<Response> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  if (!response) throw new Error(`no navigation after clicking ${selector}`);
  return response;
}

async function expectPage(page: Page, response: Response | null, path: string | RegExp, heading: string | RegExp): Promise<void> {
  expect(response?.status(), `${path}: status`).toBe(200);
  if (typeof path === 'string') expect(pathOf(page)).toBe(path);
  else expect(pathOf(page)).toMatch(path);
  const h1 = (await page.locator('main h1').first().textContent()) ?? '';
  if (typeof heading === 'string') expect(h1).toBe(heading);
  else expect(h1).toMatch(heading);
}

async function signIn(page: Page, email: string, password: string): Promise<Response> {
  await page.goto(`${server.url}/signin`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  return submit(page, 'main button[type=submit]');
}

beforeAll(async () => {
  const tmp = makeTempDir('peer-outcomes-e2e-nojs-');
  cleanup = tmp.cleanup;
  copyFileSync(DEMO_RELEASE, path.join(tmp.dir, 'release.duckdb'));
  await seedAccounts(tmp.dir, [PERSON, ADMIN]);
  [server, browser] = await Promise.all([startServer(tmp.dir), launchChromium()]);
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  cleanup();
});

describe('with JavaScript off', () => {
  it('signs in, changes the password, filters the dashboard, downloads an export, reads a report, signs out', async () => {
    const page = await noScriptPage();
    await expectPage(page, await signIn(page, PERSON.email, PERSON.password), '/dashboard', 'Overview');

    // Change the password from Your account.
    await expectPage(page, await page.goto(`${server.url}/account`), '/account', 'Your account');
    await expectPage(page, await submit(page, 'a:has-text("Change your password")'), '/account/password', 'Change your password');
    const chosen = 'the second password of many';
    await page.fill('#current', PERSON.password);
    await page.fill('#password', chosen);
    await page.fill('#confirm', chosen);
    await expectPage(page, await submit(page, 'main button[type=submit]'), '/account', 'Your account');

    // A dashboard filter is a GET form.
    await expectPage(page, await page.goto(`${server.url}/dashboard/engagement`), '/dashboard/engagement', /Engagement/);
    await page.selectOption('#f-by', { index: 1 });
    const by = await page.locator('#f-by').inputValue();
    const filtered = await submit(page, 'form[aria-label="Filters"] button[type=submit]');
    await expectPage(page, filtered, '/dashboard/engagement', /Engagement/);
    expect(new URL(page.url()).searchParams.get('by')).toBe(by);

    // An export: choose, preview (a GET form), download the zip.
    await expectPage(page, await page.goto(`${server.url}/exports`), '/exports', 'Exports');
    await page.check('input[name=format][value=csv]');
    await page.check('input[name=all]');
    await expectPage(page, await submit(page, 'button[name=preview]'), '/exports', 'Exports');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download]')]);
    const zip = readFileSync((await download.path())!);
    expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
    expect(download.suggestedFilename()).toMatch(/\.zip$/);

    // A funder report, reached by its link.
    await expectPage(page, await page.goto(`${server.url}/reports`), '/reports', /Reports/);
    const report = await submit(page, 'main a[href^="/reports/program"]');
    expect(report.status()).toBe(200);
    expect(pathOf(page)).toBe('/reports/program');
    expect(await page.locator('.report').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'no-javascript-report.png') });

    // Sign out, then only the new password opens the account.
    const out = await submit(page, 'nav[aria-label="Account"] button');
    expect(out.status()).toBe(200);
    expect(pathOf(page)).toBe('/signin');
    await signIn(page, PERSON.email, PERSON.password);
    expect(pathOf(page)).toBe('/signin');
    expect(await page.locator('#signin-error').textContent()).toContain('do not match an active account');
    await expectPage(page, await signIn(page, PERSON.email, chosen), '/dashboard', 'Overview');
  });

  it("runs an administrator's forms: create, edit, reset, configuration, sessions, sign out everywhere", async () => {
    const admin = await noScriptPage();
    await expectPage(admin, await signIn(admin, ADMIN.email, ADMIN.password), '/admin/users', 'Users');

    // Create an account; its one-time password is shown once.
    await expectPage(admin, await admin.goto(`${server.url}/admin/users/new`), '/admin/users/new', 'Create an account');
    await admin.fill('#email', 'made.without.js@nojs.example.org');
    await admin.fill('#name', 'Made Without Script');
    await admin.check('input[name=roles][value=analyst]');
    await admin.check('input[name=programs] >> nth=0');
    await expectPage(admin, await submit(admin, 'main button[type=submit]'), '/admin/users/new', 'Account created');
    const oneTime = (await admin.locator('.one-time-password').textContent())!.trim();

    // Edit it, then reset its password.
    await expectPage(admin, await submit(admin, 'a:has-text("See the account")'), /^\/admin\/users\/\d+$/, 'Made Without Script');
    await admin.fill('#name', 'Made Without Any Script');
    await expectPage(admin, await submit(admin, 'form:has(input[value=save]) button[type=submit]'), pathOf(admin), 'Made Without Any Script');
    expect(await admin.locator('[role=status]').textContent()).toContain('Saved.');
    await expectPage(admin, await submit(admin, 'button:has-text("Reset the password")'), pathOf(admin), 'Made Without Any Script');
    const reset = (await admin.locator('.one-time-password').textContent())!.trim();
    expect(reset).not.toBe(oneTime);
    await expectPage(admin, await submit(admin, 'button:has-text("End all sessions")'), pathOf(admin), 'Made Without Any Script');
    expect(await admin.locator('[role=status]').textContent()).toMatch(/sessions? ended/);

    // The configuration form saves as it is.
    await expectPage(admin, await admin.goto(`${server.url}/admin/config`), '/admin/config', /Configuration/);
    await expectPage(admin, await submit(admin, 'main form[method=post] button[type=submit]'), '/admin/config', /Configuration/);
    expect(await admin.locator('[role=status]').textContent()).toContain('Saved.');

    // The new account's first sign-in, without JavaScript: the form, then the landing page.
    const person = await noScriptPage();
    await signIn(person, 'made.without.js@nojs.example.org', reset);
    await expectPage(person, await person.goto(person.url()), '/account/password', 'Choose your own password');
    await person.fill('#current', reset);
    await person.fill('#password', 'a passphrase chosen offline');
    await person.fill('#confirm', 'a passphrase chosen offline');
    await expectPage(person, await submit(person, 'main button[type=submit]'), '/exports', 'Exports');

    // Sessions: a second sign-in of the administrator, ended from the first; then everywhere.
    const second = await noScriptPage();
    await signIn(second, ADMIN.email, ADMIN.password);
    expect(pathOf(second)).toBe('/admin/users');
    await expectPage(admin, await admin.goto(`${server.url}/account`), '/account', 'Your account');
    await expectPage(admin, await submit(admin, 'button:has-text("End this session")'), '/account', 'Your account');
    await second.goto(`${server.url}/admin/users`);
    expect(pathOf(second)).toBe('/signin');
    await signIn(second, ADMIN.email, ADMIN.password);
    const everywhere = await submit(admin, 'button:has-text("Sign out everywhere")');
    expect(everywhere.status()).toBe(200);
    expect(pathOf(admin)).toBe('/signin');
    await second.goto(`${server.url}/admin/users`);
    expect(pathOf(second)).toBe('/signin');
  });
});
