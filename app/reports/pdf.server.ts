// Report PDFs: headless Chromium opens the report page itself, on this server,
// with the requesting user's own session, and prints it. So the PDF is the page
// (same numbers, same charts, same print stylesheet, same access checks, its
// view audited like any other), not a second rendering that could drift from it.
// Without Chromium on the server the download says so; the browser's own print
// gives the same pages.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { getEnv } from '~/env.server';
import { PAPERS, type Paper } from './paper';


/** Chromium's flags for a server: no sandbox (containers), no GPU, no calls home. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const TIMEOUT_MS = 30_000;

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
}

/** The Chromium binary, or null when the server has none. */
export function chromiumPath(): string | null {
  const file = getEnv().PEER_OUTCOMES_CHROMIUM;
  return existsSync(file) ? file : null;
}

// One render at a time: each is a browser of a few hundred MB, and PDFs are a
// monthly or quarterly download, not a page view.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Prints `url` (a page of this server) to PDF as the user whose session cookie
 * is given. The page tells when it is ready (its charts drawn) with
 * `data-print-ready` on the element matching `readySelector`.
 */
export function renderPdf(opts: { url: string; cookie: { name: string; value: string }; paper: Paper; readySelector: string }): Promise<Buffer> {
  const run = queue.then(() => render(opts));
  queue = run.catch(() => undefined);
  return run;
}

async function render({ url, cookie, paper, readySelector }: Parameters<typeof renderPdf>[0]): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new PdfUnavailableError(`Chromium is not installed at ${getEnv().PEER_OUTCOMES_CHROMIUM}.`);
  const origin = new URL(url).origin;
  const browser = await chromium.launch({ executablePath, args: FLAGS, timeout: TIMEOUT_MS });
  try {
    // The width of a printed page, so that the charts are drawn at the size they print.
    const context = await browser.newContext({ viewport: { width: 700, height: 1000 }, acceptDownloads: false });
    await context.addCookies([{ name: cookie.name, value: cookie.value, url: origin, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    // The page may reach this server and nothing else.
    await page.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
    const response = await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT_MS });
    if (!response || response.status() !== 200) throw new Error(`the report page answered ${response?.status() ?? 'nothing'}`);
    await page.waitForSelector(`${readySelector}[data-print-ready="true"]`, { timeout: TIMEOUT_MS });
    return await page.pdf({ format: PAPERS[paper], printBackground: true, preferCSSPageSize: false });
  } finally {
    await browser.close();
  }
}
