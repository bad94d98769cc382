// The deployment's settings: DATA/peer-outcomes.config.json and the
// environment variables that the pipeline and the web app both read. One zod
// schema of the file and one of those variables, so the pipeline
// (runner/config.ts) and the administrator's configuration page
// (app/admin/config-file.server.ts) read the same file the same way, and
// `PEER_OUTCOMES_DEMO=yes` means the same to both (decision 0011).
//
// The second module app/ may import from pipelines/ (tests/app/boundary.test.ts):
// it imports zod and Node's file reading only, and only app's *.server.ts
// modules import it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const SETTINGS_FILE = 'peer-outcomes.config.json';

/** A settings file or variable that cannot be used; the message names the file and each bad key. */
export class SettingsError extends Error {}

const whole = (min: number, max: number, what: string) => {
  const error = `must be ${what}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const isoDate = z
  .string({ error: 'must be a date YYYY-MM-DD between 2000-01-01 and 2099-12-31' })
  .regex(/^(20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/, { error: 'must be a date YYYY-MM-DD between 2000-01-01 and 2099-12-31' })
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { error: 'must be a date that exists' });
const displayNameMap = z.record(
  z.string().trim().min(1, { error: 'a raw name must not be blank' }),
  z.string({ error: 'must map each raw name to a display name' }).regex(/^[^\u0000-\u001f\u007f]{1,80}$/, { error: 'a display name is 1–80 printable characters' }),
);

/** Each setting's rule, the same in the file, in its environment variable and in the configuration form. */
export const SETTING_FIELDS = {
  /** The disclosure threshold (people). */
  k: whole(2, 100, 'a whole number of people from 2 to 100'),
  /** How wide (in people) an attacker's interval for a suppressed count must stay; default k. */
  protectionLevel: whole(1, 1000, 'a whole number of people from 1 to 1000'),
  fiscalYearStartMonth: whole(1, 12, 'a month number from 1 (January) to 12 (December)'),
  memoryLimit: z.string({ error: 'must be a size such as "3GB" or "512MB"' }).regex(/^\d+(\.\d+)?\s*(MB|GB|MiB|GiB)$/, { error: 'must be a size such as "3GB" or "512MB"' }),
  threads: whole(1, 64, 'a whole number from 1 to 64'),
  /** Audits spent releasing secondary cells the audit finds unneeded (0: none). */
  pruneAudits: whole(0, 1000, 'a whole number from 0 to 1000'),
  /** The instrument behind each construct's scores (ids of pipelines/contract/instruments.ts). */
  instruments: z
    .strictObject({ satisfaction: z.string(), trust: z.string(), recovery: z.string() }, { error: 'must be an object with satisfaction, trust and recovery instrument ids' })
    .partial(),
  /**
   * Releases that were never published (held, then passed over) whose cells
   * file is kept, newest first; older ones keep only their record. A published
   * release always keeps its cells: whoever saw it may still hold it, and the
   * audit of every later release plays that attacker (decision 0014).
   */
  keepUnpublishedReleases: whole(1, 100_000, 'a whole number of releases from 1 to 100000'),
  /** The pipeline keeps each release it builds without publishing it; `npm run release:publish` publishes one. */
  holdReleases: z.boolean({ error: 'must be true or false' }),
  /** Dates before this are quarantined: when the programs started (default 2000-01-01). */
  earliestDate: isoDate,
  /** The extract date: later dates are quarantined (default the day of the run, UTC). */
  latestDate: isoDate,
  /**
   * Raw program and site names as extracts spell them → the names published
   * for them; a raw name that looks like a direct identifier loads only
   * through this map (decision 0015).
   */
  displayNames: z
    .strictObject(
      { program: displayNameMap, site: displayNameMap },
      { error: 'must be an object with program and site maps, each {"raw name": "display name"}' },
    )
    .partial(),
} as const;

export const DEFAULT_K = 11;
export const DEFAULT_FISCAL_YEAR_START_MONTH = 1;

/** More would suppress nearly everything: a protection level is about k, rarely a few times it. */
const MAX_PROTECTION_PER_K = 10;
const protectionProblem = (k: number, protectionLevel: number) =>
  protectionLevel > MAX_PROTECTION_PER_K * k ? `must be at most ${MAX_PROTECTION_PER_K} times k (${MAX_PROTECTION_PER_K * k}): more would suppress nearly everything` : null;

/** DATA/peer-outcomes.config.json: every key optional, no other key. */
export const SettingsFile = z
  .strictObject({
    k: SETTING_FIELDS.k.optional(),
    protectionLevel: SETTING_FIELDS.protectionLevel.optional(),
    fiscalYearStartMonth: SETTING_FIELDS.fiscalYearStartMonth.optional(),
    memoryLimit: SETTING_FIELDS.memoryLimit.optional(),
    threads: SETTING_FIELDS.threads.optional(),
    pruneAudits: SETTING_FIELDS.pruneAudits.optional(),
    instruments: SETTING_FIELDS.instruments.optional(),
    keepUnpublishedReleases: SETTING_FIELDS.keepUnpublishedReleases.optional(),
    holdReleases: SETTING_FIELDS.holdReleases.optional(),
    earliestDate: SETTING_FIELDS.earliestDate.optional(),
    latestDate: SETTING_FIELDS.latestDate.optional(),
    displayNames: SETTING_FIELDS.displayNames.optional(),
  })
  .superRefine((s, ctx) => {
    const problem = s.protectionLevel === undefined ? null : protectionProblem(s.k ?? DEFAULT_K, s.protectionLevel);
    if (problem) ctx.addIssue({ code: 'custom', path: ['protectionLevel'], message: problem });
    if (s.earliestDate && s.latestDate && s.earliestDate > s.latestDate) {
      ctx.addIssue({ code: 'custom', path: ['latestDate'], message: `must not be before earliestDate (${s.earliestDate})` });
    }
  });
export type SettingsFile = z.infer<typeof SettingsFile>;

/** The three settings that shape a release (and that the configuration page edits), from text fields. */
const fromText = (v: unknown) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v)) : v);
export const ReleaseSettings = z
  .object({
    k: z.preprocess(fromText, SETTING_FIELDS.k),
    protectionLevel: z.preprocess(fromText, SETTING_FIELDS.protectionLevel),
    fiscalYearStartMonth: z.preprocess(fromText, SETTING_FIELDS.fiscalYearStartMonth),
  })
  .superRefine((s, ctx) => {
    const problem = protectionProblem(s.k, s.protectionLevel);
    if (problem) ctx.addIssue({ code: 'custom', path: ['protectionLevel'], message: problem });
  });
export type ReleaseSettings = z.infer<typeof ReleaseSettings>;

/** The environment variable that overrides each file key: where it is set, it wins over the file. */
export const ENV_OVERRIDES = {
  k: 'PEER_OUTCOMES_K',
  protectionLevel: 'PEER_OUTCOMES_PROTECTION_LEVEL',
  fiscalYearStartMonth: 'PEER_OUTCOMES_FISCAL_YEAR_START',
  memoryLimit: 'PEER_OUTCOMES_MEMORY_LIMIT',
  threads: 'PEER_OUTCOMES_THREADS',
  pruneAudits: 'PEER_OUTCOMES_PRUNE_AUDITS',
} as const satisfies Partial<Record<keyof typeof SETTING_FIELDS, string>>;

/** An empty (or blank) variable counts as unset, everywhere. */
export const emptyAsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const FLAG: Record<string, boolean> = { '1': true, true: true, yes: true, '0': false, false: false, no: false };

/** A yes/no variable: 1, true or yes turn it on; 0, false or no (or unset) leave it off; any case; anything else is refused. */
export const envFlag = z.preprocess(
  emptyAsUnset,
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return false;
      const on = FLAG[v.trim().toLowerCase()];
      if (on !== undefined) return on;
      ctx.addIssue({ code: 'custom', message: `must be 1, true or yes (on), or 0, false or no (off); it is ${JSON.stringify(v)}` });
      return z.NEVER;
    }),
);

/**
 * The variables the pipeline and the web app share: the demo flag and the
 * overrides of the file's keys, each with the file key's rule. Each side's
 * environment schema spreads this shape into its own.
 */
export const SHARED_ENV = {
  /** Demo mode: the pipeline may use the public demo secret; the server, the development session secret and demo accounts. */
  PEER_OUTCOMES_DEMO: envFlag,
  PEER_OUTCOMES_K: z.preprocess(fromText, SETTING_FIELDS.k.optional()),
  PEER_OUTCOMES_PROTECTION_LEVEL: z.preprocess(fromText, SETTING_FIELDS.protectionLevel.optional()),
  PEER_OUTCOMES_FISCAL_YEAR_START: z.preprocess(fromText, SETTING_FIELDS.fiscalYearStartMonth.optional()),
  PEER_OUTCOMES_MEMORY_LIMIT: z.preprocess(emptyAsUnset, SETTING_FIELDS.memoryLimit.optional()),
  PEER_OUTCOMES_THREADS: z.preprocess(fromText, SETTING_FIELDS.threads.optional()),
  PEER_OUTCOMES_PRUNE_AUDITS: z.preprocess(fromText, SETTING_FIELDS.pruneAudits.optional()),
};
export type SharedEnv = z.infer<z.ZodObject<typeof SHARED_ENV>>;

/** Every problem of a failed parse, one `key: message` each, `; `-joined: the same words on both sides. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.join('.');
      const message = issue.code === 'unrecognized_keys' ? `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
      return key ? `${key}: ${message}` : message;
    })
    .join('; ');
}

