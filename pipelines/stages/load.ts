// Load and validate: each extract file is read by DuckDB with the contract's
// column types into an in-memory temp table (contract columns only: dropped
// columns are never materialised). Rows that fail the reader's typing or a
// contract rule go to quarantine with file, line, column and reason, never
// with the offending value (it may be an identifier in the wrong column).
//
// Line numbers are the CSV record's line counting the header as line 1, as a
// spreadsheet numbers rows; a record with a line break inside quotes counts as
// one (that is how DuckDB's reader counts, and what a person sees in Excel).
import { CONTRACT, DERIVED_FROM, type EntityName } from '../contract/entities';
import { sqlIdent, sqlString, type Db } from '../db/duckdb';
import { anyProblemExpr, duckType, problemsExpr, rowChecks } from './checks';
import { ContractError, InputError, planColumns, readParquetHeader, type ColumnPlan, type DroppedKind, type InputFile } from './discover';
import { sniffCsv } from './sniff';

export interface LoadedFile {
  index: number;
  file: InputFile;
  dropped: { column: string; kind: DroppedKind }[];
  /** Line number of the first data row: 2 for CSV (after the header), 1 for Parquet. */
  firstLine: number;
  rowsRead: number;
  /** Set once referential checks have run (see finishLoad). */
  accepted: number;
  quarantined: number;
}

/** Temp tables the loader leaves for the de-identify stage. */
export const stagedTable = (i: number) => `staged_${i}`;

export async function prepareLoad(db: Db): Promise<void> {
  await db.run(`
    CREATE OR REPLACE TEMP TABLE load_problems (file_index INTEGER, ord BIGINT, line BIGINT, "column" VARCHAR, reason VARCHAR);
    CREATE OR REPLACE TEMP TABLE load_rejected_lines (file_index INTEGER, line BIGINT);
    CREATE OR REPLACE TEMP TABLE load_skipped_lines (file_index INTEGER, line BIGINT);`);
}

/** Lines of a file that hold no accepted row: rejected by the reader, or blank (skipped). */
const skippedLines = (index?: number) =>
  `SELECT file_index, line FROM load_rejected_lines ${index === undefined ? '' : `WHERE file_index = ${index}`}
   UNION ALL SELECT file_index, line FROM load_skipped_lines ${index === undefined ? '' : `WHERE file_index = ${index}`}`;

/** `strict` lets the CSV reader's typing reject a bad value; `try` (Parquet) turns it into NULL for a cast check. */
function selectExpr(name: string, plan: ColumnPlan, entity: EntityName, cast: 'strict' | 'try', col: (source: string) => string): string {
  const spec = CONTRACT[entity].columns.find((c) => c.name === name)!;
  const src = plan.read.get(name);
  if (!src) return `NULL::${duckType(spec)} AS ${sqlIdent(name)}`;
  const s = sqlIdent(col(src.source));
  if (src.derived) return `${DERIVED_FROM[entity]![name]!.sql(s)} AS ${sqlIdent(name)}`;
  switch (spec.type.kind) {
    case 'enum':
      return `NULLIF(lower(trim(${s})), '') AS ${sqlIdent(name)}`;
    case 'id':
    case 'code':
      return `NULLIF(trim(${s}), '') AS ${sqlIdent(name)}`;
    default:
      return cast === 'strict' ? `${s} AS ${sqlIdent(name)}` : `TRY_CAST(${s} AS ${duckType(spec)}) AS ${sqlIdent(name)}`;
  }
}

/**
 * Runs a statement that reads an input file. The reader's own error text may
 * quote raw records (identifiers and all), so it is never passed on: the
 * error names the file, the line where the reader says it stopped, and what
 * to do.
 */
