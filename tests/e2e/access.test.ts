// Who may open what, end to end on the built server: the route table (every
// route of the build, anonymous → sign-in or 401, wrong role → 403, another
// program → 403 with nothing of it in the body, each refusal a page in the
// layout or, from a resource route, the same words as plain text), sign-in in
// Chromium for each role and back to the page asked for (never to another
// site), throttling, revocation, and the audit trail of it all.
import { get } from 'node:http';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '~/auth/roles';
import { Jar, seedAccounts, signIn, signInBrowser, type Account } from '../helpers/accounts';
import { makeTempDir, writeReleaseFixture, type FixtureCell } from '../helpers/release-fixture';
import { SERVER_BUILD } from './global-setup';
import { launchChromium } from './browser';
import { startServer, type RunningServer } from './server';

const SCREENSHOTS = path.join(import.meta.dirname, 'screenshots');

const OURS = 'Harbor Peer Recovery';
const THEIRS = 'Lantern Recovery Collective';
const THEIR_SITE = 'Lantern — Hill Street';
const SITES: Record<string, string> = { 'Harbor — East': OURS, 'Harbor — West': OURS, [THEIR_SITE]: THEIRS };

const account = (email: string, roles: Role[], programs: string[]): Account => ({ email, password: `${email} password`, roles, programs });
const A = {
  admin: account('admin@access.example.org', ['admin'], []),
  manager: account('manager@access.example.org', ['program_manager'], [OURS]),
  stateManager: account('state@access.example.org', ['program_manager'], ['*']),
  funder: account('funder@access.example.org', ['funder'], [OURS]),
  analyst: account('analyst@access.example.org', ['analyst'], [OURS]),
  revoked: account('revoked@access.example.org', ['program_manager'], ['*']),
  deactivated: account('deactivated@access.example.org', ['program_manager'], ['*']),
  throttled: account('throttled@access.example.org', ['program_manager'], [OURS]),
};

type Rule =
  | { kind: 'public' }
  | { kind: 'user' }
  | { kind: 'role'; roles: Role[]; resource?: boolean; program?: boolean; whole?: boolean; action?: boolean };

/**
 * Every route of the app, by route id, with the URL that reaches it and who may.
 * A route missing here fails the first test: a new route must say who may open it.
 */
const ROUTES: Record<string, { url: string; rule: Rule }> = {
  root: { url: '/signin', rule: { kind: 'public' } },
  'routes/healthz': { url: '/healthz', rule: { kind: 'public' } },
  'routes/signin': { url: '/signin', rule: { kind: 'public' } },
  'routes/signout': { url: '/signout', rule: { kind: 'public' } },
  'routes/_index': { url: '/', rule: { kind: 'user' } },
  'routes/account': { url: '/account', rule: { kind: 'user' } },
  'routes/account_.password': { url: '/account/password', rule: { kind: 'user' } },
  'routes/$': { url: '/no/such/page', rule: { kind: 'public' } },
  'routes/dashboard': { url: '/dashboard', rule: { kind: 'role', roles: ['program_manager'], program: true } },
  'routes/dashboard._index': { url: '/dashboard', rule: { kind: 'role', roles: ['program_manager'], program: true } },
  'routes/dashboard.engagement': { url: '/dashboard/engagement', rule: { kind: 'role', roles: ['program_manager'], program: true } },
  'routes/dashboard.satisfaction': { url: '/dashboard/satisfaction', rule: { kind: 'role', roles: ['program_manager'], program: true } },
  'routes/dashboard.recovery': { url: '/dashboard/recovery', rule: { kind: 'role', roles: ['program_manager'], program: true } },
  'routes/dashboard.standards': { url: '/dashboard/standards', rule: { kind: 'role', roles: ['program_manager'], program: true } },
  'routes/dashboard.equity': { url: '/dashboard/equity', rule: { kind: 'role', roles: ['program_manager'], whole: true } },
  'routes/dashboard.about': { url: '/dashboard/about', rule: { kind: 'role', roles: ['program_manager'] } },
  'routes/dashboard.chart[.csv]': {
    url: '/dashboard/chart.csv?page=engagement&chart=participants_served&part=trend',
    rule: { kind: 'role', roles: ['program_manager'], program: true, resource: true },
  },
  'routes/dashboard.chart[.svg]': {
    url: '/dashboard/chart.svg?page=engagement&chart=participants_served&part=trend',
    rule: { kind: 'role', roles: ['program_manager'], program: true, resource: true },
  },
  'routes/admin': { url: '/admin/users', rule: { kind: 'role', roles: ['admin'] } },
  'routes/admin._index': { url: '/admin', rule: { kind: 'role', roles: ['admin'] } },
  'routes/admin.users._index': { url: '/admin/users', rule: { kind: 'role', roles: ['admin'] } },
  'routes/admin.users.new': { url: '/admin/users/new', rule: { kind: 'role', roles: ['admin'], action: true } },
  'routes/admin.users.$id': { url: '/admin/users/1', rule: { kind: 'role', roles: ['admin'], action: true } },
  'routes/admin.audit': { url: '/admin/audit', rule: { kind: 'role', roles: ['admin'], action: true } },
  'routes/admin.audit[.csv]': { url: '/admin/audit.csv', rule: { kind: 'role', roles: ['admin'], resource: true } },
  'routes/admin.releases': { url: '/admin/releases', rule: { kind: 'role', roles: ['admin'] } },
  'routes/admin.config': { url: '/admin/config', rule: { kind: 'role', roles: ['admin'], action: true } },
  'routes/reports._index': { url: '/reports', rule: { kind: 'role', roles: ['funder', 'program_manager'], program: true } },
  'routes/reports.program': { url: '/reports/program', rule: { kind: 'role', roles: ['funder', 'program_manager'], program: true } },
  'routes/reports.program[.pdf]': { url: '/reports/program.pdf', rule: { kind: 'role', roles: ['funder', 'program_manager'], program: true, resource: true } },
  // Analysts' program scope is by table and row (tests/e2e/exports.test.ts), not by a program parameter.
  'routes/exports._index': { url: '/exports', rule: { kind: 'role', roles: ['analyst'] } },
  'routes/exports.download': { url: '/exports/download?format=csv&all=1', rule: { kind: 'role', roles: ['analyst'], resource: true } },
};

