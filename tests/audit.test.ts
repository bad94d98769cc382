// The independent disclosure audit against hand-made release files: each test
// builds a tiny release whose hidden values we know, and checks the interval
// the attacker's LP gives for every suppressed quantity.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import loadHighs from 'highs';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditMemory, auditRelease, InfeasibleReleaseError, type AuditFinding, type AuditResult } from '../pipelines/disclosure/audit/index';
import { writeHandRelease, type HandRelease, type HandTable } from './helpers/audit-release';

const dirs: string[] = [];
let counter = 0;
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function audit(r: HandRelease, protectionLevel = 11, keepIntervals = true, memory?: AuditMemory): Promise<AuditResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'po-audit-'));
  dirs.push(dir);
  const file = await writeHandRelease(dir, r, `release-${counter++}.duckdb`);
  return auditRelease(file, { protectionLevel, keepIntervals, ...(memory ? { memory } : {}) });
}

const find = (res: AuditResult, table_id: string, period: string, value: string, quantity: AuditFinding['quantity'] = 'n') => {
  const f = res.intervals.find((x) => x.table_id === table_id && x.period === period && x.dimension_value === value && x.quantity === quantity);
  if (!f) throw new Error(`no interval for ${table_id} ${period} ${value} ${quantity}`);
  return f;
};
const isFailure = (res: AuditResult, f: AuditFinding) => res.failures.some((x) => JSON.stringify(x) === JSON.stringify(f));

const SITES: [string, string, string?][] = [
  ['program', 'North'],
  ['program', 'South'],
  ['site', 'A', 'North'],
  ['site', 'B', 'North'],
  ['site', 'C', 'South'],
];
const Q1 = ['2025-01', '2025-02', '2025-03'];
const t = (metric: string, grain: HandTable['grain'], dimension: string, cells: HandTable['cells'], decimals?: number): HandTable => ({
  metric,
  grain,
  dimension,
  cells,
  ...(decimals === undefined ? {} : { decimals }),
});

/** A release of March 2025 only. */
const inMarch = (tables: HandTable[], dimensionValues = SITES) => audit({ months: ['2025-03'], dimensionValues, tables });

