// The pieces around primary suppression: the release catalog, bundles of one
// population, and pairing of lone suppressed cells (docs/privacy-model.md,
// "The release catalog" and "Suppression").
import { describe, expect, it } from 'vitest';
import { Bundles, populationOf } from '../pipelines/disclosure/bundles';
import type { Cell } from '../pipelines/disclosure/cells';
import { equationsOf, pairLoneCells } from '../pipelines/disclosure/equations';
import type { Structure } from '../pipelines/disclosure/neighbours';
import { Suppression } from '../pipelines/disclosure/suppress';
import { METRICS, metric } from '../pipelines/metrics/catalog';
import { FOLLOW_UP_DAYS, RELEASED_TABLES } from '../pipelines/release/catalog';
import { countCell } from './helpers/cells';

const structure: Structure = {
  siteProgram: new Map([
    ['A', 'North'],
    ['B', 'North'],
    ['C', 'South'],
  ]),
  periods: [
    { grain: 'month', period: '2025-01', start: '2025-01-01', end: '2025-01-31' },
    { grain: 'month', period: '2025-02', start: '2025-02-01', end: '2025-02-28' },
    { grain: 'month', period: '2025-03', start: '2025-03-01', end: '2025-03-31' },
    { grain: 'quarter', period: '2025-Q1', start: '2025-01-01', end: '2025-03-31' },
  ],
};

const cell = countCell;

/** A cell of the quarter 2025-Q1. */
const q1 = (metricId: string, dimension: string, dimensionValue: string, n: number): Cell =>
  cell(metricId, 'quarter', '2025-Q1', dimension, dimensionValue, n);

describe('the release catalog', () => {
  it('has no month by site or by demographic group, and staff tables stop at the program', () => {
    const month = RELEASED_TABLES.filter((t) => t.grain === 'month');
    expect(month.length).toBeGreaterThan(0);
    expect(month.filter((t) => !['total', 'program', 'modality'].includes(t.dimension))).toEqual([]);
    const staff = RELEASED_TABLES.filter((t) => metric(t.metric).privacyUnit === 'staff');
    expect(staff.filter((t) => t.grain === 'month' || t.dimension === 'site')).toEqual([]);
    const demographic = RELEASED_TABLES.filter((t) => ['age_band', 'gender', 'race_ethnicity'].includes(t.dimension));
    expect(new Set(demographic.map((t) => t.grain))).toEqual(new Set(['year']));
  });

  it('offers every metric at some grain, only with breakdowns the metric has, and a total wherever it has a breakdown', () => {
    expect(new Set(RELEASED_TABLES.map((t) => t.metric))).toEqual(new Set(METRICS.map((m) => m.id)));
    for (const t of RELEASED_TABLES) {
      if (t.dimension !== 'total') {
        expect(metric(t.metric).dimensions).toContain(t.dimension);
        expect(RELEASED_TABLES).toContainEqual({ metric: t.metric, grain: t.grain, dimension: 'total' });
      }
    }
  });

  it('names follow-up days only for metrics of the catalog', () => {
    for (const id of Object.keys(FOLLOW_UP_DAYS)) expect(() => metric(id)).not.toThrow();
  });
});

describe('bundles', () => {
  it('every metric belongs to one population', () => {
    for (const m of METRICS) expect(populationOf(m.id)).toMatch(/\w+/);
  });

  it('hold the metrics of one population at one key, and nothing else', () => {
    const cells = [
      q1('participants_served', 'site', 'A', 5),
      q1('contact_hours', 'site', 'A', 5),
      q1('new_enrollments', 'site', 'A', 3),
      q1('participants_served', 'site', 'B', 40),
    ];
    const b = new Bundles(cells);
    expect(b.of(cells[0]!).map((c) => c.def.id).sort()).toEqual(['contact_hours', 'participants_served']);
    expect(b.of(cells[2]!)).toEqual([cells[2]]);
  });

  it('a primary cell takes the rest of its bundle with it', () => {
    const cells = [
      q1('participants_served', 'total', 'all', 60),
      q1('participants_served', 'site', 'A', 5),
      q1('contact_hours', 'site', 'A', 5),
      q1('participants_served', 'site', 'B', 20),
      q1('participants_served', 'site', 'C', 35),
    ];
    cells[2]!.n = 12; // contact hours of site A: not small itself (say, counted differently)
    const s = new Suppression(cells, structure, 11, 11, false);
    expect([...s.primary]).toEqual([cells[1]!.key]);
    expect([...s.linked]).toEqual([cells[2]!.key]);
  });
});

