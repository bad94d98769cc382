// Accounts: who may sign in, with which roles and programs. Every change is
// written together with its audit entry in one transaction: a change without
// its entry, or an entry without its change, cannot happen.

import { z } from 'zod';
import { appendAuditIn, type AuditAction } from '~/audit/trail.server';
import type { AppStore, Queries } from '~/store/app-store.server';
import { accountCache } from './cache.server';
import { ROLES, type Role } from './roles';

export interface User {
  id: number;
  email: string;
  name: string;
  active: boolean;
  mustChangePassword: boolean;
  roles: Role[];
  /** The programs this person's program-scoped roles cover, by the release's program name. */
  programs: string[];
}

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter an email address.' }).max(254));

const UserRow = z.object({
  id: z.coerce.number().int(),
  email: z.string(),
  name: z.string(),
  active: z.boolean(),
  must_change_password: z.boolean(),
  password_hash: z.string(),
  roles: z.array(z.enum(ROLES)).nullable(),
  programs: z.array(z.string()).nullable(),
});

const SELECT_USERS = `
  SELECT u.id, u.email, u.name, u.active, u.must_change_password, u.password_hash,
         (SELECT list(role ORDER BY role) FROM user_roles r WHERE r.user_id = u.id) AS roles,
         (SELECT list(program ORDER BY program) FROM user_programs p WHERE p.user_id = u.id) AS programs
  FROM users u`;

function toUser(row: unknown): { user: User; passwordHash: string } {
  const r = UserRow.parse(row);
  return {
    user: {
      id: r.id,
      email: r.email,
      name: r.name,
      active: r.active,
      mustChangePassword: r.must_change_password,
      roles: r.roles ?? [],
      programs: r.programs ?? [],
    },
    passwordHash: r.password_hash,
  };
}

export async function findUserByEmail(store: AppStore, email: string): Promise<{ user: User; passwordHash: string } | null> {
  const rows = await store.exclusive((q) => q.all(`${SELECT_USERS} WHERE u.email = $1`, [email.trim().toLowerCase()]));
  return rows[0] ? toUser(rows[0]) : null;
}

export async function getUser(store: AppStore, id: number): Promise<User | null> {
  const rows = await store.exclusive((q) => q.all(`${SELECT_USERS} WHERE u.id = $1`, [id]));
  return rows[0] ? toUser(rows[0]).user : null;
}

export async function listUsers(store: AppStore): Promise<User[]> {
  const rows = await store.exclusive((q) => q.all(`${SELECT_USERS} ORDER BY u.email`));
  return rows.map((r) => toUser(r).user);
}

export interface NewUser {
  email: string;
  name: string;
  roles: Role[];
  programs: string[];
  passwordHash: string;
  mustChangePassword: boolean;
}

/** Who made a change, and from where: goes into the audit entry. */
export interface Actor {
  actor: string;
  address?: string;
}

export class DuplicateEmailError extends Error {
  override name = 'DuplicateEmailError';
}

/** A change of accounts, in one transaction; the server's cache of accounts and sessions starts over after it. */
async function change<T>(store: AppStore, work: (q: Queries) => Promise<T>): Promise<T> {
  try {
    return await store.transaction(work);
  } finally {
    accountCache.forgetAll();
  }
}

async function setAssignments(q: Queries, id: number, roles: readonly Role[], programs: readonly string[]) {
  await q.run('DELETE FROM user_roles WHERE user_id = $1', [id]);
  await q.run('DELETE FROM user_programs WHERE user_id = $1', [id]);
  for (const role of new Set(roles)) await q.run('INSERT INTO user_roles VALUES ($1, $2)', [id, role]);
  for (const program of new Set(programs)) await q.run('INSERT INTO user_programs VALUES ($1, $2)', [id, program]);
}

export async function createUser(store: AppStore, input: NewUser, by: Actor): Promise<number> {
  const email = EmailSchema.parse(input.email);
  return change(store, async (q) => {
    const existing = await q.all('SELECT 1 FROM users WHERE email = $1', [email]);
    if (existing.length) throw new DuplicateEmailError(`An account for ${email} already exists.`);
    const now = Date.now();
    const [row] = await q.all(
      `INSERT INTO users (email, name, password_hash, active, must_change_password, created_at, password_changed_at)
       VALUES ($1, $2, $3, true, $4, $5, $5) RETURNING id`,
      [email, input.name.trim(), input.passwordHash, input.mustChangePassword, now],
    );
    const id = Number(row?.id);
    await setAssignments(q, id, input.roles, input.programs);
    await appendAuditIn(q, {
      ...by,
      action: 'user.created',
      target: email,
      details: { roles: [...input.roles].sort().join(','), programs: [...input.programs].sort().join('|') },
    });
    return id;
  });
}

export async function updateUser(
  store: AppStore,
  id: number,
  fields: { name: string; roles: Role[]; programs: string[] },
  by: Actor,
): Promise<void> {
  await change(store, async (q) => {
    const [row] = await q.all('SELECT email FROM users WHERE id = $1', [id]);
    if (!row) throw new Error(`No user ${id}.`);
    await q.run('UPDATE users SET name = $2 WHERE id = $1', [id, fields.name.trim()]);
    await setAssignments(q, id, fields.roles, fields.programs);
    await appendAuditIn(q, {
      ...by,
      action: 'user.updated',
      target: String(row.email),
      details: { name: fields.name.trim(), roles: [...fields.roles].sort().join(','), programs: [...fields.programs].sort().join('|') },
    });
  });
}

/** Deactivating also ends every session of the account, at once. */
export async function setActive(store: AppStore, id: number, active: boolean, by: Actor): Promise<void> {
  await change(store, async (q) => {
    const [row] = await q.all('SELECT email FROM users WHERE id = $1', [id]);
    if (!row) throw new Error(`No user ${id}.`);
    await q.run('UPDATE users SET active = $2 WHERE id = $1', [id, active]);
    if (!active) await q.run('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [id, Date.now()]);
    await appendAuditIn(q, { ...by, action: active ? 'user.reactivated' : 'user.deactivated', target: String(row.email) });
  });
}

/**
 * Sets a new password hash. Every session of the account ends except `keepSession`
 * (the one changing its own password stays signed in).
 */
export async function setPassword(
  store: AppStore,
  id: number,
  passwordHash: string,
  opts: { mustChange: boolean; keepSession?: string; action: Extract<AuditAction, 'password.changed' | 'user.password_reset'> },
  by: Actor,
): Promise<void> {
  await change(store, async (q) => {
    const [row] = await q.all('SELECT email FROM users WHERE id = $1', [id]);
    if (!row) throw new Error(`No user ${id}.`);
    const now = Date.now();
    await q.run('UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = $4 WHERE id = $1', [
      id,
      passwordHash,
      opts.mustChange,
      now,
    ]);
    await q.run('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND token_hash <> $3', [
      id,
      now,
      opts.keepSession ?? '',
    ]);
    await appendAuditIn(q, { ...by, action: opts.action, target: String(row.email) });
  });
}
