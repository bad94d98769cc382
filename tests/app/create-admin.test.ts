// First run: `npm run users:create-admin` makes an administrator who must
// choose a password at first sign-in; it refuses a second account of the
// same address and bad input.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '~/audit/trail.server';
import { verifyPassword } from '~/auth/password.server';
import { findUserByEmail } from '~/auth/users.server';
import { AppStore, APP_STORE_FILE } from '~/store/app-store.server';
import { makeTempDir } from '../helpers/release-fixture';

const ROOT = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

let dir: string;
let cleanup = () => {};
beforeEach(() => ({ dir, cleanup } = makeTempDir('peer-outcomes-admin-')));
afterEach(() => cleanup());

async function createAdmin(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['app/cli/create-admin.ts', '--data', dir, ...args], { cwd: ROOT });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

// Each case starts the CLI under tsx (a few seconds apiece on a busy machine), so a case gets more than the default 5 s.
describe('users:create-admin', { timeout: 60_000 }, () => {
  it('creates an administrator with a one-time password, audited', async () => {
    const made = await createAdmin('--email', ' First.Admin@Example.org ', '--name', 'First Admin');
    expect(made.code).toBe(0);
    const password = /One-time password: (\S+)/.exec(made.out)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const store = await AppStore.open(path.join(dir, APP_STORE_FILE));
    try {
      const found = await findUserByEmail(store, 'first.admin@example.org');
      expect(found?.user).toMatchObject({ name: 'First Admin', roles: ['admin'], programs: [], active: true, mustChangePassword: true });
      await expect(verifyPassword(found!.passwordHash, password!)).resolves.toBe(true);
      await expect(verifyChain(store)).resolves.toMatchObject({ ok: true, entries: 1 });
    } finally {
      store.close();
    }
  });

  it('refuses an address that already has an account, and a missing address', async () => {
    expect((await createAdmin('--email', 'a@example.org')).code).toBe(0);
    const again = await createAdmin('--email', 'A@example.org');
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/An account for a@example.org already exists/);
    const none = await createAdmin();
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/--email needs an email address/);
  });
});
