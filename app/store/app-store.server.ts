// The app store: the web app's own small writable DuckDB file (users, sessions,
// sign-in failures, the audit trail), separate from the release and never the
// analytics store. One process opens it read-write (the web server, or a CLI
// while the server is stopped); every statement runs through one connection in
// order, so a multi-statement change (a user and their roles) is never
// interleaved with another request's.

import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { getEnv } from '../env.server';

export const APP_STORE_FILE = 'app.duckdb';

const SCHEMA = [
  `CREATE SEQUENCE IF NOT EXISTS user_ids START 1`,
  `CREATE TABLE IF NOT EXISTS users (
     id INTEGER PRIMARY KEY DEFAULT nextval('user_ids'),
     email VARCHAR NOT NULL UNIQUE,
     name VARCHAR NOT NULL,
     password_hash VARCHAR NOT NULL,
     active BOOLEAN NOT NULL,
     must_change_password BOOLEAN NOT NULL,
     created_at DOUBLE NOT NULL,
     password_changed_at DOUBLE NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS user_roles (user_id INTEGER NOT NULL, role VARCHAR NOT NULL, PRIMARY KEY (user_id, role))`,
  `CREATE TABLE IF NOT EXISTS user_programs (user_id INTEGER NOT NULL, program VARCHAR NOT NULL, PRIMARY KEY (user_id, program))`,
  // The cookie holds a random token; the store keeps only its SHA-256, so a copy
  // of the store does not let anyone ride a session.
  `CREATE TABLE IF NOT EXISTS sessions (
     token_hash VARCHAR PRIMARY KEY,
     user_id INTEGER NOT NULL,
     created_at DOUBLE NOT NULL,
     last_seen_at DOUBLE NOT NULL,
     expires_at DOUBLE NOT NULL,
     revoked_at DOUBLE,
     address VARCHAR NOT NULL,
     user_agent VARCHAR NOT NULL
   )`,
  // One row per password check, written before the check and deleted when it succeeds.
  `CREATE TABLE IF NOT EXISTS sign_in_failures (attempt VARCHAR NOT NULL, failed_at DOUBLE NOT NULL, email VARCHAR NOT NULL, address VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS audit_log (
     seq BIGINT PRIMARY KEY,
     recorded_at VARCHAR NOT NULL,
     actor VARCHAR NOT NULL,
     action VARCHAR NOT NULL,
     target VARCHAR NOT NULL,
     address VARCHAR NOT NULL,
     details VARCHAR NOT NULL,
     prev_hash VARCHAR NOT NULL,
     hash VARCHAR NOT NULL
   )`,
];

/** The app store is held by another process (DuckDB allows one writer per file). */
export class AppStoreBusyError extends Error {
  override name = 'AppStoreBusyError';
}

export type Row = Record<string, unknown>;

export class AppStore {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(file: string): Promise<AppStore> {
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(file, { access_mode: 'READ_WRITE', threads: '1', memory_limit: '64MB' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/lock/i.test(message)) {
        throw new AppStoreBusyError(
          `The app store ${file} is open in another process (the web server?). Stop that process first. DuckDB said: ${message}`,
          { cause: error },
        );
      }
      throw error;
    }
    const connection = await instance.connect();
    for (const statement of SCHEMA) await connection.run(statement);
    return new AppStore(file, instance, connection);
  }

  /** Runs `work` alone on the store's connection; statements of other callers wait. */
  exclusive<T>(work: (q: Queries) => Promise<T>): Promise<T> {
    const run = this.queue.then(() => work(this.queries));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Runs `work` alone and in one transaction: all of it is stored, or none. */
  transaction<T>(work: (q: Queries) => Promise<T>): Promise<T> {
    return this.exclusive(async (q) => {
      await q.run('BEGIN TRANSACTION');
      let result: T;
      try {
        result = await work(q);
      } catch (error) {
        await q.run('ROLLBACK');
        throw error;
      }
      // A failed COMMIT has already ended the transaction: its error is the one to see.
      await q.run('COMMIT');
      return result;
    });
  }

  private readonly queries: Queries = {
    run: async (sql, values) => {
      await this.connection.run(sql, values);
    },
    all: async (sql, values) => (await this.connection.runAndReadAll(sql, values)).getRowObjectsJson() as Row[],
  };

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

export interface Queries {
  run(sql: string, values?: DuckDBValue[]): Promise<void>;
  /** Rows as JSON-safe objects: BIGINT and HUGEINT arrive as strings, so cast counts in SQL. */
  all(sql: string, values?: DuckDBValue[]): Promise<Row[]>;
}

/** Where the app store lives: PEER_OUTCOMES_APP_STORE, or app.duckdb in the data folder. */
export function appStorePath(): string {
  const env = getEnv();
  return env.PEER_OUTCOMES_APP_STORE ?? path.join(env.PEER_OUTCOMES_DATA, APP_STORE_FILE);
}

let opened: Promise<AppStore> | undefined;

/** Closes the process's app store (tests, CLIs); the next use opens it again. */
export function closeAppStore(): void {
  const closing = opened;
  opened = undefined;
  void closing?.then((store) => store.close(), () => undefined);
}

/** The process's app store, opened on first use. */
export function appStore(): Promise<AppStore> {
  opened ??= AppStore.open(appStorePath()).catch((error) => {
    opened = undefined;
    throw error;
  });
  return opened;
}
