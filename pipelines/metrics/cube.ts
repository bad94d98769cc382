// Builds the metric cube in the analytics store: shared facts first (periods,
// scores, one row per person), then one SQL file per metric family. Each
// family groups by the union of its metrics' breakdowns; cells for a
// breakdown a metric does not have are removed at the end, against the catalog.
import { INCIDENT_CATEGORIES, MODALITIES } from '../contract/entities';
import { instrument, type InstrumentChoice } from '../contract/instruments';
import { sqlFolder, sqlString, type Db } from '../db/duckdb';
import {
  CONSISTENCY_BANDS,
  ETHICS_CURRENT_DAYS,
  GOAL_WINDOW_DAYS,
  METRICS,
  RELIABLE_CHANGE_Z,
  type Dimension,
  type Family,
} from './catalog';

const sql = sqlFolder(new URL('./sql/', import.meta.url));

export interface CubeConfig {
  fiscalYearStartMonth: number;
  instruments: InstrumentChoice;
  /** The disclosure threshold: a staff cell with no value exists only under it (professional_standards.sql). */
  k: number;
}

/** GROUPING SETS and the dimension / value expressions for a list of breakdowns. */
export function groupingParams(dims: readonly Dimension[]): Record<string, string> {
  const cols = dims.filter((d) => d !== 'total');
  const sets = ['(grain, period)', ...cols.map((c) => `(grain, period, ${c})`)];
  const when = (f: (c: string) => string) => cols.map((c) => `WHEN GROUPING(${c}) = 0 THEN ${f(c)}`).join(' ');
  return {
    grouping_sets: sets.join(', '),
    dimension: cols.length ? `CASE ${when((c) => sqlString(c))} ELSE 'total' END` : `'total'`,
    dimension_value: cols.length ? `CASE ${when((c) => `${c}::VARCHAR`)} ELSE 'all' END` : `'all'`,
  };
}

function familyDims(family: Family, exclude: Dimension[] = []): Dimension[] {
  const dims = new Set(METRICS.filter((m) => m.family === family).flatMap((m) => m.dimensions));
  return [...dims].filter((d) => !exclude.includes(d));
}

function instrumentRows(config: CubeConfig): string {
  return Object.values(config.instruments)
    .map((id) => {
      const i = instrument(id);
      return `(${[
        sqlString(i.id),
        sqlString(i.construct),
        i.items,
        i.scaleMin,
        i.scaleMax,
        `[${i.reverseItems.join(', ')}]::INTEGER[]`,
        sqlString(i.scoring),
        i.minAnsweredShare,
        i.positiveThreshold,
        i.referenceSd ?? 'NULL',
        i.reliability ?? 'NULL',
      ].join(', ')})`;
    })
    .join(', ');
}

export async function buildCube(
  db: Db,
  config: CubeConfig,
  onStep: (done: number, total: number, detail: string) => void = () => {},
): Promise<number> {
  for (const [construct, id] of Object.entries(config.instruments)) {
    if (instrument(id).construct !== construct) throw new Error(`instrument ${id} does not measure ${construct}`);
  }
  const [window] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM encounters`);
  if (!window || window.n === 0) throw new Error('the store has no encounters: the metrics need at least one');

  const people = familyDims('reach_engagement', ['modality']);
  const modalities = `[${MODALITIES.map(sqlString).join(', ')}]`;
  const steps: [string, string][] = [
    ['periods', sql('periods.sql', { fy_start: config.fiscalYearStartMonth })],
    ['scores', sql('scores.sql', {
      instrument_rows: instrumentRows(config),
      configured_instruments: Object.values(config.instruments).map(sqlString).join(', '),
    })],
    ['people', sql('person.sql', { weekly_weeks: CONSISTENCY_BANDS.weekly, regular_weeks: CONSISTENCY_BANDS.regular, modalities })],
    ['cube', sql('cube_table.sql')],
    ['reach and engagement', sql('reach_engagement.sql', groupingParams(people))],
    ['reach by modality', sql('reach_by_modality.sql', { modalities })],
    ['enrollment cohorts', sql('enrollment_cohorts.sql', groupingParams(people))],
    ['satisfaction and trust', sql('satisfaction_trust.sql', groupingParams(familyDims('satisfaction_trust')))],
    ['recovery', sql('recovery.sql', { ...groupingParams(familyDims('recovery')), rci_z: RELIABLE_CHANGE_Z })],
    ['goals', sql('goals.sql', { ...groupingParams(familyDims('recovery')), goal_window: GOAL_WINDOW_DAYS })],
    ['professional standards', sql('professional_standards.sql', {
      ...groupingParams(familyDims('professional_standards', ['incident_category'])),
      ethics_days: ETHICS_CURRENT_DAYS,
      k: config.k,
      incident_categories: `[${INCIDENT_CATEGORIES.map(sqlString).join(', ')}]`,
    })],
  ];
  for (const [i, [name, text]] of steps.entries()) {
    onStep(i, steps.length + 1, name);
    await db.run(text).catch((err: Error) => {
      throw new Error(`metrics step '${name}' failed: ${err.message}`);
    });
  }
  onStep(steps.length, steps.length + 1, 'catalog');
  const allowed = METRICS.flatMap((m) => m.dimensions.map((d) => `(${sqlString(m.id)}, ${sqlString(d)})`)).join(', ');
  await db.run(`
    CREATE OR REPLACE TEMP TABLE metric_dimensions AS SELECT * FROM (VALUES ${allowed}) t(metric, dimension);
    -- A stable order makes the store's cube identical run after run.
    INSERT INTO cube SELECT c.* FROM cube_cells c SEMI JOIN metric_dimensions m USING (metric, dimension)
      WHERE c.dimension_value IS NOT NULL ORDER BY ALL;
    DROP TABLE cube_cells;`);
  const [n] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM cube`);
  onStep(steps.length + 1, steps.length + 1, 'done');
  return n!.n;
}
