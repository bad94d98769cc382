// The contract in its three forms agrees: the column specs, the zod row
// schemas, the loader's SQL checks, and docs/data-contract.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT, ENTITY_NAMES, identifierInName, looksLikeIdentifier, MIN_DATE } from '../pipelines/contract/entities';
import { INSTRUMENTS, InstrumentSchema } from '../pipelines/contract/instruments';
import { ROW_SCHEMAS, rowSchema } from '../pipelines/contract/schemas';
import { SettingsFile } from '../pipelines/release/settings';
import { ConfigError, loadConfig } from '../pipelines/runner/config';
import { ANALYTICS_FILE } from '../pipelines/runner/run';
import { query, run, tempDir } from './helpers/pipeline';

describe('column names', () => {
  it('no contract column looks like a direct identifier', () => {
    for (const e of ENTITY_NAMES) for (const c of CONTRACT[e].columns) expect(looksLikeIdentifier(c.name), `${e}.${c.name}`).toBe(false);
  });

  it('export columns that identify people are recognised; harmless extras are not', () => {
    for (const c of ['first_name', 'LastName', 'email', 'e-mail', 'phone', 'mobile', 'street_address', 'city', 'ssn',
      'date_of_birth', 'dob', 'case_notes', 'comments', 'medicaid_id', 'mrn']) expect(looksLikeIdentifier(c), c).toBe(true);
    for (const c of ['housing_status', 'episode_type', 'language']) expect(looksLikeIdentifier(c), c).toBe(false);
  });
});

describe('docs/data-contract.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'data-contract.md'), 'utf8');
  it('lists every column of every entity in its section, with required-ness', () => {
    for (const e of ENTITY_NAMES) {
      const section = doc.split(`\n### ${e}\n`)[1]?.split('\n### ')[0];
      expect(section, e).toBeDefined();
      for (const c of CONTRACT[e].columns) {
        const row = section!.split('\n').find((l) => l.startsWith(`| \`${c.name}\` |`));
        expect(row, `${e}.${c.name}`).toBeDefined();
        expect(row!.split('|')[3]!.trim(), `${e}.${c.name}`).toBe(c.required ? 'yes' : 'no');
      }
    }
  });
  it('lists every instrument', () => {
    for (const i of INSTRUMENTS) expect(doc).toContain(`| \`${i.id}\` |`);
  });
});

describe('instrument registry', () => {
  it('refuses item text on a licensed instrument', () => {
    const licensed = INSTRUMENTS.find((i) => i.licence === 'licensed')!;
    expect(() => InstrumentSchema.parse({ ...licensed, itemText: Array(licensed.items).fill('x') })).toThrow(/licensed/);
  });
});

