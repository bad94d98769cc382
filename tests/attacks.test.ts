// The attack suite: on the demo release and on a family of small random
// programs, an attacker who reads the release tries margin recovery (exact and
// by LP), differencing between tables and periods, and homogeneity; no
// suppressed count may come out narrower than the protection level, and every
// released cell must rest on at least k people, checked against ground truth
// computed here from the raw synthetic files.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANALYTICS_FILE, type RunSummary } from '../pipelines/runner/run';
import { RELEASE_FILE } from '../pipelines/release/format';
import { DEFAULT_INSTRUMENTS } from '../pipelines/contract/instruments';
import { answerClasses } from '../pipelines/metrics/answer-classes';
import { classRanges, differencingAttacks, meanShareAttack, readRelease, rowLpAttack, type Release } from './helpers/attacks';
import { ensureDemoRelease } from './helpers/cached-run';
import { DEMO_ENV, query, run, tempDir } from './helpers/pipeline';

const K = 11;

interface CubeCell {
  table_id: string;
  period: string;
  dimension_value: string;
  kind: string;
  sensitive: boolean;
  contributors: number;
  numerator_contributors: number | null;
  min_observed: number | null;
  max_observed: number | null;
}

/** Every released cell joined to its cube row (the truth behind it). */
async function releasedAgainstCube(data: string): Promise<CubeCell[]> {
  return query<CubeCell>(
    join(data, ANALYTICS_FILE),
    `ATTACH '${join(data, RELEASE_FILE)}' AS rel (READ_ONLY);
     SELECT r.table_id, r.period, r.dimension_value, cat.kind, c.metric IN (${SENSITIVE}) AS sensitive,
       c.contributors::INTEGER AS contributors, c.numerator_contributors::INTEGER AS numerator_contributors,
       c.min_observed::DOUBLE AS min_observed, c.max_observed::DOUBLE AS max_observed
     FROM rel.cells r JOIN rel.catalog cat USING (table_id)
     JOIN cube c ON c.metric = r.metric AND c.period_grain = r.period_grain AND c.period = r.period
       AND c.dimension = r.dimension AND c.dimension_value = r.dimension_value
     WHERE r.status = 'released'`,
  );
}
const SENSITIVE = "'satisfaction_mean', 'satisfaction_positive', 'trust_mean', 'trust_high', 'recovery_change', 'recovery_reliable_improvement', 'recovery_at_cutoff'";

function expectSafeCells(cells: CubeCell[], k: number): void {
  const small = (x: number | null) => x !== null && x >= 1 && x < k;
  for (const c of cells) {
    const where = `${c.table_id} ${c.period} ${c.dimension_value}`;
    expect(small(c.contributors), `${where}: ${c.contributors} contributors`).toBe(false);
    if (c.kind === 'share') {
      expect(small(c.numerator_contributors), `${where}: numerator`).toBe(false);
      expect(small(c.contributors - (c.numerator_contributors ?? 0)), `${where}: complement`).toBe(false);
      if (c.sensitive) expect([0, c.contributors], `${where}: homogeneous share`).not.toContain(c.numerator_contributors);
    }
    if (c.kind === 'mean' && c.sensitive && c.contributors > 0) {
      expect(c.min_observed === c.max_observed, `${where}: uniform mean`).toBe(false);
    }
  }
}

async function expectNoRecovery(release: Release, p: number): Promise<void> {
  const recovered = differencingAttacks(release);
  expect(recovered, JSON.stringify(recovered.slice(0, 3))).toEqual([]);
  const { narrow } = await rowLpAttack(release, p);
  expect(narrow, JSON.stringify(narrow.slice(0, 3))).toEqual([]);
}

describe("the attacker's answer classes", () => {
  it('are those the pipeline derives, up to its rounding slack (worked out apart, from the instruments)', () => {
    for (const l of answerClasses(DEFAULT_INSTRUMENTS).links) {
      const own = classRanges(l.share, DEFAULT_INSTRUMENTS);
      for (const [ours, theirs] of [[own.out, l.below], [own.in, l.atOrAbove]] as const) {
        expect(theirs[0]).toBeLessThanOrEqual(ours[0]);
        expect(theirs[1]).toBeGreaterThanOrEqual(ours[1]);
        expect(ours[0] - theirs[0]).toBeLessThan(1e-4);
        expect(theirs[1] - ours[1]).toBeLessThan(1e-4);
      }
    }
  });
});

