// Every export format read back by independent readers gives the release's
// cells: the e2e demo release (real pipeline output), exported whole in each
// format, unzipped with Info-ZIP and read with DuckDB (read_csv, read_parquet),
// csv-parse and apache-arrow, compared cell by cell with the release file read
// directly. Then what an account of one program gets.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireProgramAccess, type ProgramAccess } from '~/auth/guards.server';
import type { SignedIn } from '~/auth/session.server';
import { metricDefinitions } from '~/dashboard/definitions.server';
import { EXPORT_FORMATS, type ExportFormat } from '~/exports/formats';
import { prepareExport } from '~/exports/package.server';
import { exportableTables } from '~/exports/scope.server';
import { closeReleaseCache, readRelease } from '~/release/reader.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import { closeAppStore } from '~/store/app-store.server';
import { DEMO_RELEASE, ensureDemoRelease } from '../e2e/demo-release';
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
  unzip,
  type LongRow,
} from '../helpers/exports';
import { query } from '../helpers/pipeline';
import { makeTempDir } from '../helpers/release-fixture';

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
const definitions = metricDefinitions();

beforeAll(async () => {
  await ensureDemoRelease(); // already built when the e2e cache is there
  const tmp = makeTempDir('peer-outcomes-exports-');
  ({ dir, cleanup } = tmp);
  releaseFile = path.join(dir, 'release.duckdb');
  copyFileSync(DEMO_RELEASE, releaseFile);
  process.env.PEER_OUTCOMES_APP_STORE = path.join(dir, 'app.duckdb'); // refusals are audited there
  const result = await readRelease(dir);
  if (result.kind !== 'release') throw new Error('no demo release');
  release = result.release;
  whole = await requireProgramAccess(analyst(['*']), release, request);
  cells = await releaseCells(releaseFile);
}, 600_000);

afterAll(async () => {
  closeReleaseCache();
  await closeAppStore();
  cleanup();
});

/** Writes the export's zip to disk (collected from its stream), unzips it with `unzip`, returns the folder. */
async function exportTo(name: string, format: ExportFormat, access: ProgramAccess, tables = exportableTables(release, access)) {
  const prepared = prepareExport({ release, access, tables, format, definition: (m) => definitions.get(m)?.text ?? null });
  const chunks: Uint8Array[] = [];
  for await (const chunk of prepared.body()) chunks.push(chunk);
  const zipFile = path.join(dir, `${name}.zip`);
  writeFileSync(zipFile, Buffer.concat(chunks));
  const out = path.join(dir, name);
  mkdirSync(out);
  const entries = unzip(zipFile, out);
  return { out, entries, prepared };
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

    for (const rows of await readBack(format, out)) {
      expect(rows.length).toBe(cells.length);
      expect(rows).toEqual(cells);
    }
    // Suppressed cells are there, marked, and never carry a number.
    expect(cells.filter((c) => c.status === 'suppressed').length).toBeGreaterThan(100);

    const manifest = await checkedManifest(out);
    expect(manifest).toMatchObject({ release_id: release.id, k: release.k, format, scope: 'all programs' });
    expect(manifest.suppressed).toMatch(format === 'csv' ? /value holds the text "suppressed"/ : /value is (NULL|null) and status is "suppressed"/);
    expect(manifest.tables.reduce((n, t) => n + t.rows, 0)).toBe(cells.length);
    expect(manifest.tables.reduce((n, t) => n + t.cells_suppressed, 0)).toBe(cells.filter((c) => c.status === 'suppressed').length);
    expect(manifest.tables.find((t) => t.table_id === 'participants_served:quarter:site')?.definition).toMatch(/attended/);
    expect(prepared.summary).toMatchObject({ tables: release.catalog.length, rows: cells.length, scope: 'all programs' });
  }, 120_000);
});

describe('CSV', () => {
  it('has the long-form header, CRLF line ends and plain numbers', async () => {
    const tables = release.catalog.filter((t) => t.table_id === 'no_show_rate:month:program' || t.table_id === 'contact_hours:quarter:total');
    const { out } = await exportTo('csv-two', 'csv', whole, tables);
    for (const t of tables) {
      const file = path.join(out, `${t.metric}.${t.period_grain}.${t.dimension}.csv`);
      const { header, rows } = csvViaCsvParse(file);
      expect(header).toEqual(COLUMNS);
      expect(sorted(rows)).toEqual(cells.filter((c) => c.table_id === t.table_id));
      const text = (await import('node:fs')).readFileSync(file, 'utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
      expect(text).not.toMatch(/\d[eE][+-]?\d/); // never exponent notation
    }
  });
});

describe('an account of one program', () => {
  it('gets exactly its program and site rows, and no all-programs table', async () => {
    const [program] = release.values('program').map((v) => v.dimension_value);
    const access = await requireProgramAccess(analyst([program!]), release, request);
    expect(access.whole).toBe(false);
    const tables = exportableTables(release, access);
    expect(new Set(tables.map((t) => t.dimension))).toEqual(new Set(['program', 'site']));

    const { out, entries } = await exportTo('scoped-csv', 'csv', access);
    expect(entries.filter((e) => /\.(total|modality|gender|age_band|race_ethnicity|consistency_band|trust_band|incident_category)\.csv$/.test(e))).toEqual([]);
    const sites = (await query<{ site: string }>(releaseFile, `SELECT dimension_value AS site FROM dimension_values WHERE dimension = 'site' AND parent_value = '${program!.replaceAll("'", "''")}'`)).map((r) => r.site);
    expect(sites.length).toBeGreaterThan(0);
    const expected = cells.filter((c) => (c.dimension === 'program' && c.dimension_value === program) || (c.dimension === 'site' && sites.includes(c.dimension_value)));
    for (const rows of await readBack('csv', out)) expect(rows).toEqual(expected);
    const manifest = await checkedManifest(out);
    expect(manifest.scope).toBe(program);
  }, 60_000);
});
