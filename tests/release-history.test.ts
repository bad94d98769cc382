// The release history (pipelines/release/history.ts, decision 0014) on small
// synthetic release files: keeping, publishing, holding, rolling back,
// retention, a data folder from before the history, the pointer's atomicity
// seen from another process, the commands and where they record their
// actions, and the web app's reader following the pointer without a restart.
import { execFile, spawn } from 'node:child_process';
import { appendFileSync, existsSync, lstatSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path, { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keptReleaseFile, RELEASE_FILE, RELEASE_HISTORY_LOG, RELEASE_RECORD_FILE, RELEASES_DIR } from '../pipelines/release/format';
import {
  HistoryError,
  keepRelease,
  osActor,
  publishedReleases,
  readHistory,
  sha256File,
  switchRelease,
  type HistoryEvent,
} from '../pipelines/release/history';
import { releaseList, releasePublish, releaseRollback, type Io } from '../pipelines/cli/release-commands';
import { closeReleaseCache, readRelease, withReleaseConnection } from '~/release/reader.server';
import { AppStore } from '~/store/app-store.server';
import { listAudit } from '~/audit/trail.server';
import { SETTINGS_FILE } from '../pipelines/release/settings';
import { loadConfig } from '../pipelines/runner/config';
import { fixtureManifest, makeTempDir, writeReleaseFixture } from './helpers/release-fixture';

const by = osActor('test');
let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = makeTempDir('po-history-'));
});
afterEach(() => {
  closeReleaseCache();
  cleanup();
});

/** A candidate release file in the data folder, as the pipeline leaves one for the history to keep. */
async function candidate(id: string, released = 100, extra: Parameters<typeof fixtureManifest>[0] = {}) {
  const manifest = fixtureManifest({ release_id: id, cells_released: released, cells_suppressed: 7, ...extra });
  const file = await writeReleaseFixture(dir, {
    fileName: `.candidate-${id}.tmp`,
    manifest,
    cells: [{ metric: 'participants_served', grain: 'month', period: '2025-03', dimension: 'total', dimensionValue: 'all', value: released }],
  });
  return { file, manifest };
}

async function keep(id: string, o: { publish?: boolean; keepUnpublished?: number; released?: number } = {}) {
  const c = await candidate(id, o.released);
  return keepRelease(dir, c.file, c.manifest, { by, publish: o.publish, keepUnpublished: o.keepUnpublished });
}

const pointer = () => join(dir, RELEASE_FILE);
const events = (): HistoryEvent[] =>
  readFileSync(join(dir, RELEASES_DIR, RELEASE_HISTORY_LOG), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as HistoryEvent);

/** Captured output of a command. */
function io(env: NodeJS.ProcessEnv = { NODE_ENV: 'test' }): Io & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => (out += s), err: (s) => (err += s), env, stdout: () => out, stderr: () => err };
}