describe('margins and breakdowns', () => {
  it('a single suppressed site next to its released total and siblings is recovered exactly', async () => {
    const res = await inMarch([
      t('participants_served', 'month', 'total', [['2025-03', 'all', 30]]),
      t('participants_served', 'month', 'site', [['2025-03', 'A', 12], ['2025-03', 'B', 11], ['2025-03', 'C', null]]),
    ]);
    expect(res.suppressedCells).toBe(1);
    const c = find(res, 'participants_served:month:site', '2025-03', 'C');
    expect([c.min, c.max]).toEqual([7, 7]);
    expect(res.failures).toEqual([c]);
    // a published count fixes it before any LP: nothing to solve
    expect(res.lpSolves).toBe(0);
  });

  it('a second (complementary) suppression leaves both cells uncertain by the full remainder', async () => {
    const res = await inMarch([
      t('participants_served', 'month', 'total', [['2025-03', 'all', 30]]),
      t('participants_served', 'month', 'site', [['2025-03', 'A', 15], ['2025-03', 'B', null], ['2025-03', 'C', null]]),
    ]);
    for (const s of ['B', 'C']) {
      const f = find(res, 'participants_served:month:site', '2025-03', s);
      expect([f.min, f.max]).toEqual([0, 15]);
    }
    expect(res.failures).toEqual([]);
    expect(res.quantitiesChecked).toBe(2);
  });

  it('program = Σ its sites links the program table to the site table', async () => {
    const res = await inMarch([
      t('participants_served', 'month', 'program', [['2025-03', 'North', 20], ['2025-03', 'South', 15]]),
      t('participants_served', 'month', 'site', [['2025-03', 'A', null], ['2025-03', 'B', 8], ['2025-03', 'C', 15]]),
    ]);
    const a = find(res, 'participants_served:month:site', '2025-03', 'A');
    expect([a.min, a.max]).toEqual([12, 12]);
    expect(res.failures).toHaveLength(1);
  });

  it('an absent cell of a known value means no contributors; of an unknown value it means nothing', async () => {
    const tables = [
      t('new_enrollments', 'month', 'total', [['2025-03', 'all', 20]]),
      t('new_enrollments', 'month', 'site', [['2025-03', 'A', 12], ['2025-03', 'C', null]]),
    ];
    const known = await audit({ months: ['2025-03'], dimensionValues: SITES, tables }, 5);
    const c1 = find(known, 'new_enrollments:month:site', '2025-03', 'C');
    expect([c1.min, c1.max]).toEqual([8, 8]); // B is absent, so 0
    expect(known.failures).toHaveLength(1);

    // B appears in a cell of another table, but dimension_values does not list it
    const unknownB = SITES.filter(([d, v]) => !(d === 'site' && v === 'B'));
    const unknown = await audit({
      months: ['2025-03'],
      dimensionValues: unknownB,
      tables: [...tables, t('participants_served', 'month', 'site', [['2025-03', 'B', null]])],
    }, 5);
    const c2 = find(unknown, 'new_enrollments:month:site', '2025-03', 'C');
    expect([c2.min, c2.max]).toEqual([0, 8]);
    expect(unknown.failures.filter((f) => f.table_id.startsWith('new_enrollments'))).toEqual([]);
  });

  it('an unbounded maximum counts as infinitely wide', async () => {
    const res = await inMarch([
      t('participants_served', 'month', 'total', [['2025-03', 'all', null]]),
      t('participants_served', 'month', 'site', [['2025-03', 'A', 12], ['2025-03', 'B', null], ['2025-03', 'C', 3]]),
    ]);
    const b = find(res, 'participants_served:month:site', '2025-03', 'B');
    expect([b.min, b.max]).toEqual([0, Number.POSITIVE_INFINITY]);
    const total = find(res, 'participants_served:month:total', '2025-03', 'all');
    expect([total.min, total.max]).toEqual([15, Number.POSITIVE_INFINITY]);
    expect(res.failures).toEqual([]);
  });

  it('published values that contradict each other stop the audit, naming the cells', async () => {
    await expect(inMarch([
      t('participants_served', 'month', 'total', [['2025-03', 'all', 30]]),
      t('participants_served', 'month', 'site', [['2025-03', 'A', 20], ['2025-03', 'B', 15], ['2025-03', 'C', null]]),
    ])).rejects.toThrow(InfeasibleReleaseError);
    await expect(inMarch([
      t('participants_served', 'month', 'total', [['2025-03', 'all', 30]]),
      t('participants_served', 'month', 'site', [['2025-03', 'A', 20], ['2025-03', 'B', null], ['2025-03', 'C', null]]),
      t('participants_served', 'month', 'program', [['2025-03', 'North', 35], ['2025-03', 'South', null]]),
    ])).rejects.toThrow(/participants_served:month:(total|site|program)/);
  });
});

