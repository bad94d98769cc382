// The witness checker (pipelines/disclosure/audit/witness.ts) and the
// component solver's use of it: a pass is two points that satisfy every row
// and bound and differ by at least p in the protected quantity; anything else
// is refused, whoever offers it (a solver, a seed from an earlier audit).
import fc from 'fast-check';
import loadHighs from 'highs';
import { describe, expect, it } from 'vitest';
import { boundComponent } from '../pipelines/disclosure/audit/bounds';
import type { ComponentProblem } from '../pipelines/disclosure/audit/problem';
import { brokenRows, certifyPass, isFeasible, violation } from '../pipelines/disclosure/audit/witness';

const highsReady = loadHighs();
const INF = Number.POSITIVE_INFINITY;

/** A problem from rows written out: each row [terms, lo, hi]. */
function problem(n: number, rows: [[number, number][], number, number][], objectives: [number, number][][], colHi = INF): ComponentProblem {
  const rowStart = [0];
  const idx: number[] = [];
  const coef: number[] = [];
  for (const [terms] of rows) {
    for (const [v, c] of terms) {
      idx.push(v);
      coef.push(c);
    }
    rowStart.push(idx.length);
  }
  return {
    vars: Int32Array.from({ length: n }, (_, i) => i),
    colLo: new Float64Array(n),
    colHi: new Float64Array(n).fill(colHi),
    rowStart: Int32Array.from(rowStart),
    rowIdx: Int32Array.from(idx),
    rowCoef: Float64Array.from(coef),
    rowLo: Float64Array.from(rows.map((r) => r[1])),
    rowHi: Float64Array.from(rows.map((r) => r[2])),
    rowOrigin: Int32Array.from(rows.map((_, i) => i)),
    objectives: objectives.map((terms) => ({ terms })),
  };
}

// A margin of 20 over two suppressed cells: each lies anywhere in 0..20.
const margin = problem(2, [[[[0, 1], [1, 1]], 20, 20]], [[[0, 1]]]);

describe('the witness checker', () => {
  it('accepts two feasible points p apart, and says which row a tampered point breaks', () => {
    expect(certifyPass(margin, [[0, 1]], [0, 20], [20, 0], 11)).toEqual({ min: 0, max: 20 });
    expect(violation(margin, [0, 21])).toMatch(/^row 0 \(system row 0\) = 21 lies outside \[20, 20\]/);
    expect(certifyPass(margin, [[0, 1]], [0, 21], [20, 0], 11)).toBeNull();
    expect(brokenRows(margin, [3, 3])).toEqual([0]);
  });

  it('refuses two feasible points closer than p', () => {
    expect(certifyPass(margin, [[0, 1]], [5, 15], [15, 5], 11)).toBeNull();
    expect(certifyPass(margin, [[0, 1]], [5, 15], [16, 4], 11)).toEqual({ min: 5, max: 16 });
  });

  it('refuses a point outside a bound, a point of the wrong size and a point with NaN', () => {
    expect(violation(margin, [-1, 21])).toMatch(/unknown 0 = -1 lies outside/);
    expect(violation(margin, [20])).toMatch(/1 values for 2 unknowns/);
    expect(isFeasible(margin, [Number.NaN, 20])).toBe(false);
  });

  it('allows the solver its tolerance, relative to the row, and no more', () => {
    const big = problem(2, [[[[0, 1], [1, 1]], 1_000_000, 1_000_000]], [[[0, 1]]]);
    expect(isFeasible(big, [400_000, 600_000.5])).toBe(true); // 5e-7 of the row
    expect(isFeasible(big, [400_000, 600_005])).toBe(false); // 5e-6 of it
  });
});

describe('the component solver proves every pass with checked witnesses', () => {
  it('on random small tables, each pass has two witnesses the checker accepts, p apart', async () => {
    const highs = await highsReady;
    await fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 2, max: 12 }),
        (truth, p) => {
          // a 2 × 3 table of suppressed cells with released row and column margins
          const cell = (r: number, c: number) => r * 3 + c;
          const rows: [[number, number][], number, number][] = [];
          for (let r = 0; r < 2; r++) {
            const sum = truth[cell(r, 0)]! + truth[cell(r, 1)]! + truth[cell(r, 2)]!;
            rows.push([[0, 1, 2].map((c) => [cell(r, c), 1] as [number, number]), sum, sum]);
          }
          for (let c = 0; c < 3; c++) {
            const sum = truth[cell(0, c)]! + truth[cell(1, c)]!;
            rows.push([[[cell(0, c), 1], [cell(1, c), 1]], sum, sum]);
          }
          const prob = problem(6, rows, truth.map((_, i) => [[i, 1]]));
          const answer = boundComponent(highs, prob, { protectionLevel: p, exact: false, describe: () => 'a 2 × 3 table' });
          answer.bounds.forEach((b, j) => {
            if (b.how !== 'seen') return;
            const [lo, hi] = answer.passWitnesses[j]!;
            expect(certifyPass(prob, prob.objectives[j]!.terms, answer.witnesses[lo]!, answer.witnesses[hi]!, p)).not.toBeNull();
          });
          // an exact or outer range (a failure's) holds the truth; a pass's seen range need not
          answer.bounds.forEach((b, j) => {
            if (b.how === 'seen') return;
            expect(b.min).toBeLessThanOrEqual(truth[j]! + 1e-6);
            expect(b.max).toBeGreaterThanOrEqual(truth[j]! - 1e-6);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('takes a seed only when the checker accepts it (as it is, or repaired)', async () => {
    const highs = await highsReady;
    // the truth (3, 17) offered, and a tampered seed: whatever comes of it, only checked points count
    const answer = boundComponent(highs, margin, {
      protectionLevel: 11,
      exact: false,
      describe: () => 'a margin',
      seeds: [Float64Array.from([3, 17]), Float64Array.from([-50, 99])],
    });
    expect(answer.stats.seeds).toBe(2);
    for (const w of answer.witnesses) expect(isFeasible(margin, w)).toBe(true);
    expect(answer.bounds[0]!.max - answer.bounds[0]!.min).toBeGreaterThanOrEqual(11);
  });

  it('a narrow component fails, and no seed can talk it into passing', async () => {
    const highs = await highsReady;
    const narrow = problem(2, [[[[0, 1], [1, 1]], 5, 5]], [[[0, 1]]]);
    const seeds = [Float64Array.from([0, 5]), Float64Array.from([20, -15]), Float64Array.from([-10, 15])];
    const answer = boundComponent(highs, narrow, { protectionLevel: 11, exact: false, describe: () => 'a narrow margin', seeds });
    const b = answer.bounds[0]!;
    expect(b.how).not.toBe('seen');
    expect(b.max - b.min).toBeLessThan(11);
  });
});
