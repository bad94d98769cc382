// The reader's released cells: values arrive branded, suppressed cells carry
// no number, and a release that breaks the format is refused, never shown.
// Only the reader makes a ReleasedValue.
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeReleaseCache, readRelease, ReleaseReadError } from '../../app/release/reader.server';
import { writeReleaseFixture, type FixtureCell } from '../helpers/release-fixture';

const cell = (period: string, site: string, value: number | null, status?: FixtureCell['status']): FixtureCell => ({
  metric: 'participants_served', grain: 'quarter', period, dimension: 'site', dimensionValue: site, value, status,
});
const tempDir = (p: string) => mkdtempSync(join(tmpdir(), `po-${p}-`));

async function snapshot(dir: string) {
  const result = await readRelease(dir);
  if (result.kind !== 'release') throw new Error('expected a release');
  return result.release;
}

afterAll(() => closeReleaseCache());

describe('release snapshot', () => {
  it('returns released values and suppressed marks, in order', async () => {
    const dir = tempDir('cells');
    await writeReleaseFixture(dir, {
      cells: [cell('2025-Q2', 'East', 42), cell('2025-Q1', 'West', null), cell('2025-Q1', 'East', 40)],
      siteProgram: { East: 'Harbor', West: 'Harbor' },
    });
    const release = await snapshot(dir);
    expect(release.table('participants_served:quarter:site')).toEqual([
      { period: '2025-Q1', dimensionValue: 'East', value: { status: 'released', value: 40 } },
      { period: '2025-Q1', dimensionValue: 'West', value: { status: 'suppressed' } },
      { period: '2025-Q2', dimensionValue: 'East', value: { status: 'released', value: 42 } },
    ]);
    expect(release.cell('participants_served:quarter:site', '2025-Q1', 'West')).toEqual({ status: 'suppressed' });
    expect(release.cell('participants_served:quarter:site', '2025-Q3', 'West')).toBeUndefined();
    expect(release.table('no:such:table')).toEqual([]);
    expect(release.periods('quarter').map((p) => p.period)).toEqual(['2025-Q1', '2025-Q2']);
    expect(release.values('site').map((v) => [v.dimension_value, v.parent_value])).toEqual([['East', 'Harbor'], ['West', 'Harbor']]);
    expect(release.grainsOf('participants_served', 'site')).toEqual(['quarter']);
  });

  it('refuses a suppressed cell that carries a value', async () => {
    const dir = tempDir('cells-bad');
    await writeReleaseFixture(dir, { cells: [cell('2025-Q1', 'West', 3, 'suppressed')] });
    await expect(readRelease(dir)).rejects.toBeInstanceOf(ReleaseReadError);
  });

  it('refuses a released cell without a value', async () => {
    const dir = tempDir('cells-null');
    await writeReleaseFixture(dir, { cells: [cell('2025-Q1', 'West', null, 'released')] });
    await expect(readRelease(dir)).rejects.toThrow(/malformed row/);
  });

  it('refuses cells of a table the catalog does not list', async () => {
    const dir = tempDir('cells-unlisted');
    await writeReleaseFixture(dir, { cells: [cell('2025-Q1', 'West', 30)], extraSql: ['DELETE FROM catalog'] });
    await expect(readRelease(dir)).rejects.toThrow(/does not list/);
  });

  it('refuses a release without a cells table', async () => {
    const dir = tempDir('cells-missing');
    await writeReleaseFixture(dir, { extraSql: ['DROP TABLE cells'] });
    await expect(readRelease(dir)).rejects.toThrow(/no readable cells table/);
  });

  it('no app module but the reader makes a ReleasedValue', () => {
    const files = (d: string): string[] =>
      readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : [join(d, n)]));
    const makers = files(join(import.meta.dirname, '..', '..', 'app')).filter((f) => /as ReleasedValue\b/.test(readFileSync(f, 'utf8')));
    expect(makers.map((f) => f.slice(f.indexOf('app/')))).toEqual(['app/release/reader.server.ts']);
  });
});