describe('differencing across time', () => {
  const quarterAndMonths = (metric: string): HandTable[] => [
    t(metric, 'quarter', 'total', [['2025-Q1', 'all', 40]]),
    t(metric, 'month', 'total', [['2025-01', 'all', 12], ['2025-02', 'all', 15], ['2025-03', 'all', null]]),
  ];

  it('quarter − two released months = the third, for an additive count', async () => {
    const res = await audit({ months: Q1, tables: quarterAndMonths('new_enrollments') });
    const m = find(res, 'new_enrollments:month:total', '2025-03', 'all');
    expect([m.min, m.max]).toEqual([13, 13]);
    expect(res.failures).toHaveLength(1);
  });

  it('for a distinct count the month is only known to lie between the remainder and the quarter', async () => {
    const res = await audit({ months: Q1, tables: quarterAndMonths('participants_served') });
    const m = find(res, 'participants_served:month:total', '2025-03', 'all');
    expect([m.min, m.max]).toEqual([13, 40]);
    expect(res.failures).toEqual([]);
  });

  it('when the window does not cover the quarter, the quarter only bounds the sum of its months', async () => {
    // data from February: Q1's period row spans Feb–Mar only, yet January enrollments count in Q1
    const res = await audit({
      months: ['2025-02', '2025-03', '2025-04'],
      tables: [
        t('new_enrollments', 'quarter', 'total', [['2025-Q1', 'all', 40], ['2025-Q2', 'all', 20]]),
        t('new_enrollments', 'month', 'total', [['2025-02', 'all', 15], ['2025-03', 'all', null], ['2025-04', 'all', 20]]),
      ],
    });
    const m = find(res, 'new_enrollments:month:total', '2025-03', 'all');
    expect([m.min, m.max]).toEqual([0, 25]);
    expect(res.failures).toEqual([]);
  });

  it('fiscal quarters: with a July start, 2025-Q1 is July–September 2024', async () => {
    const res = await audit({
      fiscalYearStartMonth: 7,
      months: ['2024-07', '2024-08', '2024-09'],
      tables: [
        t('new_enrollments', 'quarter', 'total', [['2025-Q1', 'all', 40]]),
        t('new_enrollments', 'year', 'total', [['2025', 'all', null]]),
        t('new_enrollments', 'month', 'total', [['2024-07', 'all', 12], ['2024-08', 'all', null], ['2024-09', 'all', 13]]),
      ],
    });
    const m = find(res, 'new_enrollments:month:total', '2024-08', 'all');
    expect([m.min, m.max]).toEqual([15, 15]);
    // the year 2025 has only its first quarter in the window: at least 40, no more known
    const y = find(res, 'new_enrollments:year:total', '2025', 'all');
    expect([y.min, y.max]).toEqual([40, Number.POSITIVE_INFINITY]);
  });

  it('snapshot metrics (staff on the last covered day): the quarter is its last month', async () => {
    const res = await audit({
      months: Q1,
      tables: [
        t('ethics_training_current', 'quarter', 'total', [['2025-Q1', 'all', 0.75]]),
        t('ethics_training_current', 'month', 'total', [['2025-01', 'all', 0.8], ['2025-02', 'all', 0.8], ['2025-03', 'all', null]]),
      ],
    });
    // no count fixes the staff, so nothing is bounded above; the release is consistent
    const a = find(res, 'ethics_training_current:month:total', '2025-03', 'all', 'a');
    expect([a.min, a.max]).toEqual([0, Number.POSITIVE_INFINITY]);
    expect(res.failures).toEqual([]);
  });
});

