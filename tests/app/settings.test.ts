// One settings schema: the pipeline (runner/config.ts) and the administrator's
// configuration page (app/admin/config-file.server.ts) read the same
// DATA/peer-outcomes.config.json the same way, refuse the same files with the
// same words (naming the key at fault), and the pipeline and the server read
// PEER_OUTCOMES_DEMO and the settings' overrides alike (decision 0011).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSettings, ReleaseSettings, SettingsError, writeSettings } from '~/admin/config-file.server';
import { parseEnv } from '~/env.server';
import { ConfigError, loadConfig } from '../../pipelines/runner/config';
import { SETTINGS_FILE } from '../../pipelines/release/settings';
import { makeTempDir } from '../helpers/release-fixture';

const { dir: root, cleanup } = makeTempDir('peer-outcomes-settings-');
afterAll(cleanup);

let n = 0;
/** A data folder holding `content` as its settings file (none when undefined). */
function dataDir(content?: unknown): string {
  const dir = path.join(root, `d${n++}`);
  mkdirSync(dir, { recursive: true });
  if (content !== undefined) writeFileSync(path.join(dir, SETTINGS_FILE), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

const DEMO = { PEER_OUTCOMES_DEMO: '1' };
const pipelineReads = (dir: string, env: Record<string, string> = DEMO) => {
  const c = loadConfig(dir, env);
  return { k: c.k, protectionLevel: c.protectionLevel, fiscalYearStartMonth: c.fiscalYearStartMonth };
};
/** The error each side raises for a data folder: the same words, or a difference the test shows. */
function refusals(dir: string): { pipeline: string; app: string } {
  const message = (f: () => unknown, type: new (...a: never[]) => Error) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(type);
      return (e as Error).message;
    }
    throw new Error('accepted');
  };
  return { pipeline: message(() => loadConfig(dir, DEMO), ConfigError), app: message(() => readSettings(dir), SettingsError) };
}

