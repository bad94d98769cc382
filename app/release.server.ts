// The release reader: the only code in the web app that opens the release file.
//
// - Opens `${PEER_OUTCOMES_DATA}/release.duckdb` READ-ONLY, never read-write, so
//   any number of web processes can share the file while the pipeline prepares the
//   next one under a temporary name.
// - Keeps the open instance, but checks the file's identity (device, inode, size,
//   mtime) on every read: the pipeline renames a new release into place, and the
//   next request sees it without a restart. A superseded instance is closed once
//   the last query using it has finished.
// - A missing file is a normal state ("no release yet"), returned as a value.
//   A file that exists but cannot be read, or whose manifest does not match the
//   release format, is an error (ReleaseReadError).

import { stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { z } from 'zod';
import {
  CELLS_TABLE,
  MANIFEST_TABLE,
  RELEASE_FILE,
  type ReleasedValue,
  type ReleaseManifest,
} from '../pipelines/release/format';
import { getEnv } from './env.server';
import { parseDateTimeUtc } from './lib/format';

export type ReleaseResult =
  | { readonly kind: 'release'; readonly manifest: ReleaseManifest }
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
// The manifest row: which SQL cast each column gets, and how it is validated.
// DuckDB hands BIGINT/HUGEINT back as bigint (or as a string from the JSON
// readers), so numbers are cast to DOUBLE in SQL and checked as integers here.

type ColumnKind = 'text' | 'number';
const MANIFEST_COLUMNS = {
  release_id: 'text',
  created_at: 'text',
  k: 'number',
  protection_level: 'number',
  fiscal_year_start_month: 'number',
  data_from: 'text',
  data_to: 'text',
  input_checksums: 'text',
  tables: 'number',
  cells_released: 'number',
  cells_suppressed: 'number',
  status: 'text',
} as const satisfies Record<keyof ReleaseManifest, ColumnKind>;

const count = z.number().int().nonnegative();
const isoDate = z.iso.date();

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
    input_checksums: z.string().refine((s) => {
      try {
        return Array.isArray(JSON.parse(s));
      } catch {
        return false;
      }
    }, 'is not a JSON array'),
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

const MANIFEST_SQL = `SELECT ${Object.entries(MANIFEST_COLUMNS)
  .map(([name, kind]) => {
    const col = quoteIdent(name);
    return `CAST(${col} AS ${kind === 'number' ? 'DOUBLE' : 'VARCHAR'}) AS ${col}`;
  })
  .join(', ')} FROM ${quoteIdent(MANIFEST_TABLE)} LIMIT 2`;

// ---------------------------------------------------------------------------
// The instance cache. One entry per release file path.

interface Handle {
  /** Identity of the file this handle was opened for. */
  readonly key: string;
  readonly instance: Promise<DuckDBInstance>;
  manifest?: ReleaseManifest;
  users: number;
  retired: boolean;
  closed: boolean;
}

interface Lease {
  readonly handle: Handle;
  readonly connection: DuckDBConnection;
  done(): void;
}

// Survives module re-evaluation in `remix vite:dev`, so reloads do not leak instances.
const CACHE_KEY = Symbol.for('peer-outcomes.release-cache');
const globalCache = globalThis as typeof globalThis & { [CACHE_KEY]?: Map<string, Handle> };
const handles: Map<string, Handle> = (globalCache[CACHE_KEY] ??= new Map());

function closeHandle(handle: Handle): void {
  if (handle.closed) return;
  handle.closed = true;
  handle.instance.then(
    (instance) => instance.closeSync(),
    () => undefined, // never opened: nothing to close
  );
}

function retire(file: string, handle: Handle): void {
  handle.retired = true;
  if (handles.get(file) === handle) handles.delete(file);
  if (handle.users === 0) closeHandle(handle);
}

async function fileKey(file: string): Promise<string | null> {
  try {
    const s = await stat(file, { bigint: true });
    if (!s.isFile()) throw new ReleaseReadError(`${file} is not a regular file.`, file);
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if (error instanceof ReleaseReadError) throw error;
    throw new ReleaseReadError(`The release file ${file} cannot be accessed.`, file, {
      cause: error,
    });
  }
}

/** Returns a connection to the current release file, or null when there is none. */
async function acquire(file: string): Promise<Lease | null> {
  const key = await fileKey(file);
  let handle = handles.get(file);

  if (key === null) {
    if (handle) retire(file, handle);
    return null;
  }

  if (!handle || handle.key !== key) {
    if (handle) retire(file, handle);
    const instance = DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    const fresh: Handle = { key, instance, users: 0, retired: false, closed: false };
    handle = fresh;
    handles.set(file, fresh);
    // A failed open is not cached: the next request tries again.
    instance.catch(() => {
      if (handles.get(file) === fresh) handles.delete(file);
      fresh.closed = true;
    });
  }

  const current = handle;
  current.users += 1;
  let released = false;
  const done = () => {
    if (released) return;
    released = true;
    current.users -= 1;
    if (current.retired && current.users === 0) closeHandle(current);
  };

  try {
    const instance = await current.instance;
    const connection = await instance.connect();
    return {
      handle: current,
      connection,
      done() {
        connection.closeSync();
        done();
      },
    };
  } catch (error) {
    done();
    throw new ReleaseReadError(
      `The release file ${file} could not be opened. It may be damaged, or not a DuckDB file.`,
      file,
      { cause: error },
    );
  }
}

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
// Public API

/** Absolute path of the release file inside a data directory. */
export function releaseFilePath(dataDir: string): string {
  return path.resolve(dataDir, RELEASE_FILE);
}

/**
 * Reads the current release's manifest. `dataDir` defaults to PEER_OUTCOMES_DATA.
 * Returns `{ kind: 'none' }` when there is no release file; throws ReleaseReadError
 * when there is one but it cannot be used.
 */
export async function readRelease(dataDir: string = getEnv().PEER_OUTCOMES_DATA): Promise<ReleaseResult> {
  const file = releaseFilePath(dataDir);
  const lease = await acquire(file);
  if (!lease) return { kind: 'none', dataDir, file };
  try {
    // The file behind a handle never changes (a new release is a new inode), so
    // its manifest is read once per handle.
    if (!lease.handle.manifest) {
      let rows: Record<string, unknown>[];
      try {
        rows = (await lease.connection.runAndReadAll(MANIFEST_SQL)).getRowObjectsJson();
      } catch (error) {
        throw new ReleaseReadError(
          `The release file ${file} has no readable ${MANIFEST_TABLE} table.`,
          file,
          { cause: error },
        );
      }
      lease.handle.manifest = readManifestRows(file, rows);
    }
    return { kind: 'release', manifest: lease.handle.manifest };
  } finally {
    lease.done();
  }
}

/**
 * Runs `fn` with a read-only connection to the current release, or returns null
 * when there is no release. The connection is closed when `fn` settles; do not keep it.
 */
export async function withReleaseConnection<T>(
  fn: (connection: DuckDBConnection) => Promise<T>,
  dataDir: string = getEnv().PEER_OUTCOMES_DATA,
): Promise<T | null> {
  const file = releaseFilePath(dataDir);
  const lease = await acquire(file);
  if (!lease) return null;
  try {
    return await fn(lease.connection);
  } finally {
    lease.done();
  }
}

/** Closes every cached instance (tests, shutdown). */
export function closeReleaseCache(): void {
  for (const [file, handle] of [...handles]) retire(file, handle);
}

// ---------------------------------------------------------------------------
// Released cells. This is the one place that makes a ReleasedValue: every
// number a page, report or export shows comes through here, from the release.

export interface ReleasedCell {
  readonly period: string;
  readonly dimensionValue: string;
  readonly value: ReleasedValue;
}

const CellRowSchema = z.discriminatedUnion('status', [
  z.object({ period: z.string(), dimension_value: z.string(), status: z.literal('released'), value: z.number() }),
  z.object({ period: z.string(), dimension_value: z.string(), status: z.literal('suppressed'), value: z.null() }),
]);

function releasedValue(row: z.infer<typeof CellRowSchema>): ReleasedValue {
  return (row.status === 'released' ? { status: 'released', value: row.value } : { status: 'suppressed' }) as ReleasedValue;
}

/**
 * The cells of one released table (`metric:grain:dimension`), in period and
 * breakdown order; null when there is no release. A row that breaks the
 * format (a suppressed cell with a value) is an error, never shown.
 */
export async function readReleasedTable(
  tableId: string,
  dataDir: string = getEnv().PEER_OUTCOMES_DATA,
): Promise<ReleasedCell[] | null> {
  const file = releaseFilePath(dataDir);
  return withReleaseConnection(async (connection) => {
    const reader = await connection.runAndReadAll(
      `SELECT period, dimension_value, status, value FROM ${quoteIdent(CELLS_TABLE)} WHERE table_id = $table ORDER BY period, dimension_value`,
      { table: tableId },
    );
    return reader.getRowObjectsJson().map((raw) => {
      const row = CellRowSchema.safeParse(raw);
      if (!row.success) {
        throw new ReleaseReadError(`The release's ${CELLS_TABLE} table has a malformed row in ${tableId}.`, file, { cause: row.error });
      }
      return { period: row.data.period, dimensionValue: row.data.dimension_value, value: releasedValue(row.data) };
    });
  }, dataDir);
}