describe('shares, means and rounding', () => {
  const served = t('participants_served', 'month', 'site', [['2025-03', 'A', 20], ['2025-03', 'B', 20]]);
  const servedTotal = t('participants_served', 'month', 'total', [['2025-03', 'all', 40]]);
  const twoSites: [string, string, string?][] = [['program', 'North'], ['site', 'A', 'North'], ['site', 'B', 'North']];

  it('a share whose n and a follow from other published cells fails for a and n − a (its n is no target of its own)', async () => {
    const res = await inMarch([
      servedTotal,
      served,
      t('satisfaction_response_rate', 'month', 'total', [['2025-03', 'all', 0.5]]),
      t('satisfaction_response_rate', 'month', 'site', [['2025-03', 'A', null], ['2025-03', 'B', 0.4]]),
    ], twoSites);
    const id = 'satisfaction_response_rate:month:site';
    expect(() => find(res, id, '2025-03', 'A', 'n')).toThrow(/no interval/);
    const a = find(res, id, '2025-03', 'A', 'a');
    const na = find(res, id, '2025-03', 'A', 'n_minus_a');
    // responded: 40·(0.5 ± 0.0005) − 20·(0.4 ± 0.0005)
    expect(a.min).toBeCloseTo(11.97, 6);
    expect(a.max).toBeCloseTo(12.03, 6);
    expect(na.min).toBeCloseTo(7.97, 6);
    expect(na.max).toBeCloseTo(8.03, 6);
    expect(res.failures).toHaveLength(2);
    for (const f of [a, na]) expect(isFailure(res, f)).toBe(true);
  });

  it('coarser rounding widens the interval', async () => {
    const rounded = (decimals: number) =>
      inMarch([
        servedTotal,
        served,
        t('satisfaction_response_rate', 'month', 'total', [['2025-03', 'all', 0.5]], decimals),
        t('satisfaction_response_rate', 'month', 'site', [['2025-03', 'A', null], ['2025-03', 'B', 0.4]], decimals),
      ], twoSites);
    const res = await rounded(1);
    // 40·(0.5 ± 0.05) − 20·(0.4 ± 0.05) = [18 − 9, 22 − 7]
    const a = find(res, 'satisfaction_response_rate:month:site', '2025-03', 'A', 'a');
    expect(a.min).toBeCloseTo(9, 6);
    expect(a.max).toBeCloseTo(15, 6);
    const wider = await rounded(0);
    // a value of 0.5 or 0.4 rounded to whole numbers is 1 or 0: here both mean "anything from 0 to n"
    const a0 = find(wider, 'satisfaction_response_rate:month:site', '2025-03', 'A', 'a');
    expect(a0.max - a0.min).toBeGreaterThan(a.max - a.min);
  });

  it('a mean: scale bounds turn the sums into a lower bound on the suppressed respondents', async () => {
    const res = await inMarch([
      servedTotal,
      served,
      t('satisfaction_response_rate', 'month', 'site', [['2025-03', 'A', 0.3], ['2025-03', 'B', 0.5]]),
      t('satisfaction_mean', 'month', 'total', [['2025-03', 'all', 4]]),
      t('satisfaction_mean', 'month', 'site', [['2025-03', 'A', null], ['2025-03', 'B', 3]]),
    ], twoSites);
    // S_T ≥ 3.995·(nA + nB), S_B ≤ 3.005·nB, S_A ≤ 5·nA  ⇒  nA ≥ nB·0.99/1.005, and nB ≥ responded_B ≥ 20·0.4995
    const h = 0.005 * (1 + 1e-9);
    const hs = 0.0005 * (1 + 1e-9);
    const expected = (20 * (0.5 - hs) * (1 - 2 * h)) / (1 + h);
    const n = find(res, 'satisfaction_mean:month:site', '2025-03', 'A');
    expect(n.min).toBeCloseTo(expected, 6);
    expect(n.max).toBe(Number.POSITIVE_INFINITY);
    expect(res.failures).toEqual([]);
  });

  it('the default instruments bound the scale: a mean above 5 with respondents is impossible', async () => {
    const res = inMarch([
      servedTotal,
      t('satisfaction_response_rate', 'month', 'total', [['2025-03', 'all', 0.5]]),
      t('satisfaction_mean', 'month', 'total', [['2025-03', 'all', 5.5]]),
    ], twoSites);
    await expect(res).rejects.toThrow(InfeasibleReleaseError);
  });

  it('a mean bounds the share of the same answers through the instrument (answer classes)', async () => {
    const shareAndMean = (mean: number | null, share: number | null = null) =>
      inMarch([
        servedTotal,
        t('satisfaction_response_rate', 'month', 'total', [['2025-03', 'all', 1]]),
        t('satisfaction_positive', 'month', 'total', [['2025-03', 'all', share]]),
        t('satisfaction_mean', 'month', 'total', [['2025-03', 'all', mean]]),
      ], twoSites);
    // respondents ≥ responded = 40·(1 − 0.0005); po_satisfaction: below 4 scores at most 23/6, at or above at most 5
    const withMean = find(await shareAndMean(4.9), 'satisfaction_positive:month:total', '2025-03', 'all', 'a');
    const n = 40 * (1 - 0.0005);
    expect(withMean.min).toBeCloseTo(((4.895 - 23 / 6) / (5 - 23 / 6)) * n, 2);
    const alone = find(await shareAndMean(null), 'satisfaction_positive:month:total', '2025-03', 'all', 'a');
    expect(alone.min).toBe(0);
    // everyone at or above 4 with a mean of 2 cannot be
    await expect(shareAndMean(2, 1)).rejects.toThrow(InfeasibleReleaseError);
    await expect(shareAndMean(4.5, 1)).resolves.toBeDefined();
  });

  it('the manifest names the instruments: a 1–4 scale makes a mean of 4.5 impossible', async () => {
    const release = (instruments?: { satisfaction: string; trust: string; recovery: string }) =>
      audit({
        months: ['2025-03'],
        dimensionValues: twoSites,
        ...(instruments ? { instruments } : {}),
        tables: [
          servedTotal,
          t('satisfaction_response_rate', 'month', 'total', [['2025-03', 'all', 0.5]]),
          t('satisfaction_mean', 'month', 'total', [['2025-03', 'all', 4.5]]),
        ],
      });
    await expect(release()).resolves.toBeDefined();
    await expect(release({ satisfaction: 'csq8', trust: 'po_trust', recovery: 'po_recovery' })).rejects.toThrow(InfeasibleReleaseError);
    await expect(release({ satisfaction: 'po_trust', trust: 'po_trust', recovery: 'po_recovery' })).rejects.toThrow(/does not measure satisfaction/);
  });

  it('ratios with a people numerator protect a and n − a (group share)', async () => {
    const res = await audit({
      months: ['2025-03'],
      tables: [
        t('participants_served', 'month', 'total', [['2025-03', 'all', 30]]),
        t('group_share', 'month', 'total', [['2025-03', 'all', null]]),
        t('participants_served', 'month', 'modality', [['2025-03', 'group', 4], ['2025-03', 'phone', 28]]),
      ],
      dimensionValues: [['modality', 'group'], ['modality', 'phone']],
    });
    // group_people = served by modality 'group' (public definitions): a is fixed
    const a = find(res, 'group_share:month:total', '2025-03', 'all', 'a');
    expect([a.min, a.max]).toEqual([4, 4]);
    const na = find(res, 'group_share:month:total', '2025-03', 'all', 'n_minus_a');
    expect([na.min, na.max]).toEqual([26, 26]);
    expect(res.failures).toHaveLength(2);
  });
});

