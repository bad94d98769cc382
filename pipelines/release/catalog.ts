// The release catalog: the finite set of tables the release publishes, and so
// the only tables any screen, report or export can show. The cube computes
// every breakdown at every grain; the release keeps fine breakdowns only at
// coarse grains. A site or a demographic group in one month is mostly a
// handful of people: publishing it would mean suppressing most of it and its
// neighbours, and would hand an attacker many more equations
// (docs/privacy-model.md, "The release catalog").
import { sqlString, type Db } from '../db/duckdb';
import { METRICS, type Dimension, type MetricDef, type PeriodGrain } from '../metrics/catalog';

const BREAKDOWNS: Record<MetricDef['privacyUnit'], Record<PeriodGrain, readonly Dimension[]>> = {
  participant: {
    month: ['total', 'program', 'modality'],
    quarter: ['total', 'program', 'site', 'modality', 'consistency_band', 'trust_band'],
    year: ['total', 'program', 'site', 'modality', 'consistency_band', 'trust_band', 'age_band', 'gender', 'race_ethnicity'],
  },
  // A site has a few peer specialists: staff tables stop at the program.
  staff: {
    month: [],
    quarter: ['total', 'program'],
    year: ['total', 'program', 'incident_category'],
  },
};

/**
 * Monthly trends are for activity (who was served, who enrolled, what was
 * delivered). Follow-up shares, survey and recovery measures rest on a few
 * dozen people per program and month, and start at the quarter.
 */
const MONTHLY = new Set([
  'participants_served',
  'new_enrollments',
  'encounters_attended',
  'contact_hours',
  'encounters_per_participant',
  'no_show_rate',
  'group_share',
]);

/**
 * Follow-up metrics are released only for periods whose every enrollee (or
 * goal) the data window has followed for the whole follow-up: a partly
 * observed cohort is a biased share of a shrinking group, and at the end of
 * the window it is mostly a handful of people.
 */
export const FOLLOW_UP_DAYS: Readonly<Record<string, number>> = {
  retention_30d: 30,
  retention_90d: 90,
  retention_180d: 180,
  consistent_contact: 91,
  goal_attainment: 180,
};

export interface ReleasedTable {
  metric: string;
  grain: PeriodGrain;
  dimension: Dimension;
}

/** Every table of the release: each metric at each grain, by each breakdown it has that the grain allows. */
export const RELEASED_TABLES: readonly ReleasedTable[] = METRICS.flatMap((m) =>
  (['month', 'quarter', 'year'] as const).flatMap((grain) =>
    (grain === 'month' && !MONTHLY.has(m.id) ? [] : m.dimensions)
      .filter((d) => BREAKDOWNS[m.privacyUnit][grain].includes(d))
      .map((dimension) => ({ metric: m.id, grain, dimension })),
  ),
);

/** The cube cells of the release catalog, as table release_cube of the analytics store. */
export async function buildReleaseCube(db: Db): Promise<void> {
  const rows = RELEASED_TABLES.map((t) => `(${[t.metric, t.grain, t.dimension].map(sqlString).join(', ')})`).join(', ');
  const followUp = Object.entries(FOLLOW_UP_DAYS).map(([m, d]) => `(${sqlString(m)}, ${d})`).join(', ');
  await db.run(`CREATE OR REPLACE TABLE release_cube AS
    SELECT c.* FROM cube c
    SEMI JOIN (VALUES ${rows}) t(metric, period_grain, dimension) USING (metric, period_grain, dimension)
    JOIN periods p USING (period_grain, period)
    LEFT JOIN (VALUES ${followUp}) f(metric, days) USING (metric)
    WHERE f.days IS NULL OR p.period_end + f.days::INTEGER <= (SELECT data_to FROM data_window)
    ORDER BY ALL`);
}