async function reading(file: InputFile, as: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ContractError) throw err;
    const line = /\bline:?\s*(\d+)/i.exec((err as Error).message ?? '')?.[1];
    throw new InputError(
      `${file.name} cannot be read as ${as}${line ? ` (the reader stopped at line ${line})` : ''}. ` +
        (as === 'CSV'
          ? 'Check that it is comma-separated text saved as UTF-8 with one header row and the same line endings throughout; export it again from the source system as CSV UTF-8.'
          : 'Copy or export it again from the source system.'),
    );
  }
}

const MB = 1024 * 1024;
/**
 * The reader rejects a longer line (quarantined, with its line). Its buffer is
 * made to hold the longest record: a record longer than the buffer is skipped
 * without an error, and a row would be lost uncounted.
 */
const MAX_LINE_BYTES = 2 * MB;

const REJECT_REASONS: Record<string, string> = {
  'TOO MANY COLUMNS': 'more fields than the header',
  'MISSING COLUMNS': 'fewer fields than the header',
  'UNQUOTED VALUE': 'a quote that is not closed, or a stray quote in a field',
  'INVALID ENCODING': 'not UTF-8 text (save the file as UTF-8)',
  'INVALID UNICODE': 'not UTF-8 text (save the file as UTF-8)',
  'LINE SIZE OVER MAXIMUM': "a line longer than the reader's limit (2 MB)",
};