describe('keeping a release', () => {
  it('moves the candidate into releases/<id>/ with its record, and points release.duckdb at it', async () => {
    const c = await candidate('r1', 321);
    const kept = await keepRelease(dir, c.file, c.manifest, { by });
    expect(kept).toMatchObject({ id: 'r1', published: true, previous: null, cellsRemoved: [] });
    expect(existsSync(c.file)).toBe(false);

    expect(lstatSync(pointer()).isSymbolicLink()).toBe(true);
    expect(readlinkSync(pointer())).toBe(keptReleaseFile('r1'));
    expect(readlinkSync(pointer())).toBe('releases/r1/release.duckdb');

    const file = join(dir, RELEASES_DIR, 'r1', RELEASE_FILE);
    const record = JSON.parse(readFileSync(join(dir, RELEASES_DIR, 'r1', RELEASE_RECORD_FILE), 'utf8'));
    expect(record).toMatchObject({
      id: 'r1',
      createdAt: c.manifest.created_at,
      keptBy: { kind: 'os', via: 'test', user: by.user },
      adopted: false,
      cellsReleased: 321,
      cellsSuppressed: 7,
      inputs: [{ file: 'participants.csv', sha256: 'a'.repeat(64), rows: 120 }],
      file: { sha256: await sha256File(file), bytes: statSync(file).size },
    });
    expect(events().map((e) => [e.action, e.id, e.previous ?? null])).toEqual([
      ['kept', 'r1', null],
      ['published', 'r1', null],
    ]);
  });

  it('a second release becomes current and names the first as the one before', async () => {
    await keep('r1');
    const second = await keep('r2');
    expect(second).toMatchObject({ published: true, previous: 'r1' });
    const h = await readHistory(dir);
    expect(h.current).toBe('r2');
    expect(h.releases.map((r) => [r.id, r.current, r.published !== null])).toEqual([
      ['r1', false, true],
      ['r2', true, true],
    ]);
  });

  it('held: kept but not published; the pointer stays, and release:publish makes it current', async () => {
    await keep('r1');
    const held = await keep('r2', { publish: false });
    expect(held).toMatchObject({ published: false, previous: null });
    let h = await readHistory(dir);
    expect(h.current).toBe('r1');
    expect(h.releases.find((r) => r.id === 'r2')).toMatchObject({ held: true, published: null, current: false });
    expect((await publishedReleases(dir)).map((r) => r.id)).toEqual(['r1']);

    expect(await switchRelease(dir, 'r2', by, 'publish')).toEqual({ id: 'r2', previous: 'r1' });
    h = await readHistory(dir);
    expect(h.current).toBe('r2');
    expect(readlinkSync(pointer())).toBe(keptReleaseFile('r2'));
  });

  it('refuses an id the history already has, and leaves the candidate and the pointer alone', async () => {
    await keep('r1');
    const again = await candidate('r1');
    await expect(keepRelease(dir, again.file, again.manifest, { by })).rejects.toThrow(/already has a release r1/);
    expect(readlinkSync(pointer())).toBe(keptReleaseFile('r1'));
  });

  it('refuses a release id that cannot name a folder', async () => {
    const c = await candidate('ok');
    await expect(keepRelease(dir, c.file, { ...c.manifest, release_id: '../escape' }, { by })).rejects.toBeInstanceOf(HistoryError);
    expect(existsSync(pointer())).toBe(false);
  });
});

