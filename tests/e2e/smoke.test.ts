// End-to-end smoke test: the built app, served by server.mjs, in Debian's Chromium.
// One server, one data directory; the test changes the release file underneath the
// running server (none → release → damaged), as the pipeline would.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccounts, signIn, signInBrowser, type Account, type Jar } from '../helpers/accounts';
import { fixtureManifest, makeTempDir, writeReleaseFixture } from '../helpers/release-fixture';
import { CHROMIUM, launchChromium } from './browser';
import { startServer, type RunningServer } from './server';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');
const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  tablet: { width: 820, height: 1180 },
} as const;

const MANAGER: Account = { email: 'manager@smoke.example.org', password: 'smoke test manager password', roles: ['program_manager'], programs: ['*'] };

let browser: Browser | undefined;
let context: BrowserContext | undefined;
let jar: Jar;
let server: RunningServer | undefined;
let dataDir: string;
let cleanup = () => {};

/** Puts a release in place the pipeline's way: write under a temporary name, rename. */
async function publishRelease(manifest: Parameters<typeof fixtureManifest>[0]) {
  const tmp = await writeReleaseFixture(dataDir, { fileName: '.release.duckdb.tmp', manifest });
  renameSync(tmp, path.join(dataDir, 'release.duckdb'));
}

/** A fresh page that records console errors and uncaught exceptions. */
async function openPage(viewport: { width: number; height: number }) {
  if (!context) throw new Error('browser not started');
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Waits until React has hydrated the page (the client bundle ran). */
async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const w = window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } };
    return w.__remixRouter?.state?.initialized === true;
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the end-to-end tests need it. ` +
        'Install it with: apt-get update && apt-get install -y chromium ' +
        '(.ci/run does this), or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  ({ dir: dataDir, cleanup } = makeTempDir('peer-outcomes-e2e-'));
  await seedAccounts(dataDir, [MANAGER]);
  [server, browser] = await Promise.all([
    startServer(dataDir),
    launchChromium(),
  ]);
  context = await browser.newContext();
  await (await signInBrowser(context, server.url, MANAGER.email, MANAGER.password)).close();
  ({ jar } = await signIn(server.url, MANAGER.email, MANAGER.password));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  cleanup();
});

describe('e2e smoke', () => {
  it('answers the health check', async () => {
    const response = await fetch(`${server!.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
  });

  it('tells the admin how to build a release when there is none', async () => {
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const { page, errors } = await openPage(viewport);
      const response = await page.goto(server!.url);
      expect(response?.status()).toBe(200);
      await waitForHydration(page);
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
        'There is no release to show',
      );
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('npm run synth -- --scale demo --seed 42 --out data/demo/input');
      expect(text).toContain(
        'PEER_OUTCOMES_DEMO=1 npm run pipeline -- --input data/demo/input --data data/demo',
      );
      expect(text).toContain(dataDir);
      await screenshot(page, `no-release-${name}`);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('shows the release manifest once a release is renamed into place, without a restart', async () => {
    await publishRelease({ release_id: 'rel-e2e-2025-06', k: 11 });
    for (const [name, viewport] of Object.entries(VIEWPORTS)) {
      const { page, errors } = await openPage(viewport);
      const response = await page.goto(`${server!.url}/dashboard/about`);
      expect(response?.status()).toBe(200);
      await waitForHydration(page);
      await expect(page.getByTestId('release-id').textContent()).resolves.toBe('rel-e2e-2025-06');
      await expect(page.getByTestId('release-k').textContent()).resolves.toBe('11');
      await expect(page.getByTestId('data-period').textContent()).resolves.toBe('1 July 2024 – 30 June 2025');
      await expect(page.locator('main').textContent()).resolves.toContain(fixtureManifest().status);
      await expect(page.locator('main time').first().getAttribute('datetime')).resolves.toBe(
        fixtureManifest().created_at,
      );
      await screenshot(page, `release-${name}`);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('has a working skip link', async () => {
    const { page } = await openPage(VIEWPORTS.desktop);
    await page.goto(server!.url);
    await waitForHydration(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    await expect(skip.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(skip.isVisible()).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main');
    await page.close();
  });

  it('shows the next release after another swap', async () => {
    await publishRelease({ release_id: 'rel-e2e-2025-07', k: 13 });
    const html = await (await jar.fetch(`${server!.url}/dashboard/about`)).text();
    expect(html).toContain('rel-e2e-2025-07');
    expect(html).toMatch(/data-testid="release-k">13</);
  });

  it('says in plain words when the release file cannot be read', async () => {
    const tmp = path.join(dataDir, '.damaged.tmp');
    writeFileSync(tmp, 'not a database');
    renameSync(tmp, path.join(dataDir, 'release.duckdb'));
    const { page } = await openPage(VIEWPORTS.desktop);
    const response = await page.goto(server!.url);
    expect(response?.status()).toBe(503);
    const alert = page.getByRole('alert');
    await expect(alert.locator('h1').textContent()).resolves.toBe('The release cannot be shown right now');
    await expect(alert.textContent()).resolves.toContain('could not be read');
    await screenshot(page, 'error-desktop');
    await page.close();
    expect(server!.output()).toContain('[release] The release file');
  });

  it('ships no DuckDB code to the browser', () => {
    const clientDir = path.join(ROOT, 'build/client');
    const files = readdirSync(clientDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
      .map((entry) => path.join(entry.parentPath, entry.name));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/@duckdb|DuckDBInstance|access_mode/);
    }
  });
});
