// The release reader: the only code in the web app that opens the release file,
// and the only code that makes a ReleasedValue.
//
// - Opens the release `${PEER_OUTCOMES_DATA}/release.duckdb` names READ-ONLY, never
//   read-write, so any number of web processes (and the CLI, and the audit) share
//   it. The name is a pointer into the release history, a symbolic link to
//   `releases/<id>/release.duckdb` that publishing and rolling back swap by an
//   atomic rename (decision 0014); a regular file there is served as it is.
// - Keeps the open instance with a small pool of connections (pool.server.ts),
//   and reads the whole release once into a snapshot that pages look up
//   (snapshot.server.ts). On every request it resolves the pointer and checks the
//   identity of the file it names (path, device, inode, size, mtime): a release
//   published, or rolled back to, from the CLI is served from the next request
//   on, without a restart. It opens the file the pointer named when it looked,
//   so a swap in between costs one more open, never a mix. A superseded
//   instance is closed once the last query using it has finished.
// - A missing file is a normal state ("no release yet"), returned as a value.
//   A file that exists but cannot be read, or whose tables do not match the
//   release format, is an error (ReleaseReadError): nothing of it is shown.

import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import {
  CATALOG_TABLE,
  CELLS_TABLE,
  DIMENSION_VALUES_TABLE,
  MANIFEST_SELECT_SQL,
  MANIFEST_TABLE,
  PERIODS_TABLE,
  RELEASE_FILE,
  type CatalogRow,
  type ReleasedValue,
  type ReleaseManifest,
} from '../../pipelines/release/format';
import { getEnv } from '../env.server';
import { parseDateTimeUtc } from '../lib/format';
import { ConnectionPool } from './pool.server';
import { ReleaseSnapshot, type ReleasedCell } from './snapshot.server';

export type ReleaseResult =
  | { readonly kind: 'release'; readonly release: ReleaseSnapshot }
  | { readonly kind: 'none'; readonly dataDir: string; readonly file: string };

