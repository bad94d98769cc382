// The deployment's disclosure settings in DATA/peer-outcomes.config.json, the
// file the pipeline reads at its next run (its environment variables win over
// it). Read and checked with the pipeline's own schema (pipelines/release/
// settings.ts, decision 0011), so the page shows what the pipeline will use and
// refuses what the pipeline would refuse. The app changes only the three
// settings an administrator may set here and keeps every other key as it was.
import { rename, writeFile } from 'node:fs/promises';
import { getEnv } from '~/env.server';
import {
  checkSettings,
  ENV_OVERRIDES,
  readSettingsFile,
  readSettingsJson,
  releaseSettings,
  ReleaseSettings,
  settingsPath,
  SettingsError,
} from '../../pipelines/release/settings';

// The form's schema (the three settings from text fields) and the error a bad file raises, for the route.
export { ReleaseSettings, SettingsError };

/** The pipeline's defaults of the three settings (a file without them). */
export const DEFAULTS: ReleaseSettings = releaseSettings({});

/** The three settings as the file has them, with the pipeline's defaults for what it lacks; throws SettingsError naming each bad key. */
export function readSettings(dataDir = getEnv().PEER_OUTCOMES_DATA): ReleaseSettings {
  return releaseSettings(readSettingsFile(dataDir));
}

/**
 * Writes the three settings over the file's (to a temporary file, then renamed
 * over the old one). The whole file is checked first, so a save cannot leave
 * a file the pipeline refuses; one the pipeline already refuses is mended when
 * the three were its fault, and otherwise refused with the key at fault.
 */
export async function writeSettings(settings: ReleaseSettings, dataDir = getEnv().PEER_OUTCOMES_DATA): Promise<void> {
  const next = checkSettings({ ...readSettingsJson(dataDir), ...settings }, settingsPath(dataDir));
  const tmp = `${settingsPath(dataDir)}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`);
  await rename(tmp, settingsPath(dataDir));
}

/** Pipeline environment variables that, when set, win over the file's three settings. */
export const OVERRIDES = { k: ENV_OVERRIDES.k, protectionLevel: ENV_OVERRIDES.protectionLevel, fiscalYearStartMonth: ENV_OVERRIDES.fiscalYearStartMonth } as const;
