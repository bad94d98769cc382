import { execFile } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ReleaseReadError,
  closeReleaseCache,
  readRelease,
  releaseFilePath,
  withReleaseConnection,
} from '~/release/reader.server';
import { fixtureManifest, makeTempDir, writeReleaseFixture } from '../helpers/release-fixture';

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Opens the file from a separate Node process, the way a second web process would. */
async function openFromOtherProcess(file: string, accessMode: 'READ_ONLY' | 'READ_WRITE') {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(file)}, { access_mode: ${JSON.stringify(accessMode)} });
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll('SELECT release_id FROM manifest');
    process.stdout.write(JSON.stringify(reader.getRowObjectsJson()));
  `;
  try {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
    });
    return { ok: true as const, stdout };
  } catch (error) {
    return { ok: false as const, stderr: String((error as { stderr?: string }).stderr ?? error) };
  }
}

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir());
});
afterEach(() => {
  closeReleaseCache();
  cleanup();
});
afterAll(() => closeReleaseCache());

describe('release reader', () => {
  it('returns the manifest, with numbers as numbers and dates as YYYY-MM-DD', async () => {
    await writeReleaseFixture(dir);
    const result = await readRelease(dir);
    if (result.kind !== 'release') throw new Error('expected a release');
    expect(result.release.manifest).toEqual(fixtureManifest());
    expect(typeof result.release.manifest.cells_released).toBe('number');
  });

  it('accepts a release with no data period', async () => {
    await writeReleaseFixture(dir, { manifest: { data_from: null, data_to: null } });
    const result = await readRelease(dir);
    expect(result.kind === 'release' && [result.release.manifest.data_from, result.release.manifest.data_to]).toEqual([
      null,
      null,
    ]);
  });

  it('returns "no release" for a missing file, then finds one when it appears', async () => {
    expect(await readRelease(dir)).toEqual({
      kind: 'none',
      dataDir: dir,
      file: releaseFilePath(dir),
    });
    await writeReleaseFixture(dir, { manifest: { release_id: 'appeared' } });
    const result = await readRelease(dir);
    expect(result.kind === 'release' && result.release.manifest.release_id).toBe('appeared');
  });

  it('returns "no release" for a data directory that does not exist', async () => {
    const missing = path.join(dir, 'not-there');
    expect((await readRelease(missing)).kind).toBe('none');
  });

  it('picks up a release renamed into place over the open one, without restarting', async () => {
    await writeReleaseFixture(dir, { manifest: { release_id: 'first' } });
    const first = await readRelease(dir);
    expect(first.kind === 'release' && first.release.manifest.release_id).toBe('first');

    // The pipeline's way: write under a temporary name, then rename over the old file.
    const tmp = await writeReleaseFixture(dir, {
      fileName: 'release.duckdb.tmp',
      manifest: { release_id: 'second', k: 13 },
    });
    renameSync(tmp, releaseFilePath(dir));

    const second = await readRelease(dir);
    expect(second.kind === 'release' && second.release.manifest).toMatchObject({ release_id: 'second', k: 13 });
    // And again, from the cached instance.
    const again = await readRelease(dir);
    expect(again.kind === 'release' && again.release.manifest.release_id).toBe('second');
  });

  it('keeps serving a query that started on the old release while the new one is picked up', async () => {
    await writeReleaseFixture(dir, { manifest: { release_id: 'old' } });
    let swapped!: () => void;
    let entered!: () => void;
    const swap = new Promise<void>((resolve) => (swapped = resolve));
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const longQuery = withReleaseConnection(async (connection) => {
      entered();
      await swap; // the release is replaced while this connection is open
      const reader = await connection.runAndReadAll('SELECT release_id FROM manifest');
      return reader.getRowObjectsJson()[0]?.release_id;
    }, dir);
    await inside;

    const tmp = await writeReleaseFixture(dir, { fileName: 'next.tmp', manifest: { release_id: 'new' } });
    renameSync(tmp, releaseFilePath(dir));
    const current = await readRelease(dir);
    swapped();

    expect(current.kind === 'release' && current.release.manifest.release_id).toBe('new');
    expect(await longQuery).toBe('old');
  });

  it('opens the file read-only: writes through its connection fail', async () => {
    await writeReleaseFixture(dir);
    const outcome = await withReleaseConnection(async (connection) => {
      const mode = await connection.runAndReadAll("SELECT current_setting('access_mode') AS mode");
      let writeError: unknown;
      try {
        await connection.run('CREATE TABLE tampered (x INTEGER)');
      } catch (error) {
        writeError = error;
      }
      return { mode: mode.getRowObjectsJson()[0]?.mode, writeError };
    }, dir);
    expect(outcome?.mode).toBe('read_only');
    expect(String(outcome?.writeError)).toMatch(/read-only/i);
  });

  it('shares the file with another read-only process while it holds it open', async () => {
    await writeReleaseFixture(dir, { manifest: { release_id: 'shared' } });
    const file = releaseFilePath(dir);
    await withReleaseConnection(async () => {
      // The reader holds the file (a read-write opener is locked out) ...
      const writer = await openFromOtherProcess(file, 'READ_WRITE');
      expect(writer.ok).toBe(false);
      expect(writer.ok ? '' : writer.stderr).toMatch(/lock/i);
      // ... and still a second read-only process can open and read it: the reader's
      // lock is a shared (read-only) lock, not the exclusive one a writer takes.
      const other = await openFromOtherProcess(file, 'READ_ONLY');
      expect(other).toEqual({ ok: true, stdout: JSON.stringify([{ release_id: 'shared' }]) });
    }, dir);
  }, 30_000);

  it('rejects a file that is not a DuckDB database with a ReleaseReadError', async () => {
    writeFileSync(releaseFilePath(dir), 'this is not a database');
    await expect(readRelease(dir)).rejects.toBeInstanceOf(ReleaseReadError);
  });

  it('rejects a manifest that does not match the release format', async () => {
    await writeReleaseFixture(dir, {
      extraSql: ['UPDATE manifest SET fiscal_year_start_month = 13'],
    });
    await expect(readRelease(dir)).rejects.toThrow(/fiscal_year_start_month/);
  });

  it('rejects a manifest with more than one row', async () => {
    await writeReleaseFixture(dir, { extraSql: ['INSERT INTO manifest SELECT * FROM manifest'] });
    await expect(readRelease(dir)).rejects.toThrow(/exactly one row/);
  });

  it('rejects a release without a manifest table', async () => {
    await writeReleaseFixture(dir, { extraSql: ['DROP TABLE manifest', 'CREATE TABLE other (x INTEGER)'] });
    await expect(readRelease(dir)).rejects.toThrow(/no readable manifest/);
  });
});
