// Report PDFs: headless Chromium opens the report page itself, on this server,
// with the requesting user's own session, and prints it. So the PDF is the page
// (same numbers, same charts, same print stylesheet, same access checks, its
// view audited like any other), not a second rendering that could drift from it.
// Without Chromium on the server the download says so; the browser's own print
// gives the same pages.
import { existsSync } from 'node:fs';
import { getEnv } from '~/env.server';
import { PAPERS, type Paper } from './paper';


/** Chromium's flags for a server: no sandbox (containers), no GPU, no calls home. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const TIMEOUT_MS = 30_000;

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
}

/** Too many PDFs waiting already: the reader is asked to try again shortly. */
export class PdfBusyError extends Error {
  override name = 'PdfBusyError';
}

/** The Chromium binary, or null when the server has none. */
export function chromiumPath(): string | null {
  const file = getEnv().PEER_OUTCOMES_CHROMIUM;
  return existsSync(file) ? file : null;
}

// One render at a time: each is a browser of a few hundred MB, and PDFs are a
// monthly or quarterly download, not a page view. A few may wait; more are
// refused rather than left holding connections behind a long queue.
const MAX_WAITING = 3;
let waiting = 0;
let queue: Promise<unknown> = Promise.resolve();

export interface PdfJob {
  url: string;
  cookie: { name: string; value: string };
  paper: Paper;
  /** The page marks itself ready (its charts drawn) with data-print-ready="true" on this element. */
  readySelector: string;
  /** The download's request: a job whose reader has gone is skipped. */
  signal?: AbortSignal;
}

/** Prints `job.url` (a page of this server) to PDF as the user whose session cookie is given. */
export function renderPdf(job: PdfJob): Promise<Buffer> {
  if (waiting >= MAX_WAITING) return Promise.reject(new PdfBusyError('Several PDFs are being made already.'));
  waiting += 1;
  const run = queue.then(() => {
    waiting -= 1;
    if (job.signal?.aborted) throw new Error('the download was cancelled before its turn');
    return render(job);
  });
  queue = run.catch(() => undefined);
  return run;
}

async function render({ url, cookie, paper, readySelector }: PdfJob): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    console.error(`[report pdf] no Chromium at ${getEnv().PEER_OUTCOMES_CHROMIUM} (PEER_OUTCOMES_CHROMIUM)`);
    throw new PdfUnavailableError('This server has no Chromium to make PDFs with.');
  }
  const origin = new URL(url).origin;
  // Loaded on the first PDF, not at start: it is large, and most processes never print.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: FLAGS, timeout: TIMEOUT_MS });
  // One deadline for the whole render (printing itself takes no timeout): the
  // browser is closed at it, which ends whatever step is waiting.
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    void browser.close();
  }, TIMEOUT_MS);
  try {
    // The width of a printed page, so that the charts are drawn at the size they print.
    const context = await browser.newContext({ viewport: { width: 700, height: 1000 }, acceptDownloads: false });
    await context.addCookies([{ name: cookie.name, value: cookie.value, url: origin, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    // The page may reach this server and nothing else.
    await page.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
    const response = await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT_MS });
    if (!response || response.status() !== 200) throw new Error(`the report page answered ${response?.status() ?? 'nothing'}`);
    // A redirect is not followed through page.route: the page printed must be the one asked for.
    const landed = new URL(response.url());
    if (landed.origin !== origin || landed.pathname !== new URL(url).pathname) throw new Error(`the report page led to ${landed.pathname}`);
    await page.waitForSelector(`${readySelector}[data-print-ready="true"]`, { timeout: TIMEOUT_MS });
    return await page.pdf({ format: PAPERS[paper], printBackground: true, preferCSSPageSize: false });
  } catch (error) {
    throw timedOut ? new Error(`the PDF took longer than ${TIMEOUT_MS / 1000} s`, { cause: error }) : error;
  } finally {
    clearTimeout(deadline);
    await browser.close();
  }
}
