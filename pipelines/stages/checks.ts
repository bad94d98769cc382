// The contract's rules as SQL: one boolean "problem" expression per rule, each
// with the column it concerns and a reason a person can act on. The loader
// evaluates them over typed rows; a row with any problem is quarantined.
//
// Two rules depend on the deployment, not on the contract alone: the dates a
// run accepts (DateBounds) and the raw program and site names it maps to
// display names. prepareContract puts both into the connection (DuckDB
// variables and a temp table) before anything is loaded; without it the
// checks fall back to the contract's own range and no mapping.
import {
  CONTRACT,
  MAX_DATE,
  MIN_DATE,
  MAX_ITEMS,
  NAME_IDENTIFIER_PATTERNS,
  type ColumnSpec,
  type DateBounds,
  type EntityName,
} from '../contract/entities';
import { INSTRUMENTS } from '../contract/instruments';
import { sqlIdent, sqlString, type Db } from '../db/duckdb';

export interface Check {
  column: string;
  /** True when the row breaks the rule; never NULL. */
  problem: string;
  reason: string;
  /** A SQL expression for the reason, where it names a setting's value (a date bound). */
  reasonSql?: string;
}

/** Raw program or site name → the name published for it (settings `displayNames`). */
export interface DisplayNames {
  program?: Record<string, string>;
  site?: Record<string, string>;
}

/**
 * Whole numbers are read as DOUBLE so that 30.5 reaches the whole-number
 * check (a BIGINT reader would round it to 31) and 1e400 the range check.
 */
export function duckType(c: ColumnSpec): 'VARCHAR' | 'DATE' | 'DOUBLE' {
  return c.type.kind === 'date' ? 'DATE' : c.type.kind === 'int' ? 'DOUBLE' : 'VARCHAR';
}

const EARLIEST = `coalesce(getvariable('contract_earliest'), DATE '${MIN_DATE}')`;
const LATEST = `coalesce(getvariable('contract_latest'), DATE '${MAX_DATE}')`;

const namesVariable = (kind: string) => `contract_names_${kind}`;

/**
 * The run's date bounds and display names, as DuckDB variables the checks
 * read (unset, they fall back to the contract's range and no mapping) and a
 * display_name(kind, raw) macro for the de-identify stage.
 */
export async function prepareContract(db: Db, o: { dates: DateBounds; displayNames: DisplayNames }): Promise<void> {
  const maps = (['program', 'site'] as const).map((kind) => {
    const pairs = Object.entries(o.displayNames[kind] ?? {}).map(([raw, shown]) => `${sqlString(raw)}: ${sqlString(shown)}`);
    return `SET VARIABLE ${namesVariable(kind)} = MAP {${pairs.join(', ')}}::MAP(VARCHAR, VARCHAR);`;
  });
  await db.run(`
    SET VARIABLE contract_earliest = DATE '${o.dates.earliest}';
    SET VARIABLE contract_latest = DATE '${o.dates.latest}';
    ${maps.join('\n    ')}
    CREATE OR REPLACE TEMP MACRO display_name(kind, raw) AS
      coalesce(CASE kind WHEN 'program' THEN getvariable('${namesVariable('program')}')[raw]
                         WHEN 'site' THEN getvariable('${namesVariable('site')}')[raw] END, raw);`);
}