/** `url` (which may have a query of its own) with `suffix` on its path and `ask` added to its query. */
function withQuery(url: string, suffix: string, ask: string): string {
  const [pathname, query] = url.split('?');
  return `${pathname}${suffix}?${[query, ask].filter(Boolean).join('&')}`;
}

/** What no answer may ever hold: the router's or Remix's own words, a stack, a JSON error. */
function expectWords(body: string, label: string) {
  expect(body, label).not.toMatch(/Unexpected Server Error|No route matches|"message"|\bat .+\.js:\d+/);
}

/** A refusal's heading and words: a page in the layout, or the same words as text from a resource route. */
async function expectRefusal(response: Response, status: number, title: string, resource: boolean | undefined, label: string): Promise<string> {
  const body = await response.text();
  expect(response.status, label).toBe(status);
  expectWords(body, label);
  if (resource) {
    expect(response.headers.get('content-type'), label).toBe('text/plain; charset=utf-8');
    expect(body.split('\n')[0], label).toBe(title);
  } else {
    expect(response.headers.get('content-type'), label).toContain('text/html');
    expect(body, label).toContain(`<h1 id="error-title">${title}</h1>`);
    expect(body, label).toContain('class="site-header"'); // in the app's layout
  }
  return body;
}

/** An account holding none of `roles`, to be refused. */
function wrongRoleFor(roles: Role[]): Account {
  const candidates = [A.admin, A.funder, A.analyst, A.manager];
  const found = candidates.find((a) => !a.roles.some((r) => roles.includes(r)));
  if (!found) throw new Error(`no account lacks ${roles.join(',')}`);
  return found;
}

let server: RunningServer;
let browser: Browser;
let cleanup = () => {};
const jars = new Map<string, Jar>();

async function jarOf(a: Account): Promise<Jar> {
  let jar = jars.get(a.email);
  if (!jar) {
    const signed = await signIn(server.url, a.email, a.password);
    expect(signed.response.status, `sign-in of ${a.email}`).toBe(302);
    jar = signed.jar;
    jars.set(a.email, jar);
  }
  return jar;
}