/** Reads one file into staged_<index> and records its rejected rows and rule problems. */
export async function loadFile(db: Db, index: number, file: InputFile): Promise<LoadedFile> {
  const sniffed = file.format === 'csv' ? await sniffCsv(file) : null;
  const header = sniffed ? sniffed.header : await readParquetHeader(db, file);
  const plan = planColumns(file, header);
  const spec = CONTRACT[file.entity];
  // The CSV reader names columns by position: header names may repeat (unread ones) or be blank.
  const col = (source: string) => (sniffed ? `c${plan.header.indexOf(source)}` : source);
  const typed = new Map(
    [...plan.read.entries()].filter(([, r]) => !r.derived).map(([name, r]) => [col(r.source), spec.columns.find((c) => c.name === name)!]),
  );
  const select = (cast: 'strict' | 'try') => spec.columns.map((c) => selectExpr(c.name, plan, file.entity, cast, col)).join(', ');
  const t = stagedTable(index);

  if (sniffed) {
    // Every header column needs a type for the reader; dropped ones are VARCHAR and never selected.
    const typedCases = (f: (c: (typeof spec.columns)[number]) => string) =>
      [...typed.entries()].map(([src, c]) => `WHEN ${sqlString(src)} THEN ${sqlString(f(c))}`).join(' ');
    const columnName = `CASE column_name ${plan.header.map((h, i) => `WHEN 'c${i}' THEN ${sqlString(typed.get(`c${i}`)?.name ?? h)}`).join(' ')} END`;
    const castReason = typed.size
      ? `CASE column_name ${typedCases((c) => (duckType(c) === 'DATE' ? 'not a date (YYYY-MM-DD)' : 'not a whole number'))} ELSE 'not of the contract type' END`
      : `'not of the contract type'`;
    const rejectReason = `CASE error_type ${Object.entries(REJECT_REASONS).map(([k, v]) => `WHEN ${sqlString(k)} THEN ${sqlString(v)}`).join(' ')}
      WHEN 'CAST' THEN ${castReason} ELSE lower(error_type) END`;
    const columns = plan.header.map((_, i) => `'c${i}': ${sqlString(typed.has(`c${i}`) ? duckType(typed.get(`c${i}`)!) : 'VARCHAR')}`);
    await reading(file, 'CSV', () =>
      db.run(`
      CREATE OR REPLACE TEMP TABLE ${t} AS
      SELECT ${select('strict')} FROM read_csv(${sqlString(file.path)}, header = true, delim = ',', quote = '"', escape = '"',
        columns = {${columns.join(', ')}}, dateformat = '%Y-%m-%d', auto_detect = false,
        max_line_size = ${MAX_LINE_BYTES}, buffer_size = ${Math.max(32 * MB, sniffed.longestRecord + MB)},
        store_rejects = true, rejects_table = 'rejects_errors', rejects_scan = 'rejects_scans');
      INSERT INTO load_rejected_lines SELECT DISTINCT ${index}, line FROM rejects_errors;
      INSERT INTO load_problems
        SELECT ${index}, NULL, line, coalesce(${columnName}, '*'), ${rejectReason}
        FROM rejects_errors;`),
    ).finally(() => db.run('DROP TABLE IF EXISTS rejects_errors; DROP TABLE IF EXISTS rejects_scans;'));
    if (sniffed.blankLines.length > 0) {
      await db.run(`INSERT INTO load_skipped_lines VALUES ${sniffed.blankLines.map((l) => `(${index}, ${l})`).join(', ')}`);
    }
    if (sniffed.damaged.length > 0) {
      // The reader takes these records as text (a NUL byte, or a bad byte in a column it does not read); they are damaged all the same.
      await db.run(`
        INSERT INTO load_problems
        SELECT ${index}, d.line - 2 - (SELECT count(*) FROM (${skippedLines(index)}) s WHERE s.line < d.line), NULL, '*', d.reason
        FROM (VALUES ${sniffed.damaged.map((d) => `(${d.line}, ${sqlString(d.reason)})`).join(', ')}) d(line, reason)
        WHERE d.line NOT IN (SELECT line FROM load_rejected_lines WHERE file_index = ${index})`);
    }
  } else {
    // Parquet has its own types: cast each contract column, and a value that does not cast is a problem.
    const castChecks = [...typed.entries()]
      .filter(([, c]) => duckType(c) !== 'VARCHAR')
      .map(([src, c]) => `CASE WHEN ${sqlIdent(src)} IS NOT NULL AND TRY_CAST(${sqlIdent(src)} AS ${duckType(c)}) IS NULL
          THEN {'column': ${sqlString(c.name)}, 'reason': ${sqlString(`not a ${duckType(c).toLowerCase()}`)}} END`);
    await reading(file, 'Parquet', () =>
      db.run(`
      CREATE OR REPLACE TEMP TABLE parquet_raw AS
      SELECT file_row_number, ${select('try')},
        list_filter([${castChecks.join(', ') || 'NULL'}], p -> p IS NOT NULL) AS cast_problems
      FROM read_parquet(${sqlString(file.path)}, file_row_number = true) ORDER BY file_row_number;`),
    );
    await db.run(`
      INSERT INTO load_problems SELECT ${index}, NULL, file_row_number + 1, p.column, p.reason
        FROM (SELECT file_row_number, unnest(cast_problems) AS p FROM parquet_raw);
      INSERT INTO load_rejected_lines SELECT DISTINCT ${index}, file_row_number + 1 FROM parquet_raw WHERE len(cast_problems) > 0;
      CREATE OR REPLACE TEMP TABLE ${t} AS SELECT * EXCLUDE (file_row_number, cast_problems) FROM parquet_raw WHERE len(cast_problems) = 0 ORDER BY file_row_number;
      DROP TABLE parquet_raw;`);
  }

  // Rule checks over the typed rows; ord is the row's position among the rows the reader accepted.
  const checks = rowChecks(file.entity);
  await db.run(`
    INSERT INTO load_problems
      SELECT ${index}, ord, NULL, p.column, p.reason FROM (
        SELECT ord, unnest(problems) AS p FROM (
          SELECT rowid AS ord, ${problemsExpr(checks)} AS problems FROM ${t}
          WHERE ${anyProblemExpr(checks)}));`);

  const [counts] = await db.all<{ staged: number; rejected: number }>(`
    SELECT (SELECT count(*) FROM ${t})::INTEGER AS staged,
           (SELECT count(*) FROM load_rejected_lines WHERE file_index = ${index})::INTEGER AS rejected`);
  return {
    index,
    file,
    dropped: plan.dropped,
    firstLine: file.format === 'csv' ? 2 : 1,
    rowsRead: counts!.staged + counts!.rejected,
    accepted: 0,
    quarantined: 0,
  };
}