function columnChecks(c: ColumnSpec): Check[] {
  const x = sqlIdent(c.name);
  const checks: Check[] = [];
  if (c.required) checks.push({ column: c.name, problem: `${x} IS NULL`, reason: 'required value missing' });
  const t = c.type;
  const present = (cond: string, reason: string) =>
    checks.push({ column: c.name, problem: `(${x} IS NOT NULL AND ${cond})`, reason });
  switch (t.kind) {
    case 'id':
      present(`NOT regexp_full_match(${x}, '[A-Za-z0-9_.:-]{1,64}')`, 'not an id (1–64 of A–Z a–z 0–9 _ . : -)');
      break;
    case 'code':
      present(`(length(${x}) > 80 OR regexp_matches(${x}, '[\\x00-\\x1f\\x7f]'))`, 'not a name (1–80 printable characters)');
      if (c.published) {
        // A mapped raw name is published as its display name, so only unmapped ones are checked.
        const mapped = `coalesce(map_contains(getvariable('${namesVariable(c.name)}'), ${x}), false)`;
        for (const p of NAME_IDENTIFIER_PATTERNS) {
          present(
            `regexp_matches(${x}, ${sqlString(p.pattern)}, 'i') AND NOT ${mapped}`,
            `${c.name} name looks like ${p.looksLike}, which would be published: ` +
              `correct it in the source system, or map it to a display name (displayNames.${c.name} in the settings)`,
          );
        }
      }
      break;
    case 'date':
      checks.push({
        column: c.name,
        problem: `(${x} IS NOT NULL AND ${x} < ${EARLIEST})`,
        reason: 'before the earliest date accepted',
        reasonSql: `'before ' || ${EARLIEST}::VARCHAR || ', the earliest date accepted (settings: earliestDate)'`,
      });
      checks.push({
        column: c.name,
        problem: `(${x} IS NOT NULL AND ${x} > ${LATEST})`,
        reason: 'after the extract date',
        reasonSql: `'after ' || ${LATEST}::VARCHAR || ', the extract date (the day of the run, or settings: latestDate)'`,
      });
      break;
    case 'int':
      // One rule for every whole-number column, in CSV and Parquet alike: 30.5 is not 31.
      present(`NOT isfinite(${x})`, 'not a finite number');
      present(`isfinite(${x}) AND ${x} <> trunc(${x})`, 'not a whole number');
      present(`isfinite(${x}) AND ${x} NOT BETWEEN ${t.min} AND ${t.max}`, `outside ${t.min}..${t.max}`);
      break;
    case 'enum':
      present(`${x} NOT IN (${t.values.map(sqlString).join(', ')})`, `not one of: ${t.values.join(', ')}`);
      break;
  }
  return checks;
}

/** An unknown instrument is the column's enumeration check; these are the answers' scales. */
function surveyChecks(): Check[] {
  const checks: Check[] = [];
  for (let n = 1; n <= MAX_ITEMS; n++) {
    const item = `item_${n}`;
    // An answer must lie on the instrument's scale; items beyond its length must be blank.
    const cases = INSTRUMENTS.map((i) =>
      n <= i.items
        ? `WHEN ${sqlString(i.id)} THEN ${item} NOT BETWEEN ${i.scaleMin} AND ${i.scaleMax}`
        : `WHEN ${sqlString(i.id)} THEN true`,
    ).join(' ');
    checks.push({
      column: item,
      problem: `(${item} IS NOT NULL AND coalesce(CASE instrument ${cases} END, false))`,
      reason: `answer off the instrument's scale, or an item the instrument does not have`,
    });
  }
  return checks;
}

/** Every single-row rule of an entity: column types and ranges, then cross-column rules. */
export function rowChecks(entity: EntityName): Check[] {
  const spec = CONTRACT[entity];
  const checks = spec.columns.flatMap(columnChecks);
  for (const r of spec.rowRules) {
    checks.push({ column: r.column, problem: `NOT coalesce(${r.sql}, true)`, reason: r.reason });
  }
  if (entity === 'survey_responses') checks.push(...surveyChecks());
  return checks;
}

/** A SQL list of {column, reason} structs for the rules a row breaks (empty when none). */
export function problemsExpr(checks: Check[]): string {
  const items = checks.map(
    (c) => `CASE WHEN ${c.problem} THEN {'column': ${sqlString(c.column)}, 'reason': ${c.reasonSql ?? sqlString(c.reason)}} END`,
  );
  return `list_filter([${items.join(',\n    ')}], p -> p IS NOT NULL)`;
}

export function anyProblemExpr(checks: Check[]): string {
  return checks.map((c) => `coalesce(${c.problem}, true)`).join('\n    OR ');
}
