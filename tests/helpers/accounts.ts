// Accounts for tests: created straight in a data folder's app store (before the
// server opens it), and signed in over HTTP the way a browser does (the sign-in
// form with its CSRF token) or in Chromium through the form itself.
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '~/auth/password.server';
import type { Role } from '~/auth/roles';
import { createUser } from '~/auth/users.server';
import { AppStore, APP_STORE_FILE } from '~/store/app-store.server';

export interface Account {
  email: string;
  password: string;
  name?: string;
  roles: Role[];
  programs: string[];
}

/** Creates the accounts in DATA/app.duckdb; the store is closed again when it returns. */
export async function seedAccounts(dataDir: string, accounts: Account[]): Promise<void> {
  const store = await AppStore.open(path.join(dataDir, APP_STORE_FILE));
  try {
    for (const a of accounts) {
      await createUser(
        store,
        { email: a.email, name: a.name ?? a.email.split('@')[0]!, roles: a.roles, programs: a.programs, passwordHash: await hashPassword(a.password), mustChangePassword: false },
        { actor: 'test' },
      );
    }
  } finally {
    store.close();
  }
}

/** Cookie jar of one simulated browser: `name=value` pairs from Set-Cookie headers. */
export class Jar {
  private cookies = new Map<string, string>();
  take(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  /** fetch with this jar's cookies, no redirects followed; keeps what the response sets. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { redirect: 'manual', ...init, headers: { ...(init.headers as Record<string, string>), Cookie: this.header() } });
    this.take(response);
    return response;
  }
  /** The CSRF token of a page's forms (the hidden field). */
  async csrf(baseUrl: string, pagePath = '/signin'): Promise<string> {
    const html = await (await this.fetch(`${baseUrl}${pagePath}`)).text();
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (!token) throw new Error(`no CSRF field on ${pagePath}`);
    return token;
  }
  /** POSTs a form with this jar's CSRF token. */
  async post(baseUrl: string, pagePath: string, fields: Record<string, string>, tokenFrom = pagePath): Promise<Response> {
    const csrf = await this.csrf(baseUrl, tokenFrom);
    return this.fetch(`${baseUrl}${pagePath}`, {
      method: 'POST',
      body: new URLSearchParams({ ...fields, csrf }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    });
  }
}

/** Signs in over HTTP; returns the jar holding the session, and the sign-in response. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<{ jar: Jar; response: Response }> {
  const jar = new Jar();
  const response = await jar.post(baseUrl, '/signin', { email, password });
  return { jar, response };
}

/** Signs a Chromium context in through the sign-in form. */
export async function signInBrowser(context: BrowserContext, baseUrl: string, email: string, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/signin`);
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } }).__remixRouter?.state?.initialized === true);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/signin')), page.click('button[type=submit]')]);
  return page;
}
