// Hand-computed fixture tests for the metric cube.
//
// Each folder under tests/fixtures/metrics/ is a small, complete extract (a
// handful of people) whose every cube cell below was computed by hand from
// docs/metrics.md, not from the metric SQL. The hand computation sits next to
// each expected value. Periods: calendar fiscal year (default start month 1).
//
// Notation in the comments: "Pn" participant, "Sn" staff, "✓"/"✗" in or out
// of a numerator, "c" contributors, "nc" numerator contributors.
//
// Failing cells are discrepancies between the pipeline and docs/metrics.md, kept
// on purpose (the expectation follows the docs). At the time of writing:
//  - window_edges: an event dated in a month outside the data window (enrolment,
//    survey, goal before the first / after the last encounter month) is left out of
//    the quarter and year that contain it, although those periods are in the cube.
//  - incident_sites / professional_standards: an incident at a site with no attended
//    encounter in the period has no site (or program) cell at all, and an incident at
//    a site that no participant or staff row names is dropped from every cell,
//    totals included.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../pipelines/metrics/catalog';
import { runPipeline, type RunSummary } from '../pipelines/runner/run';

interface CubeRow {
  metric: string;
  period_grain: string;
  period: string;
  dimension: string;
  dimension_value: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  contributors: number;
  numerator_contributors: number | null;
  min_observed: number | null;
  max_observed: number | null;
}

/** One expected cell. `dim` defaults to total/all; the grain follows from the period's form. */
interface Expect {
  m: string;
  p: string;
  dim?: string;
  dv?: string;
  value?: number;
  /** The value must be NULL (denominator 0) although the cell has contributors. */
  valueNull?: boolean;
  contributors?: number;
  nc?: number;
  min?: number;
  max?: number;
  numerator?: number;
  denominator?: number;
}

const FIXTURES = fileURLToPath(new URL('./fixtures/metrics/', import.meta.url));
const DIGITS = 6;

const grainOf = (period: string) => (/^\d{4}-\d{2}$/.test(period) ? 'month' : /^\d{4}-Q[1-4]$/.test(period) ? 'quarter' : 'year');

interface Built {
  summary: RunSummary;
  rows: CubeRow[];
}

