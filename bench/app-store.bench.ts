// What one app-store operation costs (the web server runs them through one
// connection, in order): a session row, an account with roles and programs,
// one audit append alone, 20 appends made together (one batch), and SELECT 1.
//   npx tsx bench/app-store.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appendAudit } from '~/audit/trail.server';
import { createUser, getUser } from '~/auth/users.server';
import { AppStore } from '~/store/app-store.server';

const dir = mkdtempSync(path.join(tmpdir(), 'peer-outcomes-store-bench-'));
const store = await AppStore.open(path.join(dir, 'app.duckdb'));
try {
  const id = await createUser(store, { email: 'a@example.org', name: 'a', roles: ['program_manager'], programs: ['*'], passwordHash: 'x', mustChangePassword: false }, { actor: 'bench' });
  await store.exclusive((q) => q.run("INSERT INTO sessions VALUES ('h', $1, 0, 0, 1e15, NULL, '', '')", [id]));
  const time = async (name: string, n: number, f: () => Promise<unknown>, per = 1) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await f();
    console.log(`${name.padEnd(34)} ${((performance.now() - t) / n / per).toFixed(2)} ms`);
  };
  await time('SELECT 1', 300, () => store.exclusive((q) => q.all('SELECT 1')));
  await time('session row', 300, () => store.exclusive((q) => q.all('SELECT user_id FROM sessions WHERE token_hash = $1', ['h'])));
  await time('account with roles and programs', 300, () => getUser(store, id));
  await time('audit append, alone', 300, () => appendAudit(store, { actor: 'a', action: 'page.view', target: '/x' }));
  await time('audit append, 20 together (each)', 30, () => Promise.all(Array.from({ length: 20 }, () => appendAudit(store, { actor: 'a', action: 'page.view', target: '/x' }))), 20);
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
