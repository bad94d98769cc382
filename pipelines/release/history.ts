// The release history (decision 0014). Every release the pipeline builds and
// the audit passes is kept, never changed afterwards:
//
//   DATA/release.duckdb          the pointer: a symbolic link to the release being served
//   DATA/releases/<id>/release.duckdb   its cells file
//   DATA/releases/<id>/record.json      what it is, from which inputs, who kept it
//   DATA/releases/history.jsonl         one line per action: kept, published, rolled back, cells removed
//
// Publishing (and rolling back) swaps the pointer by renaming a fresh link over
// it: rename(2) is atomic, so every reader finds the old release or the new
// one, never nothing, and the link only ever names a folder that is complete
// (a release's folder appears by one rename too). Actions take a lock file, so
// the pipeline's end and the CLI never interleave; readers take no lock.
//
// Whoever saw a release may keep it, so the history never forgets that a
// release was published: a record is never deleted, a published release's
// cells file neither (the audit of every later release plays an attacker who
// holds them all), and the log is written before the pointer moves (a crash in
// between leaves a release counted as published that never was, never the
// other way round).
import { createHash, randomUUID } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  copyFileSync,
  createReadStream,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { z } from 'zod';
import {
  keptReleaseFile,
  MANIFEST_SELECT_SQL,
  RELEASE_FILE,
  RELEASE_HISTORY_LOG,
  RELEASE_ID_PATTERN,
  RELEASE_RECORD_FILE,
  RELEASES_DIR,
  type ReleaseManifest,
} from './format';

/** An action on the history that cannot be done; the message says why and what to do. */
export class HistoryError extends Error {}

// ---------------------------------------------------------------------------
// Records and the log

/** Who did something: an operating-system user (the pipeline, the CLI) or a web app account. */
export const Actor = z.object({ user: z.string(), kind: z.enum(['os', 'app']), via: z.string() });
export type Actor = z.infer<typeof Actor>;

/** The operating-system user running this process, acting through `via` (`pipeline`, `release:publish`, …). */
export function osActor(via: string): Actor {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.LOGNAME ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
  return { user, kind: 'os', via };
}

export const actorText = (a: Actor) => `${a.user} (${a.kind === 'os' ? 'OS user' : 'app user'}, ${a.via})`;

const InputFile = z.object({ file: z.string(), sha256: z.string(), rows: z.number() });

/** DATA/releases/<id>/record.json: written once, when the release is kept. */
export const ReleaseRecord = z.object({
  id: z.string().regex(RELEASE_ID_PATTERN),
  createdAt: z.string(),
  keptAt: z.string(),
  keptBy: Actor,
  /** Kept from a data folder's release.duckdb that was being served before the history began. */
  adopted: z.boolean(),
  k: z.number(),
  protectionLevel: z.number(),
  dataFrom: z.string().nullable(),
  dataTo: z.string().nullable(),
  tables: z.number(),
  cellsReleased: z.number(),
  cellsSuppressed: z.number(),
  status: z.string(),
  /** The extract files the release was built from, as the run read them. */
  inputs: z.array(InputFile),
  /** The cells file as kept: publishing checks it still is. */
  file: z.object({ sha256: z.string(), bytes: z.number() }),
});
export type ReleaseRecord = z.infer<typeof ReleaseRecord>;

export const HISTORY_ACTIONS = ['kept', 'published', 'rolled_back', 'cells_removed'] as const;
/** One line of DATA/releases/history.jsonl. */
export const HistoryEvent = z.object({
  at: z.string(),
  action: z.enum(HISTORY_ACTIONS),
  /** The release acted on: kept, published, rolled back to, or whose cells were removed. */
  id: z.string(),
  by: Actor,
  /** published and rolled_back: the release served until then (null: none). */
  previous: z.string().nullable().optional(),
  /** kept: whether it was held (kept without being published). */
  held: z.boolean().optional(),
  note: z.string().optional(),
});
export type HistoryEvent = z.infer<typeof HistoryEvent>;

