// npm run screenshots -- --out DIR [--data DIR] [--roles administrator,funder]
//
// A PNG of every page for each demo role, at 1440 and 820 px with JavaScript
// on, and of the main pages with JavaScript off: the whole app to look at in a
// minute. Uses the existing build (npm run build) and a data folder holding
// release.duckdb (default data/demo, made by npm run demo); builds nothing.
// The accounts live in a scratch app store, so the data folder is left as it
// was. Pages come from tests/e2e/tour.ts, the list the accessibility test walks.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../tests/e2e/browser';
import { startServer } from '../tests/e2e/server';
import { openTourPage, prepareTour, tourContext, TOUR_ROLES, type TourRole } from '../tests/e2e/tour';

const USAGE = 'usage: npm run screenshots -- --out DIR [--data DIR] [--roles administrator,program-manager,funder,analyst,signed-out]';
const ROOT = path.resolve(import.meta.dirname, '..');
const WIDTHS = [1440, 820];

const { values: args } = parseArgs({ options: { out: { type: 'string' }, data: { type: 'string', default: 'data/demo' }, roles: { type: 'string' } } });
if (!args.out) {
  console.error(USAGE);
  process.exit(2);
}
if (!existsSync(path.join(ROOT, 'build/server/index.js'))) {
  console.error('screenshots: no app build; run npm run build first.');
  process.exit(2);
}
const roles = args.roles ? (args.roles.split(',') as TourRole[]) : TOUR_ROLES;
const unknown = roles.filter((r) => !TOUR_ROLES.includes(r));
if (unknown.length > 0) {
  console.error(`screenshots: no role ${unknown.join(', ')}\n${USAGE}`);
  process.exit(2);
}

const out = path.resolve(args.out);
mkdirSync(out, { recursive: true });
const scratch = mkdtempSync(path.join(tmpdir(), 'peer-outcomes-screenshots-'));
const started = Date.now();
const index: { file: string; url: string; note: string }[] = [];
let failed = 0;
try {
  const tour = await prepareTour(path.resolve(ROOT, args.data), scratch);
  const [server, browser] = await Promise.all([startServer(scratch), launchChromium()]);
  try {
    for (const role of roles) {
      for (const width of WIDTHS) {
        for (const javaScript of [true, false]) {
          const pages = tour.pages[role].filter((p) => javaScript || p.main);
          if (pages.length === 0) continue;
          const context = await tourContext(browser, server.url, tour, role, { width, javaScript });
          const page = await context.newPage();
          for (const visit of pages) {
            const file = `${role}--${visit.name}--${width}${javaScript ? '' : '--no-js'}.png`;
            try {
              await openTourPage(page, server.url, visit, { javaScript, settled: true });
              await page.screenshot({ path: path.join(out, file), fullPage: true });
              const wide = await page.evaluate(() => document.documentElement.scrollWidth);
              index.push({ file, url: visit.path, note: wide > width ? `page is ${wide} px wide` : '' });
            } catch (error) {
              failed++;
              index.push({ file: '(none)', url: visit.path, note: `${role} at ${width}: ${(error as Error).message.split('\n')[0]}` });
            }
          }
          await context.close();
        }
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const fileWidth = Math.max(...index.map((i) => i.file.length));
console.log(`${index.length - failed} screenshots in ${out} (${((Date.now() - started) / 1000).toFixed(0)} s):`);
for (const i of index) console.log(`  ${i.file.padEnd(fileWidth)}  ${i.url}${i.note ? `  (${i.note})` : ''}`);
if (failed > 0) {
  console.error(`${failed} page${failed === 1 ? '' : 's'} failed.`);
  process.exitCode = 1;
}