describe('the settings file, read by the pipeline and by the configuration page', () => {
  it.each([
    ['no file', undefined, { k: 11, protectionLevel: 11, fiscalYearStartMonth: 1 }],
    ['an empty object', {}, { k: 11, protectionLevel: 11, fiscalYearStartMonth: 1 }],
    ['k alone (the protection level follows it)', { k: 15 }, { k: 15, protectionLevel: 15, fiscalYearStartMonth: 1 }],
    ['all three', { k: 13, protectionLevel: 20, fiscalYearStartMonth: 7 }, { k: 13, protectionLevel: 20, fiscalYearStartMonth: 7 }],
    ['the protection level alone', { protectionLevel: 5 }, { k: 11, protectionLevel: 5, fiscalYearStartMonth: 1 }],
    ['pipeline-only keys too', { k: 12, threads: 1, memoryLimit: '1GB', pruneAudits: 0, instruments: { trust: 'demo_trust' } }, { k: 12, protectionLevel: 12, fiscalYearStartMonth: 1 }],
  ])('%s: both read the same values', (_name, content, expected) => {
    const dir = dataDir(content);
    expect(pipelineReads(dir)).toEqual(expected);
    expect(readSettings(dir)).toEqual(expected);
  });

  it.each([
    ['k as text', { k: 'eleven' }, /: k: must be a whole number of people from 2 to 100$/],
    ['k too small', { k: 1 }, /: k: must be a whole number of people from 2 to 100$/],
    ['k not whole', { k: 11.5 }, /: k: must be a whole number of people from 2 to 100$/],
    ['a thirteenth month', { fiscalYearStartMonth: 13 }, /: fiscalYearStartMonth: must be a month number from 1 \(January\) to 12 \(December\)$/],
    ['a protection level far above k', { k: 11, protectionLevel: 500 }, /: protectionLevel: must be at most 10 times k \(110\)/],
    ['a pipeline-only key the page does not edit', { threads: 0 }, /: threads: must be a whole number from 1 to 64$/],
    ['a bad memory limit', { memoryLimit: 'lots' }, /: memoryLimit: must be a size such as "3GB" or "512MB"$/],
    ['a misspelt key', { k: 11, fiscalYearStart: 7 }, /: unknown key "fiscalYearStart"$/],
    ['an unknown construct', { instruments: { satisfaction: 'demo_satisfaction', mood: 'x' } }, /: instruments: unknown key "mood"$/],
    ['two bad keys', { k: 0, threads: 'two' }, /: k: must be .*; threads: must be /],
    ['not JSON', '{ "k": 11, }', /peer-outcomes\.config\.json is not valid JSON/],
    ['not an object', '[11]', /peer-outcomes\.config\.json must hold one JSON object of settings/],
  ])('%s: both refuse it, in the same words, naming the file and the key', (_name, content, words) => {
    const dir = dataDir(content);
    const { pipeline, app } = refusals(dir);
    expect(pipeline).toBe(app);
    expect(app).toMatch(words);
    expect(app).toContain(path.join(dir, SETTINGS_FILE));
  });

  it('the page saves the three settings, keeps every other key, and the pipeline reads what was saved', async () => {
    const dir = dataDir({ k: 11, threads: 1, instruments: { recovery: 'demo_recovery' } });
    await writeSettings({ k: 15, protectionLevel: 18, fiscalYearStartMonth: 10 }, dir);
    expect(JSON.parse(readFileSync(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ k: 15, protectionLevel: 18, fiscalYearStartMonth: 10, threads: 1, instruments: { recovery: 'demo_recovery' } });
    expect(pipelineReads(dir)).toEqual({ k: 15, protectionLevel: 18, fiscalYearStartMonth: 10 });
  });

  it('saving mends a file whose fault was one of the three, and refuses (leaving the file alone) when another key is at fault', async () => {
    const mendable = dataDir({ k: 'eleven', threads: 2 });
    await writeSettings({ k: 12, protectionLevel: 12, fiscalYearStartMonth: 1 }, mendable);
    expect(readSettings(mendable)).toEqual({ k: 12, protectionLevel: 12, fiscalYearStartMonth: 1 });
    expect(loadConfig(mendable, DEMO).threads).toBe(2);

    const stuck = dataDir({ k: 11, threads: 'two' });
    const before = readFileSync(path.join(stuck, SETTINGS_FILE), 'utf8');
    await expect(writeSettings({ k: 12, protectionLevel: 12, fiscalYearStartMonth: 1 }, stuck)).rejects.toThrow(/threads: must be a whole number from 1 to 64/);
    expect(readFileSync(path.join(stuck, SETTINGS_FILE), 'utf8')).toBe(before);
  });

  it('the form takes the three settings as text, with the same rules', () => {
    expect(ReleaseSettings.parse({ k: '15', protectionLevel: ' 15 ', fiscalYearStartMonth: '4' })).toEqual({ k: 15, protectionLevel: 15, fiscalYearStartMonth: 4 });
    const problems = (form: Record<string, string>) => {
      const r = ReleaseSettings.safeParse(form);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problems({ k: '', protectionLevel: '11', fiscalYearStartMonth: '1' })).toEqual(['k: must be a whole number of people from 2 to 100']);
    expect(problems({ k: '2.5', protectionLevel: 'x', fiscalYearStartMonth: '0' })).toEqual([
      'k: must be a whole number of people from 2 to 100',
      'protectionLevel: must be a whole number of people from 1 to 1000',
      'fiscalYearStartMonth: must be a month number from 1 (January) to 12 (December)',
    ]);
    expect(problems({ k: '5', protectionLevel: '51', fiscalYearStartMonth: '1' })).toEqual(['protectionLevel: must be at most 10 times k (50): more would suppress nearly everything']);
  });
});

describe('the environment, read by the pipeline and by the server', () => {
  const SECRET = { PEER_OUTCOMES_SECRET: 'a-pseudonymisation-key-of-at-least-32-characters' };
  const serverDemo = (value: string) => parseEnv({ NODE_ENV: 'production', PEER_OUTCOMES_DEMO: value }).PEER_OUTCOMES_DEMO;
  const pipelineDemo = (value: string) => loadConfig(dataDir(), { ...SECRET, PEER_OUTCOMES_DEMO: value }).demo;

  it.each(['1', 'true', 'yes', 'TRUE', ' Yes '])('PEER_OUTCOMES_DEMO=%j is demo mode to both (the server starts without a session secret)', (value) => {
    expect(serverDemo(value)).toBe(true);
    expect(pipelineDemo(value)).toBe(true);
    expect(loadConfig(dataDir(), { PEER_OUTCOMES_DEMO: value }).demo).toBe(true); // the demo secret is allowed
  });

  it.each(['0', 'false', 'no', 'No', ''])('PEER_OUTCOMES_DEMO=%j is not demo mode to either', (value) => {
    expect(parseEnv({ PEER_OUTCOMES_DEMO: value }).PEER_OUTCOMES_DEMO).toBe(false);
    expect(() => parseEnv({ NODE_ENV: 'production', PEER_OUTCOMES_DEMO: value })).toThrow(/SESSION_SECRET: is required in production/);
    expect(pipelineDemo(value)).toBe(false);
    expect(() => loadConfig(dataDir(), { PEER_OUTCOMES_DEMO: value })).toThrow(/PEER_OUTCOMES_SECRET is not set/);
  });

  it.each([
    ['PEER_OUTCOMES_DEMO', 'maybe', 'PEER_OUTCOMES_DEMO: must be 1, true or yes (on), or 0, false or no (off); it is "maybe"'],
    ['PEER_OUTCOMES_DEMO', 'on', 'PEER_OUTCOMES_DEMO: must be 1, true or yes (on), or 0, false or no (off); it is "on"'],
    ['PEER_OUTCOMES_K', 'eleven', 'PEER_OUTCOMES_K: must be a whole number of people from 2 to 100'],
    ['PEER_OUTCOMES_FISCAL_YEAR_START', '13', 'PEER_OUTCOMES_FISCAL_YEAR_START: must be a month number from 1 (January) to 12 (December)'],
    ['PEER_OUTCOMES_THREADS', '0', 'PEER_OUTCOMES_THREADS: must be a whole number from 1 to 64'],
  ])('%s=%j is refused by both, in the same words', (name, value, problem) => {
    expect(() => parseEnv({ [name]: value })).toThrow(`Invalid server environment: ${problem}`);
    expect(() => loadConfig(dataDir(), { ...DEMO, [name]: value })).toThrow(`bad environment: ${problem}`);
  });

  it('an override wins over the file for the pipeline, reads the same for the server, and counts as unset when empty', () => {
    const dir = dataDir({ k: 13, fiscalYearStartMonth: 4 });
    expect(pipelineReads(dir, { ...DEMO, PEER_OUTCOMES_K: '15' })).toEqual({ k: 15, protectionLevel: 15, fiscalYearStartMonth: 4 });
    expect(parseEnv({ PEER_OUTCOMES_K: '15' }).PEER_OUTCOMES_K).toBe(15);
    expect(pipelineReads(dir, { ...DEMO, PEER_OUTCOMES_K: '', PEER_OUTCOMES_FISCAL_YEAR_START: ' ' })).toEqual({ k: 13, protectionLevel: 13, fiscalYearStartMonth: 4 });
    expect(parseEnv({ PEER_OUTCOMES_K: '' }).PEER_OUTCOMES_K).toBeUndefined();
  });
});