/** The release file exists but cannot be used. `message` is written for an administrator. */
export class ReleaseReadError extends Error {
  override name = 'ReleaseReadError';
  constructor(
    message: string,
    readonly file: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// ---------------------------------------------------------------------------
// The manifest row (selected by the format's MANIFEST_SELECT_SQL, numbers cast
// to DOUBLE): how it is validated.

const count = z.number().int().nonnegative();
const isoDate = z.iso.date();

/** Text holding JSON of the expected shape. */
const jsonText = (is: (v: unknown) => boolean, message: string) =>
  z.string().refine((s) => {
    try {
      return is(JSON.parse(s));
    } catch {
      return false;
    }
  }, message);

const ManifestSchema = z
  .object({
    release_id: z.string().min(1),
    created_at: z
      .string()
      .min(1)
      .refine((s) => !Number.isNaN(parseDateTimeUtc(s)), 'is not a date-time'),
    k: z.number().int().positive(),
    protection_level: z.number().nonnegative(),
    fiscal_year_start_month: z.number().int().min(1).max(12),
    data_from: isoDate.nullable(),
    data_to: isoDate.nullable(),
    input_checksums: jsonText((v) => Array.isArray(v), 'is not a JSON array'),
    instruments: jsonText((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'is not a JSON object'),
    tables: count,
    cells_released: count,
    cells_suppressed: count,
    status: z.string(),
  })
  .strict();

// Compile-time: the schema and the release format describe the same row.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesFormat: Same<z.infer<typeof ManifestSchema>, ReleaseManifest> = true;
void schemaMatchesFormat;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

function readManifestRows(file: string, rows: Record<string, unknown>[]): ReleaseManifest {
  if (rows.length !== 1) {
    throw new ReleaseReadError(
      `The release's ${MANIFEST_TABLE} table should hold exactly one row; it holds ${rows.length === 0 ? 'none' : 'more than one'}.`,
      file,
    );
  }
  const parsed = ManifestSchema.safeParse(rows[0]);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || MANIFEST_TABLE} ${issue.message}`)
      .join('; ');
    throw new ReleaseReadError(
      `The release's ${MANIFEST_TABLE} does not match the release format: ${problems}.`,
      file,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

// ---------------------------------------------------------------------------
// The other tables of the release, validated row by row.

const CatalogRowSchema = z
  .object({
    table_id: z.string().min(1),
    metric: z.string().min(1),
    family: z.string().min(1),
    label: z.string().min(1),
    unit: z.string(),
    kind: z.enum(['count', 'total', 'ratio', 'share', 'mean']),
    privacy_unit: z.enum(['participant', 'staff']),
    period_grain: z.enum(['month', 'quarter', 'year']),
    dimension: z.string().min(1),
    decimals: z.number().int().min(0).max(6),
    margin_table_id: z.string().nullable(),
  })
  .strict();
const schemaMatchesCatalog: Same<z.infer<typeof CatalogRowSchema>, CatalogRow> = true;
void schemaMatchesCatalog;

const PeriodRowSchema = z.object({
  period_grain: z.enum(['month', 'quarter', 'year']),
  period: z.string().min(1),
  period_start: isoDate,
  period_end: isoDate,
  complete: z.boolean(),
});

const DimensionValueRowSchema = z.object({
  dimension: z.string().min(1),
  dimension_value: z.string(),
  parent_dimension: z.string().nullable(),
  parent_value: z.string().nullable(),
});

const CellRowSchema = z.discriminatedUnion('status', [
  z.object({ table_id: z.string(), period: z.string(), dimension_value: z.string(), status: z.literal('released'), value: z.number() }),
  z.object({ table_id: z.string(), period: z.string(), dimension_value: z.string(), status: z.literal('suppressed'), value: z.null() }),
]);

const SNAPSHOT_SQL = {
  catalog: `SELECT table_id, metric, family, label, unit, kind, privacy_unit, period_grain, dimension,
      CAST(decimals AS DOUBLE) AS decimals, margin_table_id
    FROM ${quoteIdent(CATALOG_TABLE)} ORDER BY table_id`,
  periods: `SELECT period_grain, period, CAST(period_start AS VARCHAR) AS period_start,
      CAST(period_end AS VARCHAR) AS period_end, complete
    FROM ${quoteIdent(PERIODS_TABLE)} ORDER BY period_grain, period_start`,
  dimensionValues: `SELECT dimension, dimension_value, parent_dimension, parent_value
    FROM ${quoteIdent(DIMENSION_VALUES_TABLE)} ORDER BY dimension, dimension_value`,
  cells: `SELECT table_id, period, dimension_value, status, CAST(value AS DOUBLE) AS value
    FROM ${quoteIdent(CELLS_TABLE)} ORDER BY table_id, period, dimension_value`,
} as const;

function parseRows<T>(file: string, table: string, schema: z.ZodType<T>, rows: Record<string, unknown>[]): T[] {
  return rows.map((raw, i) => {
    const row = schema.safeParse(raw);
    if (!row.success) {
      const problems = row.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ');
      throw new ReleaseReadError(`The release's ${table} table has a malformed row (row ${i + 1}: ${problems}).`, file, {
        cause: row.error,
      });
    }
    return row.data;
  });
}

/** The one place that makes a ReleasedValue: from a validated row of the release's cells. */
function releasedValue(row: z.infer<typeof CellRowSchema>): ReleasedValue {
  return (row.status === 'released' ? { status: 'released', value: row.value } : { status: 'suppressed' }) as ReleasedValue;
}

async function readSnapshot(file: string, connection: DuckDBConnection): Promise<ReleaseSnapshot> {
  const read = async (table: string, sql: string) => {
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson();
    } catch (error) {
      throw new ReleaseReadError(`The release file ${file} has no readable ${table} table.`, file, { cause: error });
    }
  };
  const manifest = readManifestRows(file, await read(MANIFEST_TABLE, MANIFEST_SELECT_SQL));
  const catalog = parseRows(file, CATALOG_TABLE, CatalogRowSchema, await read(CATALOG_TABLE, SNAPSHOT_SQL.catalog));
  const periods = parseRows(file, PERIODS_TABLE, PeriodRowSchema, await read(PERIODS_TABLE, SNAPSHOT_SQL.periods));
  const values = parseRows(file, DIMENSION_VALUES_TABLE, DimensionValueRowSchema, await read(DIMENSION_VALUES_TABLE, SNAPSHOT_SQL.dimensionValues));
  const rows = parseRows(file, CELLS_TABLE, CellRowSchema, await read(CELLS_TABLE, SNAPSHOT_SQL.cells));

  const listed = new Set(catalog.map((c) => c.table_id));
  const cells = new Map<string, ReleasedCell[]>();
  for (const row of rows) {
    if (!listed.has(row.table_id)) {
      throw new ReleaseReadError(`The release's ${CELLS_TABLE} table has cells of ${row.table_id}, which its ${CATALOG_TABLE} does not list.`, file);
    }
    let list = cells.get(row.table_id);
    if (!list) cells.set(row.table_id, (list = []));
    list.push({ period: row.period, dimensionValue: row.dimension_value, value: releasedValue(row) });
  }
  return new ReleaseSnapshot(manifest, catalog, periods, values, cells);
}

// ---------------------------------------------------------------------------
// The instance cache. One entry per release file path.

interface Handle {
  /** Identity of the file this handle was opened for. */
  readonly key: string;
  /** The file the pointer named: what the handle opened. */
  readonly target: string;
  readonly pool: Promise<ConnectionPool>;
  snapshot?: Promise<ReleaseSnapshot>;
  users: number;
  retired: boolean;
  closed: boolean;
}

// Survives module re-evaluation in `remix vite:dev`, so reloads do not leak instances.
const CACHE_KEY = Symbol.for('peer-outcomes.release-cache');
const globalCache = globalThis as typeof globalThis & { [CACHE_KEY]?: Map<string, Handle> };
const handles: Map<string, Handle> = (globalCache[CACHE_KEY] ??= new Map());

function closeHandle(handle: Handle): void {
  if (handle.closed) return;
  handle.closed = true;
  handle.pool.then(
    (pool) => pool.close(),
    () => undefined, // never opened: nothing to close
  );
}

function retire(file: string, handle: Handle): void {
  handle.retired = true;
  if (handles.get(file) === handle) handles.delete(file);
  if (handle.users === 0) closeHandle(handle);
}

// Requests that arrive while the file is being looked at share that look (a
// page's layout and route loaders run together, and so do concurrent pages):
// each still sees the file as it was at most one stat() before it arrived.
interface Looked {
  key: string;
  target: string;
}
const pendingKeys = new Map<string, Promise<Looked | null>>();

function fileKey(file: string): Promise<Looked | null> {
  let pending = pendingKeys.get(file);
  if (!pending) {
    pending = statKey(file).finally(() => pendingKeys.delete(file));
    pendingKeys.set(file, pending);
  }
  return pending;
}

/** The file the pointer names now and its identity; null when there is no release (no pointer). */
async function statKey(file: string): Promise<Looked | null> {
  let target: string;
  try {
    target = await realpath(file);
    const s = await stat(target, { bigint: true });
    if (!s.isFile()) throw new ReleaseReadError(`${target} is not a regular file.`, target);
    return { target, key: `${target}:${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}` };
  } catch (error) {
    if (error instanceof ReleaseReadError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const dangling = await lstat(file).then(
        (l) => l.isSymbolicLink(),
        () => false,
      );
      if (!dangling) return null;
      const names = await readlink(file).catch(() => '?');
      throw new ReleaseReadError(
        `The release pointer ${file} names ${names}, which does not exist. Publish a kept release (npm run release:list, then npm run release:publish -- --id ID).`,
        file,
      );
    }
    throw new ReleaseReadError(`The release file ${file} cannot be accessed.`, file, {
      cause: error,
    });
  }
}

async function openPool(file: string): Promise<ConnectionPool> {
  try {
    // The snapshot is read once; afterwards DuckDB only serves exports, so a
    // small buffer is enough and keeps the web process's memory down.
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY', memory_limit: '64MB' });
    return new ConnectionPool(instance, undefined, () => instance.closeSync());
  } catch (error) {
    throw new ReleaseReadError(
      `The release file ${file} could not be opened. It may be damaged, or not a DuckDB file.`,
      file,
      { cause: error },
    );
  }
}

/** The handle of the file now at `file`, opened if it is new; null when there is no file. */
async function currentHandle(file: string): Promise<Handle | null> {
  const looked = await fileKey(file);
  const handle = handles.get(file);
  if (looked === null) {
    if (handle) retire(file, handle);
    return null;
  }
  if (handle && handle.key === looked.key) return handle;
  if (handle) retire(file, handle);
  const fresh: Handle = { key: looked.key, target: looked.target, pool: openPool(looked.target), users: 0, retired: false, closed: false };
  handles.set(file, fresh);
  // A failed open is not cached: the next request tries again.
  fresh.pool.catch(() => {
    if (handles.get(file) === fresh) handles.delete(file);
    fresh.closed = true;
  });
  return fresh;
}

/** Runs `fn` with a pooled connection of `handle`; the handle stays open until it settles. */
async function withLease<T>(handle: Handle, fn: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  handle.users += 1;
  try {
    const pool = await handle.pool;
    const connection = await pool.acquire();
    try {
      return await fn(connection);
    } finally {
      pool.release(connection);
    }
  } finally {
    handle.users -= 1;
    if (handle.retired && handle.users === 0) closeHandle(handle);
  }
}

// ---------------------------------------------------------------------------
// Public API

/** Absolute path of the release file inside a data directory. */
export function releaseFilePath(dataDir: string): string {
  return path.resolve(dataDir, RELEASE_FILE);
}

/**
 * The current release, read once per release file and then kept in memory.
 * `dataDir` defaults to PEER_OUTCOMES_DATA. Returns `{ kind: 'none' }` when there
 * is no release file; throws ReleaseReadError when there is one but it cannot be used.
 */
export async function readRelease(dataDir: string = getEnv().PEER_OUTCOMES_DATA): Promise<ReleaseResult> {
  const file = releaseFilePath(dataDir);
  const handle = await currentHandle(file);
  if (!handle) return { kind: 'none', dataDir, file };
  if (!handle.snapshot) {
    const loading = withLease(handle, (connection) => readSnapshot(handle.target, connection));
    handle.snapshot = loading;
    // A failed read is not kept: the next request reads again.
    loading.catch(() => {
      if (handle.snapshot === loading) handle.snapshot = undefined;
    });
  }
  return { kind: 'release', release: await handle.snapshot };
}

/**
 * Runs `fn` with a read-only connection to the current release, or returns null
 * when there is no release. The connection goes back to the pool when `fn`
 * settles; do not keep it.
 */
export async function withReleaseConnection<T>(
  fn: (connection: DuckDBConnection) => Promise<T>,
  dataDir: string = getEnv().PEER_OUTCOMES_DATA,
): Promise<T | null> {
  const handle = await currentHandle(releaseFilePath(dataDir));
  return handle ? withLease(handle, fn) : null;
}

/** Closes every cached instance (tests, shutdown). */
export function closeReleaseCache(): void {
  for (const [file, handle] of [...handles]) retire(file, handle);
}