/** The rows of a staged file that broke no rule so far. */
export function acceptedRows(f: LoadedFile): string {
  return `SELECT s.rowid AS ord, s.* FROM ${stagedTable(f.index)} s
    ANTI JOIN (SELECT ord FROM load_problems WHERE file_index = ${f.index} AND ord IS NOT NULL) p ON s.rowid = p.ord`;
}

/**
 * Adds a problem for every accepted row of a file matching a condition (used
 * for rules that need more than one row: duplicates, references).
 */
export async function addProblems(db: Db, f: LoadedFile, column: string, reason: string, condition: string): Promise<void> {
  await db.run(`
    INSERT INTO load_problems SELECT ${f.index}, ord, NULL, ${sqlString(column)}, ${sqlString(reason)}
    FROM (${acceptedRows(f)}) a WHERE ${condition}`);
}

/** A later row with the same key in the same file is a problem; across files, the later file updates the row. */
export async function checkDuplicateKeys(db: Db, f: LoadedFile): Promise<void> {
  const spec = CONTRACT[f.file.entity];
  const key = spec.key.map(sqlIdent).join(', ');
  const names = sqlString(spec.key.join(', '));
  await db.run(`
    INSERT INTO load_problems
    WITH a AS (${acceptedRows(f)}),
      d AS (SELECT ${key}, min(ord) AS first FROM a GROUP BY ALL HAVING count(*) > 1)
    SELECT ${f.index}, a.ord, NULL, ${names}, 'duplicate key: an earlier row of this file has the same ' || ${names}
    FROM a JOIN d USING (${key}) WHERE a.ord > d.first`);
}

/**
 * Turns every problem's row position into its line, then counts per file.
 * Throws if rows read ≠ accepted + quarantined: that would mean a row was lost.
 */
export async function finishLoad(db: Db, files: LoadedFile[]): Promise<void> {
  if (files.length === 0) return;
  const bases = files.map((f) => `(${f.index}, ${f.firstLine})`).join(', ');
  await db.run(`
    CREATE OR REPLACE TEMP TABLE load_bases AS SELECT * FROM (VALUES ${bases}) t(file_index, base);
    -- k: how many accepted rows come before a rejected or blank line
    CREATE OR REPLACE TEMP TABLE load_rejected_k AS
      SELECT r.file_index, r.line - b.base - (row_number() OVER (PARTITION BY r.file_index ORDER BY r.line) - 1) AS k
      FROM (${skippedLines()}) r JOIN load_bases b USING (file_index);
    UPDATE load_problems p SET line = p.ord + b.base
      + (SELECT count(*) FROM load_rejected_k r WHERE r.file_index = p.file_index AND r.k <= p.ord)
      FROM load_bases b WHERE b.file_index = p.file_index AND p.line IS NULL;`);
  const counts = await db.all<{ file_index: number; quarantined: number; problem_rows: number }>(`
    SELECT file_index, count(DISTINCT line)::INTEGER AS quarantined, count(DISTINCT ord)::INTEGER AS problem_rows
    FROM load_problems GROUP BY file_index`);
  for (const f of files) {
    const c = counts.find((x) => x.file_index === f.index);
    const [staged] = await db.all<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${stagedTable(f.index)}`);
    f.quarantined = c?.quarantined ?? 0;
    f.accepted = staged!.n - (c?.problem_rows ?? 0);
    if (f.rowsRead !== f.accepted + f.quarantined) {
      throw new Error(
        `internal error: ${f.file.name}: rows read ${f.rowsRead} ≠ accepted ${f.accepted} + quarantined ${f.quarantined}`,
      );
    }
  }
}
