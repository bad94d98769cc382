// The contract's rules as SQL: one boolean "problem" expression per rule, each
// with the column it concerns and a reason a person can act on. The loader
// evaluates them over typed rows; a row with any problem is quarantined.
import { CONTRACT, MAX_DATE, MIN_DATE, MAX_ITEMS, type ColumnSpec, type EntityName } from '../contract/entities';
import { INSTRUMENTS } from '../contract/instruments';
import { sqlIdent, sqlString } from '../db/duckdb';

export interface Check {
  column: string;
  /** True when the row breaks the rule; never NULL. */
  problem: string;
  reason: string;
}

export function duckType(c: ColumnSpec): 'VARCHAR' | 'DATE' | 'BIGINT' {
  return c.type.kind === 'date' ? 'DATE' : c.type.kind === 'int' ? 'BIGINT' : 'VARCHAR';
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
      break;
    case 'date':
      present(`${x} NOT BETWEEN DATE '${MIN_DATE}' AND DATE '${MAX_DATE}'`, `date outside ${MIN_DATE}..${MAX_DATE}`);
      break;
    case 'int':
      present(`${x} NOT BETWEEN ${t.min} AND ${t.max}`, `outside ${t.min}..${t.max}`);
      break;
    case 'enum':
      present(`${x} NOT IN (${t.values.map(sqlString).join(', ')})`, `not one of: ${t.values.join(', ')}`);
      break;
  }
  return checks;
}

function surveyChecks(): Check[] {
  const known = INSTRUMENTS.map((i) => sqlString(i.id)).join(', ');
  const checks: Check[] = [
    {
      column: 'instrument',
      problem: `(instrument IS NOT NULL AND instrument NOT IN (${known}))`,
      reason: `unknown instrument (the registry has: ${INSTRUMENTS.map((i) => i.id).join(', ')})`,
    },
  ];
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
    (c) => `CASE WHEN ${c.problem} THEN {'column': ${sqlString(c.column)}, 'reason': ${sqlString(c.reason)}} END`,
  );
  return `list_filter([${items.join(',\n    ')}], p -> p IS NOT NULL)`;
}

export function anyProblemExpr(checks: Check[]): string {
  return checks.map((c) => `coalesce(${c.problem}, true)`).join('\n    OR ');
}
