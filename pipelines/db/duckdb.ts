// The pipeline's one way to talk to DuckDB: open a database with the run's
// limits, run SQL files with named literals, read rows as JSON. Below every
// other pipeline folder but contract/.
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Db {
  run(sql: string): Promise<void>;
  all<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): void;
}

export interface OpenOptions {
  memoryLimit: string;
  threads: number;
  tempDirectory: string;
}

export async function openDb(path: string, o: OpenOptions): Promise<Db> {
  const instance = await DuckDBInstance.create(path, {
    memory_limit: o.memoryLimit,
    threads: String(o.threads),
    temp_directory: o.tempDirectory,
    preserve_insertion_order: 'true',
  });
  const conn = await DuckDBConnection.create(instance);
  return {
    async run(sql) {
      await conn.run(sql);
    },
    async all<T>(sql: string) {
      const r = await conn.runAndReadAll(sql);
      return r.getRowObjectsJson() as T[];
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** A SQL string literal. Everything spliced into SQL goes through this or sqlIdent. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export function sqlIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/**
 * A reader for one folder of SQL files: `{{name}}` is replaced by the given
 * (already quoted) literal; an unknown placeholder is an error, so a typo
 * cannot run. Each stage folder makes its own: `sqlFolder(new URL('./sql/', import.meta.url))`.
 */
export function sqlFolder(dir: URL) {
  return (name: string, params: Record<string, string | number> = {}): string => {
    const text = readFileSync(fileURLToPath(new URL(name, dir)), 'utf8');
    return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const v = params[key];
      if (v === undefined) throw new Error(`${name}: no value for {{${key}}}`);
      return String(v);
    });
  };
}
