// Pipeline configuration, validated once at the boundary. Environment wins
// over the optional config file (DATA/peer-outcomes.config.json), which wins
// over the defaults.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_INSTRUMENTS, type InstrumentChoice } from '../contract/instruments';

/**
 * Audits pruning may spend after the loop passed: by default no limit, pruning
 * runs until no secondary cell is left to offer (each audit after the first
 * solves only the components a batch changed: disclosure/audit/memory.ts).
 */
export const DEFAULT_PRUNE_AUDITS = Number.POSITIVE_INFINITY;

/** Used only when PEER_OUTCOMES_DEMO=1: demo ids must link across demo runs too. */
export const DEMO_SECRET = 'peer-outcomes-demo-secret-not-for-real-data';

const FileConfig = z
  .object({
    k: z.number().int().min(2).max(100).optional(),
    protectionLevel: z.number().int().min(1).max(1000).optional(),
    fiscalYearStartMonth: z.number().int().min(1).max(12).optional(),
    memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/).optional(),
    threads: z.number().int().min(1).max(64).optional(),
    pruneAudits: z.number().int().min(0).max(1000).optional(),
    instruments: z
      .object({ satisfaction: z.string(), trust: z.string(), recovery: z.string() })
      .partial()
      .optional(),
  })
  .strict();

const Env = z.object({
  PEER_OUTCOMES_SECRET: z.string().optional(),
  PEER_OUTCOMES_DEMO: z.enum(['0', '1', 'true', 'false']).optional(),
  PEER_OUTCOMES_K: z.coerce.number().int().min(2).max(100).optional(),
  PEER_OUTCOMES_PROTECTION_LEVEL: z.coerce.number().int().min(1).max(1000).optional(),
  PEER_OUTCOMES_FISCAL_YEAR_START: z.coerce.number().int().min(1).max(12).optional(),
  PEER_OUTCOMES_MEMORY_LIMIT: z.string().optional(),
  PEER_OUTCOMES_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  PEER_OUTCOMES_PRUNE_AUDITS: z.coerce.number().int().min(0).max(1000).optional(),
});

export interface PipelineConfig {
  secret: string;
  demo: boolean;
  k: number;
  /** How wide (in people) an attacker's interval for a suppressed count must stay; default k. */
  protectionLevel: number;
  fiscalYearStartMonth: number;
  memoryLimit: string;
  threads: number;
  /** Audits spent releasing secondary cells the audit finds unneeded (0: none); each costs one audit's time. */
  pruneAudits: number;
  instruments: InstrumentChoice;
}

export class ConfigError extends Error {}

export function loadConfig(dataDir: string, env: NodeJS.ProcessEnv = process.env): PipelineConfig {
  const e = Env.safeParse(env);
  if (!e.success) throw new ConfigError(`bad environment: ${z.prettifyError(e.error)}`);
  const path = join(dataDir, 'peer-outcomes.config.json');
  let file: z.infer<typeof FileConfig> = {};
  if (existsSync(path)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new ConfigError(`${path} is not valid JSON: ${(err as Error).message}`);
    }
    const f = FileConfig.safeParse(raw);
    if (!f.success) throw new ConfigError(`${path}: ${z.prettifyError(f.error)}`);
    file = f.data;
  }
  const demo = e.data.PEER_OUTCOMES_DEMO === '1' || e.data.PEER_OUTCOMES_DEMO === 'true';
  const secret = e.data.PEER_OUTCOMES_SECRET ?? (demo ? DEMO_SECRET : undefined);
  if (!secret) {
    throw new ConfigError(
      'PEER_OUTCOMES_SECRET is not set. It is the key that pseudonymises participant and staff ids; ' +
        'set it to a long random value kept outside the repository (e.g. `openssl rand -hex 32`), and keep it: ' +
        'a different key breaks the link with earlier extracts. For demo data only, set PEER_OUTCOMES_DEMO=1.',
    );
  }
  if (!demo && secret === DEMO_SECRET) throw new ConfigError('PEER_OUTCOMES_SECRET is the public demo secret; use your own.');
  if (!demo && secret.length < 32) throw new ConfigError('PEER_OUTCOMES_SECRET must be at least 32 characters.');
  const k = e.data.PEER_OUTCOMES_K ?? file.k ?? 11;
  return {
    secret,
    demo,
    k,
    protectionLevel: e.data.PEER_OUTCOMES_PROTECTION_LEVEL ?? file.protectionLevel ?? k,
    fiscalYearStartMonth: e.data.PEER_OUTCOMES_FISCAL_YEAR_START ?? file.fiscalYearStartMonth ?? 1,
    memoryLimit: e.data.PEER_OUTCOMES_MEMORY_LIMIT ?? file.memoryLimit ?? '3GB',
    threads: e.data.PEER_OUTCOMES_THREADS ?? file.threads ?? 2,
    pruneAudits: e.data.PEER_OUTCOMES_PRUNE_AUDITS ?? file.pruneAudits ?? DEFAULT_PRUNE_AUDITS,
    instruments: { ...DEFAULT_INSTRUMENTS, ...file.instruments },
  };
}