describe('zod schemas and the loader agree', () => {
  // Edge values around each rule; `ok` is what the contract says.
  const cases: { participant: Record<string, string>; ok: boolean; why: string }[] = [
    { participant: {}, ok: true, why: 'baseline' },
    { participant: { gender: ' WOMAN ' }, ok: true, why: 'enums trimmed and lower-cased' },
    { participant: { gender: 'female' }, ok: false, why: 'enum value not in contract' },
    { participant: { enrolled_on: '2024-02-29' }, ok: true, why: 'leap day' },
    { participant: { enrolled_on: '2023-02-29' }, ok: false, why: 'no such day' },
    { participant: { enrolled_on: '1999-12-31' }, ok: false, why: 'before 2000' },
    { participant: { enrolled_on: '' }, ok: false, why: 'required date missing' },
    { participant: { discharged_on: '' }, ok: true, why: 'optional date missing' },
    { participant: { birth_year: '1899' }, ok: false, why: 'below range' },
    { participant: { birth_year: '19x0' }, ok: false, why: 'not a number' },
    { participant: { participant_id: 'P 1' }, ok: false, why: 'space in id' },
    { participant: { participant_id: 'P'.repeat(65) }, ok: false, why: 'id too long' },
    { participant: { participant_id: 'p.1:2-3_4' }, ok: true, why: 'id punctuation' },
    { participant: { program: 'A'.repeat(81) }, ok: false, why: 'name too long' },
    { participant: { program: '=HYPERLINK("x")' }, ok: true, why: 'printable name (exports neutralise it)' },
    // dates a run accepts: the contract's earliest date to the extract date (today, by default)
    { participant: { enrolled_on: '2000-01-01' }, ok: true, why: 'the earliest date accepted' },
    { participant: { enrolled_on: '2099-01-01' }, ok: false, why: 'after the extract date' },
    { participant: { discharged_on: '2098-12-31' }, ok: false, why: 'an optional date after the extract date' },
    // one rule for whole numbers
    { participant: { birth_year: '1980.0' }, ok: true, why: 'a whole number written with a decimal point' },
    { participant: { birth_year: '1980.5' }, ok: false, why: 'not a whole number (never rounded)' },
    { participant: { birth_year: 'inf' }, ok: false, why: 'not a finite number' },
    { participant: { birth_year: 'NaN' }, ok: false, why: 'not a number' },
    { participant: { birth_year: '1e400' }, ok: false, why: 'too large for any number' },
    { participant: { birth_year: '99999999999999999999' }, ok: false, why: 'huge' },
    // names that would publish a direct identifier
    { participant: { site: 'call Rosa 555-0142' }, ok: false, why: 'a phone number and a note about a person' },
    { participant: { program: 'rosa@example.org' }, ok: false, why: 'an email address' },
    { participant: { site: 'Drop-in, 12 Elm Street' }, ok: false, why: 'a street address' },
    { participant: { site: 'St. Mary Recovery Center' }, ok: true, why: 'a saint is not a street' },
    { participant: { program: 'Route 66 Peer Support' }, ok: true, why: 'a few digits in a name' },
    { participant: { program: 'MS Recovery Network' }, ok: true, why: 'a state, not a title' },
  ];
  const base: Record<string, string> = {
    participant_id: '', program: 'Alpha', site: 'A1', enrolled_on: '2025-01-06', discharged_on: '', birth_year: '1980',
    gender: 'woman', race_ethnicity: 'white', zip: '12345', referral_source: 'self',
  };
  const rows: Record<string, string>[] = cases.map((c, i) => ({ ...base, participant_id: `P${i}`, ...c.participant }));

  it('on every edge case', async () => {
    // The loader's default bounds: the contract's earliest date to the day of the run.
    const schema = rowSchema('participants', { earliest: MIN_DATE, latest: new Date().toISOString().slice(0, 10) });
    const zodOk = rows.map((r) => schema.safeParse(r).success);
    expect(zodOk, 'zod').toEqual(cases.map((c) => c.ok));

    const dir = tempDir('contract');
    const cols = Object.keys(base);
    const q = (v: string) => `"${v.replaceAll('"', '""')}"`;
    writeFileSync(join(dir, 'participants.csv'), [cols.join(','), ...rows.map((r) => cols.map((c) => q(r[c]!)).join(','))].join('\n') + '\n');
    writeFileSync(join(dir, 'staff.csv'), 'staff_id,program,site,role,hired_on\nS1,Alpha,A1,peer_specialist,2020-01-01\n');
    writeFileSync(join(dir, 'encounters.csv'), 'encounter_id,participant_id,staff_id,date,minutes,modality,status\nE1,P0,S1,2025-01-07,30,phone,attended\n');
    const data = tempDir('contract-data');
    await run(dir, data);
    const bad = await query<{ line: number }>(join(data, ANALYTICS_FILE), `SELECT DISTINCT line::INTEGER AS line FROM quarantine WHERE file = 'participants.csv'`);
    const loaderOk = rows.map((_, i) => !bad.some((b) => b.line === i + 2));
    expect(loaderOk, 'loader').toEqual(cases.map((c) => c.ok));
  });
});