// ---------------------------------------------------------------------------
// Property tests: random small site × month tables with their quarter and totals.

interface Grid {
  sites: number;
  /** value[s][m] for sites s and months 0..2 */
  value: number[][];
  /** one flag per cell of the 2-D table (sites + total) × (3 months + quarter), row-major */
  suppressed: boolean[];
}

const SITE_NAMES = ['A', 'B', 'C'];
const COLS = [...Q1, '2025-Q1'];

/** The published cells of the grid: rows are sites then the total, columns the months then the quarter. */
function gridCells(metric: string, g: Grid, margin: (s: number | 'all', col: number) => number) {
  const cells: { table: string; row: number; col: number; period: string; value: string; truth: number; suppressed: boolean }[] = [];
  for (let r = 0; r <= g.sites; r++) {
    for (let c = 0; c < 4; c++) {
      const isTotal = r === g.sites;
      cells.push({
        table: `${metric}:${c === 3 ? 'quarter' : 'month'}:${isTotal ? 'total' : 'site'}`,
        row: r,
        col: c,
        period: COLS[c]!,
        value: isTotal ? 'all' : SITE_NAMES[r]!,
        truth: margin(isTotal ? 'all' : r, c),
        suppressed: g.suppressed[r * 4 + c]!,
      });
    }
  }
  return cells;
}

function gridRelease(metric: string, g: Grid, cells: ReturnType<typeof gridCells>): HandRelease {
  const tables: HandTable[] = [];
  for (const grain of ['month', 'quarter'] as const) {
    for (const dim of ['site', 'total']) {
      tables.push(t(metric, grain, dim, cells
        .filter((c) => c.table === `${metric}:${grain}:${dim}`)
        .map((c): [string, string, number | null] => [c.period, c.value, c.suppressed ? null : c.truth])));
    }
  }
  return {
    months: Q1,
    dimensionValues: [['program', 'North'], ...SITE_NAMES.slice(0, g.sites).map((s): [string, string, string] => ['site', s, 'North'])],
    tables,
  };
}

