// Writes release files. A candidate is built in DATA/candidates/ from the
// cube and the set of suppressed cells, inside DuckDB (the values never pass
// through JavaScript); the audit reads the candidate; only a candidate that
// passed is kept in the release history (history.ts), so a reader never sees
// half a release and a failed build leaves the previous release serving.
//
// A candidate claims no audit: its manifest says it is a candidate until the
// audit has passed, and only then is the claim written (claimAudited), just
// before it is kept. Nothing serves or exports the candidates folder (the web
// app and release:export open DATA/release.duckdb only), and a run that was
// killed leaves its candidates there for the next run to remove
// (removeLeftoverCandidates; decision 0013).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sqlString, type Db } from '../db/duckdb';
import { METRICS } from '../metrics/catalog';
import {
  CATALOG_TABLE,
  CELLS_TABLE,
  DIMENSION_VALUES_TABLE,
  MANIFEST_TABLE,
  PERIODS_TABLE,
  RELEASE_FILE,
  tableIdSql,
  type ReleaseManifest,
} from './format';

export interface SuppressedCell {
  metric: string;
  grain: string;
  period: string;
  dimension: string;
  dimensionValue: string;
}

/** DATA/candidates/: releases being built and audited, never served. */
export const CANDIDATES_DIR = 'candidates';

/** What a candidate's manifest status ends with until its audit passes. */
export const NOT_AUDITED = 'a candidate: not through the audit';

/** A fresh candidate's path in DATA/candidates/ (the folder is made if missing). */
export function candidatePath(dataDir: string): string {
  const dir = join(dataDir, CANDIDATES_DIR);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${randomUUID()}.duckdb`);
}

/** Candidates an earlier version left beside the release: `.release.duckdb.<id>.tmp` (and its `.wal`). */
const isOldCandidate = (f: string) => f.startsWith(`.${RELEASE_FILE}.`) && /\.tmp(\.wal)?$/.test(f);

/**
 * Removes every candidate in the data folder: what a run that did not finish
 * left (a killed run skips its own clean-up). Only a run that holds the
 * analytics store may call it: no other run can be writing one then. Returns
 * the removed files, relative to the data folder.
 */
export function removeLeftoverCandidates(dataDir: string): string[] {
  const dir = join(dataDir, CANDIDATES_DIR);
  const inFolder = existsSync(dir) ? readdirSync(dir).map((f) => join(CANDIDATES_DIR, f)) : [];
  const beside = readdirSync(dataDir).filter(isOldCandidate);
  const removed = [...inFolder, ...beside].sort();
  for (const f of removed) rmSync(join(dataDir, f), { recursive: true, force: true });
  return removed;
}

function literalRows(rows: (string | number | null)[][]): string {
  return rows.map((r) => `(${r.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : sqlString(v))).join(', ')})`).join(',\n');
}

/** Fills temp table release_suppressed with the cells to suppress (in chunks: there can be tens of thousands). */
async function loadSuppressed(db: Db, cells: readonly SuppressedCell[]): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP TABLE release_suppressed
    (metric VARCHAR, period_grain VARCHAR, period VARCHAR, dimension VARCHAR, dimension_value VARCHAR)`);
  for (let i = 0; i < cells.length; i += 2000) {
    const chunk = cells.slice(i, i + 2000).map((c) => [c.metric, c.grain, c.period, c.dimension, c.dimensionValue]);
    await db.run(`INSERT INTO release_suppressed VALUES ${literalRows(chunk)}`);
  }
}

/**
 * Builds a candidate release at `path` from the analytics store's cube. Cells
 * with nobody behind them and no value are left out; suppressed cells keep
 * their place with value NULL; released values are rounded to the metric's
 * decimals.
 */
export async function writeCandidate(
  db: Db,
  path: string,
  manifest: ReleaseManifest,
  suppressed: readonly SuppressedCell[],
): Promise<void> {
  await loadSuppressed(db, suppressed);
  const catalogRows = METRICS.map((m) => [m.id, m.family, m.label, m.unit, m.kind, m.privacyUnit, m.decimals]);
  const manifestCols = Object.entries(manifest)
    .map(([k, v]) => `${typeof v === 'number' ? v : v === null ? 'NULL' : sqlString(v)} AS ${k}`)
    .join(', ');
  await db.run(`
    CREATE OR REPLACE TEMP TABLE release_metrics AS
      SELECT * FROM (VALUES ${literalRows(catalogRows)}) t(metric, family, label, unit, kind, privacy_unit, decimals);
    ATTACH ${sqlString(path)} AS release_tmp;
    CREATE TABLE release_tmp.${MANIFEST_TABLE} AS SELECT ${manifestCols};
    CREATE TABLE release_tmp.${CATALOG_TABLE} AS
      SELECT DISTINCT ${tableIdSql('c.metric', 'c.period_grain', 'c.dimension')} AS table_id,
        c.metric, m.family, m.label, m.unit, m.kind, m.privacy_unit, c.period_grain, c.dimension, m.decimals,
        CASE WHEN c.dimension = 'total' THEN NULL ELSE ${tableIdSql('c.metric', 'c.period_grain', "'total'")} END AS margin_table_id
      FROM release_cube c JOIN release_metrics m USING (metric)
      ORDER BY table_id;
    CREATE TABLE release_tmp.${CELLS_TABLE} AS
      SELECT ${tableIdSql('c.metric', 'c.period_grain', 'c.dimension')} AS table_id,
        c.metric, c.period_grain, c.period, c.dimension, c.dimension_value,
        CASE WHEN s.metric IS NULL THEN round(c.value, m.decimals) END AS value,
        CASE WHEN s.metric IS NULL THEN 'released' ELSE 'suppressed' END AS status
      FROM release_cube c
      JOIN release_metrics m USING (metric)
      LEFT JOIN release_suppressed s ON s.metric = c.metric AND s.period_grain = c.period_grain
        AND s.period = c.period AND s.dimension = c.dimension AND s.dimension_value = c.dimension_value
      WHERE NOT (c.contributors = 0 AND c.value IS NULL)
      ORDER BY ALL;
    CREATE TABLE release_tmp.${PERIODS_TABLE} AS
      SELECT period_grain, period, period_start, period_end, complete FROM periods ORDER BY ALL;
    CREATE TABLE release_tmp.${DIMENSION_VALUES_TABLE} AS
      SELECT DISTINCT c.dimension, c.dimension_value,
        CASE WHEN c.dimension = 'site' THEN 'program' END AS parent_dimension,
        CASE WHEN c.dimension = 'site' THEN sp.program END AS parent_value
      FROM release_cube c LEFT JOIN site_program sp ON c.dimension = 'site' AND sp.site = c.dimension_value
      WHERE c.dimension <> 'total'
      ORDER BY ALL;
    DETACH release_tmp;`);
}

/**
 * The audit passed: the candidate's manifest now says so (`status`, which
 * `manifest` takes too). Until this call it said NOT_AUDITED, so a candidate
 * a killed run leaves behind claims nothing.
 */
export async function claimAudited(db: Db, path: string, manifest: ReleaseManifest, status: string): Promise<void> {
  await db.run(`
    ATTACH ${sqlString(path)} AS release_claim;
    UPDATE release_claim.${MANIFEST_TABLE} SET status = ${sqlString(status)};
    DETACH release_claim;`);
  manifest.status = status;
}

export function discard(candidate: string): void {
  rmSync(candidate, { force: true });
  rmSync(`${candidate}.wal`, { force: true });
}
