// Writes the release file: built under a temporary name, then renamed into
// place, so a reader never sees half a release and a failed run leaves the
// previous one serving. Until disclosure control exists (docs/decisions/0002),
// the release holds its manifest only: no statistic leaves the analytics store
// without passing suppression and the audit.
import { randomUUID } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sqlString, type Db } from '../db/duckdb';
import { MANIFEST_TABLE, RELEASE_FILE, type ReleaseManifest } from './format';

export interface ReleaseInputs {
  k: number;
  fiscalYearStartMonth: number;
}

export async function writeRelease(
  db: Db,
  dataDir: string,
  config: ReleaseInputs,
  runId: string,
  inputs: { file: string; sha256: string; rowsRead: number }[],
): Promise<string> {
  const finalPath = join(dataDir, RELEASE_FILE);
  const tempPath = join(dataDir, `.${RELEASE_FILE}.${randomUUID()}.tmp`);
  const [w] = await db.all<{ data_from: string | null; data_to: string | null }>(
    `SELECT data_from::VARCHAR AS data_from, data_to::VARCHAR AS data_to FROM data_window`,
  );
  const manifest: ReleaseManifest = {
    release_id: runId,
    created_at: new Date().toISOString(),
    k: config.k,
    protection_level: config.k,
    fiscal_year_start_month: config.fiscalYearStartMonth,
    data_from: w?.data_from ?? null,
    data_to: w?.data_to ?? null,
    input_checksums: JSON.stringify(inputs.map((i) => ({ file: i.file, sha256: i.sha256, rows: i.rowsRead }))),
    tables: 0,
    cells_released: 0,
    cells_suppressed: 0,
    status: 'Metrics are computed; no table is released until disclosure control (suppression and audit) is in place.',
  };
  const cols = Object.entries(manifest)
    .map(([k, v]) => `${typeof v === 'number' ? v : v === null ? 'NULL' : sqlString(v)} AS ${k}`)
    .join(', ');
  try {
    await db.run(`
      ATTACH ${sqlString(tempPath)} AS release_tmp;
      CREATE TABLE release_tmp.${MANIFEST_TABLE} AS SELECT ${cols};
      DETACH release_tmp;`);
    renameSync(tempPath, finalPath);
  } catch (err) {
    rmSync(tempPath, { force: true });
    rmSync(`${tempPath}.wal`, { force: true });
    throw err;
  }
  return finalPath;
}
