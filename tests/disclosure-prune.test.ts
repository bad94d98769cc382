// Pruning after the audit passed (pipelines/disclosure/prune.ts,
// pipelines/disclosure/prune-loop.ts): on a small hand-made release, the plain loop
// (primary, lone cells, audit-driven complements) over-suppresses; pruning
// releases secondary cells only while the independent audit still passes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditRelease } from '../pipelines/disclosure/audit/index';
import { Bundles } from '../pipelines/disclosure/bundles';
import { cellKeyOf, type Cell } from '../pipelines/disclosure/cells';
import { equationsOf } from '../pipelines/disclosure/equations';
import { Neighbours, type Structure } from '../pipelines/disclosure/neighbours';
import { Pruner } from '../pipelines/disclosure/prune';
import { Suppression } from '../pipelines/disclosure/suppress';
import { metric } from '../pipelines/metrics/catalog';
import { pruneRelease } from '../pipelines/disclosure/prune-loop';
import { discard } from '../pipelines/release/write';
import { periodsOf, writeHandRelease, type HandTable } from './helpers/audit-release';
import { countCell } from './helpers/cells';
import { tableId as tableIdOf } from '../pipelines/release/format';

const SITES: Record<string, string> = { A: 'North', B: 'North', C: 'North', D: 'South', E: 'South' };
const MONTHS = ['2025-01', '2025-02', '2025-03'];
const structure: Structure = { siteProgram: new Map(Object.entries(SITES)), periods: periodsOf(MONTHS) };
const P = 5; // threshold and protection level: small numbers keep the release tiny

function cell(grain: string, period: string, dimension: string, dimensionValue: string, n: number): Cell {
  return countCell('new_enrollments', grain, period, dimension, dimensionValue, n);
}

/** The same key in another metric. */
function cellOf(metricId: string, c: Cell): Cell {
  const tableId = tableIdOf(metricId, c.grain, c.dimension);
  return { ...c, key: cellKeyOf(tableId, c.period, c.dimensionValue), tableId, def: metric(metricId) };
}

/** New enrollments per site and month → months by total and program, the quarter by total, program and site. */
function cellsOf(bySite: Record<string, number[]>): Cell[] {
  const sum = (sites: string[], months: number[]) => sites.reduce((a, s) => a + months.reduce((b, m) => b + bySite[s]![m]!, 0), 0);
  const all = Object.keys(SITES);
  const of = (program: string) => all.filter((s) => SITES[s] === program);
  const out: Cell[] = [];
  for (const [i, m] of MONTHS.entries()) {
    out.push(cell('month', m, 'total', 'all', sum(all, [i])));
    for (const p of ['North', 'South']) out.push(cell('month', m, 'program', p, sum(of(p), [i])));
  }
  out.push(cell('quarter', '2025-Q1', 'total', 'all', sum(all, [0, 1, 2])));
  for (const p of ['North', 'South']) out.push(cell('quarter', '2025-Q1', 'program', p, sum(of(p), [0, 1, 2])));
  for (const s of all) out.push(cell('quarter', '2025-Q1', 'site', s, sum([s], [0, 1, 2])));
  return out;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The runner's attempt, on hand-made release files: write the release with `suppressed`, audit it. */
function attempter(cells: Cell[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'po-prune-'));
  dirs.push(dir);
  let counter = 0;
  return async (suppressed: Cell[]) => {
    const hidden = new Set(suppressed.map((c) => c.key));
    const tables = new Map<string, HandTable>();
    for (const c of cells) {
      let t = tables.get(c.tableId);
      if (!t) tables.set(c.tableId, (t = { metric: c.def.id, grain: c.grain as HandTable['grain'], dimension: c.dimension, cells: [] }));
      t.cells.push([c.period, c.dimensionValue, hidden.has(c.key) ? null : c.value]);
    }
    const dimensionValues: [string, string, string?][] = [
      ['program', 'North'],
      ['program', 'South'],
      ...Object.entries(SITES).map(([s, p]): [string, string, string] => ['site', s, p]),
    ];
    const file = await writeHandRelease(dir, { months: MONTHS, dimensionValues, tables: [...tables.values()] }, `release-${counter++}.duckdb`);
    return { path: file, audit: await auditRelease(file, { protectionLevel: P }) };
  };
}