describe('a mean beside a suppressed share of the same answers', () => {
  /** Satisfaction of site A in 2025-Q1: n respondents, a of them at or above 4, mean score `mean`. */
  const satisfaction = (n: number, a: number, mean: number): [Cell, Cell] => {
    const share = { ...q1('satisfaction_positive', 'site', 'A', n), value: a / n, a };
    const m = { ...q1('satisfaction_mean', 'site', 'A', n), value: mean, minObserved: 1, maxObserved: 5 };
    return [share, m];
  };

  it('goes with the share where the mean alone pins how many are at or above the threshold', () => {
    // 14 respondents, 10 at or above 4 (complement 4 < 11), mean 4.3: a ∈ [(60.2 − 14·23/6)/(5 − 23/6), 14] = [5.6, 14]
    const [share, mean] = satisfaction(14, 10, 4.3);
    const s = new Suppression([share, mean], structure, 11, 11, false);
    expect([...s.primary]).toEqual([share.key]);
    expect([...s.linked]).toEqual([mean.key]);
  });

  it('stays released where the interval it leaves is at least p wide; the old rule (p = ∞) took it along', () => {
    // 40 respondents, 32 at or above (complement 8), mean 4.0: a ∈ [(160 − 40·23/6)/(7/6), (160 − 40)/3] = [5.7, 40]
    const [share, mean] = satisfaction(40, 32, 4.0);
    const s = new Suppression([share, mean], structure, 11, 11, false);
    expect([...s.primary]).toEqual([share.key]);
    expect([...s.linked]).toEqual([]);
    expect(new Bundles([share, mean]).of(share)).toEqual([share, mean]);
    // a released mean that pins a suppressed share is never offered back for release
    const b = new Bundles([share, mean], 11);
    expect(b.pinsASuppressedShare(mean, (c) => c === share)).toBe(false);
    const [share2, mean2] = satisfaction(14, 10, 4.3);
    expect(new Bundles([share2, mean2], 11).pinsASuppressedShare(mean2, (c) => c === share2)).toBe(true);
    expect(new Bundles([share2, mean2], 11).pinsASuppressedShare(mean2, () => false)).toBe(false);
  });
});

describe("recovery's two shares beside the mean change", () => {
  it('a released sibling share narrows the other: the mean goes along where the four classes together pin it', () => {
    // 40 people: 15 change +50, 20 change +36.67 (follow-up 46.67, below the cut-off), 5 change −20.
    // Reliable: 35 (complement 5, primary); at the cut-off: 15 (released). With one share at a time the
    // mean leaves reliable in [25.4, 40]; with the cut-off count known too, n − a is at most 9.
    const sum = 15 * 50 + 20 * 36.666667 + 5 * -20;
    const reliable = { ...q1('recovery_reliable_improvement', 'site', 'A', 40), value: 35 / 40, a: 35 };
    const cutoff = { ...q1('recovery_at_cutoff', 'site', 'A', 40), value: 15 / 40, a: 15 };
    const mean = { ...q1('recovery_change', 'site', 'A', 40), value: sum / 40 };
    const s = new Suppression([reliable, cutoff, mean], structure, 11, 11, false);
    expect([...s.primary]).toEqual([reliable.key]);
    expect([...s.linked]).toEqual([mean.key]);
    // the same people, most of them well above the cut-off: the mean leaves reliable wide open
    const spread = { ...mean, value: (15 * 50 + 20 * 10 + 5 * -20) / 40 };
    expect(new Suppression([reliable, cutoff, spread], structure, 11, 11, false).linked.size).toBe(0);
  });
});

describe('lone suppressed cells', () => {
  it('every row, program and quarter ends with zero or at least two suppressed cells; the cheapest part that gives room is chosen', () => {
    const cells = [
      q1('new_enrollments', 'total', 'all', 100),
      q1('new_enrollments', 'program', 'North', 60),
      q1('new_enrollments', 'program', 'South', 40),
      q1('new_enrollments', 'site', 'A', 4),
      q1('new_enrollments', 'site', 'B', 56),
      q1('new_enrollments', 'site', 'C', 40),
      ...['2025-01', '2025-02', '2025-03'].flatMap((m, i) => [
        cell('new_enrollments', 'month', m, 'total', 'all', [30, 33, 37][i]!),
        cell('new_enrollments', 'month', m, 'program', 'North', [18, 20, 22][i]!),
        cell('new_enrollments', 'month', m, 'program', 'South', [12, 13, 15][i]!),
      ]),
    ];
    const suppressed = new Set([cells[3]!.key]); // site A: 4 people
    const equations = equationsOf(cells, structure);
    pairLoneCells(equations, (c) => suppressed.has(c.key), (c) => suppressed.add(c.key), 11);
    for (const e of equations) {
      const members = e.whole ? [...e.parts, e.whole] : e.parts;
      expect(members.filter((c) => suppressed.has(c.key)).length).not.toBe(1);
    }
    // A (4) pairs with B, its program's other site; C (the cheaper in the site row) is not needed then
    expect(suppressed.has(cells[4]!.key)).toBe(true);
    expect([...suppressed].sort()).toEqual([cells[3]!.key, cells[4]!.key].sort());
  });
});
