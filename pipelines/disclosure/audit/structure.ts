// The structure an attacker knows without looking at any value
// (docs/privacy-model.md, "Structure across a breakdown / across time"):
// relations among the quantities of one key, totals against their breakdown
// values, programs against their sites, and parent periods against their
// children.
import { GRAIN_ORDER } from './periods';
import {
  COMPLEMENTS,
  QUANTITIES,
  quantityDef,
  breakdownRule,
  keyRelations,
  nestingRule,
  type KeyRow,
  type Quantity,
  type ScoreRanges,
} from './quantities';
import type { AnswerClasses } from '../../metrics/answer-classes';
import type { LinearSystem } from './system';
import type { Universe } from './universe';

const INF = Number.POSITIVE_INFINITY;

/** Creates one variable per quantity × grain period × breakdown value it is modelled at. */
export function createVariables(sys: LinearSystem, u: Universe): void {
  for (const [q, dims] of u.quantityDims) {
    const signed = quantityDef(q).signed ?? false;
    for (const grain of u.quantityGrains.get(q) ?? []) {
      for (const period of u.calendar.periodsOf(grain)) {
        for (const d of dims) {
          for (const v of u.values.get(d) ?? []) sys.ensure(q, period, d, v, signed);
        }
      }
    }
  }
}

/** Relations among the quantities of one key (a ≤ n, enc ≥ served, scale bounds, …). */
export function addKeyRelations(sys: LinearSystem, u: Universe, scores: ScoreRanges, answers: AnswerClasses): void {
  const byMonths = new Map<number, KeyRow[]>();
  for (const [, qs] of sys.keys()) {
    const first = sys.vars[qs.values().next().value!]!;
    const months = u.calendar.monthsIn(first.period);
    const mk = Number.isFinite(months) ? months : -1;
    let rows = byMonths.get(mk);
    if (!rows) byMonths.set(mk, (rows = keyRelations(months, scores, answers)));
    for (const r of rows) {
      const terms: [number, number][] = [];
      for (const [q, c] of r.terms) {
        const i = qs.get(q);
        if (i === undefined) break;
        terms.push([i, c]);
      }
      if (terms.length !== r.terms.length) continue;
      sys.add(terms, r.lo, r.hi, `${r.why} at ${first.period} ${first.dimension}=${first.value}`);
    }
  }
  // Public definitions tie the modality breakdown to group_share: people with a
  // group encounter and group encounters are the 'group' modality's served and enc.
  for (const period of u.calendar.periodsOf('month').concat(u.calendar.periodsOf('quarter'), u.calendar.periodsOf('year'))) {
    for (const [a, b] of [['group_people', 'served'], ['group_enc', 'enc']] as const) {
      const x = sys.find(a, period, 'total', 'all');
      const y = sys.find(b, period, 'modality', 'group');
      if (x !== undefined && y !== undefined) sys.add([[x, 1], [y, -1]], 0, 0, `${a} = ${b} of modality group at ${period}`);
    }
  }
}

/** Totals against breakdown values, programs against their sites. */
export function addBreakdownStructure(sys: LinearSystem, u: Universe): void {
  const sites = u.values.get('site') ?? [];
  const allSitesListed = sites.every((s) => u.siteParent.has(s));
  const sitesOf = new Map<string, string[]>();
  for (const s of sites) {
    const p = u.siteParent.get(s);
    if (p === undefined || p === null) continue;
    let l = sitesOf.get(p);
    if (!l) sitesOf.set(p, (l = []));
    l.push(s);
  }
  for (const [q, dims] of u.quantityDims) {
    const cls = QUANTITIES[q].breakdown;
    for (const grain of u.quantityGrains.get(q) ?? []) {
      for (const period of u.calendar.periodsOf(grain)) {
        const at = (d: string, v: string) => sys.find(q, period, d, v)!;
        const total = at('total', 'all');
        const where = `${q} ${period}`;
        for (const d of dims) {
          if (d === 'total') continue;
          const xs = (u.values.get(d) ?? []).map((v) => at(d, v));
          const rule = breakdownRule(cls, d);
          if (rule === 'partition') {
            sys.add([[total, 1], ...xs.map((x): [number, number] => [x, -1])], 0, 0, `${where}: total = Σ ${d}`);
          } else if (rule === 'cover') {
            for (const x of xs) sys.add([[x, 1], [total, -1]], -INF, 0, `${where}: each ${d} ≤ total`);
            sys.add([[total, 1], ...xs.map((x): [number, number] => [x, -1])], -INF, 0, `${where}: total ≤ Σ ${d}`);
          } else if (rule === 'within') {
            for (const x of xs) sys.add([[x, 1], [total, -1]], -INF, 0, `${where}: each ${d} ≤ total`);
          } else if (rule === 'subset') {
            sys.add([[total, -1], ...xs.map((x): [number, number] => [x, 1])], -INF, 0, `${where}: Σ ${d} ≤ total`);
          }
        }
        if (dims.has('program') && dims.has('site')) {
          const nest = nestingRule(cls);
          for (const p of u.values.get('program') ?? []) {
            const xp = at('program', p);
            const xs = (sitesOf.get(p) ?? []).map((s) => at('site', s));
            const sumRow: [number, number][] = [[xp, 1], ...xs.map((x): [number, number] => [x, -1])];
            if (nest === 'sum') {
              // an unlisted site could belong to any program: then only program ≥ Σ its listed sites
              sys.add(sumRow, 0, allSitesListed ? 0 : INF, `${where}: program ${p} ${allSitesListed ? '=' : '≥'} Σ its sites`);
            } else {
              for (const x of xs) sys.add([[x, 1], [xp, -1]], -INF, 0, `${where}: each site of ${p} ≤ program`);
              if (allSitesListed) sys.add(sumRow, -INF, 0, `${where}: program ${p} ≤ Σ its sites`);
            }
          }
        }
      }
    }
  }
  // n − a over a subset breakdown (bands): the people of the bands who are not in a are among the total's.
  for (const { n, a } of COMPLEMENTS) {
    const dn = u.quantityDims.get(n);
    const da = u.quantityDims.get(a);
    if (!dn || !da) continue;
    const grains = (u.quantityGrains.get(n) ?? []).filter((g) => (u.quantityGrains.get(a) ?? []).includes(g));
    for (const d of dn) {
      if (!da.has(d) || breakdownRule(QUANTITIES[n].breakdown, d) !== 'subset') continue;
      for (const grain of grains) {
        for (const period of u.calendar.periodsOf(grain)) {
          const terms: [number, number][] = [[sys.find(n, period, 'total', 'all')!, -1], [sys.find(a, period, 'total', 'all')!, 1]];
          for (const v of u.values.get(d) ?? []) terms.push([sys.find(n, period, d, v)!, 1], [sys.find(a, period, d, v)!, -1]);
          sys.add(terms, -INF, 0, `${n} − ${a} ${period}: Σ ${d} ≤ total`);
        }
      }
    }
  }
}

