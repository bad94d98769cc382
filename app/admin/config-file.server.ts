// The deployment's disclosure settings in DATA/peer-outcomes.config.json, the
// file the pipeline reads at its next run (its environment variables win over
// it). The app changes only the three settings an administrator may set here
// and keeps every other key of the file as it was.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { getEnv } from '~/env.server';

export const CONFIG_FILE = 'peer-outcomes.config.json';

export const Settings = z
  .object({
    k: z.coerce.number().int().min(2, 'k must be at least 2.').max(100, 'k must be at most 100.'),
    protectionLevel: z.coerce.number().int().min(1, 'The protection level must be at least 1.').max(1000),
    fiscalYearStartMonth: z.coerce.number().int().min(1).max(12),
  })
  .refine((s) => s.protectionLevel <= 10 * s.k, { message: 'A protection level over ten times k would suppress nearly everything.' });
export type Settings = z.infer<typeof Settings>;

export const DEFAULTS: Settings = { k: 11, protectionLevel: 11, fiscalYearStartMonth: 1 };

function configPath(dataDir: string) {
  return path.join(dataDir, CONFIG_FILE);
}

async function readRaw(dataDir: string): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse(await readFile(configPath(dataDir), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${configPath(dataDir)} cannot be read: ${(e as Error).message}`);
  }
}

/** The settings as the file has them, with the pipeline's defaults for what it lacks. */
export async function readSettings(dataDir = getEnv().PEER_OUTCOMES_DATA): Promise<Settings> {
  const raw = await readRaw(dataDir);
  const k = typeof raw.k === 'number' ? raw.k : DEFAULTS.k;
  return {
    k,
    protectionLevel: typeof raw.protectionLevel === 'number' ? raw.protectionLevel : k,
    fiscalYearStartMonth: typeof raw.fiscalYearStartMonth === 'number' ? raw.fiscalYearStartMonth : DEFAULTS.fiscalYearStartMonth,
  };
}

/** Writes the three settings (to a temporary file, then renamed over the old one). */
export async function writeSettings(settings: Settings, dataDir = getEnv().PEER_OUTCOMES_DATA): Promise<void> {
  const raw = await readRaw(dataDir);
  const next = { ...raw, ...settings };
  const tmp = `${configPath(dataDir)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`);
  await rename(tmp, configPath(dataDir));
}

/** Pipeline environment variables that, when set, win over the file. */
export const OVERRIDES = { k: 'PEER_OUTCOMES_K', protectionLevel: 'PEER_OUTCOMES_PROTECTION_LEVEL', fiscalYearStartMonth: 'PEER_OUTCOMES_FISCAL_YEAR_START' } as const;
