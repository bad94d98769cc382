// Passwords: argon2id (OWASP's minimum parameters, the library's defaults) and
// the rules a new password must meet. Rules follow NIST SP 800-63B: length and
// a deny-list, no composition rules, no forced periodic change.
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

// Verifying against this when no account matches keeps "no such user" and
// "wrong password" equally slow.
const UNKNOWN_USER_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8b1b7m3kC6l6v1m8b1U9m2yq1o9kz2c4b7mTQmJk0Yw';

const COMMON = new Set([
  'password1234', 'password12345', 'passwordpassword', '123456789012', '1234567890123',
  'qwertyuiopas', 'letmein12345', 'welcome12345', 'iloveyou1234', 'administrator',
  'peeroutcomes', 'peer-outcomes', 'peersupport1', 'changeme1234', 'aaaaaaaaaaaa',
]);

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when `password` matches `stored`; a missing hash still costs one verification. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  try {
    const ok = await verify(stored ?? UNKNOWN_USER_HASH, password);
    return stored !== null && ok;
  } catch {
    return false;
  }
}

/** What is wrong with a new password, in words for the person choosing it; empty when fine. */
export function passwordProblems(password: string, email: string): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN) problems.push(`Use at least ${PASSWORD_MIN} characters.`);
  if (password.length > PASSWORD_MAX) problems.push(`Use at most ${PASSWORD_MAX} characters.`);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('This password is too common.');
  if (new Set(password).size < 4) problems.push('Use more than three different characters.');
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local)) problems.push('Do not use your email address in the password.');
  return problems;
}

/** A random one-time password (20 characters) for a new account or a reset. */
export function oneTimePassword(): string {
  return randomBytes(15).toString('base64url');
}