const releasesDir = (dataDir: string) => join(dataDir, RELEASES_DIR);
const releaseDir = (dataDir: string, id: string) => join(dataDir, RELEASES_DIR, id);
const logPath = (dataDir: string) => join(dataDir, RELEASES_DIR, RELEASE_HISTORY_LOG);
export const pointerPath = (dataDir: string) => join(dataDir, RELEASE_FILE);

function recordOf(manifest: ReleaseManifest, file: ReleaseRecord['file'], keptBy: Actor, adopted: boolean): ReleaseRecord {
  let inputs: ReleaseRecord['inputs'] = [];
  try {
    inputs = z.array(InputFile).parse(JSON.parse(manifest.input_checksums));
  } catch {
    // the reader refuses such a manifest; the record just lists no inputs
  }
  return {
    id: manifest.release_id,
    createdAt: manifest.created_at,
    keptAt: new Date().toISOString(),
    keptBy,
    adopted,
    k: manifest.k,
    protectionLevel: manifest.protection_level,
    dataFrom: manifest.data_from,
    dataTo: manifest.data_to,
    tables: manifest.tables,
    cellsReleased: manifest.cells_released,
    cellsSuppressed: manifest.cells_suppressed,
    status: manifest.status,
    inputs,
    file,
  };
}

function appendEvent(dataDir: string, event: Omit<HistoryEvent, 'at'>): void {
  appendFileSync(logPath(dataDir), `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

// ---------------------------------------------------------------------------
// Reading the history (no lock: every file is complete when it appears)

export interface KeptRelease {
  id: string;
  /** null when record.json cannot be read (`problem` says why). */
  record: ReleaseRecord | null;
  problem: string | null;
  /** Absolute path of the cells file; null when retention removed it (the record stays). */
  file: string | null;
  current: boolean;
  /** The first time it was published (or rolled back to). */
  published: { at: string; by: Actor } | null;
  /** The last time a rollback moved away from it. */
  rolledBack: { at: string; by: Actor } | null;
  cellsRemoved: { at: string; note: string } | null;
  /** When kept without being published: held for `release:publish`. */
  held: boolean;
}

export interface History {
  dataDir: string;
  pointer: string;
  /** The id of the kept release the pointer names; null when none is served (or an unkept file is). */
  current: string | null;
  /** A regular release.duckdb from before the history: being served, kept at the next action. */
  unkept: { file: string; id: string | null; problem: string | null } | null;
  /** A pointer that names no kept release (should never happen): what it names. */
  strayPointer: string | null;
  /** Kept releases, oldest (by creation) first. */
  releases: KeptRelease[];
  /** Lines of the log that cannot be read. While there are any, every kept release counts as possibly published. */
  unreadableLogLines: number;
}

/** What the pointer names: a kept release's id, an unkept regular file, nothing, or something else. */
function readPointer(dataDir: string): { kind: 'none' } | { kind: 'kept'; id: string } | { kind: 'file' } | { kind: 'stray'; target: string } {
  const pointer = pointerPath(dataDir);
  let st;
  try {
    st = lstatSync(pointer);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw e;
  }
  if (st.isFile()) return { kind: 'file' };
  if (!st.isSymbolicLink()) return { kind: 'stray', target: pointer };
  const target = readlinkSync(pointer);
  const m = new RegExp(`^${RELEASES_DIR}/([^/]+)/${RELEASE_FILE.replaceAll('.', '\\.')}$`).exec(target);
  if (m && RELEASE_ID_PATTERN.test(m[1]!) && existsSync(join(releaseDir(dataDir, m[1]!), RELEASE_RECORD_FILE))) return { kind: 'kept', id: m[1]! };
  return { kind: 'stray', target };
}

function readLog(dataDir: string): { events: HistoryEvent[]; unreadable: number } {
  let text: string;
  try {
    text = readFileSync(logPath(dataDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], unreadable: 0 };
    throw e;
  }
  const events: HistoryEvent[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = HistoryEvent.safeParse(JSON.parse(line));
      if (parsed.success) events.push(parsed.data);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { events, unreadable };
}

function readRecord(dataDir: string, id: string): { record: ReleaseRecord | null; problem: string | null } {
  const path = join(releaseDir(dataDir, id), RELEASE_RECORD_FILE);
  try {
    const parsed = ReleaseRecord.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) return { record: null, problem: `${path} does not match the record's format: ${z.prettifyError(parsed.error)}` };
    if (parsed.data.id !== id) return { record: null, problem: `${path} is the record of ${parsed.data.id}, not of ${id}` };
    return { record: parsed.data, problem: null };
  } catch (e) {
    return { record: null, problem: `${path} cannot be read: ${(e as Error).message}` };
  }
}

