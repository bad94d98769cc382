// The release's calendar as an attacker reads it: which periods exist, which
// month lies in which quarter and year, and whether the data window covers a
// whole parent period ("every month of the parent is present as a month
// period"). A parent's true extent comes from its label and the fiscal year
// start in the manifest: the periods table's period_start/period_end of a
// partly covered quarter or year span only its covered months.
import type { AuditPeriod } from './read-release';

export const GRAIN_ORDER = ['month', 'quarter', 'year'] as const;

export interface PeriodNode {
  period: string;
  grain: string;
  /** Span from the periods table; null for a period only cells name. */
  start: string | null;
  end: string | null;
  /** In the periods table: absent cells of a known period mean no contributors. */
  known: boolean;
  /** The period's calendar months (YYYY-MM) from its label; null when the label is not understood. */
  months: string[] | null;
}

export interface TimeLink {
  parent: string;
  children: string[];
  /** Every month of the parent is a month period of the release. */
  covers: boolean;
  /** The child holding the parent's last covered day (snapshot metrics), if present. */
  lastChild: string | null;
}

const ym = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}`;

function monthsFrom(year: number, month: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const k = month - 1 + i;
    out.push(ym(year + Math.floor(k / 12), (k % 12) + 1));
  }
  return out;
}

/** Calendar months of a period label (2025-03, 2025-Q1, 2025) under a fiscal year starting in `fy`. */
export function monthsOfLabel(grain: string, period: string, fy: number): string[] | null {
  if (grain === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(period);
    return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? [period] : null;
  }
  const startYear = (y: number) => (fy > 1 ? y - 1 : y);
  if (grain === 'quarter') {
    const m = /^(\d{4})-Q([1-4])$/.exec(period);
    if (!m) return null;
    const y = Number(m[1]);
    return monthsFrom(startYear(y), fy + 3 * (Number(m[2]) - 1), 3);
  }
  if (grain === 'year') {
    const m = /^(\d{4})$/.exec(period);
    return m ? monthsFrom(startYear(Number(m[1])), fy, 12) : null;
  }
  return null;
}

export class Calendar {
  private readonly nodes = new Map<string, PeriodNode>();
  private readonly monthPeriods = new Set<string>();

  constructor(periods: readonly AuditPeriod[], fy: number) {
    for (const p of periods) {
      if (this.nodes.has(p.period)) throw new Error(`release: period ${p.period} is listed twice`);
      let months = monthsOfLabel(p.period_grain, p.period, fy);
      // The table's span must lie inside the label's months; otherwise trust neither.
      if (months && !(months.includes(p.period_start.slice(0, 7)) && months.includes(p.period_end.slice(0, 7)))) months = null;
      this.nodes.set(p.period, { period: p.period, grain: p.period_grain, start: p.period_start, end: p.period_end, known: true, months });
      if (p.period_grain === 'month') this.monthPeriods.add(p.period);
    }
  }

  /** A period only cells name: modelled, but absent cells there say nothing and it has no time structure. */
  addUnknown(grain: string, period: string): void {
    const n = this.nodes.get(period);
    if (n) {
      if (n.grain !== grain) throw new Error(`release: period ${period} is of grain ${n.grain} and ${grain}`);
      return;
    }
    this.nodes.set(period, { period, grain, start: null, end: null, known: false, months: null });
  }

  node(period: string): PeriodNode | undefined {
    return this.nodes.get(period);
  }

  isKnown(period: string): boolean {
    return this.nodes.get(period)?.known ?? false;
  }

  periodsOf(grain: string): string[] {
    return [...this.nodes.values()].filter((n) => n.grain === grain).map((n) => n.period).sort();
  }

  hasGrain(grain: string): boolean {
    for (const n of this.nodes.values()) if (n.grain === grain && n.known) return true;
    return false;
  }

  /** Month periods of the release inside `period` (1 for a month). */
  monthsIn(period: string): number {
    const n = this.nodes.get(period);
    if (!n || !n.known) return Number.NaN;
    if (n.grain === 'month') return 1;
    return this.childrenOf(n, 'month').length;
  }

  private childrenOf(parent: PeriodNode, childGrain: string): PeriodNode[] {
    if (!parent.known || parent.start === null || parent.end === null) return [];
    const out: PeriodNode[] = [];
    for (const c of this.nodes.values()) {
      if (c.grain !== childGrain || !c.known || c.start === null || c.end === null) continue;
      if (c.start >= parent.start && c.end <= parent.end) out.push(c);
    }
    return out.sort((a, b) => (a.start! < b.start! ? -1 : a.start! > b.start! ? 1 : 0));
  }

  /** Parent ← children links between two grains (quarter ← month, year ← quarter, or year ← month). */
  links(parentGrain: string, childGrain: string): TimeLink[] {
    const out: TimeLink[] = [];
    for (const p of this.nodes.values()) {
      if (p.grain !== parentGrain || !p.known) continue;
      const children = this.childrenOf(p, childGrain);
      if (children.length === 0) continue;
      const covers = p.months !== null && p.months.every((m) => this.monthPeriods.has(m));
      const last = children[children.length - 1]!;
      out.push({
        parent: p.period,
        children: children.map((c) => c.period),
        covers,
        lastChild: last.end === p.end ? last.period : null,
      });
    }
    return out;
  }
}
