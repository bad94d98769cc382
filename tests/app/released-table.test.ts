// The reader's released cells: values arrive branded, suppressed cells carry
// no number, and a cell that breaks the format is refused, never shown. Only
// the reader makes a ReleasedValue.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeReleaseCache, readReleasedTable, ReleaseReadError } from '../../app/release.server';
import { writeReleaseFixture } from '../helpers/release-fixture';

const CELLS = `CREATE TABLE cells (table_id VARCHAR, metric VARCHAR, period_grain VARCHAR, period VARCHAR,
  dimension VARCHAR, dimension_value VARCHAR, value DOUBLE, status VARCHAR)`;
const row = (period: string, v: string, value: string, status: string) =>
  `INSERT INTO cells VALUES ('participants_served:month:site', 'participants_served', 'month', '${period}', 'site', '${v}', ${value}, '${status}')`;

const tempDir = (p: string) => mkdtempSync(join(tmpdir(), `po-${p}-`));

afterAll(() => closeReleaseCache());

describe('readReleasedTable', () => {
  it('returns released values and suppressed marks, in order', async () => {
    const dir = tempDir('cells');
    await writeReleaseFixture(dir, { extraSql: [CELLS, row('2025-02', 'East', '42', 'released'), row('2025-01', 'West', 'NULL', 'suppressed'), row('2025-01', 'East', '40', 'released')] });
    const cells = await readReleasedTable('participants_served:month:site', dir);
    expect(cells).toEqual([
      { period: '2025-01', dimensionValue: 'East', value: { status: 'released', value: 40 } },
      { period: '2025-01', dimensionValue: 'West', value: { status: 'suppressed' } },
      { period: '2025-02', dimensionValue: 'East', value: { status: 'released', value: 42 } },
    ]);
    expect(await readReleasedTable('no:such:table', dir)).toEqual([]);
  });

  it('refuses a suppressed cell that carries a value', async () => {
    const dir = tempDir('cells-bad');
    await writeReleaseFixture(dir, { extraSql: [CELLS, row('2025-01', 'West', '3', 'suppressed')] });
    await expect(readReleasedTable('participants_served:month:site', dir)).rejects.toBeInstanceOf(ReleaseReadError);
  });

  it('no app module but the reader makes a ReleasedValue', () => {
    const files = (d: string): string[] =>
      readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : [join(d, n)]));
    const makers = files(join(import.meta.dirname, '..', '..', 'app')).filter((f) => /as ReleasedValue\b/.test(readFileSync(f, 'utf8')));
    expect(makers.map((f) => f.slice(f.indexOf('app/')))).toEqual(['app/release.server.ts']);
  });
});