describe('pruning', () => {
  it('releases secondary cells the plain loop suppressed, and the audit still passes', async () => {
    // site × month new enrollments (found by a search over random small releases where the loop over-suppresses)
    const cells = cellsOf({ A: [0, 4, 3], B: [0, 2, 7], C: [6, 4, 5], D: [2, 1, 3], E: [5, 0, 0] });
    const attempt = attempter(cells);
    const s = new Suppression(cells, structure, P, P, true);
    let passed = await attempt(s.suppressedCells());
    for (let round = 0; passed.audit.failures.length > 0; round++) {
      expect(round).toBeLessThan(10);
      const more = s.addComplements(
        passed.audit.failures.map((f) => ({ cellKey: cellKeyOf(f.table_id, f.period, f.dimension_value), quantity: f.quantity })),
      );
      expect(more).toBe(true);
      passed = await attempt(s.suppressedCells());
    }
    const loop = new Set(s.suppressedCells().map((c) => c.key));
    const primary = [...s.primary];
    expect(primary.length).toBeGreaterThan(0);
    expect(loop.size).toBeGreaterThan(primary.length);

    const pruned = await pruneRelease(s, passed, attempt, (a) => discard(a.path), { pruneAudits: 20 });
    const after = new Set(s.suppressedCells().map((c) => c.key));
    expect(s.pruned).toBeGreaterThan(0);
    expect(after.size).toBe(loop.size - s.pruned);
    // only cells the loop had suppressed on top of the primary ones were released
    for (const k of after) expect(loop.has(k)).toBe(true);
    for (const k of primary) expect(after.has(k)).toBe(true);
    // the release pruning returns is the pruned one, and an audit of it from scratch passes
    expect(pruned.audit.failures).toEqual([]);
    expect(pruned.audit.suppressedCells).toBe(after.size);
    const again = await auditRelease(pruned.path, { protectionLevel: P });
    expect(again.failures).toEqual([]);
  }, 60_000);

  it('prunes the same input the same way', async () => {
    const bySite = { A: [0, 4, 3], B: [0, 2, 7], C: [6, 4, 5], D: [2, 1, 3], E: [5, 0, 0] };
    const pruneOnce = async () => {
      const cells = cellsOf(bySite);
      const attempt = attempter(cells);
      const s = new Suppression(cells, structure, P, P, true);
      let passed = await attempt(s.suppressedCells());
      while (passed.audit.failures.length > 0) {
        s.addComplements(passed.audit.failures.map((f) => ({ cellKey: cellKeyOf(f.table_id, f.period, f.dimension_value), quantity: f.quantity })));
        passed = await attempt(s.suppressedCells());
      }
      const audits: string[][] = [];
      await pruneRelease(s, passed, (suppressed: Cell[]) => {
        audits.push(suppressed.map((c) => c.key));
        return attempt(suppressed);
      }, (a) => discard(a.path), { pruneAudits: 20 });
      return { audits, after: s.suppressedCells().map((c) => c.key) };
    };
    const first = await pruneOnce();
    expect(first.audits.length).toBeGreaterThan(0);
    expect(await pruneOnce()).toEqual(first);
  }, 60_000);

  it('never releases a primary cell, nor leaves an equation of encounters with one suppressed cell, even when every audit passes', async () => {
    // an audit that accepts everything: what remains suppressed is the proposer's own rules
    const cells = cellsOf({ A: [0, 4, 3], B: [0, 2, 7], C: [6, 4, 5], D: [2, 1, 3], E: [5, 0, 0] }).map((c) => cellOf('encounters_attended', c));
    const s = new Suppression(cells, structure, P, P, true);
    const primary = [...s.primary];
    expect(primary.length).toBeGreaterThan(0);
    // more complements than the lone-cell pairing chose, as audit-driven rounds would add
    for (const c of cells) if (c.dimension !== 'total' && !s.isSuppressed(c)) s.complementary.add(c.key);
    const before = s.suppressedCells().length;
    const offered: Cell[][] = [];
    const passed = { path: path.join(tmpdir(), 'po-prune-none.duckdb'), audit: { failures: [] } as never };
    const attempt = (suppressed: Cell[]) => {
      offered.push(suppressed);
      return Promise.resolve({ path: path.join(tmpdir(), `po-prune-none-${offered.length}.duckdb`), audit: { failures: [] } as never });
    };
    await pruneRelease(s, passed, attempt, (a) => discard(a.path), { pruneAudits: 50 });
    expect(s.pruned).toBeGreaterThan(0);
    expect(s.suppressedCells().length).toBe(before - s.pruned);
    for (const suppressed of offered) {
      const keys = new Set(suppressed.map((c) => c.key));
      for (const k of primary) expect(keys.has(k)).toBe(true);
    }
    for (const e of equationsOf(cells, structure)) {
      const members = e.whole ? [...e.parts, e.whole] : e.parts;
      if (members.length < 2) continue; // a quarter without its year in the release: no equation
      expect(members.filter(s.isSuppressed).length, members.map((c) => c.key).join(' ')).not.toBe(1);
    }
  });

  it('when every pruning audit fails, the release the loop passed is the one returned', async () => {
    const cells = cellsOf({ A: [0, 4, 3], B: [0, 2, 7], C: [6, 4, 5], D: [2, 1, 3], E: [5, 0, 0] });
    const s = new Suppression(cells, structure, P, P, true);
    const before = s.suppressedCells().map((c) => c.key);
    const primary = cells.find((c) => s.primary.has(c.key))!;
    const passed = { path: path.join(tmpdir(), 'po-prune-none.duckdb'), audit: { failures: [] } as never };
    let audits = 0;
    const failing = () => {
      audits++;
      return Promise.resolve({
        path: path.join(tmpdir(), `po-prune-fail-${audits}.duckdb`),
        audit: { failures: [{ table_id: primary.tableId, period: primary.period, dimension_value: primary.dimensionValue }] } as never,
      });
    };
    expect(await pruneRelease(s, passed, failing, (a) => discard(a.path), { pruneAudits: 50 })).toBe(passed);
    expect(audits).toBeGreaterThan(0);
    expect(s.pruned).toBe(0);
    expect(s.suppressedCells().map((c) => c.key)).toEqual(before);
  });

  it('with no audits to spend, the release stays as the loop left it', async () => {
    const cells = cellsOf({ A: [0, 4, 3], B: [0, 2, 7], C: [6, 4, 5], D: [2, 1, 3], E: [5, 0, 0] });
    const s = new Suppression(cells, structure, P, P, true);
    const before = s.suppressedCells().length;
    const passed = { path: path.join(tmpdir(), 'po-prune-none.duckdb'), audit: { failures: [] } as never };
    const out = await pruneRelease(s, passed, () => Promise.reject(new Error('no audit expected')), (a) => discard(a.path), { pruneAudits: 0 });
    expect(out).toBe(passed);
    expect(s.suppressedCells().length).toBe(before);
  });
});