describe('publishing and rolling back', () => {
  beforeEach(async () => {
    await keep('r1');
    await keep('r2');
    await keep('r3', { publish: false });
  });

  it('rollback goes back to a published release and marks the one it leaves as rolled back', async () => {
    expect(await switchRelease(dir, 'r1', osActor('release:rollback'), 'rollback')).toEqual({ id: 'r1', previous: 'r2' });
    const h = await readHistory(dir);
    expect(h.current).toBe('r1');
    const r2 = h.releases.find((r) => r.id === 'r2')!;
    expect(r2.rolledBack?.by.via).toBe('release:rollback');
    expect(h.releases.find((r) => r.id === 'r1')!.rolledBack).toBeNull();
    // The rolled-back release stays among those anyone may hold.
    expect((await publishedReleases(dir)).map((r) => r.id)).toEqual(['r1', 'r2']);
  });

  it('refuses: an unknown id, the current one, rolling back to a release never published', async () => {
    await expect(switchRelease(dir, 'nope', by, 'publish')).rejects.toThrow(/no release "nope".*r1, r2, r3/);
    await expect(switchRelease(dir, 'r2', by, 'publish')).rejects.toThrow(/already the one being served/);
    await expect(switchRelease(dir, 'r2', by, 'rollback')).rejects.toThrow(/already the one being served/);
    await expect(switchRelease(dir, 'r3', by, 'rollback')).rejects.toThrow(/never published.*release:publish -- --id r3/);
    expect((await readHistory(dir)).current).toBe('r2');
  });

  it('refuses a damaged cells file, naming it, and keeps serving the current one', async () => {
    const file = join(dir, RELEASES_DIR, 'r1', RELEASE_FILE);
    const bytes = readFileSync(file);
    bytes[bytes.length - 100]! ^= 0xff;
    writeFileSync(file, bytes);
    await expect(switchRelease(dir, 'r1', by, 'rollback')).rejects.toThrow(/r1.*is damaged \(sha256/);
    expect(readlinkSync(pointer())).toBe(keptReleaseFile('r2'));
  });

  it('refuses a release whose record is unreadable', async () => {
    writeFileSync(join(dir, RELEASES_DIR, 'r1', RELEASE_RECORD_FILE), '{ not json');
    await expect(switchRelease(dir, 'r1', by, 'rollback')).rejects.toThrow(/record.json cannot be read/);
  });

  it('a published release whose cells file has gone is an error for whoever enumerates them, not one to skip', async () => {
    (await import('node:fs')).rmSync(join(dir, RELEASES_DIR, 'r1', RELEASE_FILE));
    await expect(publishedReleases(dir)).rejects.toThrow(/release r1 was published but its cells file is missing/);
  });

  it('a damaged line of the log makes every kept release count as possibly published', async () => {
    appendFileSync(join(dir, RELEASES_DIR, RELEASE_HISTORY_LOG), 'garbage\n');
    const h = await readHistory(dir);
    expect(h.unreadableLogLines).toBe(1);
    expect((await publishedReleases(dir)).map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
  });

  it('actions of one process queue behind each other instead of interleaving', async () => {
    const results = await Promise.allSettled([switchRelease(dir, 'r1', by, 'rollback'), switchRelease(dir, 'r3', by, 'publish'), switchRelease(dir, 'r2', by, 'publish')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect((await readHistory(dir)).current).toBe('r2');
    expect(events().filter((e) => e.action !== 'kept').map((e) => `${e.action}:${e.previous}->${e.id}`)).toEqual([
      'published:null->r1',
      'published:r1->r2',
      'rolled_back:r2->r1',
      'published:r1->r3',
      'published:r3->r2',
    ]);
  });
});

describe('retention', () => {
  it('removes the cells of never-published releases beyond the newest N, never a record, never a published release', async () => {
    await keep('r1'); // published
    await keep('r2', { publish: false });
    await keep('r3', { publish: false });
    await switchRelease(dir, 'r3', by, 'publish'); // r3 published; r2 never
    await keep('r4', { publish: false, keepUnpublished: 5 });
    const last = await keep('r5', { publish: false, keepUnpublished: 1 });
    expect(last.cellsRemoved).toEqual(['r2', 'r4']);

    const h = await readHistory(dir);
    const state = Object.fromEntries(h.releases.map((r) => [r.id, { file: r.file !== null, record: r.record !== null }]));
    expect(state).toEqual({
      r1: { file: true, record: true },
      r2: { file: false, record: true },
      r3: { file: true, record: true },
      r4: { file: false, record: true },
      r5: { file: true, record: true },
    });
    expect(h.releases.find((r) => r.id === 'r2')!.cellsRemoved?.note).toMatch(/keepUnpublishedReleases/);
    await expect(switchRelease(dir, 'r2', by, 'publish')).rejects.toThrow(/cells file was removed/);
    expect((await publishedReleases(dir)).map((r) => r.id)).toEqual(['r1', 'r3']);
  });

  it('without the setting every cells file stays', async () => {
    await keep('r1');
    for (const id of ['r2', 'r3', 'r4']) expect((await keep(id, { publish: false })).cellsRemoved).toEqual([]);
    expect((await readHistory(dir)).releases.every((r) => r.file !== null)).toBe(true);
  });
});

describe('the settings', () => {
  it('holdReleases and keepUnpublishedReleases come from the settings file, checked like every key', () => {
    const env = { PEER_OUTCOMES_DEMO: '1' };
    expect(loadConfig(dir, env)).toMatchObject({ holdReleases: false, keepUnpublishedReleases: Infinity });
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ holdReleases: true, keepUnpublishedReleases: 3 }));
    expect(loadConfig(dir, env)).toMatchObject({ holdReleases: true, keepUnpublishedReleases: 3 });
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify({ keepUnpublishedReleases: 0, holdReleases: 'yes' }));
    expect(() => loadConfig(dir, env)).toThrow(/keepUnpublishedReleases: must be a whole number of releases from 1 to 100000; holdReleases: must be true or false/);
  });
});

describe('a data folder from before the history', () => {
  it('its release.duckdb is listed as served, then kept and recorded as published by the next action, never absent', async () => {
    await writeReleaseFixture(dir, { manifest: { release_id: 'legacy' } });
    const inode = statSync(pointer()).ino;
    let h = await readHistory(dir);
    expect(h.unkept).toMatchObject({ id: 'legacy' });
    expect((await publishedReleases(dir)).map((r) => r.id)).toEqual(['legacy']);

    await keep('r1');
    h = await readHistory(dir);
    expect(h.unkept).toBeNull();
    expect(h.releases.map((r) => [r.id, r.published !== null, r.record?.adopted])).toEqual([
      ['legacy', true, true],
      ['r1', true, false],
    ]);
    // A hard link: the very file that was served, not a copy.
    expect(statSync(join(dir, RELEASES_DIR, 'legacy', RELEASE_FILE)).ino).toBe(inode);
    await switchRelease(dir, 'legacy', by, 'rollback');
    expect(readlinkSync(pointer())).toBe(keptReleaseFile('legacy'));
  });

  it('a release.duckdb that is no release stops the action with what to do', async () => {
    writeFileSync(pointer(), 'not a database');
    await expect(keep('r1')).rejects.toThrow(/no release this version can keep.*Move it out of the data folder/);
    expect(readFileSync(pointer(), 'utf8')).toBe('not a database');
  });
});

