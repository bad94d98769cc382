// npm run users:demo -- --data DIR   (demo mode only: PEER_OUTCOMES_DEMO=1)
// One account per role for trying the demo, with fresh passwords printed on
// every run. The program manager and the others get some of the release's
// programs; the demo administrator also manages all programs, to show that one
// person may hold several roles.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ALL_PROGRAMS } from '~/auth/guards.server';
import { hashPassword } from '~/auth/password.server';
import type { Role } from '~/auth/roles';
import { createUser, findUserByEmail, setPassword, updateUser } from '~/auth/users.server';
import { getEnv } from '~/env.server';
import { closeReleaseCache, readRelease } from '~/release/reader.server';
import { withCliStore } from './cli-store';

const ACTOR = { actor: 'cli:users:demo' };

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { data: { type: 'string' } } });
  if (!getEnv().PEER_OUTCOMES_DEMO) {
    process.stderr.write('users:demo: demo accounts are made only in demo mode (PEER_OUTCOMES_DEMO=1).\n');
    return 2;
  }
  const dataDir = values.data ?? getEnv().PEER_OUTCOMES_DATA;
  const release = await readRelease(dataDir);
  closeReleaseCache();
  if (release.kind !== 'release') {
    process.stderr.write(`users:demo: no release in ${dataDir}; run the pipeline first.\n`);
    return 2;
  }
  const programs = release.release.values('program').map((v) => v.dimension_value);
  const accounts: { email: string; name: string; roles: Role[]; programs: string[] }[] = [
    { email: 'admin@demo.example.org', name: 'Demo Administrator', roles: ['admin', 'program_manager'], programs: [ALL_PROGRAMS] },
    { email: 'manager@demo.example.org', name: 'Demo Program Manager', roles: ['program_manager'], programs: programs.slice(0, 2) },
    { email: 'funder@demo.example.org', name: 'Demo Funder', roles: ['funder'], programs: programs.slice(0, 1) },
    { email: 'analyst@demo.example.org', name: 'Demo Analyst', roles: ['analyst'], programs: programs.slice(0, 2) },
  ];
  return withCliStore('users:demo', dataDir, async (store) => {
    const lines: string[] = [];
    for (const a of accounts) {
      const password = randomBytes(12).toString('base64url');
      const hash = await hashPassword(password);
      const existing = await findUserByEmail(store, a.email);
      if (existing) {
        await updateUser(store, existing.user.id, a, ACTOR);
        await setPassword(store, existing.user.id, hash, { mustChange: false, action: 'user.password_reset' }, ACTOR);
      } else {
        await createUser(store, { ...a, passwordHash: hash, mustChangePassword: false }, ACTOR);
      }
      lines.push(`  ${a.roles.join(' + ').padEnd(24)} ${a.email.padEnd(28)} ${password}   ${a.programs.includes(ALL_PROGRAMS) ? 'all programs' : a.programs.join(', ')}`);
    }
    process.stdout.write(`Demo accounts (new passwords on every run):\n${lines.join('\n')}\n`);
    return 0;
  });
}

process.exitCode = await main();
