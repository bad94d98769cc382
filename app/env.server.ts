import { z } from 'zod';

// The server's environment, validated once. An empty variable counts as unset.
const emptyAsUnset = (v: unknown) => (v === '' ? undefined : v);

const EnvSchema = z.object({
  PEER_OUTCOMES_DATA: z.preprocess(emptyAsUnset, z.string().default('data/demo')),
  NODE_ENV: z.preprocess(
    emptyAsUnset,
    z.enum(['development', 'production', 'test']).default('development'),
  ),
});

export type Env = z.infer<typeof EnvSchema>;

/** Validates an environment record; throws one readable error listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`)
      .join('; ');
    throw new Error(`Invalid server environment: ${problems}`);
  }
  return result.data;
}

let cached: Env | undefined;

/** The process environment, read and validated on first use, then kept. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