/** The whole history as it is on disk. Reads only; safe while anything else runs. */
export async function readHistory(dataDir: string): Promise<History> {
  const dir = releasesDir(dataDir);
  const ids = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && RELEASE_ID_PATTERN.test(d.name) && existsSync(join(dir, d.name, RELEASE_RECORD_FILE)))
        .map((d) => d.name)
    : [];
  const { events, unreadable } = readLog(dataDir);
  const pointer = readPointer(dataDir);
  const current = pointer.kind === 'kept' ? pointer.id : null;
  const releases = ids.map((id): KeptRelease => {
    const { record, problem } = readRecord(dataDir, id);
    const file = join(releaseDir(dataDir, id), RELEASE_FILE);
    const mine = events.filter((e) => e.id === id);
    const first = mine.find((e) => e.action === 'published' || e.action === 'rolled_back');
    const away = events.filter((e) => e.action === 'rolled_back' && e.previous === id).at(-1);
    const removed = mine.filter((e) => e.action === 'cells_removed').at(-1);
    return {
      id,
      record,
      problem,
      file: existsSync(file) ? resolve(file) : null,
      current: id === current,
      published: first ? { at: first.at, by: first.by } : null,
      rolledBack: away ? { at: away.at, by: away.by } : null,
      cellsRemoved: removed ? { at: removed.at, note: removed.note ?? '' } : null,
      held: mine.some((e) => e.action === 'kept' && e.held === true),
    };
  });
  // In the order they were made (a release kept on upgrading was made before it was kept).
  const made = (r: KeptRelease) => `${r.record?.createdAt ?? ''}|${r.record?.keptAt ?? ''}`;
  releases.sort((a, b) => made(a).localeCompare(made(b)) || a.id.localeCompare(b.id));
  let unkept: History['unkept'] = null;
  if (pointer.kind === 'file') {
    const file = resolve(pointerPath(dataDir));
    try {
      unkept = { file, id: (await readManifest(file)).release_id, problem: null };
    } catch (e) {
      unkept = { file, id: null, problem: (e as Error).message };
    }
  }
  return {
    dataDir: resolve(dataDir),
    pointer: resolve(pointerPath(dataDir)),
    current,
    unkept,
    strayPointer: pointer.kind === 'stray' ? pointer.target : null,
    releases,
    unreadableLogLines: unreadable,
  };
}

/** Whether a kept release may have been seen: published, served now, or unknown (a damaged log). */
export const mayHaveBeenPublished = (h: History, r: KeptRelease) => r.published !== null || r.current || h.unreadableLogLines > 0;

/**
 * Every release anyone may hold: each kept release that was ever published,
 * rolled back ones included (or every kept one, while the log has damaged
 * lines), oldest first, and the unkept file being served; each with its cells
 * file to open read-only. The attacker the audit plays across releases holds
 * exactly these.
 */
export async function publishedReleases(dataDir: string): Promise<{ id: string; file: string; record: ReleaseRecord | null }[]> {
  const h = await readHistory(dataDir);
  const out = h.releases
    .filter((r) => mayHaveBeenPublished(h, r))
    .map((r) => {
      // Retention never removes a published release's cells; a file gone anyway is a fault to report, not to skip.
      if (!r.file) throw new HistoryError(`release ${r.id} was published but its cells file is missing from ${releaseDir(dataDir, r.id)}: restore it from a backup.`);
      return { id: r.id, file: r.file, record: r.record };
    });
  if (h.unkept) out.push({ id: h.unkept.id ?? RELEASE_FILE, file: h.unkept.file, record: null });
  return out;
}

