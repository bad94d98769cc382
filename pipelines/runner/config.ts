// Pipeline configuration, validated once at the boundary. Environment wins
// over the optional settings file (DATA/peer-outcomes.config.json), which wins
// over the defaults. The file's schema and the shared variables (the demo
// flag, the overrides) are the release settings module's, which the web app's
// configuration page reads too (decision 0011).
import { z } from 'zod';
import { identifierInName, MIN_DATE, type DateBounds } from '../contract/entities';
import { DEFAULT_INSTRUMENTS, type InstrumentChoice } from '../contract/instruments';
import type { DisplayNames } from '../stages/checks';
import { describeIssues, emptyAsUnset, envSettings, readSettingsFile, releaseSettings, SettingsError, SHARED_ENV, type SettingsFile } from '../release/settings';

/**
 * Audits pruning may spend after the loop passed. Run to its end, pruning
 * releases 237 secondary cells on the demo instead of 95, but takes 18 audits
 * instead of 5, and each failed batch is an expensive audit (the first audit
 * of a run still costs tens of seconds: docs/BENCHMARKS.md, "Audit by
 * witnesses"), so the default stays a budget until audits are cheap enough
 * for a new user's first `npm run demo`. Deployments set more, or 1000.
 */
export const DEFAULT_PRUNE_AUDITS = 3;

/** Used only when PEER_OUTCOMES_DEMO=1: demo ids must link across demo runs too. */
export const DEMO_SECRET = 'peer-outcomes-demo-secret-not-for-real-data';

const Env = z.object({
  ...SHARED_ENV,
  PEER_OUTCOMES_SECRET: z.preprocess(emptyAsUnset, z.string().optional()),
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
  /** Keep each release without publishing it (decision 0014). */
  holdReleases: boolean;
  /** Never-published releases whose cells file is kept (Infinity: all). */
  keepUnpublishedReleases: number;
  /** Dates a run accepts: earliestDate..latestDate (the extract date, default today UTC). */
  dates: DateBounds;
  /** Raw program and site names → published names. */
  displayNames: DisplayNames;
}

/** A configuration the pipeline cannot run with: a bad settings file or variable, or no secret. */
export class ConfigError extends Error {}

export function loadConfig(dataDir: string, env: Record<string, string | undefined> = process.env): PipelineConfig {
  const e = Env.safeParse(env);
  if (!e.success) throw new ConfigError(`bad environment: ${describeIssues(e.error)}`);
  let file: SettingsFile;
  try {
    file = readSettingsFile(dataDir);
  } catch (err) {
    if (err instanceof SettingsError) throw new ConfigError(err.message);
    throw err;
  }
  const demo = e.data.PEER_OUTCOMES_DEMO;
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
  const over = envSettings(e.data);
  const dates = { earliest: file.earliestDate ?? MIN_DATE, latest: file.latestDate ?? new Date().toISOString().slice(0, 10) };
  if (dates.earliest > dates.latest) {
    throw new ConfigError(`earliestDate ${dates.earliest} is after the extract date ${dates.latest} (today, or latestDate): every date would be quarantined.`);
  }
  const displayNames = file.displayNames ?? {};
  for (const [kind, map] of Object.entries(displayNames)) {
    for (const [raw, shown] of Object.entries(map ?? {})) {
      const looksLike = identifierInName(shown);
      // Name the raw entry by position only: the raw name may itself be the identifier.
      if (looksLike) throw new ConfigError(`displayNames.${kind}: display name #${Object.keys(map!).indexOf(raw) + 1} looks like ${looksLike}; choose a plain name.`);
    }
  }
  return {
    secret,
    demo,
    ...releaseSettings(file, over),
    memoryLimit: over.memoryLimit ?? file.memoryLimit ?? '3GB',
    threads: over.threads ?? file.threads ?? 2,
    pruneAudits: over.pruneAudits ?? file.pruneAudits ?? DEFAULT_PRUNE_AUDITS,
    instruments: { ...DEFAULT_INSTRUMENTS, ...file.instruments },
    holdReleases: file.holdReleases ?? false,
    keepUnpublishedReleases: file.keepUnpublishedReleases ?? Infinity,
    dates,
    displayNames,
  };
}
