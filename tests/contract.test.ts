// The contract in its three forms agrees: the column specs, the zod row
// schemas, the loader's SQL checks, and docs/data-contract.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACT, ENTITY_NAMES, looksLikeIdentifier } from '../pipelines/contract/entities';
import { INSTRUMENTS, InstrumentSchema } from '../pipelines/contract/instruments';
import { ROW_SCHEMAS } from '../pipelines/contract/schemas';
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
  ];
  const base: Record<string, string> = {
    participant_id: '', program: 'Alpha', site: 'A1', enrolled_on: '2025-01-06', discharged_on: '', birth_year: '1980',
    gender: 'woman', race_ethnicity: 'white', zip: '12345', referral_source: 'self',
  };
  const rows: Record<string, string>[] = cases.map((c, i) => ({ ...base, participant_id: `P${i}`, ...c.participant }));

  it('on every edge case', async () => {
    const zodOk = rows.map((r) => ROW_SCHEMAS.participants.safeParse(r).success);
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
