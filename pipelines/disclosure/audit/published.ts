// What each cell of each table tells the attacker about its key's quantities:
// a released value relates them within its rounding (|q − v·x| ≤ ½·10^−d·x),
// an absent cell of a known value, in a period where the table has cells,
// means no contributors (a table without cells in a period does not publish
// that period: follow-up metrics stop before the end of the window), and a
// suppressed cell says nothing about itself but names what must stay
// uncertain (its protected quantities).
import type { Quantity } from './quantities';
import type { LinearSystem } from './system';
import type { Table, Universe } from './universe';

export type ProtectedKind = 'n' | 'a' | 'n_minus_a';

export interface Target {
  table_id: string;
  period: string;
  dimension_value: string;
  quantity: ProtectedKind;
  terms: [number, number][];
}

/** Half a unit of the last published decimal, a hair wider for floating point. */
export const halfUnit = (decimals: number): number => 0.5 * 10 ** -decimals * (1 + 1e-9);

function varOf(sys: LinearSystem, q: Quantity, period: string, dimension: string, value: string): number {
  const i = sys.find(q, period, dimension, value);
  if (i === undefined) throw new Error(`audit: no variable for ${q} ${period} ${dimension}=${value} (model bug)`);
  return i;
}

function addReleased(sys: LinearSystem, t: Table, period: string, value: string, v: number): void {
  const { row, model } = t;
  const why = `cell ${row.table_id} ${period} ${value} = ${v}`;
  const rel = model.value;
  if (rel.kind === 'level') {
    const x = varOf(sys, rel.q, period, row.dimension, value);
    if (rel.integer && row.decimals >= 0) {
      sys.add([[x, 1]], rel.factor * v, rel.factor * v, why);
    } else {
      const h = halfUnit(row.decimals);
      sys.add([[x, 1]], rel.factor * (v - h), rel.factor * (v + h), why);
    }
    return;
  }
  const num = varOf(sys, rel.num, period, row.dimension, value);
  const den = rel.denAtTotalFor === row.dimension
    ? varOf(sys, rel.den, period, 'total', 'all')
    : varOf(sys, rel.den, period, row.dimension, value);
  const h = halfUnit(row.decimals);
  // num − f(v − h)·den ≥ 0 and num − f(v + h)·den ≤ 0
  sys.add([[num, 1], [den, -rel.factor * (v - h)]], 0, Number.POSITIVE_INFINITY, why);
  sys.add([[num, 1], [den, -rel.factor * (v + h)]], Number.NEGATIVE_INFINITY, 0, why);
}

/** Adds every table's cell constraints; returns the protected quantities of the suppressed cells. */
export function addPublished(sys: LinearSystem, u: Universe): { targets: Target[]; suppressedCells: number } {
  const targets: Target[] = [];
  let suppressedCells = 0;
  for (const t of u.tables) {
    const { row, model } = t;
    const knownValues = u.known.get(row.dimension) ?? new Set<string>();
    const values = u.values.get(row.dimension) ?? [];
    for (const period of u.calendar.periodsOf(row.period_grain)) {
      const byValue = t.cells.get(period);
      const periodKnown = u.calendar.isKnown(period);
      for (const value of values) {
        const cell = byValue?.get(value);
        if (cell?.status === 'released') {
          addReleased(sys, t, period, value, cell.value!);
        } else if (cell?.status === 'suppressed') {
          suppressedCells++;
          const n = varOf(sys, model.n, period, row.dimension, value);
          const base = { table_id: row.table_id, period, dimension_value: value };
          // With a numerator, a and n − a are what the cell hides; a ≤ n keeps n from being pinned below p.
          if (model.a) {
            const a = varOf(sys, model.a, period, row.dimension, value);
            targets.push({ ...base, quantity: 'a', terms: [[a, 1]] });
            targets.push({ ...base, quantity: 'n_minus_a', terms: [[n, 1], [a, -1]] });
          } else {
            targets.push({ ...base, quantity: 'n', terms: [[n, 1]] });
          }
        } else if (periodKnown && byValue !== undefined && knownValues.has(value)) {
          // (a table with no cell at all in a period does not publish that period: it says nothing there)
          const why = `absent cell ${row.table_id} ${period} ${value} (no contributors)`;
          for (const q of model.zeroIfAbsent) sys.add([[varOf(sys, q, period, row.dimension, value), 1]], 0, 0, why);
        }
      }
    }
  }
  return { targets, suppressedCells };
}