beforeAll(async () => {
  const tmp = makeTempDir('peer-outcomes-e2e-access-');
  cleanup = tmp.cleanup;
  const cells: FixtureCell[] = [];
  for (const [i, q] of ['2025-Q1', '2025-Q2'].entries()) {
    cells.push({ metric: 'participants_served', grain: 'quarter', period: q, dimension: 'total', dimensionValue: 'all', value: 500 + i });
    cells.push({ metric: 'participants_served', grain: 'quarter', period: q, dimension: 'program', dimensionValue: OURS, value: 300 + i });
    cells.push({ metric: 'participants_served', grain: 'quarter', period: q, dimension: 'program', dimensionValue: THEIRS, value: 4711 + i });
    for (const [site, program] of Object.entries(SITES)) {
      cells.push({ metric: 'participants_served', grain: 'quarter', period: q, dimension: 'site', dimensionValue: site, value: program === OURS ? 150 : 4713 });
    }
  }
  cells.push({ metric: 'participants_served', grain: 'year', period: '2025', dimension: 'total', dimensionValue: 'all', value: 700 });
  cells.push({ metric: 'participants_served', grain: 'year', period: '2025', dimension: 'gender', dimensionValue: 'woman', value: 400 });
  await writeReleaseFixture(tmp.dir, { cells, siteProgram: SITES });
  await seedAccounts(tmp.dir, Object.values(A));
  [server, browser] = await Promise.all([
    // Behind a (pretend) proxy on loopback, so a test can come from another address.
    startServer(tmp.dir, 30_000, { TRUST_PROXY: 'loopback' }),
    launchChromium(),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  cleanup();
});

describe('the route table', () => {
  it('names every route of the build, and only those', async () => {
    const build = (await import(/* @vite-ignore */ SERVER_BUILD)) as { routes: Record<string, unknown> };
    expect(Object.keys(ROUTES).sort()).toEqual(Object.keys(build.routes).sort());
  });

  it('sends the anonymous to sign in (pages) or answers 401 (resource routes)', async () => {
    const anonymous = new Jar();
    for (const [id, { url, rule }] of Object.entries(ROUTES)) {
      if (rule.kind === 'public') continue;
      const response = await anonymous.fetch(`${server.url}${url}`);
      if (rule.kind === 'role' && rule.resource) {
        // A script is told in words; a browser following a bookmark goes to sign in and back.
        const body = await expectRefusal(response, 401, 'Sign in first', true, id);
        expect(body, id).not.toContain(OURS);
        const bookmark = await anonymous.fetch(`${server.url}${url}`, { headers: { Accept: 'text/html,*/*;q=0.8' } });
        expect(bookmark.status, `${id} bookmark`).toBe(302);
        expect(bookmark.headers.get('location'), `${id} bookmark`).toBe(`/signin?next=${encodeURIComponent(url)}`);
      } else {
        expect(response.status, id).toBe(302);
        expect(response.headers.get('location'), id).toBe(`/signin?next=${encodeURIComponent(url)}`);
        expect(await response.text(), id).not.toContain(OURS);
      }
      if (rule.kind === 'role' && rule.action) {
        const post = await anonymous.fetch(`${server.url}${url}`, { method: 'POST', body: new URLSearchParams({ intent: 'save' }) });
        expect(post.status, `${id} POST`).toBe(302);
        expect(post.headers.get('location'), `${id} POST`).toMatch(/^\/signin\?next=/);
      }
    }
  });

  it('refuses a signed-in account without the role: 403', async () => {
    for (const [id, { url, rule }] of Object.entries(ROUTES)) {
      if (rule.kind !== 'role') continue;
      const who = wrongRoleFor(rule.roles);
      const jar = await jarOf(who);
      const response = await jar.fetch(`${server.url}${url}`);
      const body = await expectRefusal(response, 403, 'Not open to your account', rule.resource, `${id} as ${who.email}`);
      expect(body, id).not.toMatch(/\b(4711|4712|4713)\b/); // no released figure leaks into a refusal
      expect(body, id).toContain('ask your administrator');
      if (rule.action) {
        const post = await jar.post(server.url, url, { intent: 'save', name: 'x' }, '/account');
        await expectRefusal(post, 403, 'Not open to your account', false, `${id} POST as ${who.email}`);
      }
    }
  });

  it("refuses another program's id with a 403 that holds nothing of that program", async () => {
    const jar = await jarOf(A.manager);
    const asks = [
      `program=${encodeURIComponent(THEIRS)}`,
      `site=${encodeURIComponent(THEIR_SITE)}`,
      `program=${encodeURIComponent(OURS)}&site=${encodeURIComponent(THEIR_SITE)}`,
      `site=${encodeURIComponent('Lantern — Nowhere')}`, // no such site: refused alike, so existence is not told
    ];
    let refused = 0;
    for (const [id, { url, rule }] of Object.entries(ROUTES)) {
      if (rule.kind !== 'role' || !rule.program) continue;
      for (const ask of asks) {
        for (const variant of [withQuery(url, '', ask), withQuery(url, '.data', ask)]) {
          const response = await jar.fetch(`${server.url}${variant}`);
          const body = variant.includes('.data?') ? await response.text() : await expectRefusal(response, 403, 'Not open to your account', rule.resource, `${id}: ${variant}`);
          expect(response.status, `${id}: ${variant}`).toBe(403);
          // The page may echo the address asked for; nothing else of that program.
          const asked = decodeURIComponent(ask);
          for (const name of [THEIRS, THEIR_SITE].filter((n) => !asked.includes(n))) expect(body, `${id}: ${variant}`).not.toContain(name);
          expect(body, `${id}: ${variant}`).not.toMatch(/\b471[123]\b/); // their released figures
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThanOrEqual(40);
  });

  it('shows a manager of one program only that program, and never all programs added together', async () => {
    const jar = await jarOf(A.manager);
    for (const [id, { url, rule }] of Object.entries(ROUTES)) {
      if (rule.kind !== 'role' || !rule.roles.includes('program_manager') || rule.whole) continue;
      const response = await jar.fetch(`${server.url}${url}`);
      const body = await response.text();
      expect(response.status, id).toBe(200);
      expect(body, id).not.toContain('Lantern');
      // A PDF's text is compressed: the report page's own check covers it.
      if (rule.program && !rule.resource) {
        expect(body, id).toContain(OURS);
        expect(body, id).not.toContain('All programs');
      }
    }
    const equity = await jar.fetch(`${server.url}/dashboard/equity`);
    expect(equity.status).toBe(403);
  });

  it('lets a manager of every program see every program and the whole', async () => {
    const jar = await jarOf(A.stateManager);
    for (const url of ['/dashboard', `/dashboard/engagement?program=${encodeURIComponent(THEIRS)}`]) {
      const response = await jar.fetch(`${server.url}${url}`);
      expect(response.status, url).toBe(200);
      const body = await response.text();
      expect(body, url).toContain('Lantern');
      if (url.includes('program=')) expect(body, url).toMatch(/4,?71[12]/); // the figures the refusals above must not hold
    }
    expect((await jar.fetch(`${server.url}/dashboard/equity`)).status).toBe(200);
  });
});

describe('signing in', () => {
  const LANDING: Record<string, { account: Account; lands: string; allowed: string[]; denied: string[] }> = {
    'program manager': { account: A.manager, lands: '/dashboard', allowed: ['/dashboard/engagement', '/dashboard/about', '/account'], denied: ['/admin/users', '/dashboard/equity'] },
    admin: { account: A.admin, lands: '/admin/users', allowed: ['/admin/audit', '/admin/releases', '/admin/config', '/account'], denied: ['/dashboard', '/dashboard/engagement'] },
    funder: { account: A.funder, lands: '/reports', allowed: ['/reports', '/reports/program', '/account'], denied: ['/dashboard', '/admin/users', '/exports'] },
    analyst: { account: A.analyst, lands: '/exports', allowed: ['/exports', '/account'], denied: ['/dashboard', '/admin/audit', '/reports'] },
  };

  it.each(Object.entries(LANDING))('signs in a %s in Chromium and shows only their pages', async (role, expected) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    try {
      const page = await signInBrowser(context, server.url, expected.account.email, expected.account.password);
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        // A refused page logs its 403 response; nothing else may be logged as an error.
        if (m.type() === 'error' && !/status of 403/.test(m.text())) errors.push(m.text());
      });
      expect(new URL(page.url()).pathname).toBe(expected.lands);
      for (const url of expected.allowed) {
        const response = await page.goto(`${server.url}${url}`);
        expect(response?.status(), `${role}: ${url}`).toBe(200);
        expect(new URL(page.url()).pathname, `${role}: ${url}`).toBe(url);
      }
      for (const url of expected.denied) {
        const response = await page.goto(`${server.url}${url}`);
        expect(response?.status(), `${role}: ${url}`).toBe(403);
        await expect(page.getByRole('alert').locator('h1').textContent()).resolves.toBe('Not open to your account');
        await expect(page.getByRole('alert').textContent()).resolves.toContain('ask your administrator');
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, `access-denied-${role.replace(' ', '-')}.png`) });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses a wrong password with words that do not say whether the account exists', async () => {
    const wrong = await signIn(server.url, A.funder.email, 'not the password at all');
    const nobody = await signIn(server.url, 'nobody@access.example.org', 'not the password at all');
    expect(wrong.response.status).toBe(401);
    expect(nobody.response.status).toBe(401);
    const said = (html: string) => /role="alert"[^>]*>([^<]+)</.exec(html)?.[1];
    expect(said(await wrong.response.text())).toBe(said(await nobody.response.text()));
  });

  it('throttles an account after 5 failed sign-ins, even with the right password next', async () => {
    for (let i = 0; i < 5; i++) {
      const failed = await signIn(server.url, A.throttled.email, `guess ${i}`);
      expect(failed.response.status).toBe(401);
    }
    const right = await signIn(server.url, A.throttled.email, A.throttled.password);
    expect(right.response.status).toBe(429);
    expect(await right.response.text()).toMatch(/Too many failed sign-ins for this account\. Try again in 1[45] minutes/);
    expect(right.jar.header()).not.toContain('po_session');
    // Another account from the same address is not held back.
    expect((await signIn(server.url, A.analyst.email, A.analyst.password)).response.status).toBe(302);
  });

  it('counts parallel guesses before checking them: 12 at once, at most 5 checked', async () => {
    const victim = account('parallel@access.example.org', ['funder'], [OURS]);
    const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(server.url, victim.email, `guess ${i}`).then((r) => r.response.status)));
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
  });

  it('throttles an address after 20 failed sign-ins, whatever accounts they tried', async () => {
    const from = { 'X-Forwarded-For': '203.0.113.7' };
    const attempt = async (email: string, password: string) => {
      const jar = new Jar();
      const csrf = await jar.csrf(server.url);
      return jar.fetch(`${server.url}/signin`, {
        method: 'POST',
        body: new URLSearchParams({ email, password, csrf }),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url, ...from },
      });
    };
    for (let i = 0; i < 20; i++) expect((await attempt(`someone${i}@access.example.org`, 'wrong')).status).toBe(401);
    const right = await attempt(A.analyst.email, A.analyst.password);
    expect(right.status).toBe(429);
    expect(await right.text()).toContain('Too many failed sign-ins from your network address');
  });

  it('refuses a form without its CSRF token, or from another site', async () => {
    const jar = new Jar();
    const csrf = await jar.csrf(server.url);
    const missing = await jar.fetch(`${server.url}/signin`, {
      method: 'POST',
      body: new URLSearchParams({ email: A.admin.email, password: A.admin.password }),
      headers: { Origin: server.url },
    });
    expect(missing.status).toBe(403);
    const foreign = await jar.fetch(`${server.url}/signin`, {
      method: 'POST',
      body: new URLSearchParams({ email: A.admin.email, password: A.admin.password, csrf }),
      headers: { Origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(jar.header()).not.toContain('po_session');
  });

  it("refuses, with a 403 page and never a 500, every form whose Origin is another site's, null or missing", async () => {
    const forms: [Account, string, Record<string, string>][] = [
      [A.manager, '/signin', { email: A.manager.email, password: A.manager.password }],
      [A.manager, '/signout', {}],
      [A.manager, '/account', { intent: 'everywhere' }],
      [A.manager, '/account/password', { current: A.manager.password, password: 'a brand new passphrase', confirm: 'a brand new passphrase' }],
      [A.admin, '/admin/users/new', { email: 'made@access.example.org', name: 'Made', role: 'funder' }],
      [A.admin, '/admin/users/1', { intent: 'sessions' }],
      [A.admin, '/admin/config', {}],
      [A.admin, '/admin/audit', { intent: 'verify' }],
    ];
    for (const [who, url, fields] of forms) {
      const jar = await jarOf(who);
      const csrf = await jar.csrf(server.url, '/account');
      for (const origin of ['https://evil.example', 'null', 'not a url', undefined]) {
        const label = `${url} from ${origin ?? 'no origin'}`;
        const response = await jar.fetch(`${server.url}${url}`, {
          method: 'POST',
          body: new URLSearchParams({ ...fields, csrf }),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(origin === undefined ? {} : { Origin: origin }) },
        });
        const body = await expectRefusal(response, 403, 'This form was not accepted', false, label);
        expect(body, label).toContain('reload the page');
      }
      // The same form from this site goes through (the session is still there).
      expect((await jar.fetch(`${server.url}/account`)).status, `${who.email} still signed in`).toBe(200);
    }
  });

  it('goes back to the page asked for after signing in, in Chromium', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const asked = '/dashboard/engagement?grain=quarter';
      await page.goto(`${server.url}${asked}`);
      expect(new URL(page.url()).pathname).toBe('/signin');
      await page.fill('#email', A.manager.email);
      await page.fill('#password', A.manager.password);
      await Promise.all([page.waitForURL((u) => u.pathname === '/dashboard/engagement'), page.click('button[type=submit]')]);
      expect(new URL(page.url()).search).toBe('?grain=quarter');
    } finally {
      await context.close();
    }
  });

  it.each(['/.//evil.example/phish', '/%2e%2e//evil.example', '//evil.example', '/\\evil.example', 'https://evil.example/'])(
    'signs in with next=%s and stays on this site, in Chromium',
    async (next) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const requested: string[] = [];
        page.on('request', (r) => requested.push(new URL(r.url()).host));
        await page.goto(`${server.url}/signin?next=${encodeURIComponent(next)}`);
        await page.fill('#email', A.funder.email);
        await page.fill('#password', A.funder.password);
        await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/signin')), page.click('button[type=submit]')]);
        expect(new URL(page.url()).origin).toBe(server.url);
        expect(new URL(page.url()).pathname).toBe('/reports');
        expect(requested.filter((h) => h !== new URL(server.url).host)).toEqual([]);
        // The bare HTTP answer too: its Location is a path on this site.
        const { jar } = await signIn(server.url, A.funder.email, A.funder.password);
        const csrf = await jar.csrf(server.url, '/account');
        const answer = await jar.fetch(`${server.url}/signin?next=${encodeURIComponent(next)}`, {
          method: 'POST',
          body: new URLSearchParams({ email: A.funder.email, password: A.funder.password, next, csrf }),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
        });
        expect(new URL(answer.headers.get('location')!, `${server.url}/signin`).origin).toBe(server.url);
      } finally {
        await context.close();
      }
    },
  );
});

