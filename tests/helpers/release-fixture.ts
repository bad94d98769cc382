// Writes a small release.duckdb for tests: the manifest table with the
// ReleaseManifest columns and one row. Column types are the ones a DuckDB writer
// would naturally pick (BIGINT counts, DATE period), so tests exercise the
// reader's casts as well.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MANIFEST_TABLE, RELEASE_FILE, type ReleaseManifest } from '../../pipelines/release/format';

export const fixtureManifest = (overrides: Partial<ReleaseManifest> = {}): ReleaseManifest => ({
  release_id: 'rel-2025-06-fixture',
  created_at: '2025-07-02T09:30:00Z',
  k: 11,
  protection_level: 3,
  fiscal_year_start_month: 7,
  data_from: '2024-07-01',
  data_to: '2025-06-30',
  input_checksums: JSON.stringify([{ file: 'participants.csv', sha256: 'a'.repeat(64), rows: 120 }]),
  tables: 4,
  cells_released: 1234,
  cells_suppressed: 56,
  status: 'Test fixture: synthetic manifest only, no metric tables.',
  ...overrides,
});

export interface WriteReleaseOptions {
  /** File name inside `dir`; defaults to release.duckdb. */
  fileName?: string;
  manifest?: Partial<ReleaseManifest>;
  /** Extra SQL run after the manifest is written (e.g. to break it on purpose). */
  extraSql?: string[];
}

/** Writes a release file into `dir` and returns its path. The writer is closed on return. */
export async function writeReleaseFixture(dir: string, options: WriteReleaseOptions = {}): Promise<string> {
  const file = path.join(dir, options.fileName ?? RELEASE_FILE);
  rmSync(file, { force: true });
  const m = fixtureManifest(options.manifest);
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE ${MANIFEST_TABLE} (
      release_id VARCHAR NOT NULL,
      created_at VARCHAR NOT NULL,
      k INTEGER NOT NULL,
      protection_level DOUBLE NOT NULL,
      fiscal_year_start_month INTEGER NOT NULL,
      data_from DATE,
      data_to DATE,
      input_checksums VARCHAR NOT NULL,
      tables INTEGER NOT NULL,
      cells_released BIGINT NOT NULL,
      cells_suppressed BIGINT NOT NULL,
      status VARCHAR NOT NULL
    )`);
    const prepared = await connection.prepare(
      `INSERT INTO ${MANIFEST_TABLE} VALUES ($1, $2, $3, $4, $5, CAST($6 AS DATE), CAST($7 AS DATE), $8, $9, $10, $11, $12)`,
    );
    prepared.bind([
      m.release_id,
      m.created_at,
      m.k,
      m.protection_level,
      m.fiscal_year_start_month,
      m.data_from,
      m.data_to,
      m.input_checksums,
      m.tables,
      BigInt(m.cells_released),
      BigInt(m.cells_suppressed),
      m.status,
    ]);
    await prepared.run();
    for (const sql of options.extraSql ?? []) await connection.run(sql);
    await connection.run('CHECKPOINT');
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return file;
}

/** A fresh temporary directory, removed by the returned cleanup function. */
export function makeTempDir(prefix = 'peer-outcomes-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
