import { z } from 'zod';
import { describeIssues, emptyAsUnset, SHARED_ENV } from '../pipelines/release/settings';

// The server's environment, validated once. An empty variable counts as unset.
// The variables the pipeline reads too (the demo flag, the settings' overrides)
// have the pipeline's rules (SHARED_ENV, decision 0011): `PEER_OUTCOMES_DEMO=true`
// means demo mode to both, and a value either would refuse stops both.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());
const minutes = (fallback: number) => z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(100_000).default(fallback));

// Signs the session cookie. Development and the demo get a fixed, public value;
// anywhere else an unset secret stops the server at start.
const DEV_SESSION_SECRET = 'peer-outcomes-development-only-session-secret';

const EnvSchema = z
  .object({
    PEER_OUTCOMES_DATA: z.preprocess(emptyAsUnset, z.string().default('data/demo')),
    /** The app store (users, sessions, audit trail); default app.duckdb in the data folder. */
    PEER_OUTCOMES_APP_STORE: optional(z.string()),
    NODE_ENV: z.preprocess(emptyAsUnset, z.enum(['development', 'production', 'test']).default('development')),
    ...SHARED_ENV,
    SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters')),
    /** A session ends after this many minutes without a request… */
    PEER_OUTCOMES_SESSION_IDLE_MINUTES: minutes(30),
    /** …and this many minutes after sign-in, whatever happens. */
    PEER_OUTCOMES_SESSION_MAX_MINUTES: minutes(12 * 60),
    /** The Chromium that renders report PDFs; without one, reports print from the browser only. */
    PEER_OUTCOMES_CHROMIUM: z.preprocess(emptyAsUnset, z.string().default('/usr/bin/chromium')),
  })
  .transform((env, ctx) => {
    const secret = env.SESSION_SECRET ?? (env.NODE_ENV !== 'production' || env.PEER_OUTCOMES_DEMO ? DEV_SESSION_SECRET : undefined);
    if (!secret) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production (at least 32 random characters)' });
      return z.NEVER;
    }
    return { ...env, SESSION_SECRET: secret };
  });

export type Env = z.infer<typeof EnvSchema>;

/** Validates an environment record; throws one readable error listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new Error(`Invalid server environment: ${describeIssues(result.error)}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, read and validated on first use, then kept. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