describe('the demo release', () => {
  // the release `npm run demo` serves (shared with the e2e tests, built once): pruned with the
  // default budget, so the attacks see released-again cells
  let data: string;
  let input: string;
  let release: Release;
  let pruned: number;

  beforeAll(async () => {
    ({ dataDir: data, inputDir: input } = await ensureDemoRelease());
    const [last] = await query<{ summary: string }>(join(data, ANALYTICS_FILE), `SELECT summary::VARCHAR AS summary FROM runs WHERE status = 'succeeded' ORDER BY started_at DESC LIMIT 1`);
    pruned = (JSON.parse(last!.summary) as RunSummary).release.pruned;
    release = await readRelease(join(data, RELEASE_FILE));
  }, 600_000);

  it('is a pruned release: cells the loop suppressed were released again', () => {
    expect(pruned).toBeGreaterThan(0);
  });

  it('suppresses something and releases most cells', () => {
    const suppressed = release.cells.filter((c) => c.status === 'suppressed').length;
    expect(suppressed).toBeGreaterThan(100);
    expect(release.cells.length - suppressed).toBeGreaterThan(suppressed);
    expect(release.cells.every((c) => (c.status === 'suppressed') === (c.value === null))).toBe(true);
  });

  it('no suppressed count is recovered by margins, program − sites, or periods', async () => {
    await expectNoRecovery(release, K);
  });

  it('a published mean leaves each suppressed share of the same answers p wide, even to an attacker told how many answered', async () => {
    const rel = join(data, RELEASE_FILE);
    const truth = await query<{ table_id: string; period: string; dimension_value: string; n: number }>(
      join(data, ANALYTICS_FILE),
      `ATTACH '${rel}' AS rel (READ_ONLY);
       SELECT r.table_id, r.period, r.dimension_value, c.contributors::INTEGER AS n
       FROM rel.cells r JOIN cube c ON c.metric = r.metric AND c.period_grain = r.period_grain AND c.period = r.period
         AND c.dimension = r.dimension AND c.dimension_value = r.dimension_value
       WHERE r.status = 'suppressed'`,
    );
    const n = new Map(truth.map((t) => [`${t.table_id} ${t.period} ${t.dimension_value}`, t.n]));
    const decimals = new Map(
      (await query<{ table_id: string; decimals: number }>(rel, 'SELECT table_id, decimals::INTEGER AS decimals FROM catalog')).map((c) => [c.table_id, c.decimals]),
    );
    const [{ instruments }] = (await query<{ instruments: string }>(rel, 'SELECT instruments FROM manifest')) as [{ instruments: string }];
    const { narrow, tried, joint } = meanShareAttack(release, decimals, (c) => n.get(`${c.table_id} ${c.period} ${c.dimension_value}`)!, JSON.parse(instruments), K);
    // means stand beside suppressed shares in this release (else the attack tried nothing), some with the other recovery share released
    expect(tried).toBeGreaterThan(50);
    expect(joint).toBeGreaterThan(5);
    expect(narrow, JSON.stringify(narrow.slice(0, 3))).toEqual([]);
  });

  it('every released cell rests on at least k people, and no sensitive cell is homogeneous', async () => {
    const cells = await releasedAgainstCube(data);
    expect(cells.length).toBeGreaterThan(1000);
    expectSafeCells(cells, K);
  });

  it('released counts equal ground truth computed from the raw files, and are 0 or at least k', async () => {
    const manifest = JSON.parse(await import('node:fs').then((f) => f.readFileSync(join(input, 'synth-manifest.json'), 'utf8')));
    const bad = (file: string) => (manifest.files[file].malformed as { line: number }[]).map((m) => m.line);
    // Independent of the pipeline: raw CSV, malformed lines dropped by their manifest line numbers.
    const truth = await query<{ period: string; dimension: string; dimension_value: string; served: number }>(
      ':memory:',
      `WITH p AS (
         SELECT * FROM (SELECT *, row_number() OVER () + 1 AS line FROM read_csv('${join(input, 'participants.csv')}', all_varchar = true))
         WHERE line NOT IN (${bad('participants.csv').join(',') || 0})),
       e AS (
         SELECT * FROM (SELECT *, row_number() OVER () + 1 AS line FROM read_csv('${join(input, 'encounters.csv')}', all_varchar = true))
         WHERE line NOT IN (${bad('encounters.csv').join(',') || 0}) AND status = 'attended'),
       served AS (SELECT DISTINCT e.participant_id, strftime(e.date::DATE, '%Y-%m') AS period, p.program, p.site, p.gender, p.race_ethnicity
         FROM e JOIN p USING (participant_id))
       SELECT period, 'total' AS dimension, 'all' AS dimension_value, count(*)::INTEGER AS served FROM served GROUP BY ALL
       UNION ALL SELECT period, 'program', program, count(*)::INTEGER FROM served GROUP BY ALL
       UNION ALL SELECT period, 'site', site, count(*)::INTEGER FROM served GROUP BY ALL
       UNION ALL SELECT period, 'gender', gender, count(*)::INTEGER FROM served GROUP BY ALL
       UNION ALL SELECT period, 'race_ethnicity', race_ethnicity, count(*)::INTEGER FROM served GROUP BY ALL`,
    );
    const byKey = new Map(truth.map((t) => [`${t.period} ${t.dimension} ${t.dimension_value}`, t.served]));
    // months are released by program and in total (the release catalog)
    const released = release.cells.filter(
      (c) => c.metric === 'participants_served' && c.period_grain === 'month' && c.status === 'released' && c.dimension !== 'modality',
    );
    expect(new Set(released.map((c) => c.dimension))).toEqual(new Set(['total', 'program']));
    expect(released.length).toBeGreaterThan(100);
    for (const c of released) {
      const t = byKey.get(`${c.period} ${c.dimension} ${c.dimension_value}`) ?? 0;
      expect(c.value, `${c.dimension} ${c.dimension_value} ${c.period}`).toBe(t);
      expect(t === 0 || t >= K).toBe(true);
    }
    // and every program-month with someone served has its cell, released or suppressed, never missing
    const inRelease = new Set(
      release.cells.filter((c) => c.metric === 'participants_served' && c.period_grain === 'month').map((c) => `${c.period} ${c.dimension} ${c.dimension_value}`),
    );
    const expected = truth.filter((t) => (t.dimension === 'total' || t.dimension === 'program') && t.served > 0);
    expect(expected.length).toBeGreaterThan(100);
    for (const t of expected) expect(inRelease.has(`${t.period} ${t.dimension} ${t.dimension_value}`), `${t.period} ${t.dimension_value}`).toBe(true);
  });
});