describe('atomicity', () => {
  it('another process watching the pointer while it is swapped 40 times always finds a release', async () => {
    await keep('r1');
    await keep('r2');
    const stop = join(dir, 'stop');
    // Opens what the pointer names, as fast as it can, until told to stop; counts failures.
    const script = `
      const fs = require('node:fs');
      let looks = 0, missing = 0;
      while (!fs.existsSync(${JSON.stringify(stop)})) {
        looks++;
        try { fs.closeSync(fs.openSync(${JSON.stringify(pointer())}, 'r')); } catch { missing++; }
      }
      process.stdout.write(JSON.stringify({ looks, missing }));`;
    const child = spawn(process.execPath, ['-e', script]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the watcher is looking
    for (let i = 0; i < 20; i++) {
      await switchRelease(dir, 'r1', by, 'rollback');
      await switchRelease(dir, 'r2', by, 'publish');
    }
    writeFileSync(stop, '');
    await exited;
    const seen = JSON.parse(out) as { looks: number; missing: number };
    expect(seen.looks).toBeGreaterThan(100);
    expect(seen.missing).toBe(0);
    // and nothing half-made is left behind
    expect(
      [...(await import('node:fs')).readdirSync(dir), ...(await import('node:fs')).readdirSync(join(dir, RELEASES_DIR))].filter(
        (n) => n.startsWith('.release-pointer-') || n.startsWith('.incoming-') || n === '.lock',
      ),
    ).toEqual([]);
  }, 30_000);

  it('a failed keep (the candidate is gone) leaves the pointer and the history as they were', async () => {
    await keep('r1');
    const c = await candidate('r2');
    (await import('node:fs')).rmSync(c.file);
    await expect(keepRelease(dir, c.file, c.manifest, { by })).rejects.toThrow(/ENOENT/);
    const h = await readHistory(dir);
    expect(h.releases.map((r) => r.id)).toEqual(['r1']);
    expect(h.current).toBe('r1');
  });
});

describe('the web app reader', () => {
  it('serves a release published or rolled back to from the next request, without a restart', async () => {
    await keep('r1', { released: 10 });
    await keep('r2', { released: 20, publish: false });
    const served = async () => {
      const r = await readRelease(dir);
      return r.kind === 'release' ? r.release.id : null;
    };
    expect(await served()).toBe('r1');

    // A query that started on r1 finishes on r1 while r2 is published and served.
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const hold = new Promise<void>((resolve) => (release = resolve));
    const long = withReleaseConnection(async (connection) => {
      entered();
      await hold;
      return (await connection.runAndReadAll('SELECT release_id FROM manifest')).getRowObjectsJson()[0]?.release_id;
    }, dir);
    await inside;
    await switchRelease(dir, 'r2', by, 'publish');
    expect(await served()).toBe('r2');
    release();
    expect(await long).toBe('r1');

    await switchRelease(dir, 'r1', by, 'rollback');
    expect(await served()).toBe('r1');
  });

  it('a pointer naming a missing file is an error that says what to do, not "no release"', async () => {
    (await import('node:fs')).symlinkSync(keptReleaseFile('gone'), pointer());
    await expect(readRelease(dir)).rejects.toThrow(/names releases\/gone\/release.duckdb, which does not exist.*release:publish/);
  });
});

describe('the commands', () => {
  beforeEach(async () => {
    await keep('r1', { released: 1111 });
    await keep('r2', { released: 2222 });
    await keep('r3', { publish: false });
  });

  it('release:list shows each release with who published it, its cells and its markers', async () => {
    await switchRelease(dir, 'r1', by, 'rollback');
    const c = io();
    expect(await releaseList(['--data', dir], c)).toBe(0);
    const lines = c.stdout().split('\n');
    const line = (id: string) => lines.find((l) => l.includes(` ${id} `))!;
    expect(lines[1]).toMatch(/release\s+published\s+by\s+released\s+suppressed/);
    expect(line('r1')).toMatch(/^\*\s+r1 .*UTC.*OS user, test.*1,111 .*CURRENT/);
    expect(line('r2')).toMatch(/2,222 .*rolled back .* by /);
    expect(line('r3')).toMatch(/held: never published/);
    // newest first
    expect(lines.findIndex((l) => l.includes(' r3 '))).toBeLessThan(lines.findIndex((l) => l.includes(' r1 ')));
  });

  it('release:publish and release:rollback: done, refused (exit 1) or misused (exit 2), each saying why', async () => {
    let c = io();
    expect(await releasePublish(['--data', dir, '--id', 'r3'], c)).toBe(0);
    expect(c.stdout()).toMatch(/r3 is now the release served .* \(was r2\); a running server serves it from its next request/);
    c = io();
    expect(await releaseRollback(['--data', dir, '--to', 'r3'], c)).toBe(1);
    expect(c.stderr()).toMatch(/release:rollback: release r3 is already the one being served/);
    c = io();
    expect(await releasePublish(['--data', dir, '--id', 'r9'], c)).toBe(1);
    expect(c.stderr()).toMatch(/no release "r9"/);
    c = io();
    expect(await releaseRollback(['--data', dir], c)).toBe(2);
    expect(c.stderr()).toMatch(/--to ID is required/);
    c = io();
    expect(await releaseRollback(['--data', dir, '--to', 'r2'], c)).toBe(0);
    expect(c.stdout()).toMatch(/r2 is now the release served .* \(rolled back from r3\)/);
  });

  it('without an app store, an action is recorded in the run log', async () => {
    const c = io();
    expect(await releaseRollback(['--data', dir, '--to', 'r1'], c)).toBe(0);
    expect(c.stdout()).toMatch(/Recorded in the run log .*pipeline-runs.jsonl: there is no app store/);
    const logged = readFileSync(join(dir, 'pipeline-runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(logged).toEqual([expect.objectContaining({ event: 'release.rolled_back', id: 'r1', previous: 'r2', by: expect.objectContaining({ via: 'release:rollback' }) })]);
  });

  it('with the app store free, it is an entry of the audit trail', async () => {
    (await AppStore.open(join(dir, 'app.duckdb'))).close();
    const c = io();
    expect(await releasePublish(['--data', dir, '--id', 'r3'], c)).toBe(0);
    expect(c.stdout()).toMatch(/Recorded in the audit trail/);
    const store = await AppStore.open(join(dir, 'app.duckdb'));
    try {
      const entries = await listAudit(store, {});
      expect(entries.map((e) => [e.actor, e.action, e.target, JSON.parse(e.details).previous])).toEqual([['cli:release:publish', 'release.published', 'r3', 'r2']]);
    } finally {
      store.close();
    }
    expect(existsSync(join(dir, 'pipeline-runs.jsonl'))).toBe(false);
  });

  it('with the app store held by another process (the server), it goes to the run log and says so', async () => {
    (await AppStore.open(join(dir, 'app.duckdb'))).close();
    const script = `
      import { DuckDBInstance } from '@duckdb/node-api';
      const i = await DuckDBInstance.create(${JSON.stringify(join(dir, 'app.duckdb'))});
      await i.connect();
      process.stdout.write('open\\n');
      process.stdin.on('data', () => process.exit(0));`;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: path.resolve(import.meta.dirname, '..') });
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    try {
      const c = io();
      expect(await releasePublish(['--data', dir, '--id', 'r3'], c)).toBe(0);
      expect(c.stdout()).toMatch(/Recorded in the run log .*open in another process/);
      expect(readFileSync(join(dir, 'pipeline-runs.jsonl'), 'utf8')).toMatch(/"event":"release.published","at":"[^"]+","id":"r3"/);
    } finally {
      holder.stdin.write('x');
      await new Promise((resolve) => holder.on('exit', resolve));
    }
  }, 30_000);

  it('npm run release:list works from the shell', async () => {
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'release:list', '--', '--data', dir], { cwd: path.resolve(import.meta.dirname, '..') });
    expect(stdout).toMatch(/^\*\s+r2 .*CURRENT$/m);
  }, 60_000);
});
