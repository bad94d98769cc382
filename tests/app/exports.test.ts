// Every export format read back by independent readers gives the release's
// cells: a fixture release (several metrics, grains and breakdowns, counts,
// proportions and negative means, suppressed cells), exported whole in each
// format, unzipped with Info-ZIP and read with DuckDB (read_csv,
// read_parquet), csv-parse and apache-arrow, compared cell by cell with the
// release file read directly. Then what an account of one program gets.
// (tests/e2e/exports.test.ts does the same on the demo release, through the server.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgramAccess, type ProgramAccess } from '~/auth/guards.server';
import type { SignedIn } from '~/auth/session.server';
import { definitionOf } from '~/dashboard/definitions';
import { EXPORT_FORMATS, type ExportFormat } from '~/exports/formats';
import type { CsvForm } from '../../pipelines/release/format';
import { prepareExport } from '~/exports/package.server';
import { exportableTables } from '~/exports/scope.server';
import { closeReleaseCache, readRelease } from '~/release/reader.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { closeAppStore } from '~/store/app-store.server';
import {
  allArrowViaApacheArrow,
  allCsvViaCsvParse,
  allCsvViaDuckDB,
  allParquetViaDuckDB,
  checkedManifest,
  COLUMNS,
  csvViaCsvParse,
  releaseCells,
  sorted,
  unzipBytes,
  type LongRow,
} from '../helpers/exports';
import { query } from '../helpers/pipeline';
import { makeTempDir, writeReleaseFixture, type FixtureCell } from '../helpers/release-fixture';

const SITES: Record<string, string> = {
  'Harbor — East': 'Harbor Peer Recovery',
  'Harbor — West': 'Harbor Peer Recovery',
  'Lantern — Hill Street': 'Lantern Recovery Collective',
  'Summit — Main': 'Summit Peer Network',
};
const PROGRAMS = [...new Set(Object.values(SITES))];
const PERIODS = { month: ['2025-01', '2025-02', '2025-03', '2025-04'], quarter: ['2025-Q1', '2025-Q2'], year: ['2025'] } as const;
const BREAKDOWNS: Record<string, readonly string[]> = {
  total: ['all'],
  program: PROGRAMS,
  site: Object.keys(SITES),
  gender: ['woman', 'man', 'nonbinary'],
  modality: ['in_person', 'phone', 'group'],
};

/** Every metric at every grain by every breakdown, values of each kind, about one cell in seven suppressed. */
function fixtureCells(): FixtureCell[] {
  const cells: FixtureCell[] = [];
  let n = 0;
  for (const metric of ['participants_served', 'no_show_rate', 'recovery_change']) {
    for (const [grain, periods] of Object.entries(PERIODS) as [FixtureCell['grain'], readonly string[]][]) {
      for (const [dimension, values] of Object.entries(BREAKDOWNS)) {
        for (const period of periods) {
          for (const dimensionValue of values) {
            n++;
            const value = n % 7 === 3 ? null : metric === 'participants_served' ? 20 + ((n * 37) % 900) : metric === 'no_show_rate' ? ((n * 13) % 1000) / 1000 : ((n % 41) - 20) / 100;
            cells.push({ metric, grain, period, dimension, dimensionValue, value });
          }
        }
      }
    }
  }
  return cells;
}

const analyst = (programs: string[]): SignedIn => ({
  sessionId: 'test',
  user: { id: 1, email: 'analyst@example.org', name: 'Analyst', active: true, mustChangePassword: false, roles: ['analyst'], programs },
});
const request = new Request('http://localhost/exports/download?format=csv&all=1');

let dir: string;
let releaseFile: string;
let release: ReleaseSnapshot;
let whole: ProgramAccess;
let cells: LongRow[];
let cleanup = () => {};

beforeAll(async () => {
  ({ dir, cleanup } = makeTempDir('peer-outcomes-exports-'));
  releaseFile = await writeReleaseFixture(dir, {
    cells: fixtureCells(),
    metrics: {
      no_show_rate: { family: 'reach_engagement', label: 'No-show rate', unit: 'proportion', kind: 'ratio', decimals: 3 },
      recovery_change: { family: 'recovery_empowerment', label: 'Change in recovery score', unit: 'points', kind: 'mean', decimals: 2 },
    },
    siteProgram: SITES,
  });
  process.env.PEER_OUTCOMES_APP_STORE = path.join(dir, 'app.duckdb'); // refusals are audited there
  const result = await readRelease(dir);
  if (result.kind !== 'release') throw new Error('no fixture release');
  release = result.release;
  whole = await requireProgramAccess(analyst(['*']), release, request);
  cells = await releaseCells(releaseFile);
});

