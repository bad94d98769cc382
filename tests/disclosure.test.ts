// The release step end to end on synthetic data: the audit refuses a release
// whose complementary suppression is off and the previous release stays; the
// release holds no contributor counts; the long-form export reads back.
import { parse } from 'csv-parse/sync';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditRelease } from '../pipelines/disclosure/audit/index';
import { exportReleaseCsv } from '../pipelines/release/export-csv';
import { RELEASE_FILE } from '../pipelines/release/format';
import { CANDIDATES_DIR } from '../pipelines/release/write';
import { ANALYTICS_FILE, runPipeline } from '../pipelines/runner/run';
import { cachedRun, TINY_RUN } from './helpers/cached-run';
import { DEMO_ENV, query, run, tempDir } from './helpers/pipeline';
import { trimInput } from './helpers/trimmed-input';

let input: string;
let data: string;

beforeAll(async () => {
  // the pipeline tests' tiny run (built once; read here, never changed)
  ({ inputDir: input, dataDir: data } = await cachedRun(TINY_RUN));
}, 900_000);

describe('the release', () => {
  it('passes the audit it was written after, with suppressed and released cells', async () => {
    const audit = await auditRelease(join(data, RELEASE_FILE), { protectionLevel: 11 });
    expect(audit.failures).toEqual([]);
    expect(audit.suppressedCells).toBeGreaterThan(0);
    const [m] = await query<{ k: number; cells_released: number; cells_suppressed: number; tables: number }>(
      join(data, RELEASE_FILE),
      `SELECT k::INTEGER AS k, cells_released::INTEGER AS cells_released, cells_suppressed::INTEGER AS cells_suppressed, tables::INTEGER AS tables FROM manifest`,
    );
    expect(m!.k).toBe(11);
    expect(m!.cells_suppressed).toBe(audit.suppressedCells);
    expect(m!.cells_released).toBeGreaterThan(0);
    expect(m!.tables).toBeGreaterThan(100);
  }, 300_000);

  it('holds no contributor counts, and a value exactly when released', async () => {
    const cols = await query<{ table_name: string; column_name: string }>(
      join(data, RELEASE_FILE),
      `SELECT table_name, column_name FROM duckdb_columns() WHERE NOT internal`,
    );
    expect(cols.map((c) => c.column_name).filter((c) => /contributor|numerator|denominator|observed/.test(c))).toEqual([]);
    const [bad] = await query<{ n: number }>(
      join(data, RELEASE_FILE),
      `SELECT count(*)::INTEGER AS n FROM cells WHERE (status = 'suppressed') <> (value IS NULL)`,
    );
    expect(bad!.n).toBe(0);
  });

  it('with complementary suppression off, the audit refuses the release and the previous one keeps serving', async () => {
    // four months of the tiny input: the same point, with audits of seconds
    const short = tempDir('short');
    trimInput(input, short, '2024-04-30');
    const d = tempDir('refused');
    const first = await run(short, d);
    const idOf = async () => (await query<{ release_id: string }>(join(d, RELEASE_FILE), `SELECT release_id FROM manifest`))[0]!.release_id;
    expect(await idOf()).toBe(first.runId);
    const before = readFileSync(join(d, RELEASE_FILE));
    await expect(
      runPipeline({ inputDir: short, dataDir: d, env: DEMO_ENV, complementarySuppression: false }),
    ).rejects.toThrow(/audit refused the release: \d+ suppressed values can be narrowed/);
    expect(await idOf()).toBe(first.runId);
    expect(readFileSync(join(d, RELEASE_FILE)).equals(before)).toBe(true);
    // the refused candidate is gone too (candidates live in DATA/candidates/, decision 0013)
    expect(existsSync(join(d, CANDIDATES_DIR)) ? readdirSync(join(d, CANDIDATES_DIR)) : []).toEqual([]);
    expect(readdirSync(d).filter((f) => f.includes('.tmp'))).toEqual([]);
    const runs = await query<{ status: string }>(join(d, ANALYTICS_FILE), `SELECT status FROM runs ORDER BY started_at`);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
  }, 900_000);

  it('exports every cell in long form, read back the same by two CSV readers', async () => {
    const out = join(tempDir('export'), 'release.csv');
    const rows = await exportReleaseCsv(data, out);
    const cells = await query<{ table_id: string; period: string; dimension_value: string; value: number | null; status: string }>(
      join(data, RELEASE_FILE),
      `SELECT table_id, period, dimension_value, value, status FROM cells ORDER BY table_id, period, dimension_value`,
    );
    expect(rows).toBe(cells.length);
    const parsed = parse(readFileSync(out), { columns: true }) as Record<string, string>[];
    expect(Object.keys(parsed[0]!)).toEqual(['table_id', 'metric', 'period_grain', 'period', 'dimension', 'dimension_value', 'value', 'status']);
    expect(parsed.map((r) => [r.table_id, r.period, r.dimension_value, r.value === 'suppressed' ? null : Number(r.value), r.status])).toEqual(
      cells.map((c) => [c.table_id, c.period, c.dimension_value, c.value, c.status]),
    );
    // A suppressed value is the word, never blank or 0; every other value reads as a number.
    const viaDuck = await query<{ n: number; suppressed_marked: number; numbers: number }>(
      ':memory:',
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (status = 'suppressed' AND value = 'suppressed')::INTEGER AS suppressed_marked,
         count(TRY_CAST(value AS DOUBLE))::INTEGER AS numbers
       FROM read_csv('${out}', header = true, columns = {'table_id': 'VARCHAR', 'metric': 'VARCHAR', 'period_grain': 'VARCHAR',
         'period': 'VARCHAR', 'dimension': 'VARCHAR', 'dimension_value': 'VARCHAR', 'value': 'VARCHAR', 'status': 'VARCHAR'})`,
    );
    expect(viaDuck[0]!.n).toBe(cells.length);
    expect(viaDuck[0]!.suppressed_marked).toBe(cells.filter((c) => c.status === 'suppressed').length);
    expect(viaDuck[0]!.numbers).toBe(cells.filter((c) => c.status === 'released').length);
  });
});
