// Finds the extract files in an input folder and decides, column by column,
// what the loader may read: contract columns are read, a column the contract
// can derive one from (a full birth date → birth year) is read only through
// that derivation, and everything else is never read and is reported by name.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CONTRACT,
  DERIVED_FROM,
  ENTITY_NAMES,
  looksLikeIdentifier,
  type EntityName,
} from '../contract/entities';
import { sqlString, type Db } from '../db/duckdb';

export type FileFormat = 'csv' | 'parquet';

export interface InputFile {
  entity: EntityName;
  path: string;
  name: string;
  format: FileFormat;
  bytes: number;
}

export interface IgnoredFile {
  name: string;
  reason: string;
}

const EXTENSIONS: [string, FileFormat][] = [
  ['.csv', 'csv'],
  ['.csv.gz', 'csv'],
  ['.parquet', 'parquet'],
];

/** Entity files in name order, so monthly extracts load oldest first and later ones update earlier rows. */
export function discoverInputs(dir: string): { files: InputFile[]; ignored: IgnoredFile[] } {
  const files: InputFile[] = [];
  const ignored: IgnoredFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!statSync(path).isFile()) continue;
    const ext = EXTENSIONS.find(([e]) => name.toLowerCase().endsWith(e));
    if (!ext) {
      if (!name.startsWith('.') && !name.endsWith('.json')) ignored.push({ name, reason: 'not a .csv, .csv.gz or .parquet file' });
      continue;
    }
    const stem = name.slice(0, name.length - ext[0].length).toLowerCase();
    // Longest prefix first: `survey_responses` must not be taken for another entity.
    const entity = [...ENTITY_NAMES]
      .sort((a, b) => CONTRACT[b].filePrefix.length - CONTRACT[a].filePrefix.length)
      .find((e) => {
        const p = CONTRACT[e].filePrefix;
        return stem === p || (stem.startsWith(p) && /[._-]/.test(stem[p.length] ?? ''));
      });
    if (!entity) {
      ignored.push({ name, reason: `name does not start with an entity (${ENTITY_NAMES.join(', ')})` });
      continue;
    }
    files.push({ entity, path, name, format: ext[1], bytes: statSync(path).size });
  }
  return { files, ignored };
}

export type DroppedKind = 'identifier' | 'not_in_contract' | 'derived_then_dropped';

export interface ColumnPlan {
  /** Contract column → the source column it is read from (same name, or the derivation source). */
  read: Map<string, { source: string; derived: boolean }>;
  dropped: { column: string; kind: DroppedKind }[];
  /** Header in file order; the CSV reader needs every column's type. */
  header: string[];
}

/** A file or folder the contract refuses as a whole: the run stops before anything is stored. */
export class ContractError extends Error {}

/** An input that cannot be read at all (not a folder, no files, not CSV text, a damaged file). */
export class InputError extends ContractError {}

/** The input folder exists, is a folder, and holds at least one extract file. */
export function checkInputFolder(dir: string): void {
  if (!existsSync(dir)) {
    throw new InputError(`input folder ${dir} does not exist. Pass --input DIR with the extract files (npm run synth makes demo ones).`);
  }
  if (!statSync(dir).isDirectory()) {
    throw new InputError(`--input ${dir} is a file; a folder is expected. Put the extract files in a folder and pass the folder.`);
  }
  if (discoverInputs(dir).files.length === 0) {
    throw new InputError(`no extract files in ${dir}: expected names like participants.csv, encounters_2025-03.csv (see docs/data-contract.md).`);
  }
}

/** A Parquet file's column names (a CSV file's header is read by sniffCsv). */
export async function readParquetHeader(db: Db, file: InputFile): Promise<string[]> {
  try {
    const rows = await db.all<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet(${sqlString(file.path)}))`);
    return rows.map((r) => r.column_name);
  } catch {
    throw new InputError(`${file.name} cannot be read as Parquet (it is damaged, cut short, or not Parquet): copy or export it again.`);
  }
}

/**
 * A column the loader reads (a contract column or the source of a derived
 * one) may appear once: with two, which one holds the value? Columns that are
 * dropped unread may repeat.
 */
function refuseDuplicateColumns(file: InputFile, header: string[]): void {
  const readable = new Set([
    ...CONTRACT[file.entity].columns.map((c) => c.name),
    ...Object.values(DERIVED_FROM[file.entity] ?? {}).flatMap((d) => d!.from),
  ]);
  const seen = new Map<string, string>();
  for (const h of header) {
    const key = h.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined && readable.has(key)) {
      throw new ContractError(
        `${file.name}: the header has column '${key}' twice ('${first}' and '${h}'; names match in any case), so it is not clear which one holds the values. ` +
          'Remove or rename one of them and run again.',
      );
    }
    seen.set(key, h);
  }
}

export function planColumns(file: InputFile, header: string[]): ColumnPlan {
  refuseDuplicateColumns(file, header);
  const spec = CONTRACT[file.entity];
  const byLower = new Map(header.map((h) => [h.trim().toLowerCase(), h]));
  const read: ColumnPlan['read'] = new Map();
  const missing: string[] = [];
  for (const c of spec.columns) {
    const direct = byLower.get(c.name);
    if (direct !== undefined) {
      read.set(c.name, { source: direct, derived: false });
      continue;
    }
    const derivation = DERIVED_FROM[file.entity]?.[c.name];
    const from = derivation?.from.map((f) => byLower.get(f)).find((x) => x !== undefined);
    if (from !== undefined) read.set(c.name, { source: from, derived: true });
    else if (c.required) missing.push(c.name);
  }
  if (read.size === 0) {
    // Not one contract column: the first line is most likely a record, whose values must not be echoed.
    throw new ContractError(
      `${file.name}: the first line names none of the contract's columns, so the file has no header row (or is not a ${file.entity} extract). ` +
        `Export it with a header row; docs/data-contract.md lists every column of ${file.entity}.`,
    );
  }
  if (missing.length > 0) {
    throw new ContractError(
      `${file.name}: required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} missing ` +
        `(the header has: ${header.join(', ')}). Export the file with these columns, or rename the matching columns; ` +
        `docs/data-contract.md lists every column of ${file.entity}.`,
    );
  }
  const used = new Set([...read.values()].map((r) => r.source));
  const dropped = header
    .filter((h) => !used.has(h) || [...read.values()].some((r) => r.source === h && r.derived))
    .map((h) => h || '(a column with no name)')
    .map((column) => ({
      column,
      kind: ([...read.values()].some((r) => r.source === column && r.derived)
        ? 'derived_then_dropped'
        : looksLikeIdentifier(column)
          ? 'identifier'
          : 'not_in_contract') as DroppedKind,
    }));
  return { read, dropped, header };
}
