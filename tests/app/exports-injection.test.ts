// Spreadsheet formula injection: a release whose program and site names are
// hostile. The CSV must carry every such text field with a leading apostrophe,
// quoted the RFC 4180 way where needed, parse back (csv-parse and DuckDB) to
// the neutralised text, and leave numbers, negative ones too, as numbers.
// `npm run release:export` writes the very same lines. Typed formats carry the
// names as they are (no spreadsheet runs a Parquet string).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgramAccess } from '~/auth/guards.server';
import type { ExportFormat } from '~/exports/formats';
import { prepareExport } from '~/exports/package.server';
import { exportableTables } from '~/exports/scope.server';
import { closeReleaseCache, readRelease } from '~/release/reader.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { exportReleaseCsv } from '../../pipelines/release/export-csv';
import { plainDecimal } from '../../pipelines/release/format';
import { allArrowViaApacheArrow, allCsvViaCsvParse, allCsvViaDuckDB, allParquetViaDuckDB, releaseCells, sorted, unzipBytes, type LongRow } from '../helpers/exports';
import { makeTempDir, writeReleaseFixture, type FixtureCell } from '../helpers/release-fixture';

// Hostile program names, and what the CSV must carry for each.
const PROGRAMS: [string, string][] = [
  ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
  ['+1+1', `'+1+1`],
  ['-2', `'-2`],
  ['@SUM(A1)', `'@SUM(A1)`],
  ['\tTAB', `'\tTAB`],
  ['\rCR', `'\rCR`],
  ['Smith, Jones & Co', 'Smith, Jones & Co'],
  ['The "Quoted" Program', 'The "Quoted" Program'],
  ['Two\nLines', 'Two\nLines'],
  ['Café Ñandú — Peer Recovery 東京', 'Café Ñandú — Peer Recovery 東京'],
  ['  =1+1', `'  =1+1`], // importers that trim leading spaces
  ['＝1+1', `'＝1+1`], // full-width, which some normalise to =
];
const SITES: [string, string, string][] = [
  ['=1+2', `'=1+2`, PROGRAMS[0]![0]],
  ['-Hill, "North"', `'-Hill, "North"`, PROGRAMS[1]![0]],
  ['@home\r\nbase', `'@home\r\nbase`, PROGRAMS[2]![0]],
  ['Ünïcode Street', 'Ünïcode Street', PROGRAMS[9]![0]],
];

let dir: string;
let release: ReleaseSnapshot;
let cells: LongRow[];
let cleanup = () => {};
const whole = { whole: true, programs: PROGRAMS.map(([p]) => p) } as unknown as ProgramAccess; // as requireProgramAccess makes it for '*'

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir('peer-outcomes-injection-'));
  const fixture: FixtureCell[] = [];
  for (const [i, [program]] of PROGRAMS.entries()) {
    fixture.push({ metric: 'participants_served', grain: 'quarter', period: '2025-Q1', dimension: 'program', dimensionValue: program, value: i === 3 ? null : 100 + i });
    fixture.push({ metric: 'recovery_change', grain: 'quarter', period: '2025-Q1', dimension: 'program', dimensionValue: program, value: i % 2 === 0 ? -2.5 - i : 0.000001 * (i + 1) });
  }
  for (const [i, [site]] of SITES.entries()) {
    fixture.push({ metric: 'participants_served', grain: 'quarter', period: '2025-Q1', dimension: 'site', dimensionValue: site, value: i === 1 ? null : 50 + i });
  }
  fixture.push({ metric: 'participants_served', grain: 'quarter', period: '2025-Q1', dimension: 'total', dimensionValue: 'all', value: 1234567 });
  await writeReleaseFixture(dir, {
    cells: fixture,
    metrics: { recovery_change: { family: 'recovery_empowerment', unit: 'points', kind: 'mean', decimals: 6 } },
    siteProgram: Object.fromEntries(SITES.map(([site, , program]) => [site, program])),
  });
  const result = await readRelease(dir);
  if (result.kind !== 'release') throw new Error('no release');
  release = result.release;
  cells = await releaseCells(path.join(dir, 'release.duckdb'));
});

afterAll(() => {
  closeReleaseCache();
  cleanup();
});

async function exportTo(format: ExportFormat): Promise<string> {
  const prepared = prepareExport({ release, access: whole, tables: exportableTables(release, whole), format, definition: () => null });
  return (await unzipBytes(prepared.body(), dir, format)).out;
}

const neutralised = new Map([...PROGRAMS.map(([raw, csv]) => [raw, csv] as const), ...SITES.map(([raw, csv]) => [raw, csv] as const)]);
const asCsvCarries = (rows: LongRow[]) => sorted(rows.map((r) => ({ ...r, dimension_value: neutralised.get(r.dimension_value) ?? r.dimension_value })));