// ---------------------------------------------------------------------------
// Changing the history (under the lock)

const LOCK_FILE = '.lock';
const LOCK_WAIT_MS = 10_000;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Actions of this process on one history run one after another (the file lock is per process).
const queues = new Map<string, Promise<unknown>>();

/** Runs `work` alone: after this process's earlier actions, holding DATA/releases/.lock against other processes. */
function withLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  const key = resolve(dataDir);
  const run = (queues.get(key) ?? Promise.resolve()).then(() => withFileLock(dataDir, work));
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

/** Runs `work` holding DATA/releases/.lock; waits a few seconds for another holder, takes over a dead one's. */
async function withFileLock<T>(dataDir: string, work: () => Promise<T>): Promise<T> {
  mkdirSync(releasesDir(dataDir), { recursive: true });
  const lock = join(releasesDir(dataDir), LOCK_FILE);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
      closeSync(fd);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder: { pid?: number; host?: string } = {};
    try {
      holder = JSON.parse(readFileSync(lock, 'utf8'));
    } catch {
      // written between our open and read: look again
    }
    if (holder.pid === process.pid && holder.host === hostname()) throw new Error('release history: this process already holds the lock');
    if (holder.host === hostname() && typeof holder.pid === 'number' && !processAlive(holder.pid)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new HistoryError(
        `another process (pid ${holder.pid ?? 'unknown'} on ${holder.host ?? 'unknown host'}) is changing the release history (${lock}). ` +
          'Try again when it has finished; if no such process runs, remove that file.',
      );
    }
    await sleep(100);
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** Makes the pointer name kept release `id`: a fresh link renamed over the old pointer (atomic). */
function swapPointer(dataDir: string, id: string): void {
  const tmp = join(dataDir, `.release-pointer-${randomUUID()}`);
  symlinkSync(keptReleaseFile(id), tmp);
  try {
    renameSync(tmp, pointerPath(dataDir));
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Puts a cells file into the history as releases/<id>/: built in a hidden
 * folder (`place` puts the file there), its record written with the file's
 * sha256, then the folder renamed into place in one step. The file keeps its
 * mode: a read-only mode would follow every copy of it (copyFile keeps it),
 * and the sha256 already shows any change when it is published again.
 */
async function stage(dataDir: string, manifest: ReleaseManifest, keptBy: Actor, adopted: boolean, place: (to: string) => void): Promise<ReleaseRecord> {
  const id = manifest.release_id;
  if (!RELEASE_ID_PATTERN.test(id)) throw new HistoryError(`the release id ${JSON.stringify(id)} cannot name a folder (letters, digits, . _ - only)`);
  const final = releaseDir(dataDir, id);
  if (existsSync(final)) throw new HistoryError(`the history already has a release ${id} (${final}); a release id is never reused.`);
  const incoming = join(releasesDir(dataDir), `.incoming-${id}-${randomUUID().slice(0, 8)}`);
  mkdirSync(incoming, { recursive: true });
  try {
    const file = join(incoming, RELEASE_FILE);
    place(file);
    const record = recordOf(manifest, { sha256: await sha256File(file), bytes: statSync(file).size }, keptBy, adopted);
    writeFileSync(join(incoming, RELEASE_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
    renameSync(incoming, final);
    return record;
  } catch (e) {
    rmSync(incoming, { recursive: true, force: true });
    throw e;
  }
}

/** Folders left by a keep that stopped half-way: never named by the pointer, safe to remove under the lock. */
function removeLeftovers(dataDir: string): void {
  for (const name of readdirSync(releasesDir(dataDir))) {
    if (name.startsWith('.incoming-')) rmSync(join(releasesDir(dataDir), name), { recursive: true, force: true });
  }
  for (const name of readdirSync(dataDir)) {
    if (name.startsWith('.release-pointer-')) rmSync(join(dataDir, name), { force: true });
  }
}

/** The manifest of a release file, opened read-only. */
export async function readManifest(file: string): Promise<ReleaseManifest> {
  let rows: Record<string, unknown>[];
  try {
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
    try {
      const conn = await instance.connect();
      try {
        rows = (
          await conn.runAndReadAll(MANIFEST_SELECT_SQL)
        ).getRowObjectsJson();
      } finally {
        conn.closeSync();
      }
    } finally {
      instance.closeSync();
    }
  } catch (e) {
    throw new HistoryError(`${file} cannot be read as a release (${(e as Error).message.split('\n')[0]})`);
  }
  const Manifest = z.object({
    release_id: z.string(),
    created_at: z.string(),
    k: z.number(),
    protection_level: z.number(),
    fiscal_year_start_month: z.number(),
    data_from: z.string().nullable(),
    data_to: z.string().nullable(),
    input_checksums: z.string(),
    instruments: z.string(),
    tables: z.number(),
    cells_released: z.number(),
    cells_suppressed: z.number(),
    status: z.string(),
  });
  const parsed = Manifest.safeParse(rows[0]);
  if (rows.length !== 1 || !parsed.success) throw new HistoryError(`${file} has no readable manifest (one row of the release format's columns)`);
  return parsed.data;
}

/**
 * A release.duckdb from before the history (a regular file) is being served:
 * keep it as releases/<its id>/ (a hard link, so it is never absent for a
 * moment), record it as published, and make the pointer a link to it.
 */
async function keepUnkept(dataDir: string, by: Actor): Promise<void> {
  if (readPointer(dataDir).kind !== 'file') return;
  const pointer = pointerPath(dataDir);
  let manifest: ReleaseManifest;
  try {
    manifest = await readManifest(pointer);
  } catch (e) {
    throw new HistoryError(
      `${pointer} is being served but is no release this version can keep (${(e as Error).message}). ` +
        'Move it out of the data folder (keep a copy: it may have been seen), then try again.',
    );
  }
  const id = manifest.release_id;
  if (existsSync(releaseDir(dataDir, id))) {
    const { record } = readRecord(dataDir, id);
    if (!record || record.file.sha256 !== (await sha256File(pointer))) {
      throw new HistoryError(`${pointer} is release ${id}, but the history's ${id} is a different file. Move one of them away, then try again.`);
    }
  } else {
    await stage(dataDir, manifest, by, true, (to) => {
      try {
        linkSync(pointer, to);
      } catch {
        copyFileSync(pointer, to); // a file system without hard links
      }
    });
    appendEvent(dataDir, { action: 'kept', id, by, held: false, note: 'served before the release history began' });
  }
  appendEvent(dataDir, { action: 'published', id, by, previous: null, note: 'served before the release history began: published no later than this' });
  swapPointer(dataDir, id);
}

export interface KeepOptions {
  /** Make it the release being served (default); false holds it for `release:publish`. */
  publish?: boolean;
  by: Actor;
  /** Never-published releases whose cells file is kept, newest first (default: all). */
  keepUnpublished?: number;
}

export interface Kept {
  id: string;
  /** The kept cells file. */
  file: string;
  published: boolean;
  /** The release served before (when published). */
  previous: string | null;
  /** Never-published releases whose cells file retention removed. */
  cellsRemoved: string[];
}

/**
 * The pipeline's last step: moves an audited candidate into the history (its
 * manifest makes the record), then publishes it unless held, then applies
 * retention. The candidate must be on the data folder's file system.
 */
export async function keepRelease(dataDir: string, candidate: string, manifest: ReleaseManifest, o: KeepOptions): Promise<Kept> {
  const publish = o.publish !== false;
  return withLock(dataDir, async () => {
    removeLeftovers(dataDir);
    await keepUnkept(dataDir, o.by);
    const previous = readPointer(dataDir);
    await stage(dataDir, manifest, o.by, false, (to) => renameSync(candidate, to));
    const id = manifest.release_id;
    appendEvent(dataDir, { action: 'kept', id, by: o.by, held: !publish });
    const prev = previous.kind === 'kept' ? previous.id : null;
    if (publish) {
      appendEvent(dataDir, { action: 'published', id, by: o.by, previous: prev });
      swapPointer(dataDir, id);
    }
    const cellsRemoved = await applyRetention(dataDir, o.keepUnpublished ?? Infinity, o.by);
    return { id, file: resolve(releaseDir(dataDir, id), RELEASE_FILE), published: publish, previous: publish ? prev : null, cellsRemoved };
  });
}

/** Removes the cells files of never-published releases beyond the newest `keep`; their records stay. */
async function applyRetention(dataDir: string, keep: number, by: Actor): Promise<string[]> {
  if (!Number.isFinite(keep)) return [];
  const h = await readHistory(dataDir);
  const unpublished = h.releases.filter((r) => r.file !== null && !mayHaveBeenPublished(h, r));
  const drop = unpublished.slice(0, Math.max(0, unpublished.length - keep));
  for (const r of drop) {
    appendEvent(dataDir, { action: 'cells_removed', id: r.id, by, note: `never published; retention keeps the cells of the ${keep} newest unpublished releases (keepUnpublishedReleases)` });
    rmSync(r.file!, { force: true });
  }
  return drop.map((r) => r.id);
}

export interface Switched {
  id: string;
  previous: string | null;
}

/**
 * Makes kept release `id` the one served. `rollback`: going back to a release
 * published before, and marking the one served until now as rolled back.
 * Refuses an unknown id, the release already served, a release whose cells
 * file retention removed, and a cells file that is not the one kept.
 */
export async function switchRelease(dataDir: string, id: string, by: Actor, mode: 'publish' | 'rollback'): Promise<Switched> {
  const verb = mode === 'publish' ? 'publish' : 'roll back to';
  return withLock(dataDir, async () => {
    removeLeftovers(dataDir);
    await keepUnkept(dataDir, by);
    const h = await readHistory(dataDir);
    const r = h.releases.find((x) => x.id === id);
    if (!r) {
      const known = h.releases.slice(-5).map((x) => x.id);
      throw new HistoryError(
        `no release ${JSON.stringify(id)} in ${releasesDir(dataDir)}. ` +
          (known.length ? `The newest: ${known.join(', ')}; npm run release:list shows them all.` : 'The history is empty: run the pipeline first.'),
      );
    }
    if (r.current) throw new HistoryError(`release ${id} is already the one being served: nothing to ${mode === 'publish' ? 'publish' : 'roll back'}.`);
    if (mode === 'rollback') {
      if (h.current === null) throw new HistoryError(`no release is being served, so there is nothing to roll back; publish one with npm run release:publish -- --id ${id}.`);
      if (!mayHaveBeenPublished(h, r)) throw new HistoryError(`release ${id} was never published, so it cannot be rolled back to; publish it with npm run release:publish -- --id ${id}.`);
    }
    if (!r.record) throw new HistoryError(`cannot ${verb} ${id}: ${r.problem}`);
    if (!r.file) throw new HistoryError(`cannot ${verb} ${id}: its cells file was removed (${r.cellsRemoved?.note ?? 'missing'}); its record stays. Run the pipeline to build a new release.`);
    const sha = await sha256File(r.file);
    if (sha !== r.record.file.sha256) {
      throw new HistoryError(
        `cannot ${verb} ${id}: its cells file ${r.file} is damaged (sha256 ${sha.slice(0, 12)}…, kept as ${r.record.file.sha256.slice(0, 12)}…). ` +
          'Restore it from a backup, or publish another release.',
      );
    }
    const previous = h.current;
    appendEvent(dataDir, { action: mode === 'publish' ? 'published' : 'rolled_back', id, by, previous });
    swapPointer(dataDir, id);
    return { id, previous };
  });
}