async function build(family: string, extraEnv: Record<string, string> = {}): Promise<Built & { dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), `po-metrics-${family}-`));
  const summary = await runPipeline({
    inputDir: join(FIXTURES, family),
    dataDir,
    env: { PEER_OUTCOMES_DEMO: '1', ...extraEnv } as unknown as NodeJS.ProcessEnv,
  });
  const instance = await DuckDBInstance.create(join(dataDir, 'analytics.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(`
      SELECT metric, period_grain, period, dimension, dimension_value, value, numerator, denominator,
        contributors, numerator_contributors, min_observed, max_observed FROM cube`);
    return { summary, rows: reader.getRowObjectsJson() as unknown as CubeRow[], dataDir };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function find(rows: CubeRow[], m: string, p: string, dim = 'total', dv = 'all'): CubeRow[] {
  return rows.filter(
    (r) => r.metric === m && r.period === p && r.period_grain === grainOf(p) && r.dimension === dim && r.dimension_value === dv,
  );
}

const label = (e: { m: string; p: string; dim?: string; dv?: string }) =>
  `${e.m} ${e.p} ${e.dim ?? 'total'}=${e.dv ?? 'all'}`;

function checkCell(rows: CubeRow[], e: Expect): void {
  const found = find(rows, e.m, e.p, e.dim, e.dv);
  expect(found, `one cell for ${label(e)}`).toHaveLength(1);
  const c = found[0]!;
  if (e.valueNull) expect(c.value, `value of ${label(e)}`).toBeNull();
  if (e.value !== undefined) {
    expect(c.value, `value of ${label(e)}`).not.toBeNull();
    expect(c.value!, `value of ${label(e)}`).toBeCloseTo(e.value, DIGITS);
  }
  if (e.contributors !== undefined) expect(c.contributors, `contributors of ${label(e)}`).toBe(e.contributors);
  if (e.nc !== undefined) expect(c.numerator_contributors, `numerator_contributors of ${label(e)}`).toBe(e.nc);
  if (e.min !== undefined) expect(c.min_observed!, `min_observed of ${label(e)}`).toBeCloseTo(e.min, DIGITS);
  if (e.max !== undefined) expect(c.max_observed!, `max_observed of ${label(e)}`).toBeCloseTo(e.max, DIGITS);
  if (e.numerator !== undefined) expect(c.numerator!, `numerator of ${label(e)}`).toBeCloseTo(e.numerator, DIGITS);
  if (e.denominator !== undefined) expect(c.denominator!, `denominator of ${label(e)}`).toBeCloseTo(e.denominator, DIGITS);
}

/** A cell that must not exist at all (a breakdown the metric does not have, a person outside every band). */
interface Absent {
  m: string;
  p?: string;
  dim: string;
  dv?: string;
}
function checkAbsent(rows: CubeRow[], a: Absent): void {
  const found = rows.filter(
    (r) => r.metric === a.m && (a.p === undefined || r.period === a.p) && r.dimension === a.dim && (a.dv === undefined || r.dimension_value === a.dv),
  );
  expect(found, `no cell ${a.m} ${a.p ?? '*'} ${a.dim}=${a.dv ?? '*'}`).toHaveLength(0);
}

/** A cell with nobody in its denominator: absent, or present with 0 contributors and a NULL value (docs leave which open). */
function checkEmpty(rows: CubeRow[], e: { m: string; p: string; dim?: string; dv?: string }): void {
  for (const c of find(rows, e.m, e.p, e.dim, e.dv)) {
    expect(c.contributors, `contributors of ${label(e)}`).toBe(0);
    expect(c.value, `value of ${label(e)}`).toBeNull();
  }
}

interface Suite {
  /** Describe title suffix; defaults to the family folder. */
  name?: string;
  /** Extra environment (e.g. fiscal year start) on top of PEER_OUTCOMES_DEMO=1. */
  env?: Record<string, string>;
  cells: Expect[];
  absent: Absent[];
  empty: { m: string; p: string; dim?: string; dv?: string }[];
  /** Accepted rows per input file. */
  rows: Record<string, number>;
}

function fixtureSuite(family: string, o: Suite): { metricsCovered: Set<string> } {
  const { cells, absent, empty, rows: expectedRows } = o;
  describe(`metric fixture: ${o.name ?? family}`, () => {
    let built: Built & { dataDir: string };
    beforeAll(async () => {
      built = await build(family, o.env);
    }, 120_000);
    afterAll(() => {
      if (built) rmSync(built.dataDir, { recursive: true, force: true });
    });

    it('loads every fixture row (nothing quarantined)', () => {
      for (const f of built.summary.files) {
        expect(f.quarantined, `${f.file} quarantined rows`).toBe(0);
        expect(f.accepted, `${f.file} accepted rows`).toBe(expectedRows[f.file]);
      }
      expect(built.summary.files.map((f) => f.file).sort()).toEqual(Object.keys(expectedRows).sort());
    });

    for (const e of cells) it(`${label(e)}`, () => checkCell(built.rows, e));
    for (const a of absent) it(`absent: ${a.m} ${a.p ?? '*'} ${a.dim}=${a.dv ?? '*'}`, () => checkAbsent(built.rows, a));
    for (const e of empty) it(`empty: ${label(e)}`, () => checkEmpty(built.rows, e));
  });
  return { metricsCovered: new Set(cells.map((c) => c.m)) };
}

// ─────────────────────────────────────────────────────────────────────────────
// reach_engagement — data window 2025-01-01 (E01) … 2025-12-31 (E14).
//
// P1 Alpha/North  enrolled 2025-01-01, born 1990 (35-44), woman, white
//    attended weekly Jan 1, 8, 15, 22, 29, Feb 5, 12 (group), 19, 26, Mar 5 (60 min each,
//    in_person except Feb 12) = weeks 0..9 → 10 weeks → weekly; Mar 12 no_show;
//    Mar 19 cancelled; Jul 10 phone 30; Dec 31 in_person 60. 12 attended, 690 min.
// P2 Alpha/South  enrolled 2025-01-15, born 2000 (25-34), man, black
//    phone 30 attended Jan 20 (wk0), Jan 22 (wk1), Jan 29 (wk2), Feb 5 (wk3); video 45 Feb 20 (wk5)
//    → 5 weeks → regular; Jan 27 no_show; Feb 3 cancelled. 5 attended, 165 min.
// P3 Alpha/North  enrolled 2025-02-10, born 1960 (65-74), nonbinary — only a no_show Feb 12 → sporadic.
// P4 Beta/East    enrolled 2025-02-25, born 1980 (45-54), woman, asian
//    group 90 Feb 20 (before enrolment), group 90 Mar 5 (wk1), in_person 60 Mar 12 (wk2),
//    text 15 Jun 2 (day 97, outside the 13 weeks) → 2 weeks → sporadic. 4 attended, 255 min.
// P5 Alpha/South  enrolled 2025-10-20, born 2008 (under_18), man, white
//    in_person 60 Oct 22, phone 30 Nov 25. Oct 20 + 91 > Dec 31 → no consistency band.
// P6 Beta/East    enrolled 2025-03-03, born 1995 (25-34), woman — never contacted → sporadic.
// ─────────────────────────────────────────────────────────────────────────────
const reach = fixtureSuite('reach_engagement', {
  cells: [
    // participants_served (count: value = contributors)
    { m: 'participants_served', p: '2025-01', value: 2, contributors: 2 }, // P1, P2 attended in Jan
    { m: 'participants_served', p: '2025-02', value: 3, contributors: 3 }, // P1, P2, P4 (P3 only no-show)
    { m: 'participants_served', p: '2025-Q1', value: 3, contributors: 3 }, // P1 (all 3 months) counts once; P1, P2, P4
    { m: 'participants_served', p: '2025-Q4', value: 2, contributors: 2 }, // P5 (Oct, Nov), P1 (Dec 31)
    { m: 'participants_served', p: '2025', value: 4, contributors: 4 }, // P1, P2, P4, P5; P3, P6 never attended
    { m: 'participants_served', p: '2025-Q1', dim: 'modality', dv: 'group', value: 2, contributors: 2 }, // P1 Feb 12, P4 Feb 20 + Mar 5
    { m: 'participants_served', p: '2025-Q1', dim: 'modality', dv: 'in_person', value: 2, contributors: 2 }, // P1, P4 Mar 12
    { m: 'participants_served', p: '2025-Q1', dim: 'modality', dv: 'phone', value: 1, contributors: 1 }, // P2
    { m: 'participants_served', p: '2025-02', dim: 'modality', dv: 'video', value: 1, contributors: 1 }, // P2 Feb 20
    { m: 'participants_served', p: '2025', dim: 'modality', dv: 'text', value: 1, contributors: 1 }, // P4 Jun 2
    { m: 'participants_served', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 2, contributors: 2 }, // P1, P2
    { m: 'participants_served', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 1, contributors: 1 }, // P4
    { m: 'participants_served', p: '2025-Q1', dim: 'site', dv: 'North', value: 1, contributors: 1 }, // P1 (P3 no-show only)
    { m: 'participants_served', p: '2025', dim: 'age_band', dv: 'under_18', value: 1, contributors: 1 }, // P5: 2025 − 2008 = 17
    { m: 'participants_served', p: '2025', dim: 'race_ethnicity', dv: 'white', value: 2, contributors: 2 }, // P1, P5

    // new_enrollments
    { m: 'new_enrollments', p: '2025-01', value: 2, contributors: 2 }, // P1 Jan 1, P2 Jan 15
    { m: 'new_enrollments', p: '2025-02', value: 2, contributors: 2 }, // P3 Feb 10, P4 Feb 25
    { m: 'new_enrollments', p: '2025-Q1', value: 5, contributors: 5 }, // P1, P2, P3, P4, P6 (Mar 3)
    { m: 'new_enrollments', p: '2025-Q4', value: 1, contributors: 1 }, // P5 Oct 20
    { m: 'new_enrollments', p: '2025', value: 6, contributors: 6 }, // all six
    { m: 'new_enrollments', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 3, contributors: 3 }, // P1, P2, P3
    { m: 'new_enrollments', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 2, contributors: 2 }, // P4, P6
    { m: 'new_enrollments', p: '2025-Q1', dim: 'gender', dv: 'woman', value: 3, contributors: 3 }, // P1, P4, P6
    { m: 'new_enrollments', p: '2025', dim: 'age_band', dv: '25-34', value: 2, contributors: 2 }, // P2 (25), P6 (30)
    { m: 'new_enrollments', p: '2025', dim: 'age_band', dv: '65-74', value: 1, contributors: 1 }, // P3 (65)

    // encounters_attended (contributors = people served)
    { m: 'encounters_attended', p: '2025-01', value: 8, contributors: 2 }, // P1 5 + P2 3 → 8
    { m: 'encounters_attended', p: '2025-02', value: 7, contributors: 3 }, // P1 4 + P2 2 + P4 1 → 7
    { m: 'encounters_attended', p: '2025-03', value: 3, contributors: 2 }, // P1 1 + P4 2 (no-show, cancelled excluded)
    { m: 'encounters_attended', p: '2025-Q1', value: 18, contributors: 3 }, // 8 + 7 + 3
    { m: 'encounters_attended', p: '2025', value: 23, contributors: 4 }, // P1 12 + P2 5 + P4 4 + P5 2
    { m: 'encounters_attended', p: '2025-Q1', dim: 'modality', dv: 'in_person', value: 10, contributors: 2 }, // P1 9 + P4 1
    { m: 'encounters_attended', p: '2025-Q1', dim: 'modality', dv: 'group', value: 3, contributors: 2 }, // P1 1 + P4 2
    { m: 'encounters_attended', p: '2025-Q1', dim: 'modality', dv: 'phone', value: 4, contributors: 1 }, // P2 4
    { m: 'encounters_attended', p: '2025-Q1', dim: 'modality', dv: 'video', value: 1, contributors: 1 }, // P2 Feb 20 (P1's video was cancelled)
    { m: 'encounters_attended', p: '2025-Q1', dim: 'site', dv: 'North', value: 10, contributors: 1 }, // P1 Jan 1 … Mar 5

    // contact_hours (minutes of attended ÷ 60)
    { m: 'contact_hours', p: '2025-01', value: 6.5, contributors: 2 }, // P1 5×60 + P2 3×30 = 390 min
    { m: 'contact_hours', p: '2025-02', value: 6.75, contributors: 3 }, // P1 240 + P2 30+45 + P4 90 = 405 min
    { m: 'contact_hours', p: '2025-03', value: 3.5, contributors: 2 }, // P1 60 + P4 90+60 = 210 min
    { m: 'contact_hours', p: '2025-Q1', value: 16.75, contributors: 3 }, // 390 + 405 + 210 = 1005 min
    { m: 'contact_hours', p: '2025', value: 20, contributors: 4 }, // P1 690 + P2 165 + P4 255 + P5 90 = 1200 min
    { m: 'contact_hours', p: '2025-Q1', dim: 'modality', dv: 'group', value: 4, contributors: 2 }, // 60 + 90 + 90 = 240 min
    { m: 'contact_hours', p: '2025-Q1', dim: 'modality', dv: 'phone', value: 2, contributors: 1 }, // P2 4×30
    { m: 'contact_hours', p: '2025', dim: 'program', dv: 'Beta', value: 4.25, contributors: 1 }, // P4 255 min

    // encounters_per_participant (ratio; min/max per person)
    { m: 'encounters_per_participant', p: '2025-02', value: 7 / 3, contributors: 3, min: 1, max: 4 }, // P1 4, P2 2, P4 1
    { m: 'encounters_per_participant', p: '2025-Q1', value: 6, numerator: 18, denominator: 3, contributors: 3, min: 3, max: 10 }, // P1 10, P2 5, P4 3
    { m: 'encounters_per_participant', p: '2025', value: 23 / 4, contributors: 4, min: 2, max: 12 }, // P1 12, P2 5, P4 4, P5 2
    { m: 'encounters_per_participant', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 7.5, contributors: 2, min: 5, max: 10 }, // (10 + 5) / 2

    // no_show_rate: no-show ÷ (attended + no-show); cancelled ignored
    { m: 'no_show_rate', p: '2025-01', value: 1 / 9, numerator: 1, denominator: 9, contributors: 2, nc: 1 }, // P2 Jan 27; 8 attended + 1
    { m: 'no_show_rate', p: '2025-02', value: 1 / 8, contributors: 4, nc: 1 }, // P3 Feb 12; 7 + 1; P1, P2, P3, P4 (P2 Feb 3 cancelled)
    { m: 'no_show_rate', p: '2025-03', value: 1 / 4, contributors: 2, nc: 1 }, // P1 Mar 12; 3 + 1; P1, P4
    { m: 'no_show_rate', p: '2025-Q1', value: 3 / 21, numerator: 3, denominator: 21, contributors: 4, nc: 3 }, // 18 + 3; nc P1, P2, P3
    { m: 'no_show_rate', p: '2025', value: 3 / 26, contributors: 5, nc: 3 }, // 23 + 3; P1, P2, P3, P4, P5
    { m: 'no_show_rate', p: '2025-Q1', dim: 'site', dv: 'North', value: 2 / 12, contributors: 2, nc: 2 }, // P1 10 + 1, P3 0 + 1

    // days_to_first_contact: enrolment period; first attended on/after enrolment
    { m: 'days_to_first_contact', p: '2025-01', value: 2.5, contributors: 2, min: 0, max: 5 }, // P1 Jan1→Jan1 0, P2 Jan15→Jan20 5
    { m: 'days_to_first_contact', p: '2025-02', value: 8, contributors: 1, min: 8, max: 8 }, // P4 Feb25→Mar5 8 (Feb 20 is before); P3 none
    { m: 'days_to_first_contact', p: '2025-Q1', value: 13 / 3, contributors: 3, min: 0, max: 8 }, // (0 + 5 + 8) / 3; P3, P6 none
    { m: 'days_to_first_contact', p: '2025', value: 15 / 4, contributors: 4, min: 0, max: 8 }, // + P5 Oct20→Oct22 2
    { m: 'days_to_first_contact', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 8, contributors: 1 }, // P4; P6 never contacted

    // retention_30d: enrolment + 30 ≤ 2025-12-31; attended on/after day 30
    // P1 day30 Jan31 → Feb5 ✓; P2 Feb14 → Feb20 ✓; P3 ✗; P4 Mar27 → Jun2 ✓; P6 ✗; P5 Nov19 → Nov25 ✓
    { m: 'retention_30d', p: '2025-01', value: 1, contributors: 2, nc: 2 }, // P1 ✓, P2 ✓
    { m: 'retention_30d', p: '2025-02', value: 0.5, contributors: 2, nc: 1 }, // P3 ✗, P4 ✓
    { m: 'retention_30d', p: '2025-03', value: 0, contributors: 1, nc: 0 }, // P6 never contacted ✗
    { m: 'retention_30d', p: '2025-Q1', value: 0.6, contributors: 5, nc: 3 }, // 3 of P1, P2, P3, P4, P6
    { m: 'retention_30d', p: '2025-Q4', value: 1, contributors: 1, nc: 1 }, // P5 ✓
    { m: 'retention_30d', p: '2025', value: 4 / 6, contributors: 6, nc: 4 },
    { m: 'retention_30d', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 2 / 3, contributors: 3, nc: 2 }, // P1 ✓ P2 ✓ P3 ✗
    { m: 'retention_30d', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 0.5, contributors: 2, nc: 1 }, // P4 ✓ P6 ✗
    { m: 'retention_30d', p: '2025-Q1', dim: 'consistency_band', dv: 'weekly', value: 1, contributors: 1, nc: 1 }, // P1
    { m: 'retention_30d', p: '2025-Q1', dim: 'consistency_band', dv: 'regular', value: 1, contributors: 1, nc: 1 }, // P2
    { m: 'retention_30d', p: '2025-Q1', dim: 'consistency_band', dv: 'sporadic', value: 1 / 3, contributors: 3, nc: 1 }, // P3 ✗ P4 ✓ P6 ✗
    { m: 'retention_30d', p: '2025', dim: 'consistency_band', dv: 'sporadic', value: 1 / 3, contributors: 3, nc: 1 }, // P5 has no band

    // retention_90d: P1 day90 Apr1 → Jul10 ✓; P2 Apr15 ✗; P3 ✗; P4 May26 → Jun2 ✓; P6 ✗; P5 Jan18 2026 not covered
    { m: 'retention_90d', p: '2025-Q1', value: 0.4, contributors: 5, nc: 2 }, // P1, P4 of 5
    { m: 'retention_90d', p: '2025', value: 0.4, contributors: 5, nc: 2 }, // P5 outside the denominator
    { m: 'retention_90d', p: '2025-01', value: 0.5, contributors: 2, nc: 1 }, // P1 ✓ P2 ✗
    { m: 'retention_90d', p: '2025-Q1', dim: 'consistency_band', dv: 'sporadic', value: 1 / 3, contributors: 3, nc: 1 }, // P4 ✓
    { m: 'retention_90d', p: '2025-Q1', dim: 'consistency_band', dv: 'regular', value: 0, contributors: 1, nc: 0 }, // P2 ✗

    // retention_180d: P1 day180 Jun30 → Jul10 ✓; P2 ✗; P3 ✗; P4 Aug24 ✗; P6 Aug30 ✗; P5 not covered
    { m: 'retention_180d', p: '2025-Q1', value: 0.2, contributors: 5, nc: 1 },
    { m: 'retention_180d', p: '2025', value: 0.2, contributors: 5, nc: 1 },
    { m: 'retention_180d', p: '2025-01', value: 0.5, contributors: 2, nc: 1 }, // P1 ✓ P2 ✗
    { m: 'retention_180d', p: '2025-Q1', dim: 'consistency_band', dv: 'weekly', value: 1, contributors: 1, nc: 1 }, // P1

    // consistent_contact: enrolled in period with a band; weekly share
    { m: 'consistent_contact', p: '2025-01', value: 0.5, contributors: 2, nc: 1 }, // P1 weekly, P2 regular
    { m: 'consistent_contact', p: '2025-02', value: 0, contributors: 2, nc: 0 }, // P3, P4 sporadic
    { m: 'consistent_contact', p: '2025-Q1', value: 0.2, contributors: 5, nc: 1 }, // P1 of P1, P2, P3, P4, P6
    { m: 'consistent_contact', p: '2025', value: 0.2, contributors: 5, nc: 1 }, // P5 has no band yet
    { m: 'consistent_contact', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 1 / 3, contributors: 3, nc: 1 }, // P1 of P1, P2, P3

    // group_share: attended group ÷ attended; c = people served; nc = people with a group encounter
    { m: 'group_share', p: '2025-01', value: 0, contributors: 2, nc: 0 }, // 0 / 8
    { m: 'group_share', p: '2025-02', value: 2 / 7, contributors: 3, nc: 2 }, // P1 Feb 12, P4 Feb 20
    { m: 'group_share', p: '2025-Q1', value: 3 / 18, numerator: 3, denominator: 18, contributors: 3, nc: 2 }, // + P4 Mar 5
    { m: 'group_share', p: '2025', value: 3 / 23, contributors: 4, nc: 2 },
    { m: 'group_share', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 2 / 3, contributors: 1, nc: 1 }, // P4 2 of 3
  ],
  absent: [
    { m: 'encounters_per_participant', dim: 'modality' }, // not a breakdown of this metric
    { m: 'new_enrollments', dim: 'modality' },
    { m: 'no_show_rate', dim: 'modality' },
    { m: 'consistent_contact', dim: 'consistency_band' },
    { m: 'retention_30d', dim: 'trust_band' }, // nobody has a trust response → nobody has a trust band
    { m: 'participants_served', dim: 'consistency_band' },
    { m: 'participants_served', p: '2025-Q1', dim: 'site', dv: 'East · Beta' }, // no such site
  ],
  empty: [
    { m: 'retention_90d', p: '2025-Q4' }, // P5: Oct 20 + 90 > Dec 31
    { m: 'consistent_contact', p: '2025-Q4' }, // P5: no band yet
    { m: 'days_to_first_contact', p: '2025-03' }, // P6 never contacted
    { m: 'satisfaction_mean', p: '2025-Q1' }, // no survey in this extract
  ],
  rows: { 'participants.csv': 6, 'staff.csv': 2, 'encounters.csv': 28 },
});

// ─────────────────────────────────────────────────────────────────────────────
// satisfaction_trust — data window 2025-01-01 … 2025-06-30.
//
// Served: Jan P1 P2 P3 | Feb P1 P2 P3 P4 P5 | Mar P1 P2 P4 | Apr P2 P5 P6 | May P2 P3 P6 | Jun P4
// Consistency: P1 weekly (10 weekly visits), P2 sporadic (wk 0, 5, 9), P3 regular (wk 0–4),
//   P4 sporadic (wk 0, 4), P5 sporadic (wk 0, 9), P6 none (Apr 7 + 91 > Jun 30).
// po_satisfaction (6 items 1–5, item 6 reversed → 6 − a, min 75 % answered, positive ≥ 4):
//   R1 P1 Feb 5  5,4,4,5,4,(2→4) = 26/6 = 4.3333 ✓
//   R3 P1 Mar 5  5,5,5,5,5,(1→5) = 5.0 (superseded by R2 in March)
//   R2 P1 Mar 20 4,4,3,4,4,(3→3) = 22/6 = 3.6667 ✗
//   R4 P2 Feb 14 2,3,2,3,3,(4→2) = 15/6 = 2.5 ✗
//   R5 P3 Mar 14 5,5,4,–,5,(1→5) = 24/5 = 4.8 ✓ (5 of 6 answered)
//   R6 P4 Mar 3  4,4,–,–,4,2 → 4 of 6 = 0.67 < 0.75 → no score
//   R7 P6 May 6  4,4,4,4,4,(2→4) = 4.0 ✓ (at the threshold)
//   R8 P2 May 9  3,3,3,3,3,(3→3) = 3.0 ✗
//   R9 P2 May 20 3 of 6 answered → no score: R8 stays P2's latest *scored* response in May / Q2 / 2025
// po_trust (5 items 1–5, item 5 reversed, min 80 %, high ≥ 4):
//   T1 P1 Feb 5 5,5,4,5,(1→5) = 4.8; T2 P2 Feb 14 3,3,3,2,(4→2) = 2.6; T3 P3 Jan 24 4,4,4,4,(2→4) = 4.0;
//   T4 P3 Mar 14 3,4,3,4,(3→3) = 3.4; T5 P4 Mar 3 3 of 5 → no score; T6 P6 May 6 4,5,4,5,– = 4.5;
//   T8 P1 Mar 25 2 of 5 → no score (T1 stays P1's latest scored trust response)
// Trust band (latest scored trust response — a person attribute, the same in every period):
//   P1 high, P2 not_high, P3 not_high (T4, although T3 in January was 4.0), P6 high; P4, P5 none.
// ─────────────────────────────────────────────────────────────────────────────
const satisfaction = fixtureSuite('satisfaction_trust', {
  cells: [
    // satisfaction_mean
    { m: 'satisfaction_mean', p: '2025-02', value: (26 / 6 + 2.5) / 2, contributors: 2, min: 2.5, max: 26 / 6 }, // R1, R4
    { m: 'satisfaction_mean', p: '2025-03', value: (22 / 6 + 4.8) / 2, contributors: 2, min: 22 / 6, max: 4.8 }, // P1 latest R2 (not R3), R5; R6 unscored
    { m: 'satisfaction_mean', p: '2025-Q1', value: (22 / 6 + 2.5 + 4.8) / 3, contributors: 3, min: 2.5, max: 4.8 }, // R2, R4, R5
    { m: 'satisfaction_mean', p: '2025-Q2', value: 3.5, contributors: 2, min: 3, max: 4 }, // R7 4.0, R8 3.0
    { m: 'satisfaction_mean', p: '2025', value: (22 / 6 + 3 + 4.8 + 4) / 4, contributors: 4, min: 3, max: 4.8 }, // R2, R8, R5, R7
    { m: 'satisfaction_mean', p: '2025-Q1', dim: 'site', dv: 'North', value: (22 / 6 + 4.8) / 2, contributors: 2 }, // P1, P3
    { m: 'satisfaction_mean', p: '2025-Q1', dim: 'site', dv: 'South', value: 2.5, contributors: 1 }, // P2
    { m: 'satisfaction_mean', p: '2025-Q1', dim: 'consistency_band', dv: 'weekly', value: 22 / 6, contributors: 1 }, // P1
    { m: 'satisfaction_mean', p: '2025-Q1', dim: 'consistency_band', dv: 'regular', value: 4.8, contributors: 1 }, // P3
    { m: 'satisfaction_mean', p: '2025-Q1', dim: 'consistency_band', dv: 'sporadic', value: 2.5, contributors: 1 }, // P2 (P4 unscored)
    { m: 'satisfaction_mean', p: '2025', dim: 'consistency_band', dv: 'sporadic', value: 3, contributors: 1 }, // P2 latest R8
    { m: 'satisfaction_mean', p: '2025-Q1', dim: 'trust_band', dv: 'high', value: 22 / 6, contributors: 1 }, // P1
    { m: 'satisfaction_mean', p: '2025-Q1', dim: 'trust_band', dv: 'not_high', value: 3.65, contributors: 2, min: 2.5, max: 4.8 }, // P2 2.5, P3 4.8
    { m: 'satisfaction_mean', p: '2025', dim: 'trust_band', dv: 'high', value: (22 / 6 + 4) / 2, contributors: 2 }, // P1, P6
    { m: 'satisfaction_mean', p: '2025', dim: 'trust_band', dv: 'not_high', value: 3.9, contributors: 2 }, // P2 3.0, P3 4.8

    // satisfaction_positive (score ≥ 4)
    { m: 'satisfaction_positive', p: '2025-02', value: 0.5, contributors: 2, nc: 1 }, // P1 4.33 ✓, P2 ✗
    { m: 'satisfaction_positive', p: '2025-03', value: 0.5, contributors: 2, nc: 1 }, // P1 latest 3.67 ✗ (R3 5.0 ignored), P3 ✓
    { m: 'satisfaction_positive', p: '2025-Q1', value: 1 / 3, contributors: 3, nc: 1 }, // P3 only
    { m: 'satisfaction_positive', p: '2025-Q2', value: 0.5, contributors: 2, nc: 1 }, // P6 4.0 ✓ at threshold, P2 ✗
    { m: 'satisfaction_positive', p: '2025', value: 0.5, contributors: 4, nc: 2 }, // P3, P6
    { m: 'satisfaction_positive', p: '2025', dim: 'trust_band', dv: 'high', value: 0.5, contributors: 2, nc: 1 }, // P1 ✗ P6 ✓
    { m: 'satisfaction_positive', p: '2025', dim: 'trust_band', dv: 'not_high', value: 0.5, contributors: 2, nc: 1 }, // P2 ✗ P3 ✓
    { m: 'satisfaction_positive', p: '2025-Q1', dim: 'consistency_band', dv: 'regular', value: 1, contributors: 1, nc: 1 }, // P3

    // satisfaction_response_rate (among people served in the period)
    { m: 'satisfaction_response_rate', p: '2025-02', value: 2 / 5, contributors: 5, nc: 2 }, // P1, P2 of P1..P5
    { m: 'satisfaction_response_rate', p: '2025-03', value: 1 / 3, contributors: 3, nc: 1 }, // served P1 P2 P4: P1 ✓, P4 unscored; P3 responded but not served
    { m: 'satisfaction_response_rate', p: '2025-Q1', value: 3 / 5, contributors: 5, nc: 3 }, // P1, P2, P3 of P1..P5
    { m: 'satisfaction_response_rate', p: '2025-Q2', value: 2 / 5, contributors: 5, nc: 2 }, // P2, P6 of P2..P6
    { m: 'satisfaction_response_rate', p: '2025', value: 4 / 6, contributors: 6, nc: 4 }, // P1, P2, P3, P6
    { m: 'satisfaction_response_rate', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 0, contributors: 2, nc: 0 }, // P4 unscored, P5 none

    // trust_mean
    { m: 'trust_mean', p: '2025-01', value: 4, contributors: 1, min: 4, max: 4 }, // T3
    { m: 'trust_mean', p: '2025-02', value: 3.7, contributors: 2, min: 2.6, max: 4.8 }, // T1, T2
    { m: 'trust_mean', p: '2025-03', value: 3.4, contributors: 1 }, // T4; T5 unscored
    { m: 'trust_mean', p: '2025-Q1', value: 3.6, contributors: 3, min: 2.6, max: 4.8 }, // 4.8 + 2.6 + 3.4 (P3 latest T4)
    { m: 'trust_mean', p: '2025-Q2', value: 4.5, contributors: 1 }, // T6 (4 of 5 answered)
    { m: 'trust_mean', p: '2025', value: 3.825, contributors: 4, min: 2.6, max: 4.8 }, // (4.8 + 2.6 + 3.4 + 4.5) / 4
    { m: 'trust_mean', p: '2025', dim: 'program', dv: 'Alpha', value: 3.825, contributors: 4 }, // all four are Alpha
    { m: 'trust_mean', p: '2025-Q1', dim: 'consistency_band', dv: 'weekly', value: 4.8, contributors: 1 }, // P1
    { m: 'trust_mean', p: '2025-Q1', dim: 'consistency_band', dv: 'regular', value: 3.4, contributors: 1 }, // P3
    { m: 'trust_mean', p: '2025-Q1', dim: 'consistency_band', dv: 'sporadic', value: 2.6, contributors: 1 }, // P2

    // trust_high (≥ 4)
    { m: 'trust_high', p: '2025-01', value: 1, contributors: 1, nc: 1 }, // T3 4.0 at threshold
    { m: 'trust_high', p: '2025-Q1', value: 1 / 3, contributors: 3, nc: 1 }, // P1 ✓, P2 ✗, P3 3.4 ✗
    { m: 'trust_high', p: '2025', value: 0.5, contributors: 4, nc: 2 }, // P1, P6
    { m: 'trust_high', p: '2025', dim: 'consistency_band', dv: 'weekly', value: 1, contributors: 1, nc: 1 }, // P1
    { m: 'trust_high', p: '2025', dim: 'consistency_band', dv: 'sporadic', value: 0, contributors: 1, nc: 0 }, // P2

    // relationship view: retention by trust band
    // retention_30d Q1: P1 (Jan31→Feb5 ✓) high; P2 (Feb5→Feb14 ✓), P3 (Feb9→May2 ✓) not_high
    { m: 'retention_30d', p: '2025-Q1', dim: 'trust_band', dv: 'high', value: 1, contributors: 1, nc: 1 },
    { m: 'retention_30d', p: '2025-Q1', dim: 'trust_band', dv: 'not_high', value: 1, contributors: 2, nc: 2 },
    // retention_90d Q1: P1 Apr1 (last visit Mar 5) ✗; P2 Apr6 → Apr11 ✓; P3 Apr10 → May2 ✓
    { m: 'retention_90d', p: '2025-Q1', dim: 'trust_band', dv: 'high', value: 0, contributors: 1, nc: 0 },
    { m: 'retention_90d', p: '2025-Q1', dim: 'trust_band', dv: 'not_high', value: 1, contributors: 2, nc: 2 },
    // January cohort (P1, P2, P3): the band is the person's attribute from the latest trust response overall,
    // not "as of January" (then P1 and P2 would have none yet and P3 would be high from T3).
    { m: 'retention_30d', p: '2025-01', dim: 'trust_band', dv: 'high', value: 1, contributors: 1, nc: 1 }, // P1
    { m: 'retention_30d', p: '2025-01', dim: 'trust_band', dv: 'not_high', value: 1, contributors: 2, nc: 2 }, // P2, P3
    { m: 'retention_90d', p: '2025-01', dim: 'trust_band', dv: 'high', value: 0, contributors: 1, nc: 0 }, // P1 ✗
    { m: 'retention_90d', p: '2025-01', dim: 'trust_band', dv: 'not_high', value: 1, contributors: 2, nc: 2 }, // P2 ✓ P3 ✓
  ],
  absent: [
    { m: 'trust_mean', dim: 'trust_band' }, // trust is not broken down by trust band
    { m: 'trust_high', dim: 'trust_band' },
    { m: 'satisfaction_response_rate', dim: 'consistency_band' },
    { m: 'satisfaction_response_rate', dim: 'trust_band' },
    { m: 'satisfaction_mean', dim: 'modality' },
  ],
  empty: [
    { m: 'satisfaction_mean', p: '2025-01' }, // nobody answered satisfaction in January
    { m: 'satisfaction_positive', p: '2025-04' },
  ],
  rows: { 'participants.csv': 6, 'staff.csv': 2, 'encounters.csv': 28, 'survey_responses.csv': 16 },
});

// ─────────────────────────────────────────────────────────────────────────────
// recovery — data window 2025-01-01 … 2025-12-31 (the last encounter, Dec 31, is a cancelled one:
// the window runs over encounter dates whatever their status).
//
// po_recovery: 10 items 1–6, prorated_sum (mean of answered × 10), min 80 % answered,
// cut-off 47, RCI = change ÷ (9 × √2 × √0.1 = 4.02492) ≥ 1.96 ⇔ change ≥ 7.8888.
// P1 Alpha/North 45-54: intake Jan 6 seven answered → no score; intake Jan 10 all 3 = 30 (first *scored*
//    intake); 30d Feb 10 = 60 (not a follow-up);
//    90d Apr 10 all 4 = 40 → change 10 (RCI 2.48 ✓), 40 < 47 ✗.
// P2 Alpha/South 55-64: intake Jan 12 nine 5s = 50 (first intake); intake Mar 1 = 20 (not the first);
//    90d Apr 15 (8×5 + 2×6 = 52) → change 2 ✗, 52 ✓; 180d Jul 15 eight 6s = 60 → change 10 ✓, ✓.
// P3 Alpha/North 25-34: intake Jan 25 (5×2 + 5×3) = 25; 90d Apr 25 nine answered (7×3 + 2×4 = 29)
//    → 29/9 × 10 = 32.2222, change 7.2222 (RCI 1.79 ✗), ✗; discharge May 20 seven answered → no score.
// P4 Beta/East 55-64: intake Feb 5 = 40; 90d May 5 = 42 (change 2 ✗ ✗); discharge Jun 20 = 48
//    (change 8, RCI 1.988 ✓, 48 ✓).
// P5 Beta/East 18-24: 90d Jun 1 = 50, no intake → not counted.
// P6 Alpha/South 35-44: intake Mar 15 = 30; 90d Jun 15 seven answered → no score → not counted.
// Goals (180-day window; observable when last goal of the period + 180 ≤ Dec 31):
//   G1 P1 Jan 15 staff, achieved Mar 1 (45 d ✓); G2 P1 Feb 10 participant, open; G9 P1 Sep 1 staff, open (not observable)
//   G3 P2 Jan 20 staff, achieved Sep 1 (224 d ✗); G4 P3 Feb 5 joint, achieved Aug 1 (177 d ✓)
//   G5 P4 Mar 10 staff, open; G6 P5 Aug 15 participant, achieved Sep 15 (not observable)
//   G7 P6 Mar 20 staff, achieved Apr 1 (12 d ✓); G8 P6 Jun 30 staff, open (Jun 30 + 180 = Dec 27, observable)
//   G10 P4 Jul 4 staff, achieved Dec 31: Jul 4 + 180 = Dec 31 → observable, and achieved on day 180 ✓
// ─────────────────────────────────────────────────────────────────────────────
const change3 = 290 / 9 - 25; // P3: 32.2222 − 25 = 7.2222
const recovery = fixtureSuite('recovery', {
  cells: [
    // recovery_change: latest follow-up in the period − first intake
    { m: 'recovery_change', p: '2025-04', value: (10 + 2 + change3) / 3, contributors: 3, min: 2, max: 10 }, // P1 10, P2 2, P3 7.22
    { m: 'recovery_change', p: '2025-05', value: 2, contributors: 1 }, // P4 90d 42 − 40; P3 discharge unscored
    { m: 'recovery_change', p: '2025-06', value: 8, contributors: 1, min: 8, max: 8 }, // P4 48 − 40; P5 no intake; P6 unscored
    { m: 'recovery_change', p: '2025-07', value: 10, contributors: 1 }, // P2 180d 60 − 50 (first intake, not Mar 1's 20)
    { m: 'recovery_change', p: '2025-Q2', value: (10 + 2 + change3 + 8) / 4, contributors: 4, min: 2, max: 10 }, // P4 latest = discharge
    { m: 'recovery_change', p: '2025-Q3', value: 10, contributors: 1 }, // P2
    { m: 'recovery_change', p: '2025', value: (10 + 10 + change3 + 8) / 4, contributors: 4, min: change3, max: 10 }, // P2 latest = 180d
    { m: 'recovery_change', p: '2025-Q2', dim: 'program', dv: 'Alpha', value: (10 + 2 + change3) / 3, contributors: 3 },
    { m: 'recovery_change', p: '2025-Q2', dim: 'program', dv: 'Beta', value: 8, contributors: 1 }, // P4
    { m: 'recovery_change', p: '2025-Q2', dim: 'age_band', dv: '55-64', value: 5, contributors: 2 }, // P2 2, P4 8
    { m: 'recovery_change', p: '2025', dim: 'site', dv: 'North', value: (10 + change3) / 2, contributors: 2 }, // P1, P3

    // recovery_reliable_improvement: change ≥ 7.8888
    { m: 'recovery_reliable_improvement', p: '2025-04', value: 1 / 3, contributors: 3, nc: 1 }, // P1
    { m: 'recovery_reliable_improvement', p: '2025-05', value: 0, contributors: 1, nc: 0 }, // P4 change 2
    { m: 'recovery_reliable_improvement', p: '2025-06', value: 1, contributors: 1, nc: 1 }, // P4 change 8 → RCI 1.988
    { m: 'recovery_reliable_improvement', p: '2025-Q2', value: 0.5, contributors: 4, nc: 2 }, // P1, P4
    { m: 'recovery_reliable_improvement', p: '2025', value: 0.75, contributors: 4, nc: 3 }, // P1, P2 (10), P4
    { m: 'recovery_reliable_improvement', p: '2025-Q2', dim: 'program', dv: 'Alpha', value: 1 / 3, contributors: 3, nc: 1 }, // P1

    // recovery_at_cutoff: follow-up ≥ 47
    { m: 'recovery_at_cutoff', p: '2025-04', value: 1 / 3, contributors: 3, nc: 1 }, // P2 52
    { m: 'recovery_at_cutoff', p: '2025-05', value: 0, contributors: 1, nc: 0 }, // P4 42
    { m: 'recovery_at_cutoff', p: '2025-06', value: 1, contributors: 1, nc: 1 }, // P4 48
    { m: 'recovery_at_cutoff', p: '2025-Q2', value: 0.5, contributors: 4, nc: 2 }, // P2 52, P4 48
    { m: 'recovery_at_cutoff', p: '2025', value: 0.5, contributors: 4, nc: 2 }, // P2 60, P4 48
    { m: 'recovery_at_cutoff', p: '2025', dim: 'site', dv: 'East', value: 1, contributors: 1, nc: 1 }, // P4 (P5 has no intake)

    // goals_self_directed: participant or joint
    { m: 'goals_self_directed', p: '2025-01', value: 0, contributors: 2, nc: 0 }, // G1, G3 staff
    { m: 'goals_self_directed', p: '2025-02', value: 1, contributors: 2, nc: 2 }, // G2 participant, G4 joint
    { m: 'goals_self_directed', p: '2025-Q1', value: 0.4, contributors: 5, nc: 2 }, // P1 (G2), P3 of P1 P2 P3 P4 P6
    { m: 'goals_self_directed', p: '2025-Q2', value: 0, contributors: 1, nc: 0 }, // P6 G8 staff
    { m: 'goals_self_directed', p: '2025-Q3', value: 1 / 3, contributors: 3, nc: 1 }, // P5 G6 ✓, P1 G9 ✗, P4 G10 ✗
    { m: 'goals_self_directed', p: '2025', value: 0.5, contributors: 6, nc: 3 }, // P1, P3, P5 (P4: G5, G10 staff)
    { m: 'goals_self_directed', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 0.5, contributors: 4, nc: 2 }, // P1 ✓ P2 ✗ P3 ✓ P6 ✗
    { m: 'goals_self_directed', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 0, contributors: 1, nc: 0 }, // P4

    // goal_attainment: achieved within 180 days; only people observable 180 days after their last goal of the period
    { m: 'goal_attainment', p: '2025-01', value: 0.5, contributors: 2, nc: 1 }, // P1 G1 ✓, P2 G3 ✗ (224 d)
    { m: 'goal_attainment', p: '2025-02', value: 0.5, contributors: 2, nc: 1 }, // P1 G2 ✗ (G1 is January's), P3 G4 ✓
    { m: 'goal_attainment', p: '2025-03', value: 0.5, contributors: 2, nc: 1 }, // P4 ✗, P6 G7 ✓
    { m: 'goal_attainment', p: '2025-Q1', value: 0.6, contributors: 5, nc: 3 }, // P1, P3, P6 of 5
    { m: 'goal_attainment', p: '2025-Q2', value: 0, contributors: 1, nc: 0 }, // P6 G8 (observable on Dec 27) ✗
    { m: 'goal_attainment', p: '2025-Q3', value: 1, contributors: 1, nc: 1 }, // P4 G10 (P1 G9, P5 G6 not observable)
    { m: 'goal_attainment', p: '2025-07', value: 1, contributors: 1, nc: 1 }, // P4 G10 on day 180
    // P1 (last goal Sep 1) and P5 (Aug 15) out; P4's last goal Jul 4 observable: P2 ✗ P3 ✓ P4 ✓ (G10) P6 ✓
    { m: 'goal_attainment', p: '2025', value: 0.75, contributors: 4, nc: 3 },
    { m: 'goal_attainment', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 0.75, contributors: 4, nc: 3 }, // P1 P3 P6 of P1 P2 P3 P6
    { m: 'goal_attainment', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 0, contributors: 1, nc: 0 }, // P4
  ],
  absent: [
    { m: 'recovery_change', dim: 'consistency_band' }, // not a breakdown of recovery metrics
    { m: 'goal_attainment', dim: 'trust_band' },
    { m: 'recovery_at_cutoff', dim: 'modality' },
  ],
  empty: [
    { m: 'recovery_change', p: '2025-Q1' }, // the Feb 10 30d response is not a follow-up
    { m: 'recovery_reliable_improvement', p: '2025-Q1' },
    { m: 'goal_attainment', p: '2025-09' }, // G9 (Sep 1) not yet observable for 180 days
    { m: 'goal_attainment', p: '2025-08' }, // G6 (Aug 15) not yet observable
  ],
  rows: { 'participants.csv': 6, 'staff.csv': 2, 'encounters.csv': 8, 'survey_responses.csv': 17, 'goals.csv': 10 },
});

// ─────────────────────────────────────────────────────────────────────────────
// professional_standards — data window 2025-01-01 … 2025-05-20 (May, Q2, 2025 partly covered).
//
// Staff: S1 peer North (since 2020); S2 peer South (hired Feb 15); S3 peer East (left Mar 10);
//        S4 supervisor North; S5 coordinator East. Sites: North, South → Alpha; East → Beta.
// Supervision: S1 Jan 10 60, Jan 24 60, Feb 14 90, Mar 14 60, Apr 11 60; S2 Feb 20 30, Mar 20 60,
//   Apr 17 45; S3 Jan 15 90, Mar 5 30; S4 Jan 20 60 (supervisor: not a peer specialist).
// Ethics training: S1 2024-06-01; S3 2024-02-15; S4 2023-12-01 and 2025-03-15; S5 2025-04-10;
//   S2 confidentiality only.
// Attended encounters at the participant's site (P1 North, P2 South, P3 East):
//   Jan 4+2+2 = 8 | Feb 3+2+0 = 5 | Mar 2+1+1 = 4 | Apr 2+2+0 = 4 | May 1+0+1 = 2
// Incidents: I1 North S1 Jan 10 confidentiality, resolved Jan 30 (20 d); I6 North S1 Jan 25
//   confidentiality, resolved Feb 4 (10 d); I2 South S2 Feb 20 boundary, resolved Mar 5 (13 d);
//   I3 North S1 Mar 3 boundary, resolved Apr 2 (30 d); I4 East S3 Mar 8 dual_relationship, open;
//   I5 South S4 Apr 15 other, resolved Apr 25 (10 d); I7 East S5 Apr 20 conflict_of_interest, open
//   (East has no attended encounter in April).
// ─────────────────────────────────────────────────────────────────────────────
const standards = fixtureSuite('professional_standards', {
  cells: [
    // supervision_minutes_per_staff_month (peer specialists only)
    { m: 'supervision_minutes_per_staff_month', p: '2025-01', value: 105, contributors: 2, min: 90, max: 120 }, // S1 120 + S3 90 over 2 months
    { m: 'supervision_minutes_per_staff_month', p: '2025-02', value: 40, contributors: 3, min: 0, max: 90 }, // S1 90 + S2 30 + S3 0 over 3 (S2 hired Feb 15)
    { m: 'supervision_minutes_per_staff_month', p: '2025-03', value: 50, contributors: 3, min: 30, max: 60 }, // 60 + 60 + 30 over 3 (S3 left Mar 10)
    { m: 'supervision_minutes_per_staff_month', p: '2025-04', value: 52.5, contributors: 2, min: 45, max: 60 }, // 60 + 45 over 2
    // Q1: S1 270 / 3, S2 90 / 2, S3 120 / 3 → 480 / 8
    { m: 'supervision_minutes_per_staff_month', p: '2025-Q1', value: 60, numerator: 480, denominator: 8, contributors: 3, min: 40, max: 90 },
    { m: 'supervision_minutes_per_staff_month', p: '2025-Q1', dim: 'site', dv: 'North', value: 90, contributors: 1 }, // S1 (S4 is a supervisor)
    { m: 'supervision_minutes_per_staff_month', p: '2025-Q1', dim: 'site', dv: 'South', value: 45, contributors: 1 }, // S2 90 / 2
    { m: 'supervision_minutes_per_staff_month', p: '2025-Q1', dim: 'site', dv: 'East', value: 40, contributors: 1 }, // S3 120 / 3
    { m: 'supervision_minutes_per_staff_month', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 72, contributors: 2, min: 45, max: 90 }, // 360 / 5

    // ethics_training_current: employed on the last covered day; ethics in the 365 days up to it
    { m: 'ethics_training_current', p: '2025-01', value: 0.5, contributors: 4, nc: 2 }, // Jan 31: S1 ✓ S3 ✓ (351 d) S4 ✗ S5 ✗; S2 not hired
    { m: 'ethics_training_current', p: '2025-02', value: 0.2, contributors: 5, nc: 1 }, // Feb 28: S1 ✓; S3 379 d ✗; S2 S4 S5 ✗
    { m: 'ethics_training_current', p: '2025-03', value: 0.5, contributors: 4, nc: 2 }, // Mar 31: S1 ✓ S4 ✓ (Mar 15) S2 ✗ S5 ✗; S3 left
    { m: 'ethics_training_current', p: '2025-Q1', value: 0.5, contributors: 4, nc: 2 }, // as Mar 31
    { m: 'ethics_training_current', p: '2025-04', value: 0.75, contributors: 4, nc: 3 }, // Apr 30: + S5 (Apr 10)
    { m: 'ethics_training_current', p: '2025-05', value: 0.75, contributors: 4, nc: 3 }, // last covered day May 20: S1 353 d ✓
    { m: 'ethics_training_current', p: '2025-Q2', value: 0.75, contributors: 4, nc: 3 }, // May 20
    { m: 'ethics_training_current', p: '2025', value: 0.75, contributors: 4, nc: 3 }, // May 20
    { m: 'ethics_training_current', p: '2025-Q1', dim: 'site', dv: 'North', value: 1, contributors: 2, nc: 2 }, // S1, S4
    { m: 'ethics_training_current', p: '2025-Q1', dim: 'site', dv: 'South', value: 0, contributors: 1, nc: 0 }, // S2
    { m: 'ethics_training_current', p: '2025-Q1', dim: 'site', dv: 'East', value: 0, contributors: 1, nc: 0 }, // S5 (S3 left Mar 10)
    { m: 'ethics_training_current', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 2 / 3, contributors: 3, nc: 2 }, // S1 S4 of S1 S2 S4

    // incidents_per_1000_encounters
    { m: 'incidents_per_1000_encounters', p: '2025-01', value: 250, denominator: 8, contributors: 4 }, // I1, I6 (S1) × 1000 / 8; staff behind: S1 S3 S4 S5 employed
    { m: 'incidents_per_1000_encounters', p: '2025-02', value: 200, contributors: 5 }, // I2 / 5; S1 … S5
    { m: 'incidents_per_1000_encounters', p: '2025-03', value: 500, contributors: 5 }, // I3 (S1), I4 (S3) / 4; S3 left Mar 10
    { m: 'incidents_per_1000_encounters', p: '2025-04', value: 500, contributors: 4 }, // I5 (S4), I7 (S5) / 4; S1 S2 S4 S5
    { m: 'incidents_per_1000_encounters', p: '2025-04', dim: 'site', dv: 'East', valueNull: true, contributors: 1 }, // I7 / 0 encounters; S5
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', value: 5000 / 17, denominator: 17, contributors: 5, nc: 3 }, // 5 / 17; S1 … S5 behind, S1 S2 S3 involved
    { m: 'incidents_per_1000_encounters', p: '2025-Q2', value: 2000 / 6, contributors: 4 }, // I5, I7 / (4 + 2); S1 S2 S4 S5
    { m: 'incidents_per_1000_encounters', p: '2025', value: 7000 / 23, contributors: 5 }, // 7 / 23; S1 … S5
    { m: 'incidents_per_1000_encounters', p: '2025-Q2', dim: 'site', dv: 'East', value: 1000, contributors: 1 }, // I7 / P3 May 6; S5
    { m: 'incidents_per_1000_encounters', p: '2025', dim: 'site', dv: 'East', value: 500, contributors: 2 }, // I4 I7 / (2 + 1 + 1); S3 S5
    { m: 'incidents_per_1000_encounters', p: '2025', dim: 'program', dv: 'Beta', value: 500, contributors: 2 }, // = East
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'site', dv: 'North', value: 3000 / 9, contributors: 2 }, // I1 I6 I3 / P1's 9; S1 S4
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'site', dv: 'South', value: 200, contributors: 1 }, // I2 / P2's 5; S2
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'site', dv: 'East', value: 1000 / 3, contributors: 2 }, // I4 / P3's 3; S3 S5
    { m: 'incidents_per_1000_encounters', p: '2025', dim: 'site', dv: 'South', value: 2000 / 7, contributors: 2 }, // I2 (S2), I5 (S4, a North supervisor: named by it) / 7
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 4000 / 14, contributors: 3 }, // 4 / (9 + 5); S1 S2 S4
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'program', dv: 'Beta', value: 1000 / 3, contributors: 2 }, // I4 / 3; S3 S5
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'incident_category', dv: 'confidentiality', value: 2000 / 17, contributors: 5, nc: 1 }, // I1 I6 (S1); a category's staff are the total's
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'incident_category', dv: 'boundary', value: 2000 / 17, contributors: 5 }, // I2 (S2) I3 (S1)
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'incident_category', dv: 'dual_relationship', value: 1000 / 17, contributors: 5 }, // I4
    { m: 'incidents_per_1000_encounters', p: '2025', dim: 'incident_category', dv: 'other', value: 1000 / 23, contributors: 5 }, // I5
    { m: 'incidents_per_1000_encounters', p: '2025', dim: 'incident_category', dv: 'conflict_of_interest', value: 1000 / 23, contributors: 5 }, // I7

    // incident_days_to_resolve: incidents resolved in the period (mean over incidents); staff behind as for the rate
    { m: 'incident_days_to_resolve', p: '2025-01', value: 20, contributors: 4 }, // I1
    { m: 'incident_days_to_resolve', p: '2025-02', value: 10, contributors: 5 }, // I6
    { m: 'incident_days_to_resolve', p: '2025-03', value: 13, contributors: 5 }, // I2
    { m: 'incident_days_to_resolve', p: '2025-04', value: 20, contributors: 4, min: 10, max: 30 }, // I3 30 (S1), I5 10 (S4)
    { m: 'incident_days_to_resolve', p: '2025-Q1', value: 43 / 3, contributors: 5 }, // (20 + 10 + 13) / 3
    { m: 'incident_days_to_resolve', p: '2025-Q2', value: 20, contributors: 4 }, // I3, I5
    { m: 'incident_days_to_resolve', p: '2025', value: 83 / 5, contributors: 5, nc: 3 }, // 20+10+13+30+10; I4 open; S1 S2 S4 involved
    { m: 'incident_days_to_resolve', p: '2025-Q1', dim: 'site', dv: 'North', value: 15, contributors: 2 }, // I1 20, I6 10; S1 S4
    { m: 'incident_days_to_resolve', p: '2025-Q2', dim: 'site', dv: 'North', value: 30, contributors: 2 }, // I3 (dated March, resolved April); S1 S4
    { m: 'incident_days_to_resolve', p: '2025-Q2', dim: 'site', dv: 'South', value: 10, contributors: 2 }, // I5; S2, S4 named by it
    { m: 'incident_days_to_resolve', p: '2025-Q1', dim: 'program', dv: 'Alpha', value: 43 / 3, contributors: 3 }, // S1 S2 S4
  ],
  absent: [
    { m: 'incident_days_to_resolve', dim: 'incident_category' }, // category only for the rate
    { m: 'supervision_minutes_per_staff_month', dim: 'incident_category' },
    { m: 'incidents_per_1000_encounters', dim: 'gender' }, // staff metrics: program and site only
    { m: 'ethics_training_current', dim: 'age_band' },
    { m: 'supervision_minutes_per_staff_month', dim: 'modality' },
  ],
  empty: [],
  rows: {
    'participants.csv': 3,
    'staff.csv': 5,
    'encounters.csv': 25,
    'supervision.csv': 11,
    'trainings.csv': 6,
    'incidents.csv': 7,
  },
});

// ─────────────────────────────────────────────────────────────────────────────
// reach_boundaries — boundaries of age bands, retention and the consistency window.
// Data window 2025-01-01 (X1) … 2025-04-01 (X4). All Alpha/North, enrolled 2025-01-01 except B2 (Jan 2).
// Age = 2025 − birth year: B1 18 (18-24), B2 17 (under_18), B3 24 (18-24), B4 25 (25-34),
//   B5 64 (55-64), B6 65 (65-74), B7 89 (75-89), B8 90 (90+).
// B1 attended Jan 1 (day 0), Jan 31 (day 30), Apr 1 (day 90) → weeks 0, 4, 12 → sporadic.
// B2 attended Jan 31 (day 29). Jan 2 + 90 = Apr 2 > Apr 1 → no band, not in the 90-day cohort.
// The others never attended; Jan 1 + 90 = Apr 1 = last data date → their 13 weeks (days 0–90) are
// covered → band sporadic (0 weeks); and Jan 1 + 90 ≤ Apr 1 → in the 90-day cohort.
// ─────────────────────────────────────────────────────────────────────────────
const boundaries = fixtureSuite('reach_boundaries', {
  cells: [
    { m: 'new_enrollments', p: '2025-Q1', value: 8, contributors: 8 },
    { m: 'new_enrollments', p: '2025-Q1', dim: 'age_band', dv: 'under_18', value: 1, contributors: 1 }, // B2 17
    { m: 'new_enrollments', p: '2025-Q1', dim: 'age_band', dv: '18-24', value: 2, contributors: 2 }, // B1 18, B3 24
    { m: 'new_enrollments', p: '2025-Q1', dim: 'age_band', dv: '25-34', value: 1, contributors: 1 }, // B4 25
    { m: 'new_enrollments', p: '2025-Q1', dim: 'age_band', dv: '55-64', value: 1, contributors: 1 }, // B5 64
    { m: 'new_enrollments', p: '2025-Q1', dim: 'age_band', dv: '65-74', value: 1, contributors: 1 }, // B6 65
    { m: 'new_enrollments', p: '2025-Q1', dim: 'age_band', dv: '75-89', value: 1, contributors: 1 }, // B7 89
    { m: 'new_enrollments', p: '2025-Q1', dim: 'age_band', dv: '90+', value: 1, contributors: 1 }, // B8 90
    { m: 'participants_served', p: '2025-01', dim: 'age_band', dv: 'under_18', value: 1, contributors: 1 }, // B2
    { m: 'participants_served', p: '2025-04', value: 1, contributors: 1 }, // B1 Apr 1 (April covered by one day)
    { m: 'encounters_attended', p: '2025-Q1', value: 3, contributors: 2 }, // X1 X2 X3 (X4 is in Q2)
    // retention_30d (cohort: enrolment + 30 ≤ Apr 1 → all 8): B1 day 30 exactly ✓; B2 day 29 ✗
    { m: 'retention_30d', p: '2025-01', value: 1 / 8, contributors: 8, nc: 1 },
    // retention_90d (cohort: enrolment + 90 ≤ Apr 1 → all but B2): B1 on day 90 = Apr 1 ✓
    { m: 'retention_90d', p: '2025-01', value: 1 / 7, contributors: 7, nc: 1 },
    // consistent_contact: bands for all but B2, nobody weekly
    { m: 'consistent_contact', p: '2025-01', value: 0, contributors: 7, nc: 0 },
    { m: 'retention_30d', p: '2025-01', dim: 'consistency_band', dv: 'sporadic', value: 1 / 7, contributors: 7, nc: 1 }, // B2 has no band
    // days_to_first_contact: B1 0, B2 Jan 2 → Jan 31 = 29
    { m: 'days_to_first_contact', p: '2025-01', value: 14.5, contributors: 2, min: 0, max: 29 },
  ],
  absent: [
    { m: 'retention_30d', dim: 'consistency_band', dv: 'weekly' }, // nobody is weekly
    { m: 'retention_30d', dim: 'consistency_band', dv: 'regular' },
  ],
  empty: [{ m: 'retention_180d', p: '2025-01' }], // nobody's 180 days are covered
  rows: { 'participants.csv': 8, 'staff.csv': 1, 'encounters.csv': 4 },
});

// ─────────────────────────────────────────────────────────────────────────────
// reach_engagement again with a fiscal year starting in July (PEER_OUTCOMES_FISCAL_YEAR_START=7):
// FY 2025 = Jul 2024 – Jun 2025, 2025-Q3 = Jan–Mar 2025, 2025-Q4 = Apr–Jun 2025,
// FY 2026 = Jul 2025 – Jun 2026, 2026-Q1 = Jul–Sep 2025, 2026-Q2 = Oct–Dec 2025. Months unchanged.
// ─────────────────────────────────────────────────────────────────────────────
fixtureSuite('reach_engagement', {
  name: 'reach_engagement, fiscal year from July',
  env: { PEER_OUTCOMES_FISCAL_YEAR_START: '7' },
  cells: [
    { m: 'participants_served', p: '2025-07', value: 1, contributors: 1 }, // P1 Jul 10 (months do not move)
    { m: 'participants_served', p: '2025-Q3', value: 3, contributors: 3 }, // Jan–Mar 2025: P1, P2, P4
    { m: 'participants_served', p: '2025-Q4', value: 1, contributors: 1 }, // Apr–Jun 2025: P4 Jun 2
    { m: 'participants_served', p: '2026-Q1', value: 1, contributors: 1 }, // Jul–Sep 2025: P1
    { m: 'participants_served', p: '2026-Q2', value: 2, contributors: 2 }, // Oct–Dec 2025: P5, P1
    { m: 'participants_served', p: '2025', value: 3, contributors: 3 }, // FY 2025 (to Jun 2025): P1, P2, P4
    { m: 'participants_served', p: '2026', value: 2, contributors: 2 }, // FY 2026 (from Jul 2025): P1, P5
    { m: 'encounters_attended', p: '2025', value: 19, contributors: 3 }, // P1 10 (Jan–Mar) + P2 5 + P4 4
    { m: 'encounters_attended', p: '2026', value: 4, contributors: 2 }, // P1 Jul 10, Dec 31 + P5 2
    { m: 'new_enrollments', p: '2025', value: 5, contributors: 5 }, // P1 P2 P3 P4 P6
    { m: 'new_enrollments', p: '2026', value: 1, contributors: 1 }, // P5 Oct 20
    { m: 'retention_30d', p: '2025-Q3', value: 0.6, contributors: 5, nc: 3 }, // = calendar Q1
  ],
  absent: [
    { m: 'participants_served', p: '2025-Q1', dim: 'total' }, // Jul–Sep 2024: before the data window
    { m: 'participants_served', p: '2025-Q2', dim: 'total' }, // Oct–Dec 2024
    { m: 'participants_served', p: '2026-Q3', dim: 'total' }, // Jan–Mar 2026: after the data window
  ],
  empty: [{ m: 'retention_90d', p: '2026-Q2' }], // P5 not covered
  rows: { 'participants.csv': 6, 'staff.csv': 2, 'encounters.csv': 28 },
});

// ─────────────────────────────────────────────────────────────────────────────
// window_edges — events in a period the data window covers only in part.
// Data window 2025-02-03 (Y1) … 2025-03-31 (Y5): 2025-Q1 and 2025 are periods of the cube
// (incomplete), and per docs/metrics.md "an event belongs to the period that contains its date".
// W1 Alpha/North enrolled 2025-01-20 (before the window, inside 2025-Q1); attended Feb 3, Feb 17, Mar 3;
//    satisfaction Jan 25 4,4,4,4,4,(2→4) = 4.0; goal Jan 22 set by the participant.
// W2 Alpha/North enrolled 2025-02-05; attended Feb 5, Mar 31; satisfaction Mar 10 5,5,5,5,5,(1→5) = 5.0;
//    goal Feb 10 set by staff; trust Apr 15 (after the window, inside 2025) 4,4,4,4,(2→4) = 4.0.
// ─────────────────────────────────────────────────────────────────────────────
const windowEdges = fixtureSuite('window_edges', {
  cells: [
    { m: 'participants_served', p: '2025-Q1', value: 2, contributors: 2 }, // W1, W2
    { m: 'new_enrollments', p: '2025-02', value: 1, contributors: 1 }, // W2
    { m: 'new_enrollments', p: '2025-Q1', value: 2, contributors: 2 }, // W1 (Jan 20) and W2 (Feb 5) both enrolled in Q1
    { m: 'new_enrollments', p: '2025', value: 2, contributors: 2 },
    { m: 'days_to_first_contact', p: '2025-Q1', value: 7, contributors: 2, min: 0, max: 14 }, // W1 Jan20→Feb3 14, W2 0
    // W1 Jan 20 + 30 = Feb 19 → Mar 3 ✓; W2 Feb 5 + 30 = Mar 7 → Mar 31 ✓
    { m: 'retention_30d', p: '2025-Q1', value: 1, contributors: 2, nc: 2 },
    { m: 'satisfaction_mean', p: '2025-03', value: 5, contributors: 1 }, // W2
    { m: 'satisfaction_mean', p: '2025-Q1', value: 4.5, contributors: 2, min: 4, max: 5 }, // W1 Jan 25 4.0, W2 5.0
    { m: 'satisfaction_response_rate', p: '2025-Q1', value: 1, contributors: 2, nc: 2 }, // both served and scored in Q1
    { m: 'goals_self_directed', p: '2025-Q1', value: 0.5, contributors: 2, nc: 1 }, // W1 ✓ (Jan 22), W2 ✗
    { m: 'trust_mean', p: '2025', value: 4, contributors: 1 }, // W2 Apr 15
  ],
  absent: [],
  empty: [],
  rows: { 'participants.csv': 2, 'staff.csv': 1, 'encounters.csv': 5, 'survey_responses.csv': 3, 'goals.csv': 2 },
});

// ─────────────────────────────────────────────────────────────────────────────
// incident_sites — incidents at a site without attended encounters in the period.
// Data window 2025-01-06 … 2025-02-10. Q1 Alpha/North attended Jan 6, Jan 13, Feb 3, Feb 10;
// Q2 Beta/East attended Jan 8 only. Staff S1 North, S2 East.
// J1 North S1 Jan 20 boundary, resolved Jan 27 (7 d); J2 East S2 Feb 7 confidentiality, resolved
// Feb 9 (2 d) — East has no attended encounter in February; J3 "Outreach" S1 Feb 5 other, resolved
// Feb 9 (4 d) — a site no participant or staff member is registered at (the contract allows it).
// ─────────────────────────────────────────────────────────────────────────────
fixtureSuite('incident_sites', {
  cells: [
    { m: 'incidents_per_1000_encounters', p: '2025-01', value: 1000 / 3, contributors: 2 }, // J1 / (2 + 1); S1 S2 employed
    { m: 'incidents_per_1000_encounters', p: '2025-01', dim: 'site', dv: 'North', value: 500, contributors: 1 }, // J1 / 2
    { m: 'incidents_per_1000_encounters', p: '2025-02', value: 1000, denominator: 2, contributors: 2 }, // J2 J3 / 2; S2, S1
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', value: 600, denominator: 5, contributors: 2 }, // 3 / 5; S1 S2
    { m: 'incidents_per_1000_encounters', p: '2025-02', dim: 'site', dv: 'East', valueNull: true, contributors: 1 }, // J2 / 0
    { m: 'incidents_per_1000_encounters', p: '2025-02', dim: 'program', dv: 'Beta', valueNull: true, contributors: 1 }, // J2 / 0
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'site', dv: 'East', value: 1000, contributors: 1 }, // J2 / Jan 8
    { m: 'incidents_per_1000_encounters', p: '2025-02', dim: 'site', dv: 'Outreach', valueNull: true, contributors: 1 }, // J3 / 0
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'incident_category', dv: 'other', value: 200, contributors: 2 }, // J3 / 5; the total's staff
    { m: 'incidents_per_1000_encounters', p: '2025-Q1', dim: 'incident_category', dv: 'confidentiality', value: 200, contributors: 2 }, // J2
    { m: 'incident_days_to_resolve', p: '2025-02', value: 3, contributors: 2 }, // J2 2, J3 4; S1 S2
    { m: 'incident_days_to_resolve', p: '2025-Q1', value: 13 / 3, contributors: 2 }, // 7 + 2 + 4
    { m: 'incident_days_to_resolve', p: '2025-02', dim: 'site', dv: 'East', value: 2, contributors: 1 }, // J2
    { m: 'incident_days_to_resolve', p: '2025-02', dim: 'site', dv: 'Outreach', value: 4, contributors: 1 }, // J3
  ],
  absent: [],
  empty: [],
  rows: { 'participants.csv': 2, 'staff.csv': 2, 'encounters.csv': 5, 'incidents.csv': 3 },
});

describe('metric fixtures cover the catalog', () => {
  it('every catalog metric has at least one hand-computed cell', () => {
    const covered = new Set([
      ...reach.metricsCovered,
      ...satisfaction.metricsCovered,
      ...recovery.metricsCovered,
      ...standards.metricsCovered,
      ...boundaries.metricsCovered,
      ...windowEdges.metricsCovered,
    ]);
    expect(METRICS.map((m) => m.id).filter((id) => !covered.has(id))).toEqual([]);
  });
});
