// The release history's commands: npm run release:list, release:publish -- --id ID,
// release:rollback -- --to ID (each also takes --data DIR; default PEER_OUTCOMES_DATA,
// else data/demo, as the server). Each returns its exit code: 0 done, 1 refused
// (the message says why and what to do), 2 bad arguments. They work while the
// server runs: the history is files, the server opens releases read-only and
// serves a new one from its next request.
import { parseArgs } from 'node:util';
import { RELEASES_DIR } from '../release/format';
import { actorText, HistoryError, mayHaveBeenPublished, osActor, readHistory, switchRelease, type KeptRelease } from '../release/history';
import { recordedText, recordReleaseAction } from './release-trail';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

export const processIo: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), env: process.env };

const fmt = (n: number) => n.toLocaleString('en-US');
const when = (iso: string) => `${iso.replace('T', ' ').slice(0, 16)} UTC`;

function args(name: string, usage: string, argv: string[], io: Io, flags: Record<string, { type: 'string' }> = {}) {
  try {
    const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, ...flags } });
    return { ...values, dataDir: values.data ?? (io.env.PEER_OUTCOMES_DATA?.trim() || 'data/demo') } as Record<string, string | undefined> & { dataDir: string };
  } catch (e) {
    io.err(`${name}: ${(e as Error).message}\n${usage}\n`);
    return null;
  }
}

/** The markers of a release in the list. */
function markers(r: KeptRelease, possiblyPublished: boolean): string {
  const m: string[] = [];
  if (r.current) m.push('CURRENT');
  if (r.rolledBack) m.push(`rolled back ${when(r.rolledBack.at)} by ${r.rolledBack.by.user}`);
  if (!possiblyPublished) m.push(r.held ? 'held: never published' : 'never published');
  if (r.cellsRemoved) m.push('cells file removed by retention');
  if (r.problem) m.push(`RECORD UNREADABLE: ${r.problem}`);
  return m.join('; ');
}

export async function releaseList(argv: string[], io: Io = processIo): Promise<number> {
  const usage = 'usage: npm run release:list [-- --data DIR]';
  const a = args('release:list', usage, argv, io);
  if (!a) return 2;
  const h = await readHistory(a.dataDir);
  io.out(`Releases of ${h.dataDir}, newest first (${h.releases.length} kept in ${RELEASES_DIR}/; * is the one served):\n`);
  if (h.unkept) {
    io.out(`  ${h.pointer} is served from before the release history (${h.unkept.id ? `release ${h.unkept.id}` : h.unkept.problem}); ` +
      'the next pipeline run, release:publish or release:rollback keeps it.\n');
  }
  if (h.strayPointer) io.out(`  WARNING: ${h.pointer} names ${h.strayPointer}, which is no kept release: the server cannot serve it. Publish one.\n`);
  if (h.unreadableLogLines > 0) io.out(`  WARNING: ${h.unreadableLogLines} line(s) of releases/history.jsonl cannot be read: every release counts as possibly published.\n`);
  if (h.releases.length === 0) {
    if (!h.unkept) io.out('  none yet: npm run pipeline -- --input DIR --data DIR builds and publishes one.\n');
    return 0;
  }
  const rows = [...h.releases].reverse().map((r) => {
    const published = mayHaveBeenPublished(h, r);
    return [
      r.current ? '*' : ' ',
      r.id,
      r.published ? when(r.published.at) : published ? 'unknown' : '—',
      r.published ? actorText(r.published.by) : r.record ? `kept by ${actorText(r.record.keptBy)}` : '',
      r.record ? fmt(r.record.cellsReleased) : '?',
      r.record ? fmt(r.record.cellsSuppressed) : '?',
      markers(r, published),
    ];
  });
  const head = ['', 'release', 'published', 'by', 'released', 'suppressed', ''];
  const widths = head.map((h0, i) => Math.max(h0.length, ...rows.map((r) => r[i]!.length)));
  const right = new Set([4, 5]);
  for (const r of [head, ...rows]) {
    io.out(`${r.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()}\n`);
  }
  return 0;
}

async function switchCommand(mode: 'publish' | 'rollback', argv: string[], io: Io): Promise<number> {
  const name = mode === 'publish' ? 'release:publish' : 'release:rollback';
  const flag = mode === 'publish' ? 'id' : 'to';
  const usage = `usage: npm run ${name} -- --${flag} ID [--data DIR]`;
  const a = args(name, usage, argv, io, { [flag]: { type: 'string' } });
  if (!a) return 2;
  const id = a[flag]?.trim();
  if (!id) {
    io.err(`${name}: --${flag} ID is required (npm run release:list shows the ids)\n${usage}\n`);
    return 2;
  }
  const by = osActor(name);
  try {
    const done = await switchRelease(a.dataDir, id, by, mode);
    const recorded = await recordReleaseAction(
      { action: mode === 'publish' ? 'release.published' : 'release.rolled_back', id, previous: done.previous, by, dataDir: a.dataDir },
      io.env,
    );
    io.out(
      `${name}: ${id} is now the release served from ${a.dataDir}` +
        `${done.previous ? ` (${mode === 'rollback' ? 'rolled back from' : 'was'} ${done.previous})` : ''}; ` +
        `a running server serves it from its next request. ${recordedText(recorded)}.\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof HistoryError) {
      io.err(`${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

export const releasePublish = (argv: string[], io: Io = processIo) => switchCommand('publish', argv, io);
export const releaseRollback = (argv: string[], io: Io = processIo) => switchCommand('rollback', argv, io);
