// zod row schemas for the contract, derived from the column specs in
// entities.ts. They describe one row as it appears in an extract (all strings,
// blank = missing) and parse it to typed values. The loader checks the same
// rules in SQL for speed; tests/contract.test.ts holds the two to one answer.
import { z } from 'zod';
import { CONTRACT, CONTRACT_DATE_RANGE, identifierInName, type ColumnSpec, type DateBounds, type EntityName } from './entities';

const ID_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const CODE_RE = /^[^\u0000-\u001f\u007f]{1,80}$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** A decimal number as the loader's reader takes it: 30, 30.0, -1.5e3, inf, nan. */
const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;

function isRealDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function valueSchema(spec: ColumnSpec, dates: DateBounds): z.ZodType<string | number> {
  const t = spec.type;
  switch (t.kind) {
    case 'id':
      return z.string().regex(ID_RE, 'not an id (1–64 of A–Z a–z 0–9 _ . : -)');
    case 'code': {
      const name = z.string().regex(CODE_RE, 'not a name (1–80 printable characters)');
      if (!spec.published) return name;
      return name.superRefine((v, ctx) => {
        const looksLike = identifierInName(v);
        if (looksLike) ctx.addIssue({ code: 'custom', message: `${spec.name} name looks like ${looksLike}` });
      });
    }
    case 'date':
      return z
        .string()
        .refine(isRealDate, 'not a date (YYYY-MM-DD)')
        .refine((v) => v >= dates.earliest, `before ${dates.earliest}, the earliest date accepted`)
        .refine((v) => v <= dates.latest, `after ${dates.latest}, the extract date`);
    case 'int':
      // One rule for whole numbers: 30 and 30.0 are, 30.5 is not (never rounded to 31).
      return z
        .string()
        .regex(NUMBER_RE, 'not a whole number')
        .transform(Number)
        .pipe(
          z
            .number()
            .refine(Number.isFinite, 'not a finite number')
            .refine(Number.isInteger, 'not a whole number')
            .refine((v) => v >= t.min && v <= t.max, `outside ${t.min}..${t.max}`),
        );
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

/** A row of an extract; `dates`: the run's bounds (default the contract's whole range). */
export function rowSchema(entity: EntityName, dates: DateBounds = CONTRACT_DATE_RANGE) {
  const shape: Record<string, z.ZodType> = {};
  for (const c of CONTRACT[entity].columns) {
    const v = valueSchema(c, dates);
    shape[c.name] = z.preprocess((x) => normalise(c, x), c.required ? v : v.optional());
  }
  return z.object(shape);
}

export const ROW_SCHEMAS = Object.fromEntries(
  (Object.keys(CONTRACT) as EntityName[]).map((e) => [e, rowSchema(e)]),
) as Record<EntityName, ReturnType<typeof rowSchema>>;