describe('pages that are not there', () => {
  it('answers 404 with a page in the layout that keeps the signed-in menu', async () => {
    const jar = await jarOf(A.manager);
    for (const url of ['/no/such/page', '/admin/nothing-here', '/dashboard/nothing-here', '/assets/no-such-file.js']) {
      const response = await jar.fetch(`${server.url}${url}`);
      const body = await expectRefusal(response, 404, 'Not found', false, url);
      expect(body, url).toContain('aria-label="Account"'); // the signed-in menu
      expect(body, url).toContain('>Sign out<');
      expect(body, url).toContain('href="/dashboard"');
    }
    const anonymous = await new Jar().fetch(`${server.url}/no/such/page`);
    await expectRefusal(anonymous, 404, 'Not found', false, 'anonymous 404');
  });
});

describe('sessions', () => {
  it('refuses a session at once when its owner signs out everywhere', async () => {
    const first = await signIn(server.url, A.revoked.email, A.revoked.password);
    const second = await signIn(server.url, A.revoked.email, A.revoked.password);
    expect((await first.jar.fetch(`${server.url}/dashboard`)).status).toBe(200);
    const out = await second.jar.post(server.url, '/account', { intent: 'everywhere' });
    expect(out.status).toBe(302);
    const after = await first.jar.fetch(`${server.url}/dashboard`);
    expect(after.status).toBe(302);
    expect(after.headers.get('location')).toMatch(/^\/signin/);
  });

  it('refuses a session at once when an administrator deactivates the account', async () => {
    const user = await signIn(server.url, A.deactivated.email, A.deactivated.password);
    expect((await user.jar.fetch(`${server.url}/dashboard`)).status).toBe(200);
    const admin = await jarOf(A.admin);
    const list = await (await admin.fetch(`${server.url}/admin/users`)).text();
    const id = new RegExp(`href="/admin/users/(\\d+)">[^<]*</a></th><td>${A.deactivated.email.replace('.', '\\.')}`).exec(list)?.[1];
    expect(id).toBeDefined();
    const res = await admin.post(server.url, `/admin/users/${id}`, { intent: 'deactivate' });
    expect(res.status).toBe(200);
    expect((await user.jar.fetch(`${server.url}/dashboard`)).status).toBe(302);
    expect((await signIn(server.url, A.deactivated.email, A.deactivated.password)).response.status).toBe(401);
  });

  it('sets the security headers on every page', async () => {
    const response = await (await jarOf(A.manager)).fetch(`${server.url}/dashboard`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(response.headers.get('cache-control')).toContain('no-store');
    const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const cookie = (await signIn(server.url, A.funder.email, A.funder.password)).response.headers.getSetCookie().find((c) => c.startsWith('po_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });
});

/** A GET whose body arrives as sent (fetch would undo a Content-Encoding), with the chunks it came in. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('caching and compression', () => {
  it('caches fingerprinted assets for a year and compresses them; pages are compressed and never stored', async () => {
    const jar = await jarOf(A.manager);
    const html = await (await jar.fetch(`${server.url}/dashboard`)).text();
    const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? /href="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await rawGet(`${server.url}${script}`, { 'Accept-Encoding': 'gzip' });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');
    const page = await rawGet(`${server.url}/dashboard`, { 'Accept-Encoding': 'gzip', Cookie: jar.header() });
    expect(page.status).toBe(200);
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(page.headers['cache-control']).toContain('no-store');
  });

  it('sends an export download as the server streams it: not re-encoded, the same files with or without gzip offered', async () => {
    const jar = await jarOf(A.analyst);
    const url = `${server.url}/exports/download?format=csv&all=1`;
    const offered = await rawGet(url, { 'Accept-Encoding': 'gzip, deflate, br', Cookie: jar.header() });
    const plain = await rawGet(url, { 'Accept-Encoding': 'identity', Cookie: jar.header() });
    for (const r of [offered, plain]) {
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/zip');
      expect(r.headers['content-encoding']).toBeUndefined();
      // Streamed: no length known before the last byte is written.
      expect(r.headers['transfer-encoding']).toBe('chunked');
      expect(r.headers['content-length']).toBeUndefined();
    }
    const files = (zip: Buffer) => Object.fromEntries(Object.entries(unzipSync(new Uint8Array(zip))).map(([name, bytes]) => [name, Buffer.from(bytes).toString('utf8')]));
    const a = files(offered.body);
    const b = files(plain.body);
    expect(Object.keys(a).length).toBeGreaterThan(1);
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    // The manifest dates the export; every table file is the same bytes.
    for (const name of Object.keys(a).filter((n) => n.endsWith('.csv'))) expect(a[name], name).toBe(b[name]);
  });
});

describe('the audit trail', () => {
  it('records page views, refusals, sign-ins and admin changes, and exports them', async () => {
    const manager = await jarOf(A.manager);
    await manager.fetch(`${server.url}/dashboard/recovery?grain=quarter`);
    const admin = await jarOf(A.admin);
    const response = await admin.fetch(`${server.url}/admin/audit.csv`);
    expect(response.status).toBe(200);
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    const has = (actor: string, action: string, target?: string | RegExp) =>
      rows.some((r) => r.actor === actor && r.action === action && (target === undefined || (typeof target === 'string' ? r.target === target : target.test(r.target!))));
    expect(has(A.manager.email, 'page.view', '/dashboard/recovery?grain=quarter')).toBe(true);
    expect(has(A.manager.email, 'access.denied', /Lantern/)).toBe(true);
    expect(has(A.funder.email, 'access.denied')).toBe(true);
    expect(has(A.manager.email, 'sign_in.success')).toBe(true);
    expect(has('anonymous', 'sign_in.failure', A.throttled.email)).toBe(true);
    expect(has('anonymous', 'sign_in.throttled', A.throttled.email)).toBe(true);
    expect(has(A.admin.email, 'user.deactivated', A.deactivated.email)).toBe(true);
    expect(has(A.revoked.email, 'sign_out.everywhere')).toBe(true);
    // Every data page a manager opened is in the trail: one entry per 200 above.
    const views = rows.filter((r) => r.action === 'page.view' && r.actor === A.manager.email);
    expect(views.length).toBeGreaterThanOrEqual(6);
    // The chain holds as exported: each entry names its predecessor's hash.
    const bySeq = [...rows].sort((a, b) => Number(a.seq) - Number(b.seq));
    for (let i = 1; i < bySeq.length; i++) expect(bySeq[i]!.prev_hash).toBe(bySeq[i - 1]!.hash);
  });
});