const gridArb = fc
  .integer({ min: 1, max: 3 })
  .chain((sites) =>
    fc.record({
      sites: fc.constant(sites),
      value: fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }), { minLength: sites, maxLength: sites }),
      suppressed: fc.array(fc.boolean(), { minLength: (sites + 1) * 4, maxLength: (sites + 1) * 4 }),
    }),
  );

const additive = (g: Grid) => (s: number | 'all', col: number) => {
  const rows = s === 'all' ? g.value : [g.value[s]!];
  return rows.reduce((acc, row) => acc + (col === 3 ? row.reduce((a, b) => a + b, 0) : row[col]!), 0);
};

/** Released cells that contain interior cell (s, m): its site's quarter, its month's total, the grand total. */
function capOf(g: Grid, cells: ReturnType<typeof gridCells>, s: number, m: number): number {
  const holders = cells.filter((c) => !c.suppressed && ((c.row === s && (c.col === m || c.col === 3)) || (c.row === g.sites && (c.col === m || c.col === 3))));
  return Math.min(...holders.map((c) => c.truth));
}

/** Integer min and max of every suppressed cell, enumerating the suppressed site × month cells up to their caps. */
function bruteForce(g: Grid, cells: ReturnType<typeof gridCells>): Map<string, [number, number]> {
  const unknown: [number, number, number][] = []; // (site, month, cap) of suppressed interior cells
  for (let s = 0; s < g.sites; s++) for (let m = 0; m < 3; m++) if (g.suppressed[s * 4 + m]) unknown.push([s, m, capOf(g, cells, s, m)]);
  const released = cells.filter((c) => !c.suppressed);
  const out = new Map<string, [number, number]>();
  const x = g.value.map((row) => row.slice());
  const visit = (k: number) => {
    if (k === unknown.length) {
      const f = additive({ ...g, value: x });
      for (const c of released) if (f(c.row === g.sites ? 'all' : c.row, c.col) !== c.truth) return;
      for (const c of cells) {
        if (!c.suppressed) continue;
        const v = f(c.row === g.sites ? 'all' : c.row, c.col);
        const key = `${c.table}|${c.period}|${c.value}`;
        const cur = out.get(key);
        out.set(key, cur ? [Math.min(cur[0], v), Math.max(cur[1], v)] : [v, v]);
      }
      return;
    }
    const [s, m, cap] = unknown[k]!;
    for (let v = 0; v <= cap; v++) {
      x[s]![m] = v;
      visit(k + 1);
    }
  };
  visit(0);
  return out;
}

/** People at one of `sites` sites, the months they were served and those they answered a survey in. */
interface Person {
  site: number;
  months: number[];
  responds: number[];
}
const personArb = (sites: number) =>
  fc.record({ site: fc.integer({ min: 0, max: sites - 1 }), months: fc.subarray([0, 1, 2], { minLength: 1 }), responds: fc.subarray([0, 1, 2]) });

/**
 * Participants served and the survey response rate (rounded to `decimals`) of
 * random people, by site and month with the quarter and the total; the first
 * half of `suppressed` flags served cells, the second half rate cells.
 */