/** Parent periods against their children, per quantity and breakdown value. */
export function addTimeStructure(sys: LinearSystem, u: Universe): void {
  const linkCache = new Map<string, ReturnType<Universe['calendar']['links']>>();
  const links = (parent: string, child: string) => {
    const k = `${parent}<${child}`;
    let l = linkCache.get(k);
    if (!l) linkCache.set(k, (l = u.calendar.links(parent, child)));
    return l;
  };
  const chain = (q: Quantity): [string, string][] => {
    const gs = (u.quantityGrains.get(q) ?? []).slice().sort((x, y) => GRAIN_ORDER.indexOf(x as never) - GRAIN_ORDER.indexOf(y as never));
    const out: [string, string][] = [];
    for (let i = 1; i < gs.length; i++) out.push([gs[i]!, gs[i - 1]!]);
    return out;
  };
  for (const [q, dims] of u.quantityDims) {
    const def = quantityDef(q);
    if (def.time === 'none') continue;
    for (const [parentGrain, childGrain] of chain(q)) {
      for (const link of links(parentGrain, childGrain)) {
        const covers = link.covers || (def.alwaysCovered ?? false);
        for (const d of dims) {
          for (const v of u.values.get(d) ?? []) {
            const p = sys.find(q, link.parent, d, v)!;
            const cs = link.children.map((c) => sys.find(q, c, d, v)!);
            const where = `${q} ${link.parent} ${d}=${v}`;
            const sum: [number, number][] = [[p, 1], ...cs.map((c): [number, number] => [c, -1])];
            switch (def.time) {
              case 'additive':
                sys.add(sum, 0, covers ? 0 : INF, `${where} ${covers ? '=' : '≥'} Σ children`);
                break;
              case 'distinct':
                for (const c of cs) sys.add([[c, 1], [p, -1]], -INF, 0, `${where} ≥ each child`);
                if (covers) sys.add(sum, -INF, 0, `${where} ≤ Σ children`);
                break;
              case 'monotone':
                for (const c of cs) sys.add([[c, 1], [p, -1]], -INF, 0, `${where} ≥ each child`);
                break;
              case 'subadditive':
                if (covers) sys.add(sum, -INF, 0, `${where} ≤ Σ children`);
                break;
              case 'snapshot':
                if (link.lastChild !== null) {
                  sys.add([[p, 1], [sys.find(q, link.lastChild, d, v)!, -1]], 0, 0, `${where} = its last child`);
                }
                break;
            }
          }
        }
      }
    }
  }
  // n − a of distinct people: someone in the parent's n but not its a is so in a child they were in.
  for (const { n, a, time } of COMPLEMENTS) {
    if (time !== 'subadditive') continue;
    const dn = u.quantityDims.get(n);
    const da = u.quantityDims.get(a);
    if (!dn || !da) continue;
    const ga = u.quantityGrains.get(a) ?? [];
    const gs = (u.quantityGrains.get(n) ?? []).filter((g) => ga.includes(g));
    for (let i = 1; i < gs.length; i++) {
      for (const link of links(gs[i]!, gs[i - 1]!)) {
        if (!link.covers) continue;
        for (const d of dn) {
          if (!da.has(d)) continue;
          for (const v of u.values.get(d) ?? []) {
            const terms: [number, number][] = [[sys.find(n, link.parent, d, v)!, 1], [sys.find(a, link.parent, d, v)!, -1]];
            for (const c of link.children) terms.push([sys.find(n, c, d, v)!, -1], [sys.find(a, c, d, v)!, 1]);
            sys.add(terms, -INF, 0, `${n} − ${a} ${link.parent} ${d}=${v} ≤ Σ children`);
          }
        }
      }
    }
  }
}
