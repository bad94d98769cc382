// Reading an export back with readers that share no code with the writers:
// `unzip` (Info-ZIP) for the archive, DuckDB's read_csv and csv-parse for CSV,
// DuckDB's read_parquet for Parquet, apache-arrow for Arrow IPC; and the
// release's cells read directly with DuckDB, to compare with.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import type { CellRow } from '../../pipelines/release/format';
import { query } from './pipeline';

/** A cell in long form, as the release's cells table and every export hold it. */
export type LongRow = CellRow;

export const COLUMNS = ['table_id', 'metric', 'period_grain', 'period', 'dimension', 'dimension_value', 'value', 'status'];

const sql = (s: string) => `'${s.replaceAll("'", "''")}'`;
const list = (files: string[]) => `[${files.map(sql).join(', ')}]`;

/** Rows in a stable order, for comparing sets of rows. */
export function sorted(rows: LongRow[]): LongRow[] {
  const key = (r: LongRow) => `${r.table_id}\u0000${r.period}\u0000${r.dimension_value}`;
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Every cell of a release file, read directly (not through the app). */
export async function releaseCells(releaseFile: string, where = 'TRUE'): Promise<LongRow[]> {
  return sorted(
    await query<LongRow>(
      releaseFile,
      `SELECT table_id, metric, period_grain, period, dimension, dimension_value, CAST(value AS DOUBLE) AS value, status FROM cells WHERE ${where}`,
    ),
  );
}

/** Writes a zip's bytes to DIR/NAME.zip and unzips it into DIR/NAME with `unzip`; returns that folder and the entries in zip order. */
export async function unzipBytes(bytes: Uint8Array | AsyncIterable<Uint8Array>, dir: string, name: string): Promise<{ out: string; entries: string[] }> {
  const chunks: Uint8Array[] = [];
  if (bytes instanceof Uint8Array) chunks.push(bytes);
  else for await (const chunk of bytes) chunks.push(chunk);
  const zipFile = path.join(dir, `${name}.zip`);
  writeFileSync(zipFile, Buffer.concat(chunks));
  const out = path.join(dir, name);
  mkdirSync(out);
  return { out, entries: unzip(zipFile, out) };
}

/** Unzips with Info-ZIP's unzip (never fflate) into `dir`; returns the entry names in zip order. */
export function unzip(zipFile: string, dir: string): string[] {
  execFileSync('/usr/bin/unzip', ['-q', '-o', zipFile, '-d', dir]);
  const listing = execFileSync('/usr/bin/unzip', ['-Z1', zipFile], { encoding: 'utf8' });
  return listing.split('\n').filter(Boolean);
}

export interface ReadManifest {
  release_id: string;
  k: number;
  format: string;
  scope: string;
  suppressed: string;
  generated_at: string;
  encoding: string;
  tables: { file: string; table_id: string; rows: number; cells_released: number; cells_suppressed: number; bytes: number; sha256: string; definition: string | null; label: string }[];
}

/** manifest.json, after checking every file's size, sha256 and row count against the files themselves. */
export async function checkedManifest(dir: string): Promise<ReadManifest> {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ReadManifest;
  const files = readdirSync(dir).filter((f) => f !== 'manifest.json').sort();
  if (JSON.stringify(files) !== JSON.stringify(manifest.tables.map((t) => t.file).sort())) {
    throw new Error(`the manifest lists ${manifest.tables.map((t) => t.file).join(', ')}; the zip holds ${files.join(', ')}`);
  }
  for (const t of manifest.tables) {
    const file = path.join(dir, t.file);
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (sha256 !== t.sha256) throw new Error(`${t.file}: sha256 ${sha256}, manifest says ${t.sha256}`);
    if (statSync(file).size !== t.bytes) throw new Error(`${t.file}: ${statSync(file).size} bytes, manifest says ${t.bytes}`);
    const rows = await rowsOfFile(file);
    if (rows !== t.rows) throw new Error(`${t.file}: ${rows} rows, manifest says ${t.rows}`);
  }
  return manifest;
}

const dataFiles = (dir: string, ext: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(`.${ext}`))
    .sort()
    .map((f) => path.join(dir, f));

/** CSV files through csv-parse (which drops a leading byte-order mark, as spreadsheets do): the header, and the value column's word for suppressed. */
export function csvViaCsvParse(file: string): { header: string[]; rows: LongRow[] } {
  const records = parse(readFileSync(file), { bom: true, relax_quotes: false }) as string[][];
  const [header, ...body] = records;
  return {
    header: header ?? [],
    rows: body.map((r) => {
      const [table_id, metric, period_grain, period, dimension, dimension_value, value, status] = r as [string, string, string, string, string, string, string, string];
      if (status === 'suppressed' && value !== 'suppressed') throw new Error(`${file}: a suppressed cell's value is ${JSON.stringify(value)}`);
      if (status === 'released' && !/^-?\d+(\.\d+)?$/.test(value)) throw new Error(`${file}: a released value is not a plain number: ${JSON.stringify(value)}`);
      return { table_id, metric, period_grain, period, dimension, dimension_value, value: status === 'suppressed' ? null : Number(value), status: status as LongRow['status'] };
    }),
  };
}

export function allCsvViaCsvParse(dir: string): LongRow[] {
  return sorted(dataFiles(dir, 'csv').flatMap((f) => csvViaCsvParse(f).rows));
}

/** CSV files through DuckDB's read_csv (RFC 4180 options, every column as text; DuckDB casts the numbers). */
export async function allCsvViaDuckDB(dir: string): Promise<LongRow[]> {
  const files = dataFiles(dir, 'csv');
  if (files.length === 0) return [];
  const columns = `{${COLUMNS.map((c) => `'${c}': 'VARCHAR'`).join(', ')}}`;
  return sorted(
    await query<LongRow>(
      ':memory:',
      `SELECT table_id, metric, period_grain, period, dimension, dimension_value,
         CASE WHEN value = 'suppressed' THEN NULL ELSE CAST(value AS DOUBLE) END AS value, status
       FROM read_csv(${list(files)}, header = true, delim = ',', quote = '"', escape = '"', columns = ${columns}, strict_mode = true)`,
    ),
  );
}

export async function allParquetViaDuckDB(dir: string): Promise<{ rows: LongRow[]; types: Record<string, string> }> {
  const files = dataFiles(dir, 'parquet');
  const types = Object.fromEntries(
    (await query<{ column_name: string; column_type: string }>(':memory:', `DESCRIBE SELECT * FROM read_parquet(${list(files)})`)).map((r) => [r.column_name, r.column_type]),
  );
  return { rows: sorted(await query<LongRow>(':memory:', `SELECT * FROM read_parquet(${list(files)})`)), types };
}

export function arrowViaApacheArrow(file: string): { rows: LongRow[]; types: Record<string, string> } {
  const table = tableFromIPC(readFileSync(file));
  const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, `${String(f.type)}${f.nullable ? ' nullable' : ''}`]));
  return { rows: [...table].map((r) => r!.toJSON() as unknown as LongRow), types };
}

export function allArrowViaApacheArrow(dir: string): { rows: LongRow[]; types: Record<string, string>[] } {
  const read = dataFiles(dir, 'arrow').map(arrowViaApacheArrow);
  return { rows: sorted(read.flatMap((r) => r.rows)), types: read.map((r) => r.types) };
}

/** Rows of one data file, whatever its format (for the manifest's counts). */
export async function rowsOfFile(file: string): Promise<number> {
  if (file.endsWith('.csv')) return csvViaCsvParse(file).rows.length;
  if (file.endsWith('.arrow')) return tableFromIPC(readFileSync(file)).numRows;
  if (file.endsWith('.parquet')) return (await query<{ n: number }>(':memory:', `SELECT count(*)::INTEGER AS n FROM read_parquet(${sql(file)})`))[0]!.n;
  throw new Error(`unknown data file ${file}`);
}