describe('blame', () => {
  // Three site units of the quarter; a failure at a primary cell next to one of them.
  const cells = [
    cell('quarter', '2025-Q1', 'total', 'all', 100),
    cell('quarter', '2025-Q1', 'program', 'North', 60),
    cell('quarter', '2025-Q1', 'program', 'South', 40),
    cell('quarter', '2025-Q1', 'site', 'A', 3),
    cell('quarter', '2025-Q1', 'site', 'B', 30),
    cell('quarter', '2025-Q1', 'site', 'C', 27),
    cell('quarter', '2025-Q1', 'site', 'D', 20),
    cell('quarter', '2025-Q1', 'site', 'E', 20),
  ];
  const [, , , a, b, c, d, e] = cells as [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];
  const source = {
    primary: new Set([a.key]),
    complementary: new Set([b.key, c.key, d.key, e.key]),
    linked: new Set<string>(),
    isSuppressed(x: Cell) {
      return this.primary.has(x.key) || this.complementary.has(x.key);
    },
  };
  const pruner = () => new Pruner(cells, source, new Bundles(cells), new Neighbours(cells, structure));

  it('offers the costliest units first and never two that share an equation in one batch', () => {
    const p = pruner();
    const first = p.nextBatch();
    // B (30) first; C shares North's sites with B, D and E the site row: all wait for a later batch
    expect(first.map((u) => u.cells[0]!.dimensionValue)).toEqual(['B']);
    expect(p.remaining).toBe(3);
  });

  it('never offers a primary cell, even one a secondary set also names', () => {
    const confused = { ...source, complementary: new Set([a.key, b.key, c.key, d.key, e.key]) };
    const p = new Pruner(cells, confused, new Bundles(cells), new Neighbours(cells, structure));
    const offered: string[] = [];
    for (let batch = p.nextBatch(); batch.length > 0 || p.remaining > 0; batch = p.nextBatch()) {
      offered.push(...batch.flatMap((u) => u.cells.map((x) => x.key)));
    }
    expect(offered.sort()).toEqual([b.key, c.key, d.key, e.key].sort());
  });

  it('blames the same way whatever the order of the failures', () => {
    // A and South primary: a failure at A is next to every site, one at South next to D and E; both defer units
    const two = { ...source, primary: new Set([a.key, cells[2]!.key]) };
    const [p, q] = [0, 1].map(() => new Pruner(cells, two, new Bundles(cells), new Neighbours(cells, structure))) as [Pruner, Pruner];
    const all = (x: Pruner) => [x.nextBatch(), x.nextBatch(), x.nextBatch(), x.nextBatch()].flat();
    const names = (us: { cells: Cell[] }[]) => us.map((u) => u.cells[0]!.dimensionValue);
    const failures = [a.key, cells[2]!.key];
    expect(names(p.blame(all(p), failures))).toEqual(names(q.blame(all(q), [...failures].reverse())));
    const rest = (x: Pruner) => [x.nextBatch(), x.nextBatch(), x.nextBatch()].map(names);
    expect(rest(p)).toEqual(rest(q));
  });

  it('keeps a unit next to a failure suppressed, and defers the rest of an ambiguous failure', () => {
    const p = pruner();
    const units = [p.nextBatch(), p.nextBatch(), p.nextBatch(), p.nextBatch()]; // one each: they share the site row
    expect(units.map((u) => u.map((x) => x.cells[0]!.dimensionValue))).toEqual([['B'], ['C'], ['D'], ['E']]);
    // A failing: B and C are both next to it (North's sites); the costlier one is retried alone, C deferred
    const retry = p.blame(units.slice(0, 2).flat(), [a.key]);
    expect(retry.map((u) => u.cells[0]!.dimensionValue)).toEqual(['B']);
    // A failing again with B alone: B is blamed and stays suppressed
    expect(p.blame(retry, [a.key])).toEqual([]);
    expect(p.kept.map((u) => u.cells[0]!.dimensionValue)).toEqual(['B']);
  });

  it('never leaves an equation of encounters with one suppressed cell, even where the audit would allow it', () => {
    // site encounters: A (primary) and B (its partner) in North; releasing B would leave A alone in North = A + B
    const enc = cells.map((x) => cellOf('encounters_attended', x));
    const [, , , ea, eb] = enc as [Cell, Cell, Cell, Cell, Cell];
    const lone = { ...source, primary: new Set([ea.key]), complementary: new Set([eb.key]) };
    const p = new Pruner(enc, lone, new Bundles(enc), new Neighbours(enc, structure), equationsOf(enc, structure));
    expect(p.nextBatch()).toEqual([]);
    expect(p.kept.map((u) => u.cells[0]!.dimensionValue)).toEqual(['B']);
    // the same for new enrollments (people: the audit judges) offers B
    const people = { ...source, primary: new Set([a.key]), complementary: new Set([b.key]) };
    const q = new Pruner(cells, people, new Bundles(cells), new Neighbours(cells, structure), equationsOf(cells, structure));
    expect(q.nextBatch().map((u) => u.cells[0]!.dimensionValue)).toEqual(['B']);
  });
});
