// Which cells share an equation with a cell, as the suppression step sees it:
// the same table and period (a breakdown adds up to its margin), the same
// breakdown value over time (months make up quarters, quarters years), the
// same key in other metrics (one population counted by several metrics), and
// sites nested in programs. Complements are chosen from these.
import type { Cell } from './cells';
import { tableId } from '../release/format';

export interface PeriodInfo {
  grain: string;
  period: string;
  start: string;
  end: string;
}

export interface Structure {
  /** site → program */
  siteProgram: Map<string, string>;
  periods: PeriodInfo[];
}

const within = (inner: PeriodInfo, outer: PeriodInfo) => inner.start >= outer.start && inner.end <= outer.end;
export const NEXT_GRAIN: Record<string, string | undefined> = { month: 'quarter', quarter: 'year' };

/** `${grain}\u0001${period}` → the period of the next grain that holds it (a month's quarter, a quarter's year). */
export function parentPeriods(periods: readonly PeriodInfo[]): Map<string, string> {
  const parents = new Map<string, string>();
  for (const p of periods) {
    const up = NEXT_GRAIN[p.grain];
    const parent = up && periods.find((q) => q.grain === up && within(p, q));
    if (parent) parents.set(`${p.grain}\u0001${p.period}`, parent.period);
  }
  return parents;
}
const PREV_GRAIN: Record<string, string | undefined> = { quarter: 'month', year: 'quarter' };

export class Neighbours {
  private byRow = new Map<string, Cell[]>();
  private bySeries = new Map<string, Cell[]>();
  private byKey = new Map<string, Cell[]>();
  private byTotal = new Map<string, Cell[]>();
  private byCell = new Map<string, Cell>();
  private parentPeriod: Map<string, string>;
  private childPeriods = new Map<string, string[]>();

  constructor(
    cells: readonly Cell[],
    private structure: Structure,
  ) {
    const push = (m: Map<string, Cell[]>, k: string, c: Cell) => {
      const list = m.get(k);
      if (list) list.push(c);
      else m.set(k, [c]);
    };
    for (const c of cells) {
      this.byCell.set(c.key, c);
      push(this.byRow, `${c.tableId}\u0001${c.period}`, c);
      push(this.bySeries, `${c.tableId}\u0001${c.dimensionValue}`, c);
      push(this.byKey, `${c.grain}\u0001${c.period}\u0001${c.dimension}\u0001${c.dimensionValue}`, c);
      push(this.byTotal, `${c.def.id}:${c.grain}\u0001${c.period}`, c);
    }
    this.parentPeriod = parentPeriods(structure.periods);
    for (const [child, parent] of this.parentPeriod) {
      const [grain, period] = child.split('\u0001') as [string, string];
      const key = `${NEXT_GRAIN[grain]}\u0001${parent}`;
      const kids = this.childPeriods.get(key) ?? [];
      kids.push(period);
      this.childPeriods.set(key, kids);
    }
  }

  cell(key: string): Cell | undefined {
    return this.byCell.get(key);
  }

  /** Other cells of the same table and period, and the margin. */
  row(c: Cell): Cell[] {
    const same = (this.byRow.get(`${c.tableId}\u0001${c.period}`) ?? []).filter((x) => x !== c);
    const margin = this.byRow.get(`${tableId(c.def.id, c.grain, 'total')}\u0001${c.period}`) ?? [];
    return c.dimension === 'total' ? same : [...same, ...margin];
  }

  /** For a total, every breakdown of it (same metric, grain and period); nothing for other cells. */
  breakdowns(c: Cell): Cell[] {
    if (c.dimension !== 'total') return [];
    return (this.byTotal.get(`${c.def.id}:${c.grain}\u0001${c.period}`) ?? []).filter((x) => x !== c);
  }

  /** The same breakdown value in the parent period, the child periods, and the parent's other children. */
  time(c: Cell): Cell[] {
    const series = (grain: string) => this.bySeries.get(`${tableId(c.def.id, grain, c.dimension)}\u0001${c.dimensionValue}`) ?? [];
    const out: Cell[] = [];
    const up = NEXT_GRAIN[c.grain];
    const parent = this.parentPeriod.get(`${c.grain}\u0001${c.period}`);
    if (up && parent) {
      out.push(...series(up).filter((x) => x.period === parent));
      const siblings = this.childPeriods.get(`${up}\u0001${parent}`) ?? [];
      out.push(...series(c.grain).filter((x) => x !== c && siblings.includes(x.period)));
    }
    const down = PREV_GRAIN[c.grain];
    const kids = this.childPeriods.get(`${c.grain}\u0001${c.period}`) ?? [];
    if (down) out.push(...series(down).filter((x) => kids.includes(x.period)));
    return out;
  }

  /** Other metrics' cells with the same grain, period and breakdown value. */
  linked(c: Cell): Cell[] {
    return (this.byKey.get(`${c.grain}\u0001${c.period}\u0001${c.dimension}\u0001${c.dimensionValue}`) ?? []).filter((x) => x !== c);
  }

  /** A site's program cell and the program's other sites; a program's sites. */
  hierarchy(c: Cell): Cell[] {
    const row = (dimension: string) => this.byRow.get(`${tableId(c.def.id, c.grain, dimension)}\u0001${c.period}`) ?? [];
    if (c.dimension === 'site') {
      const program = this.structure.siteProgram.get(c.dimensionValue);
      return [
        ...row('program').filter((x) => x.dimensionValue === program),
        ...row('site').filter((x) => x !== c && this.structure.siteProgram.get(x.dimensionValue) === program),
      ];
    }
    if (c.dimension === 'program') {
      return row('site').filter((x) => this.structure.siteProgram.get(x.dimensionValue) === c.dimensionValue);
    }
    return [];
  }
}