function sharesRelease(people: Person[], sites: number, suppressed: boolean[], decimals: number) {
  const inP = (col: number, list: number[]) => (col === 3 ? list.length > 0 : list.includes(col));
  const count = (s: number | 'all', f: (p: Person) => boolean) => people.filter((p) => (s === 'all' || p.site === s) && f(p)).length;
  const servedN = (s: number | 'all', col: number) => count(s, (p) => inP(col, p.months));
  const respondedN = (s: number | 'all', col: number) => count(s, (p) => inP(col, p.months) && inP(col, p.responds));
  const half = (sites + 1) * 4;
  const g: Grid = { sites, value: [], suppressed: suppressed.slice(0, half) };
  const gs: Grid = { sites, value: [], suppressed: suppressed.slice(half, 2 * half) };
  const servedCells = gridCells('participants_served', g, servedN);
  const rateCells = gridCells('satisfaction_response_rate', gs, (s, c) => respondedN(s, c) / Math.max(1, servedN(s, c)));
  const round = (v: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;
  const servedRel = gridRelease('participants_served', g, servedCells.filter((c) => c.truth > 0 || c.suppressed));
  const site = (row: number) => (row === sites ? 'all' : row);
  const present = rateCells.filter((c) => servedN(site(c.row), c.col) > 0);
  const rateRel = gridRelease('satisfaction_response_rate', gs, present.map((c) => ({ ...c, truth: round(c.truth) })));
  for (const tb of rateRel.tables) tb.decimals = decimals;
  return { release: { ...servedRel, tables: [...servedRel.tables, ...rateRel.tables] }, present, site, servedN, respondedN };
}

describe('properties', () => {
  it('additive counts: the interval contains the truth and equals the brute-force integer range', async () => {
    await fc.assert(
      fc.asyncProperty(gridArb, async (g) => {
        const cells = gridCells('new_enrollments', g, additive(g));
        // the brute force needs every unknown interior cell capped by a released cell, and a small search
        let space = 1;
        for (let s = 0; s < g.sites; s++) for (let m = 0; m < 3; m++) if (g.suppressed[s * 4 + m]) space *= capOf(g, cells, s, m) + 1;
        fc.pre(space <= 100_000);
        const res = await audit(gridRelease('new_enrollments', g, cells), 3);
        const brute = bruteForce(g, cells);
        for (const c of cells.filter((x) => x.suppressed)) {
          const f = find(res, c.table, c.period, c.value);
          expect(f.min).toBeLessThanOrEqual(c.truth + 1e-6);
          expect(f.max).toBeGreaterThanOrEqual(c.truth - 1e-6);
          // 2-D tables with margins are totally unimodular: LP bounds are the integer bounds
          const [bmin, bmax] = brute.get(`${c.table}|${c.period}|${c.value}`)!;
          expect(f.min).toBeCloseTo(bmin, 6);
          expect(f.max).toBeCloseTo(bmax, 6);
        }
        // a count pinned at exactly 0 is what a published 0 says: not a failure
        expect(res.failures.length).toBe(res.intervals.filter((f) => f.max - f.min < 3 - 1e-6 && !(f.min === 0 && f.max === 0)).length);
      }),
      { numRuns: 60, maxSkipsPerRun: 1000 },
    );
  }, 120_000);

  it('additive counts: the audit agrees with an LP written the plain way (one variable per suppressed cell)', async () => {
    const highs = await loadHighs();
    await fc.assert(
      fc.asyncProperty(gridArb, async (g) => {
        const cells = gridCells('new_enrollments', g, additive(g));
        const res = await audit(gridRelease('new_enrollments', g, cells), 3);
        // variables: every cell of the grid; constraints: released = value, rows and columns add up
        const name = (r: number, c: number) => `x${r}_${c}`;
        const lines: string[] = [];
        for (let r = 0; r <= g.sites; r++) lines.push(`q${r}: ${name(r, 3)} - ${name(r, 0)} - ${name(r, 1)} - ${name(r, 2)} = 0`);
        for (let c = 0; c < 4; c++) {
          lines.push(`m${c}: ${name(g.sites, c)} ${Array.from({ length: g.sites }, (_, r) => `- ${name(r, c)}`).join(' ')} = 0`);
        }
        for (const c of cells) if (!c.suppressed) lines.push(`r${c.row}_${c.col}: ${name(c.row, c.col)} = ${c.truth}`);
        for (const c of cells.filter((x) => x.suppressed)) {
          const bounds: number[] = [];
          for (const sense of ['Minimize', 'Maximize']) {
            const lp = `${sense}\n obj: ${name(c.row, c.col)}\nSubject To\n ${lines.join('\n ')}\nEnd`;
            const sol = highs.solve(lp, { output_flag: false });
            bounds.push(sol.Status === 'Optimal' ? sol.ObjectiveValue : sense === 'Maximize' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY);
          }
          const f = find(res, c.table, c.period, c.value);
          if (Number.isFinite(bounds[0]!)) expect(f.min).toBeCloseTo(bounds[0]!, 6);
          else expect(f.min).toBe(bounds[0]);
          if (Number.isFinite(bounds[1]!)) expect(f.max).toBeCloseTo(bounds[1]!, 6);
          else expect(f.max).toBe(bounds[1]);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('distinct counts from random people: every interval contains the true number served', async () => {
    const personArb = fc.record({
      site: fc.integer({ min: 0, max: 2 }),
      months: fc.subarray([0, 1, 2], { minLength: 1 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(personArb, { minLength: 0, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
        async (people, suppressed) => {
          const g: Grid = { sites: 3, value: [], suppressed };
          const served = (s: number | 'all', col: number) =>
            people.filter((p) => (s === 'all' || p.site === s) && (col === 3 ? true : p.months.includes(col))).length;
          const cells = gridCells('participants_served', g, served);
          // a site nobody attended has no cells at all (absent, not 0)
          const rel = gridRelease('participants_served', g, cells.filter((c) => c.truth > 0 || c.suppressed));
          const res = await audit(rel, 3);
          for (const c of cells.filter((x) => x.suppressed)) {
            const f = find(res, c.table, c.period, c.value);
            expect(f.min).toBeLessThanOrEqual(c.truth + 1e-6);
            expect(f.max).toBeGreaterThanOrEqual(c.truth - 1e-6);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('rounded shares from random people: feasible, and every interval contains the truth', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(personArb(2), { minLength: 1, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
        fc.integer({ min: 1, max: 3 }),
        async (people, suppressed, decimals) => {
          const { release, present, site, servedN, respondedN } = sharesRelease(people, 2, suppressed, decimals);
          const res = await audit(release, 3);
          for (const c of present.filter((x) => x.suppressed)) {
            const n = servedN(site(c.row), c.col);
            const a = respondedN(site(c.row), c.col);
            for (const [q, v] of [['a', a], ['n_minus_a', n - a]] as const) {
              const f = find(res, c.table, c.period, c.value, q);
              expect(f.min).toBeLessThanOrEqual(v + 1e-6);
              expect(f.max).toBeGreaterThanOrEqual(v - 1e-6);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('pass/fail mode (what the run uses) fails exactly the quantities whose exact interval is narrower than p', async () => {
    const key = (f: AuditFinding) => `${f.table_id}|${f.period}|${f.dimension_value}|${f.quantity}`;
    await fc.assert(
      fc.asyncProperty(
        fc.array(personArb(3), { minLength: 1, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
        fc.integer({ min: 2, max: 6 }),
        async (people, suppressed, p) => {
          const { release } = sharesRelease(people, 3, suppressed, 2);
          const exact = await audit(release, p, true);
          const passFail = await audit(release, p, false);
          expect(passFail.quantitiesChecked).toBe(exact.quantitiesChecked);
          expect(passFail.failures.map(key).sort()).toEqual(exact.failures.map(key).sort());
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('with the memory of earlier audits (then more suppressed, then fewer) it fails exactly what a fresh audit fails', async () => {
    const key = (f: AuditFinding) => `${f.table_id}|${f.period}|${f.dimension_value}|${f.quantity}`;
    const bools = fc.array(fc.boolean(), { minLength: 32, maxLength: 32 });
    await fc.assert(
      fc.asyncProperty(fc.array(personArb(3), { minLength: 1, maxLength: 60 }), bools, bools, bools, fc.integer({ min: 2, max: 6 }), async (people, first, more, fewer, p) => {
        const memory = new AuditMemory();
        const relaxed = first.map((x, i) => x || more[i]!);
        const tightened = relaxed.map((x, i) => x && !fewer[i]!);
        for (const suppressed of [first, relaxed, tightened, tightened]) {
          const { release } = sharesRelease(people, 3, suppressed, 2);
          const fresh = await audit(release, p, false);
          const remembered = await audit(release, p, false, memory);
          // the same quantities fail; each failure's interval (exact, or an outer one that other
          // seen points may widen) is narrower than p in both
          expect(remembered.failures.map(key).sort()).toEqual(fresh.failures.map(key).sort());
          for (const f of remembered.failures) expect(f.max - f.min).toBeLessThan(p);
        }
      }),
      { numRuns: 6 },
    );
  }, 300_000);
});
