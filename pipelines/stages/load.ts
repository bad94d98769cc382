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
import { planColumns, readHeader, type ColumnPlan, type DroppedKind, type InputFile } from './discover';

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
    CREATE OR REPLACE TEMP TABLE load_rejected_lines (file_index INTEGER, line BIGINT);`);
}

/** `strict` lets the CSV reader's typing reject a bad value; `try` (Parquet) turns it into NULL for a cast check. */
function selectExpr(name: string, plan: ColumnPlan, entity: EntityName, cast: 'strict' | 'try'): string {
  const spec = CONTRACT[entity].columns.find((c) => c.name === name)!;
  const src = plan.read.get(name);
  if (!src) return `NULL::${duckType(spec)} AS ${sqlIdent(name)}`;
  const s = sqlIdent(src.source);
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

/** Reads one file into staged_<index> and records its rejected rows and rule problems. */
export async function loadFile(db: Db, index: number, file: InputFile): Promise<LoadedFile> {
  const header = await readHeader(db, file);
  const plan = planColumns(file, header);
  const spec = CONTRACT[file.entity];
  const typed = new Map(
    [...plan.read.entries()].filter(([, r]) => !r.derived).map(([name, r]) => [r.source, spec.columns.find((c) => c.name === name)!]),
  );
  const select = (cast: 'strict' | 'try') => spec.columns.map((c) => selectExpr(c.name, plan, file.entity, cast)).join(', ');
  const t = stagedTable(index);

  if (file.format === 'csv') {
    // Every header column needs a type for the reader; dropped ones are VARCHAR and never selected.
    const typedCases = (f: (c: (typeof spec.columns)[number]) => string) =>
      [...typed.entries()].map(([src, c]) => `WHEN ${sqlString(src)} THEN ${sqlString(f(c))}`).join(' ');
    const contractName = typed.size ? `CASE column_name ${typedCases((c) => c.name)} END` : 'NULL';
    const castReason = typed.size
      ? `CASE column_name ${typedCases((c) => (duckType(c) === 'DATE' ? 'not a date (YYYY-MM-DD)' : 'not a whole number'))} ELSE 'not of the contract type' END`
      : `'not of the contract type'`;
    const columns = plan.header.map((h) => `${sqlString(h)}: ${sqlString(typed.has(h) ? duckType(typed.get(h)!) : 'VARCHAR')}`);
    await db.run(`
      CREATE OR REPLACE TEMP TABLE ${t} AS
      SELECT ${select('strict')} FROM read_csv(${sqlString(file.path)}, header = true, delim = ',', quote = '"', escape = '"',
        columns = {${columns.join(', ')}}, dateformat = '%Y-%m-%d', auto_detect = false,
        store_rejects = true, rejects_table = 'rejects_errors', rejects_scan = 'rejects_scans');
      INSERT INTO load_rejected_lines SELECT DISTINCT ${index}, line FROM rejects_errors;
      INSERT INTO load_problems
        SELECT ${index}, NULL, line, coalesce(${contractName}, column_name, '*'),
          CASE error_type
            WHEN 'CAST' THEN ${castReason}
            WHEN 'TOO MANY COLUMNS' THEN 'more fields than the header'
            WHEN 'MISSING COLUMNS' THEN 'fewer fields than the header'
            WHEN 'UNQUOTED VALUE' THEN 'a quote inside an unquoted field'
            WHEN 'INVALID UNICODE' THEN 'not UTF-8 text'
            WHEN 'LINE SIZE OVER MAXIMUM' THEN 'line too long'
            ELSE lower(error_type) END
        FROM rejects_errors;
      DROP TABLE rejects_errors; DROP TABLE rejects_scans;`);
  } else {
    // Parquet has its own types: cast each contract column, and a value that does not cast is a problem.
    const castChecks = [...typed.entries()]
      .filter(([, c]) => duckType(c) !== 'VARCHAR')
      .map(([src, c]) => `CASE WHEN ${sqlIdent(src)} IS NOT NULL AND TRY_CAST(${sqlIdent(src)} AS ${duckType(c)}) IS NULL
          THEN {'column': ${sqlString(c.name)}, 'reason': ${sqlString(`not a ${duckType(c).toLowerCase()}`)}} END`);
    await db.run(`
      CREATE OR REPLACE TEMP TABLE parquet_raw AS
      SELECT file_row_number, ${select('try')},
        list_filter([${castChecks.join(', ') || 'NULL'}], p -> p IS NOT NULL) AS cast_problems
      FROM read_parquet(${sqlString(file.path)}, file_row_number = true) ORDER BY file_row_number;
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
    -- k: how many accepted rows come before a rejected line
    CREATE OR REPLACE TEMP TABLE load_rejected_k AS
      SELECT r.file_index, r.line - b.base - (row_number() OVER (PARTITION BY r.file_index ORDER BY r.line) - 1) AS k
      FROM load_rejected_lines r JOIN load_bases b USING (file_index);
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