afterAll(async () => {
  closeReleaseCache();
  await closeAppStore();
  cleanup();
});

/** The export's zip, collected from its stream and unzipped with `unzip`. */
async function exportTo(name: string, format: ExportFormat, access: ProgramAccess, tables = exportableTables(release, access), csvForm?: CsvForm) {
  const prepared = prepareExport({ release, access, tables, format, csvForm, definition: (m) => definitionOf(m)?.exact ?? null });
  return { ...(await unzipBytes(prepared.body(), dir, name)), prepared };
}

async function readBack(format: ExportFormat, out: string): Promise<LongRow[][]> {
  if (format === 'csv') return [allCsvViaCsvParse(out), await allCsvViaDuckDB(out)];
  if (format === 'parquet') {
    const { rows, types } = await allParquetViaDuckDB(out);
    expect(types).toEqual({ table_id: 'VARCHAR', metric: 'VARCHAR', period_grain: 'VARCHAR', period: 'VARCHAR', dimension: 'VARCHAR', dimension_value: 'VARCHAR', value: 'DOUBLE', status: 'VARCHAR' });
    return [rows];
  }
  const { rows, types } = allArrowViaApacheArrow(out);
  for (const t of types) {
    expect(t).toEqual({ table_id: 'Utf8', metric: 'Utf8', period_grain: 'Utf8', period: 'Utf8', dimension: 'Utf8', dimension_value: 'Utf8', value: 'Float64 nullable', status: 'Utf8' });
  }
  return [rows];
}

describe.each(EXPORT_FORMATS)('the whole release as %s', (format) => {
  it('reads back, cell for cell, as the release file holds it; the manifest matches the files', async () => {
    const { out, entries, prepared } = await exportTo(`whole-${format}`, format, whole);
    expect(entries.length).toBe(release.catalog.length + 1);
    expect(entries.at(-1)).toBe('manifest.json'); // written last, once every file's hash is known
    expect(entries).toContain(`participants_served.quarter.site.${format}`);
    expect(release.catalog.length).toBe(3 * 3 * 5);

    for (const rows of await readBack(format, out)) {
      expect(rows.length).toBe(cells.length);
      expect(rows).toEqual(cells);
    }
    // Suppressed cells are there, marked, and never carry a number; negative values stay numbers.
    expect(cells.filter((c) => c.status === 'suppressed').length).toBeGreaterThan(30);
    expect(cells.filter((c) => (c.value ?? 0) < 0).length).toBeGreaterThan(30);

    const manifest = await checkedManifest(out);
    expect(manifest).toMatchObject({ release_id: release.id, k: release.k, format, scope: 'all programs' });
    expect(manifest.suppressed).toMatch(format === 'csv' ? /value holds the text "suppressed"/ : /value is (NULL|null) and status is "suppressed"/);
    expect(manifest.tables.reduce((n, t) => n + t.rows, 0)).toBe(cells.length);
    expect(manifest.tables.reduce((n, t) => n + t.cells_suppressed, 0)).toBe(cells.filter((c) => c.status === 'suppressed').length);
    expect(manifest.tables.find((t) => t.table_id === 'participants_served:quarter:site')?.definition).toMatch(/attended/); // app/dashboard/definitions.ts
    expect(manifest.tables.find((t) => t.table_id === 'no_show_rate:month:program')?.label).toBe('No-show rate');
    expect(prepared.summary).toMatchObject({ tables: release.catalog.length, rows: cells.length, scope: 'all programs' });
  });
});

const BOM = [0xef, 0xbb, 0xbf];
const firstBytes = (file: string) => [...readFileSync(file).subarray(0, 3)];
/** The first column's name as DuckDB's read_csv finds it on its own (header detection, no column list). */
const duckdbFirstColumn = async (file: string) =>
  (await query<{ column_name: string }>(':memory:', `DESCRIBE SELECT * FROM read_csv('${file.replaceAll("'", "''")}')`))[0]!.column_name;

