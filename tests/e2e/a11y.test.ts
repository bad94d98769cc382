// Accessibility of every page, in Chromium on the demo release: axe-core (WCAG
// 2.x A and AA rules) on every page of the tour (tests/e2e/tour.ts) for each
// role at 1440 and 820 px, with every closed table opened; no page wider than
// the window; and the text of every control, in every state (hover, focus,
// active, disabled), at 4.5:1 or more against its background.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { DEMO_DATA_DIR } from '../helpers/cached-run';
import { SERVER_BUILD } from './global-setup';
import { startServer, type RunningServer } from './server';
import { openTourPage, prepareTour, tourContext, TOUR_ROLES, type Tour, type TourRole } from './tour';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WIDTHS = [1440, 820];

let scratch = '';
let tour: Tour;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'peer-outcomes-e2e-a11y-'));
  tour = await prepareTour(DEMO_DATA_DIR, scratch);
  [server, browser] = await Promise.all([startServer(scratch), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** Opens every closed <details> (the tables behind "Table of …" render their rows once opened) and waits for them. */
async function openEveryTable(page: Page): Promise<void> {
  const closed = await page.$$eval('details:not([open])', (ds) => ds.map((d) => ((d as HTMLDetailsElement).open = true)).length);
  if (closed > 0) await page.waitForFunction(() => [...document.querySelectorAll('details.table-toggle')].every((d) => d.querySelector('table')));
}

/** axe-core's violations on the page, one readable line per element. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} — ${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`),
  );
}

describe('the tour', () => {
  it('covers every page route of the build', async () => {
    const build = (await import(/* @vite-ignore */ SERVER_BUILD)) as { routes: Record<string, { parentId?: string; module: { default?: unknown } }> };
    const routes = Object.entries(build.routes);
    // Leaf pages: routes with a component that are no other route's parent.
    const parents = new Set(routes.map(([, r]) => r.parentId));
    const pages = routes.filter(([id, r]) => r.module.default && !parents.has(id)).map(([id]) => id);
    const toured = new Set(Object.values(tour.pages).flatMap((ps) => ps.map((p) => p.route)));
    expect(pages.filter((id) => !toured.has(id))).toEqual([]);
  });
});

describe.each(TOUR_ROLES)('every page %s may open', (role: TourRole) => {
  it.each(WIDTHS)('passes axe at %i px, tables open, no wider than the window', async (width) => {
    const context = await tourContext(browser, server.url, tour, role, { width });
    const found: string[] = [];
    try {
      const page = await context.newPage();
      for (const visit of tour.pages[role]) {
        await openTourPage(page, server.url, visit);
        await openEveryTable(page);
        for (const v of await axeViolations(page)) found.push(`${visit.path}: ${v}`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > width) found.push(`${visit.path}: the page is ${wide} px wide in a ${width} px window`);
      }
    } finally {
      await context.close();
    }
    expect(found, `${found.length} problems:\n${found.join('\n')}`).toEqual([]);
  }, 600_000);
});

/** WCAG's contrast ratio of two sRGB colours, `rgb(r, g, b)` as getComputedStyle gives them. */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = css.match(/[\d.]+/g)!.slice(0, 3).map((c) => {
      const s = Number(c) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('controls in every state', () => {
  const STATES = ['default', 'hover', 'focus', 'focus-visible', 'active', 'disabled'] as const;
  const CONTROLS = 'button, .button, a, select, input:not([type=hidden]), summary';

  it('keep their text at 4.5:1 against their background (WCAG AA)', async () => {
    const pages: [TourRole, string][] = [
      ['administrator', 'audit'],
      ['administrator', 'user'],
      ['administrator', 'overview'],
      ['analyst', 'export-preview'],
      ['funder', 'report'],
      ['signed-out', 'signin'],
    ];
    const failures = new Set<string>();
    let checked = 0;
    for (const [role, name] of pages) {
      const context = await tourContext(browser, server.url, tour, role, { width: 1440 });
      try {
        const page = await context.newPage();
        await openTourPage(page, server.url, tour.pages[role].find((p) => p.name === name)!);
        // Each state forced on every control at once (DevTools protocol), then every control read in one go.
        const cdp = await context.newCDPSession(page);
        await cdp.send('DOM.enable');
        await cdp.send('CSS.enable');
        const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
        const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: CONTROLS });
        for (const state of STATES) {
          const forced = state === 'default' || state === 'disabled' ? [] : [state];
          for (const nodeId of nodeIds) await cdp.send('CSS.forcePseudoState', { nodeId, forcedPseudoClasses: forced });
          const seen = await page.$$eval(
            CONTROLS,
            (controls, disable) =>
              controls.flatMap((control) => {
                const wasDisabled = control.hasAttribute('disabled');
                if (disable) control.setAttribute('disabled', '');
                const style = getComputedStyle(control);
                const text = control.textContent?.trim() ?? '';
                const shown = control.getClientRects().length > 0 && style.visibility !== 'hidden' && text !== '' && !control.closest('.sr-only');
                let back = 'rgb(255, 255, 255)';
                for (let e: Element | null = control; e; e = e.parentElement) {
                  const b = getComputedStyle(e).backgroundColor;
                  if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') {
                    back = b;
                    break;
                  }
                }
                const found = { color: style.color, back, text: text.slice(0, 40), tag: control.tagName.toLowerCase() };
                if (disable && !wasDisabled) control.removeAttribute('disabled');
                return shown ? [found] : [];
              }),
            state === 'disabled',
          );
          for (const c of seen) {
            checked++;
            const ratio = contrast(c.color, c.back);
            if (ratio < 4.5) failures.add(`${name}: ${c.tag} “${c.text}” ${state}: ${c.color} on ${c.back} is ${ratio.toFixed(2)}:1`);
          }
        }
      } finally {
        await context.close();
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect([...failures], `${failures.size} control states under 4.5:1:\n${[...failures].join('\n')}`).toEqual([]);
  }, 600_000);
});