describe('CSV with hostile program and site names', () => {
  let out: string;
  beforeAll(async () => {
    out = await exportTo('csv');
  });

  it('prefixes every formula-like field with an apostrophe and quotes per RFC 4180', () => {
    const programs = readFileSync(path.join(out, 'participants_served.quarter.program.csv'), 'utf8');
    expect(programs).toContain(`,"'=HYPERLINK(""http://x"",""y"")",100,released\r\n`);
    expect(programs).toContain(`,'+1+1,101,released\r\n`);
    expect(programs).toContain(`,'-2,102,released\r\n`);
    expect(programs).toContain(`,'@SUM(A1),suppressed,suppressed\r\n`);
    expect(programs).toContain(`,'\tTAB,104,released\r\n`);
    expect(programs).toContain(`,"'\rCR",105,released\r\n`);
    expect(programs).toContain(`,"Smith, Jones & Co",106,released\r\n`);
    expect(programs).toContain(`,"The ""Quoted"" Program",107,released\r\n`);
    expect(programs).toContain(`,"Two\nLines",108,released\r\n`);
    expect(programs).toContain(`,Café Ñandú — Peer Recovery 東京,109,released\r\n`);
    const sites = readFileSync(path.join(out, 'participants_served.quarter.site.csv'), 'utf8');
    expect(sites).toContain(`,'=1+2,50,released\r\n`);
    expect(sites).toContain(`,"'-Hill, ""North""",suppressed,suppressed\r\n`);
    expect(sites).toContain(`,"'@home\r\nbase",52,released\r\n`);
    // No line, field or value starts a formula: every field after a separator is quoted, a number, or neutralised.
    for (const line of (programs + sites).split(/\r\n(?=[a-z_]+:)/)) expect(line).not.toMatch(/(^|,)[=+@\t\r]/);
  });

  it('leaves numbers as numbers: negative, tiny and large values stay plain, unprefixed', () => {
    const text = readFileSync(path.join(out, 'recovery_change.quarter.program.csv'), 'utf8');
    expect(text).toContain(`,"'=HYPERLINK(""http://x"",""y"")",-2.5,released\r\n`);
    expect(text).toContain(`,'+1+1,0.000002,released\r\n`);
    expect(text).toContain(`,'-2,-4.5,released\r\n`);
    expect(text).not.toMatch(/,'-?[\d.]+,released/); // the apostrophe never reaches a value
    expect(readFileSync(path.join(out, 'participants_served.quarter.total.csv'), 'utf8')).toContain(',all,1234567,released\r\n');
  });

  it('parses back, with csv-parse and with DuckDB, to the neutralised text and the released values', async () => {
    const expected = asCsvCarries(cells);
    expect(allCsvViaCsvParse(out)).toEqual(expected);
    expect(await allCsvViaDuckDB(out)).toEqual(expected);
  });

  it('is what `npm run release:export` writes, line for line', async () => {
    const cli = path.join(dir, 'cli.csv');
    await exportReleaseCsv(dir, cli);
    const body = (file: string) => readFileSync(file, 'utf8').split('\r\n').slice(1).join('\r\n');
    const app = release.catalog.map((t) => body(path.join(out, `${t.metric}.${t.period_grain}.${t.dimension}.csv`))).join('');
    expect(body(cli)).toBe(app);
    // Byte-exact by default (for scripts and diffs); --bom starts it as the web app's CSV starts.
    const first = release.catalog[0]!;
    const appFile = readFileSync(path.join(out, `${first.metric}.${first.period_grain}.${first.dimension}.csv`));
    expect(readFileSync(cli).subarray(0, 11).toString('latin1')).toBe('table_id,me');
    const cliBom = path.join(dir, 'cli-bom.csv');
    await exportReleaseCsv(dir, cliBom, 'bom');
    expect(readFileSync(cliBom).equals(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(cli)]))).toBe(true);
    expect(readFileSync(cliBom).subarray(0, 3).equals(appFile.subarray(0, 3))).toBe(true);
  });
});

describe('typed formats with hostile names', () => {
  it('carry the names as they are (Parquet through DuckDB, Arrow through apache-arrow)', async () => {
    expect((await allParquetViaDuckDB(await exportTo('parquet'))).rows).toEqual(cells);
    expect(allArrowViaApacheArrow(await exportTo('arrow')).rows).toEqual(cells);
  });
});

describe('plain decimals', () => {
  it.each([
    [1e-7, '0.0000001'],
    [-1.5e-10, '-0.00000000015'],
    [1e21, '1000000000000000000000'],
    [1.234e25, '12340000000000000000000000'],
    [-0, '0'],
    [0.001, '0.001'],
    [123456.7, '123456.7'],
  ])('%d is written %s', (x, text) => expect(plainDecimal(x)).toBe(text));

  it('never uses exponents and reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = plainDecimal(x);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(x === 0 ? 0 : x);
      }),
    );
  });
});