/** A small program, made from a seed: few people, few sites, a few months. */
function smallProgram(dir: string, p: { seed: number; people: number; sites: number; months: number; rareShare: number }): void {
  let s = p.seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const day = (m: number, d: number) => `2025-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const sites = Array.from({ length: p.sites }, (_, i) => ({ site: `Site ${i + 1}`, program: i % 2 === 0 ? 'North' : 'South' }));
  const people = ['participant_id,program,site,enrolled_on,birth_year,gender,race_ethnicity'];
  const encounters = ['encounter_id,participant_id,staff_id,date,minutes,modality,status'];
  let e = 0;
  for (let i = 0; i < p.people; i++) {
    const where = sites[Math.floor(rnd() ** 1.7 * sites.length)]!; // skewed: some sites small
    const start = Math.floor(rnd() * p.months);
    const gender = rnd() < p.rareShare ? 'another' : pick(['woman', 'man']);
    people.push(`P${i},${where.program},${where.site},${day(start, 1 + Math.floor(rnd() * 27))},${1950 + Math.floor(rnd() * 50)},${gender},${pick(['white', 'black', 'hispanic_latino', 'asian'])}`);
    for (let m = start; m < p.months; m++) {
      if (rnd() < 0.3) break;
      const visits = 1 + Math.floor(rnd() * 4);
      for (let v = 0; v < visits; v++) {
        const status = rnd() < 0.15 ? 'no_show' : 'attended';
        encounters.push(`E${e++},P${i},S${sites.indexOf(where)},${day(m, 1 + Math.floor(rnd() * 27))},${status === 'attended' ? 45 : 0},${pick(['in_person', 'phone', 'group'])},${status}`);
      }
    }
  }
  writeFileSync(join(dir, 'participants.csv'), people.join('\n') + '\n');
  writeFileSync(join(dir, 'encounters.csv'), encounters.join('\n') + '\n');
  writeFileSync(join(dir, 'staff.csv'), ['staff_id,program,site,role,hired_on', ...sites.map((x, i) => `S${i},${x.program},${x.site},peer_specialist,2020-01-01`)].join('\n') + '\n');
}

describe('small random programs (property)', () => {
  it('no attack narrows a suppressed count below p, and no released cell rests on fewer than k people', async () => {
    const k = 5;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
          people: fc.integer({ min: 15, max: 90 }),
          sites: fc.integer({ min: 2, max: 5 }),
          months: fc.integer({ min: 3, max: 9 }),
          rareShare: fc.double({ min: 0, max: 0.15, noNaN: true }),
        }),
        async (p) => {
          const input = tempDir('prop-input');
          smallProgram(input, p);
          const data = tempDir('prop-data');
          // pruning on, so the attacks see a pruned release, but with few audits: eight runs share the timeout
          await run(input, data, { ...DEMO_ENV, PEER_OUTCOMES_K: String(k), PEER_OUTCOMES_PRUNE_AUDITS: '3' });
          const release = await readRelease(join(data, RELEASE_FILE));
          await expectNoRecovery(release, k);
          expectSafeCells(await releasedAgainstCube(data), k);
        },
      ),
      { numRuns: 8, seed: 20261121 },
    );
  }, 600_000);
});