describe('CSV', () => {
  const twoTables = () => release.catalog.filter((t) => t.table_id === 'no_show_rate:month:program' || t.table_id === 'recovery_change:quarter:total');

  it('has the long-form header, CRLF line ends and plain numbers', async () => {
    const tables = twoTables();
    const { out } = await exportTo('csv-two', 'csv', whole, tables);
    for (const t of tables) {
      const file = path.join(out, `${t.metric}.${t.period_grain}.${t.dimension}.csv`);
      const { header, rows } = csvViaCsvParse(file);
      expect(header).toEqual(COLUMNS);
      expect(sorted(rows)).toEqual(cells.filter((c) => c.table_id === t.table_id));
      const text = readFileSync(file, 'utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
      expect(text).not.toMatch(/\d[eE][+-]?\d/); // never exponent notation
    }
  });

  it('starts with UTF-8\'s byte-order mark by default, which DuckDB and csv-parse read past', async () => {
    const { out } = await exportTo('csv-bom', 'csv', whole);
    const files = release.catalog.map((t) => path.join(out, `${t.metric}.${t.period_grain}.${t.dimension}.csv`));
    for (const file of files) expect(firstBytes(file)).toEqual(BOM);
    expect(csvViaCsvParse(files[0]!).header).toEqual(COLUMNS);
    expect(await duckdbFirstColumn(files[0]!)).toBe('table_id');
    expect(allCsvViaCsvParse(out)).toEqual(cells);
    expect(await allCsvViaDuckDB(out)).toEqual(cells);
    const manifest = await checkedManifest(out); // sizes and sha256 count the mark's three bytes
    expect(manifest.encoding).toMatch(/^UTF-8 with a byte-order mark/);
  });

  it('has no byte-order mark in the plain form, and is otherwise byte for byte the same', async () => {
    const tables = twoTables();
    const { out: bom } = await exportTo('csv-default', 'csv', whole, tables);
    const { out: plain, prepared } = await exportTo('csv-plain', 'csv', whole, tables, 'plain');
    expect(prepared.filename).toMatch(/_csv\.zip$/);
    for (const t of tables) {
      const name = `${t.metric}.${t.period_grain}.${t.dimension}.csv`;
      const bytes = readFileSync(path.join(plain, name));
      expect([...bytes.subarray(0, 8)]).toEqual([...Buffer.from('table_id')]);
      expect(Buffer.concat([Buffer.from(BOM), bytes]).equals(readFileSync(path.join(bom, name)))).toBe(true);
      expect(await duckdbFirstColumn(path.join(plain, name))).toBe('table_id');
    }
    const expected = cells.filter((c) => tables.some((t) => t.table_id === c.table_id));
    expect(allCsvViaCsvParse(plain)).toEqual(expected);
    expect(await allCsvViaDuckDB(plain)).toEqual(expected);
    const manifest = await checkedManifest(plain);
    expect(manifest.encoding).toMatch(/^UTF-8 without a byte-order mark/);
    expect(manifest.tables.map((t) => t.bytes)).toEqual((await checkedManifest(bom)).tables.map((t) => t.bytes - BOM.length));
  });
});

describe('an account of one program', () => {
  it('gets exactly its program and site rows, and no all-programs table', async () => {
    const program = 'Harbor Peer Recovery';
    const access = await requireProgramAccess(analyst([program]), release, request);
    expect(access.whole).toBe(false);
    const tables = exportableTables(release, access);
    expect(new Set(tables.map((t) => t.dimension))).toEqual(new Set(['program', 'site']));

    const { out, entries } = await exportTo('scoped-csv', 'csv', access);
    expect(entries.filter((e) => !/\.(program|site)\.csv$/.test(e))).toEqual(['manifest.json']);
    expect(entries.length).toBe(3 * 3 * 2 + 1);
    const sites = ['Harbor — East', 'Harbor — West'];
    const expected = cells.filter((c) => (c.dimension === 'program' && c.dimension_value === program) || (c.dimension === 'site' && sites.includes(c.dimension_value)));
    for (const rows of await readBack('csv', out)) expect(rows).toEqual(expected);
    const manifest = await checkedManifest(out);
    expect(manifest.scope).toBe(program);
  });
});