describe('value rules', () => {
  it('recognise identifiers in program and site names, and leave plain names alone', () => {
    const identifying: [string, RegExp][] = [
      ['call Rosa 555-0142', /phone/],
      ['Rosa (555) 014-2233', /phone/],
      ['outreach@harbor.org', /email/],
      ['www.harbor-peer.org', /web address/],
      ['1200 Harbor Blvd, Suite 4', /street address/],
      ['Ask for Marguerite at the desk', /note about a person/],
      ['Contact Jamal before visiting', /note about a person/],
      ['Group run by Ms. Alvarez', /note about a person/],
      ['this is the site where the people who come on tuesdays meet with Rosa', /free text/],
    ];
    for (const [name, what] of identifying) expect(identifierInName(name), name).toMatch(what);
    for (const name of ['Harbor — Northgate', 'Summit Peer Network', 'Call Center Peer Line', 'Route 66 Drop-in', 'St. Jude Recovery', 'Unit 4 Outreach', '2nd Street Clubhouse']) {
      expect(identifierInName(name), name).toBeNull();
    }
  });

  it('instrument ids load in any case, with spaces around them', () => {
    const survey = { response_id: 'R1', participant_id: 'P1', timepoint: 'intake', administered_on: '2025-01-06', item_1: '4' };
    expect(ROW_SCHEMAS.survey_responses.safeParse({ ...survey, instrument: ' PO_Satisfaction ' }).success).toBe(true);
    expect(ROW_SCHEMAS.survey_responses.safeParse({ ...survey, instrument: 'phq9' }).success).toBe(false);
  });

  it('whole numbers: one rule in every whole-number column', () => {
    const enc = { encounter_id: 'E1', participant_id: 'P1', staff_id: 'S1', date: '2025-01-06', modality: 'phone', status: 'attended' };
    const ok = (minutes: string) => ROW_SCHEMAS.encounters.safeParse({ ...enc, minutes }).success;
    expect([ok('30'), ok('30.0'), ok('30.5'), ok('-0.5'), ok('721'), ok('Infinity')]).toEqual([true, true, false, false, false, false]);
  });

  it('the settings take the date bounds and display names, and refuse what cannot be right', () => {
    expect(SettingsFile.safeParse({ earliestDate: '2018-07-01', latestDate: '2026-03-31', displayNames: { site: { 'call Rosa 555-0142': 'Eastside' } } }).success).toBe(true);
    expect(SettingsFile.safeParse({ latestDate: '2026-02-30' }).success).toBe(false);
    expect(SettingsFile.safeParse({ earliestDate: '2026-04-01', latestDate: '2026-03-31' }).success).toBe(false);
    expect(SettingsFile.safeParse({ displayNames: { region: {} } }).success).toBe(false);
    expect(SettingsFile.safeParse({ displayNames: { site: { x: '' } } }).success).toBe(false);
  });

  it('the extract date defaults to the day of the run; a display name that looks identifying is a configuration error', () => {
    const dir = tempDir('value-config');
    const env = { PEER_OUTCOMES_DEMO: '1' };
    expect(loadConfig(dir, env).dates).toEqual({ earliest: MIN_DATE, latest: new Date().toISOString().slice(0, 10) });
    writeFileSync(join(dir, 'peer-outcomes.config.json'), JSON.stringify({ displayNames: { site: { 'Harbor A': 'Harbor East', raw: 'call 555-0142 first' } } }));
    expect(() => loadConfig(dir, env)).toThrow(ConfigError);
    expect(() => loadConfig(dir, env)).toThrow(/displayNames\.site: display name #2 looks like a phone/);
    writeFileSync(join(dir, 'peer-outcomes.config.json'), JSON.stringify({ earliestDate: '2099-01-01' }));
    expect(() => loadConfig(dir, env)).toThrow(/earliestDate 2099-01-01 is after the extract date/);
  });
});