export const settingsPath = (dataDir: string) => join(dataDir, SETTINGS_FILE);

/** The file's JSON object as written, unchecked; null when there is no file. */
export function readSettingsJson(dataDir: string): Record<string, unknown> | null {
  const path = settingsPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SettingsError(`${path} cannot be read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SettingsError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SettingsError(`${path} must hold one JSON object of settings`);
  return raw as Record<string, unknown>;
}

/** Settings checked against the file's schema; `where` names the file in the error. */
export function checkSettings(raw: unknown, where: string): SettingsFile {
  const parsed = SettingsFile.safeParse(raw);
  if (!parsed.success) throw new SettingsError(`${where}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** DATA/peer-outcomes.config.json, checked; {} when there is none. */
export function readSettingsFile(dataDir: string): SettingsFile {
  return checkSettings(readSettingsJson(dataDir) ?? {}, settingsPath(dataDir));
}

/** The file's keys as the environment sets them (only those it sets). */
export function envSettings(env: SharedEnv): SettingsFile {
  const out: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV_OVERRIDES)) if (env[name] !== undefined) out[key] = env[name];
  return out as SettingsFile; // each value passed its key's rule in SHARED_ENV
}

/** k, the protection level and the fiscal year start: the environment's, else the file's, else the defaults (protection level: k). */
export function releaseSettings(file: SettingsFile, env: SettingsFile = {}): ReleaseSettings {
  const k = env.k ?? file.k ?? DEFAULT_K;
  return {
    k,
    protectionLevel: env.protectionLevel ?? file.protectionLevel ?? k,
    fiscalYearStartMonth: env.fiscalYearStartMonth ?? file.fiscalYearStartMonth ?? DEFAULT_FISCAL_YEAR_START_MONTH,
  };
}
