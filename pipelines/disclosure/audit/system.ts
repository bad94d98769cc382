// The attacker's linear system before solving: one variable per hidden
// quantity of a key, rows lo ≤ Σ coef·x ≤ hi, each row saying why it holds
// (the cell or rule it comes from) so an impossible system can be explained.

export interface VarInfo {
  q: string;
  period: string;
  dimension: string;
  value: string;
}

export interface Row {
  idx: number[];
  coef: number[];
  lo: number;
  hi: number;
  why: string;
}

const SEP = '\u0001';

export class LinearSystem {
  readonly vars: VarInfo[] = [];
  readonly lo: number[] = [];
  readonly hi: number[] = [];
  readonly rows: Row[] = [];
  private readonly index = new Map<string, number>();

  static key(q: string, period: string, dimension: string, value: string): string {
    return q + SEP + period + SEP + dimension + SEP + value;
  }

  find(q: string, period: string, dimension: string, value: string): number | undefined {
    return this.index.get(LinearSystem.key(q, period, dimension, value));
  }

  ensure(q: string, period: string, dimension: string, value: string, signed = false): number {
    const k = LinearSystem.key(q, period, dimension, value);
    let i = this.index.get(k);
    if (i === undefined) {
      i = this.vars.length;
      this.vars.push({ q, period, dimension, value });
      this.lo.push(signed ? Number.NEGATIVE_INFINITY : 0);
      this.hi.push(Number.POSITIVE_INFINITY);
      this.index.set(k, i);
    }
    return i;
  }

  /** Adds lo ≤ Σ coef·x ≤ hi; repeated variables are merged, zero coefficients dropped. */
  add(terms: readonly (readonly [number, number])[], lo: number, hi: number, why: string): void {
    const merged = new Map<number, number>();
    for (const [i, c] of terms) merged.set(i, (merged.get(i) ?? 0) + c);
    const idx: number[] = [];
    const coef: number[] = [];
    for (const [i, c] of merged) {
      if (c !== 0) {
        idx.push(i);
        coef.push(c);
      }
    }
    this.rows.push({ idx, coef, lo, hi, why });
  }

  describe(i: number): string {
    const v = this.vars[i]!;
    return `${v.q}[${v.period} ${v.dimension}=${v.value}]`;
  }

  /** Every (period, dimension, value) key with the variables of its quantities. */
  keys(): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    this.vars.forEach((v, i) => {
      const k = v.period + SEP + v.dimension + SEP + v.value;
      let m = out.get(k);
      if (!m) out.set(k, (m = new Map()));
      m.set(v.q, i);
    });
    return out;
  }
}
