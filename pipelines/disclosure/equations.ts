// The equations that pin a lone suppressed cell, as the suppression step sees
// them: a row of a partition adds up to its margin (programs, sites and
// demographic groups to the total), a program's sites to the program, and for
// quantities that add over time (enrollment cohorts, events, minutes) a
// quarter's months to the quarter and a year's quarters to the year. An
// equation with exactly one suppressed cell gives that cell away, so before
// the audit runs each such equation gets a second one. Cheap and
// deterministic; the audit then finds what this misses (inequalities, linked
// metrics, several equations at once).
import type { Cell } from './cells';
import { populationOf } from './bundles';
import { NEXT_GRAIN, parentPeriods, type Structure } from './neighbours';
import { tableId } from '../release/format';

const PARTITIONS = new Set(['program', 'site', 'age_band', 'gender', 'race_ethnicity']);
/** Populations counted once per period they fall in: their months add up to the quarter. */
const ADDITIVE = new Set(['enrolled', 'served', 'incidents', 'supervision']);

export interface Equation {
  /** The cell that is the sum of the others (never chosen as a complement while another will do). */
  whole: Cell | undefined;
  parts: Cell[];
}

export function equationsOf(cells: readonly Cell[], structure: Structure): Equation[] {
  const byKey = new Map(cells.map((c) => [c.key, c]));
  const eqs = new Map<string, Equation>();
  const eq = (id: string) => eqs.get(id) ?? eqs.set(id, { whole: undefined, parts: [] }).get(id)!;
  const parent = parentPeriods(structure.periods);
  for (const c of cells) {
    if (PARTITIONS.has(c.dimension)) {
      const e = eq(`row\u0001${c.tableId}\u0001${c.period}`);
      e.parts.push(c);
      e.whole ??= byKey.get(`${tableId(c.def.id, c.grain, 'total')}\u0001${c.period}\u0001all`);
    }
    if (c.dimension === 'site') {
      const program = structure.siteProgram.get(c.dimensionValue);
      if (program !== undefined) {
        const e = eq(`sites\u0001${c.def.id}:${c.grain}\u0001${c.period}\u0001${program}`);
        e.parts.push(c);
        e.whole ??= byKey.get(`${tableId(c.def.id, c.grain, 'program')}\u0001${c.period}\u0001${program}`);
      }
    }
    const up = parent.get(`${c.grain}\u0001${c.period}`);
    if (up !== undefined && ADDITIVE.has(populationOf(c.def.id))) {
      const e = eq(`time\u0001${c.tableId}\u0001${c.dimensionValue}\u0001${up}`);
      e.parts.push(c);
      e.whole ??= byKey.get(`${tableId(c.def.id, NEXT_GRAIN[c.grain]!, c.dimension)}\u0001${up}\u0001${c.dimensionValue}`);
    }
  }
  // A program's own sites first: a site paired there needs nothing from another program.
  const order = (id: string) => (id.startsWith('sites') ? 0 : id.startsWith('row') ? 1 : 2);
  return [...eqs.entries()].sort(([a], [b]) => order(a) - order(b)).map(([, e]) => e);
}

/**
 * Until no equation has exactly one suppressed cell: suppress (through
 * `suppress`, which adds the bundle) the cheapest other cell of each such
 * equation: a part before the whole, the fewest contributors among those with
 * at least p − n, else the largest.
 */
export function pairLoneCells(
  equations: readonly Equation[],
  isSuppressed: (c: Cell) => boolean,
  suppress: (c: Cell) => void,
  protectionLevel: number,
): void {
  for (let changed = true, guard = 0; changed && guard < 100; guard++) {
    changed = false;
    for (const e of equations) {
      const members = e.whole ? [...e.parts, e.whole] : e.parts;
      const hidden = members.filter(isSuppressed);
      if (hidden.length !== 1) continue;
      const need = Math.max(1, protectionLevel - hidden[0]!.n);
      const open = e.parts.filter((c) => !isSuppressed(c));
      const pick =
        open.filter((c) => c.n >= need).sort((a, b) => a.n - b.n || a.key.localeCompare(b.key))[0] ??
        open.sort((a, b) => b.n - a.n || a.key.localeCompare(b.key))[0] ??
        (e.whole && !isSuppressed(e.whole) ? e.whole : undefined);
      if (pick) {
        suppress(pick);
        changed = true;
      }
    }
  }
}
