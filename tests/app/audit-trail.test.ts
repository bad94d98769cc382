// The audit trail's hash chain: intact after appends; an edited, removed or
// reordered entry is named by verifyChain and by `npm run audit:verify`.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyChain } from '~/audit/trail.server';
import { AppStore, APP_STORE_FILE } from '~/store/app-store.server';
import { makeTempDir } from '../helpers/release-fixture';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let dir: string;
let cleanup = () => {};

beforeEach(async () => {
  ({ dir, cleanup } = makeTempDir('peer-outcomes-audit-'));
  const store = await AppStore.open(path.join(dir, APP_STORE_FILE));
  for (let i = 1; i <= 6; i++) {
    await appendAudit(store, { actor: `user${i}@example.org`, action: 'page.view', target: `/dashboard?i=${i}`, details: { release: 'r1' } });
  }
  store.close();
});
afterEach(() => cleanup());

/** Changes the store behind the trail's back, as someone with file access could. */
async function tamper(sql: string) {
  const store = await AppStore.open(path.join(dir, APP_STORE_FILE));
  await store.exclusive((q) => q.run(sql));
  store.close();
}

async function auditVerify(): Promise<{ code: number; out: string }> {
  const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
  try {
    const { stdout } = await run(tsx, ['app/cli/audit-verify.ts', '--data', dir], { cwd: ROOT });
    return { code: 0, out: stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe('audit trail chain', () => {
  it('verifies an untouched trail, and audit:verify says so', async () => {
    const store = await AppStore.open(path.join(dir, APP_STORE_FILE));
    const verdict = await verifyChain(store);
    store.close();
    expect(verdict).toMatchObject({ ok: true, entries: 6 });
    const cli = await auditVerify();
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/chain of 6 entries is intact/);
  });

  it('names the edited entry', async () => {
    await tamper("UPDATE audit_log SET target = '/dashboard?i=nothing-to-see' WHERE seq = 4");
    const cli = await auditVerify();
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/BROKEN at entry 4: its contents do not match its hash \(it was edited\)\. Entries 1 to 3 verify\./);
  });

  it('names the entry after a removed one', async () => {
    await tamper('DELETE FROM audit_log WHERE seq = 2');
    const cli = await auditVerify();
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/BROKEN at entry 3: entry 2 is missing/);
  });

  it('names an entry whose hash was recomputed after an edit: the next one no longer links', async () => {
    const store = await AppStore.open(path.join(dir, APP_STORE_FILE));
    const { entryHash } = await import('~/audit/trail.server');
    const [row] = await store.exclusive((q) => q.all('SELECT CAST(seq AS DOUBLE) AS seq, recorded_at AS "at", actor, action, target, address, details, prev_hash FROM audit_log WHERE seq = 5'));
    const edited = { ...(row as { seq: number; at: string; actor: string; action: string; target: string; address: string; details: string; prev_hash: string }), actor: 'someone-else@example.org' };
    await store.exclusive((q) => q.run('UPDATE audit_log SET actor = $1, hash = $2 WHERE seq = 5', [edited.actor, entryHash(edited)]));
    store.close();
    const cli = await auditVerify();
    expect(cli.code).toBe(1);
    expect(cli.out).toMatch(/BROKEN at entry 6: its previous-entry hash does not match/);
  });

  it('says so plainly when the store is held by another process', async () => {
    const store = await AppStore.open(path.join(dir, APP_STORE_FILE));
    try {
      const cli = await auditVerify();
      expect(cli.code).toBe(2);
      expect(cli.out).toMatch(/is open in another process/);
    } finally {
      store.close();
    }
  });
});

describe('audit trail under load', () => {
  it('keeps every one of many concurrent entries, in one unbroken chain, in the order they were made', async () => {
    const store = await AppStore.open(path.join(dir, APP_STORE_FILE));
    try {
      const made = await Promise.all(
        Array.from({ length: 250 }, (_, i) => appendAudit(store, { actor: `u${i}@example.org`, action: 'page.view', target: `/dashboard?n=${i}` })),
      );
      expect(made.map((e) => e.seq)).toEqual(Array.from({ length: 250 }, (_, i) => 7 + i));
      await expect(verifyChain(store)).resolves.toMatchObject({ ok: true, entries: 256 });
    } finally {
      store.close();
    }
  });
});
