// zod row schemas for the contract, derived from the column specs in
// entities.ts. They describe one row as it appears in an extract (all strings,
// blank = missing) and parse it to typed values. The loader checks the same
// rules in SQL for speed; tests/contract.test.ts holds the two to one answer.
import { z } from 'zod';
import { CONTRACT, MAX_DATE, MIN_DATE, type ColumnSpec, type EntityName } from './entities';

const ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const CODE_RE = /^[^\u0000-\u001f\u007f]{1,80}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && s >= MIN_DATE && s <= MAX_DATE;
}

function valueSchema(spec: ColumnSpec): z.ZodType<string | number> {
  const t = spec.type;
  switch (t.kind) {
    case 'id':
      return z.string().regex(ID_RE, 'not an id (1–64 of A–Z a–z 0–9 _ . : -)');
    case 'code':
      return z.string().regex(CODE_RE, 'not a name (1–80 printable characters)');
    case 'date':
      return z.string().refine(isRealDate, `not a date YYYY-MM-DD between ${MIN_DATE} and ${MAX_DATE}`);
    case 'int':
      return z
        .string()
        .regex(/^-?\d+$/, 'not a whole number')
        .transform(Number)
        .pipe(z.number().int().min(t.min).max(t.max));
    case 'enum':
      return z.enum(t.values as [string, ...string[]]);
  }
}

/** As the loader does: values are trimmed, enumerated ones lower-cased, and blank is missing. */
function normalise(c: ColumnSpec, x: unknown): unknown {
  if (typeof x !== 'string') return x;
  const t = x.trim();
  if (t === '') return undefined;
  return c.type.kind === 'enum' ? t.toLowerCase() : t;
}

export function rowSchema(entity: EntityName) {
  const shape: Record<string, z.ZodType> = {};
  for (const c of CONTRACT[entity].columns) {
    const v = valueSchema(c);
    shape[c.name] = z.preprocess((x) => normalise(c, x), c.required ? v : v.optional());
  }
  return z.object(shape);
}

export const ROW_SCHEMAS = Object.fromEntries(
  (Object.keys(CONTRACT) as EntityName[]).map((e) => [e, rowSchema(e)]),
) as Record<EntityName, ReturnType<typeof rowSchema>>;
