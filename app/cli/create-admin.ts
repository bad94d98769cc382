// npm run users:create-admin -- --email ADDRESS [--name NAME] [--data DIR]
// The first administrator of a new install (or another one). Prints a one-time
// password; the account must choose its own at first sign-in.
import { parseArgs } from 'node:util';
import { hashPassword, oneTimePassword } from '~/auth/password.server';
import { createUser, EmailSchema } from '~/auth/users.server';
import { storeFile, withCliStore } from './cli-store';

const USAGE = 'usage: npm run users:create-admin -- --email ADDRESS [--name NAME] [--data DIR]';

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, data: { type: 'string' } } }));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const email = EmailSchema.safeParse(values.email ?? '');
  if (!email.success) {
    process.stderr.write(`--email needs an email address\n${USAGE}\n`);
    return 2;
  }
  const password = oneTimePassword();
  return withCliStore('users:create-admin', values.data, async (store) => {
    await createUser(
      store,
      { email: email.data, name: values.name?.trim() || email.data, roles: ['admin'], programs: [], passwordHash: await hashPassword(password), mustChangePassword: true },
      { actor: 'cli:users:create-admin' },
    );
    process.stdout.write(
      `Administrator ${email.data} created in ${storeFile(values.data)}.\n` +
        `One-time password: ${password}\n` +
        'Sign in with it; you will be asked to choose your own password at once.\n',
    );
    return 0;
  });
}

process.exitCode = await main();
