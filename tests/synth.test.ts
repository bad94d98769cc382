// The synthetic data generator: determinism, contract conformance of every
// clean row, the planted malformed rows, the fake identifiers, and the planted
// relationships and small groups that the dashboard and disclosure control
// depend on.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACT, INCIDENT_CATEGORIES, looksLikeIdentifier, MAX_ITEMS, type EntityName } from '../pipelines/contract/entities';
import { INSTRUMENTS, type Instrument } from '../pipelines/contract/instruments';
import { ROW_SCHEMAS } from '../pipelines/contract/schemas';
import { HELP, parseSynthArgs } from '../pipelines/cli/synth';
import {
  FAKE_FIRST_NAMES,
  FAKE_LAST_NAMES,
  generate,
  MANIFEST_FILE,
  RESTRICTED_ZIP3,
  SYNTH_FILES,
  SynthManifestSchema,
  type SynthManifest,
  type SynthFile,
} from '../pipelines/synth/index';

type Row = Record<string, string>;

const dirs: string[] = [];
async function tempDir(tag: string): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), `synth-${tag}-`));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of (await readdir(dir)).sort()) out[f] = createHash('sha256').update(await readFile(join(dir, f))).digest('hex');
  return out;
}

interface Loaded {
  manifest: SynthManifest;
  /** Every data row with its 1-based line number in the file. */
  rows: Record<SynthFile, { line: number; row: Row }[]>;
  header: Record<SynthFile, string[]>;
  /** Rows not listed as malformed. */
  clean: Record<SynthFile, Row[]>;
}

async function load(dir: string): Promise<Loaded> {
  const manifest = SynthManifestSchema.parse(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')));
  const rows = {} as Loaded['rows'];
  const header = {} as Loaded['header'];
  const clean = {} as Loaded['clean'];
  for (const f of SYNTH_FILES) {
    const text = await readFile(join(dir, f), 'utf8');
    const records = parse(text, { columns: true, info: true, relax_column_count: false }) as { record: Row; info: { lines: number } }[];
    header[f] = text.slice(0, text.indexOf('\r\n')).split(',');
    rows[f] = records.map((r) => ({ line: r.info.lines, row: r.record }));
    // No record spans lines, so line numbers are simply row index + 2.
    expect(rows[f].filter((r, i) => r.line !== i + 2).length, f).toBe(0);
    const bad = new Set(manifest.files[f].malformed.map((m) => m.line));
    clean[f] = rows[f].filter((r) => !bad.has(r.line)).map((r) => r.row);
  }
  return { manifest, rows, header, clean };
}

const entityOf = (f: SynthFile) => f.replace(/\.csv$/, '') as EntityName;

const isRealDate = (s: string | undefined) => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** The raw export row reduced to contract columns, as the loader would see it. */
function toContract(entity: EntityName, raw: Row): Row {
  const out: Row = {};
  for (const c of CONTRACT[entity].columns) out[c.name] = raw[c.name] ?? '';
  if (entity === 'participants') out.birth_year = isRealDate(raw.date_of_birth) ? raw.date_of_birth!.slice(0, 4) : '';
  return out;
}

/** JS twins of the contract's SQL row rules, keyed by entity and column. */
const RULES: Record<string, (r: Row) => boolean> = {
  'participants.discharged_on': (r) => !r.discharged_on || r.discharged_on >= r.enrolled_on!,
  'participants.birth_year': (r) => Number(r.birth_year) <= Number(r.enrolled_on!.slice(0, 4)),
  'participants.zip': (r) => !r.zip || /^[0-9]{5}(-[0-9]{4})?$/.test(r.zip),
  'encounters.minutes': (r) => r.status !== 'attended' || Number(r.minutes) > 0,
  'goals.achieved_on': (r) => !r.achieved_on || r.achieved_on >= r.set_on!,
  'staff.left_on': (r) => !r.left_on || r.left_on >= r.hired_on!,
  'incidents.resolved_on': (r) => !r.resolved_on || r.resolved_on >= r.date!,
};

function failedRules(entity: EntityName, r: Row): string[] {
  return CONTRACT[entity].rowRules.filter((rule) => !RULES[`${entity}.${rule.column}`]!(r)).map((rule) => rule.column);
}

const INSTRUMENT = new Map(INSTRUMENTS.map((i) => [i.id, i]));

function itemsOf(r: Row): (number | null)[] {
  return Array.from({ length: MAX_ITEMS }, (_, i) => (r[`item_${i + 1}`] ? Number(r[`item_${i + 1}`]) : null));
}

function itemsOutOfScale(ins: Instrument, r: Row): boolean {
  return itemsOf(r).some((v, i) => v !== null && (i >= ins.items || v < ins.scaleMin || v > ins.scaleMax));
}

/** The registry's scoring rule: mean or prorated sum of answered items, reverse items flipped. */
function score(r: Row): number | null {
  const ins = INSTRUMENT.get(r.instrument!)!;
  const answered: number[] = [];
  itemsOf(r)
    .slice(0, ins.items)
    .forEach((v, i) => {
      if (v !== null) answered.push(ins.reverseItems.includes(i + 1) ? ins.scaleMin + ins.scaleMax - v : v);
    });
  if (answered.length / ins.items < ins.minAnsweredShare) return null;
  const sum = answered.reduce((a, b) => a + b, 0);
  return ins.scoring === 'mean' ? sum / answered.length : (sum * ins.items) / answered.length;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const dayNo = (s: string) => Math.round(Date.parse(`${s}T00:00:00Z`) / 86_400_000);

// Kinds each file must plant (at least one row of each).
const EXPECTED_KINDS: Record<SynthFile, string[]> = {
  'participants.csv': ['bad_date', 'bad_enum', 'missing_required', 'out_of_range', 'rule_violation'],
  'encounters.csv': ['bad_date', 'bad_enum', 'missing_required', 'not_a_number', 'out_of_range', 'rule_violation', 'orphan_participant'],
  'survey_responses.csv': [
    'bad_date', 'bad_enum', 'missing_required', 'not_a_number', 'out_of_range', 'item_out_of_scale', 'unknown_instrument', 'orphan_participant',
  ],
  'goals.csv': ['bad_date', 'bad_enum', 'missing_required', 'rule_violation', 'orphan_participant'],
  'staff.csv': ['bad_date', 'bad_enum', 'missing_required', 'rule_violation'],
  'supervision.csv': ['bad_date', 'missing_required', 'not_a_number', 'out_of_range', 'orphan_staff'],
  'trainings.csv': ['bad_date', 'bad_enum', 'missing_required'],
  'incidents.csv': ['bad_date', 'bad_enum', 'missing_required', 'rule_violation'],
};

describe('synth: determinism', () => {
  it.each(['tiny', 'skewed'] as const)('%s: same seed and scale give byte-identical files; another seed gives different ones', async (scale) => {
    const [a, b, c] = [await tempDir('a'), await tempDir('b'), await tempDir('c')];
    await generate({ scale, seed: 7, outDir: a });
    await generate({ scale, seed: 7, outDir: b });
    await generate({ scale, seed: 8, outDir: c });
    const [ha, hb, hc] = [await hashes(a), await hashes(b), await hashes(c)];
    expect(Object.keys(ha).sort()).toEqual([...SYNTH_FILES, MANIFEST_FILE].sort());
    expect(hb).toEqual(ha);
    for (const f of SYNTH_FILES) expect(hc[f], f).not.toBe(ha[f]);
  });
});

/** What each small scale must look like; both run through every contract check below. */
const SMALL_SHAPES = [
  { scale: 'tiny', participants: [380, 420], encounters: 9_000, programs: 2, sites: 4, staff: [8, 20] },
  { scale: 'skewed', participants: [280, 330], encounters: 7_000, programs: 1, sites: 3, staff: [4, 20] },
] as const;

describe.each(SMALL_SHAPES)('synth: $scale output against the contract', (shape) => {
  let L: Loaded;
  beforeAll(async () => {
    const dir = await tempDir(shape.scale);
    await generate({ scale: shape.scale, seed: 1, outDir: dir });
    L = await load(dir);
  });

  it('is of the expected size', () => {
    const n = L.clean['participants.csv'].length;
    expect(n).toBeGreaterThanOrEqual(shape.participants[0]);
    expect(n).toBeLessThanOrEqual(shape.participants[1]);
    expect(L.clean['encounters.csv'].length).toBeGreaterThan(shape.encounters);
    const programs = new Set(L.clean['participants.csv'].map((r) => r.program));
    const sites = new Set(L.clean['participants.csv'].map((r) => r.site));
    expect(programs.size).toBe(shape.programs);
    expect(sites.size).toBe(shape.sites);
    expect(L.clean['staff.csv'].length).toBeGreaterThanOrEqual(shape.staff[0]);
    expect(L.clean['staff.csv'].length).toBeLessThanOrEqual(shape.staff[1]);
  });

  it('manifest row counts match the files', () => {
    expect(L.manifest.scale).toBe(shape.scale);
    expect(L.manifest.seed).toBe(1);
    for (const f of SYNTH_FILES) expect(L.manifest.files[f].rows, f).toBe(L.rows[f].length);
  });

  it('every clean row parses with the contract schema, satisfies the row rules and references', () => {
    const participantIds = new Set(L.clean['participants.csv'].map((r) => r.participant_id));
    const staffIds = new Set(L.clean['staff.csv'].map((r) => r.staff_id));
    for (const f of SYNTH_FILES) {
      const entity = entityOf(f);
      for (const raw of L.clean[f]) {
        const row = toContract(entity, raw);
        const parsed = ROW_SCHEMAS[entity].safeParse(row);
        if (!parsed.success) throw new Error(`${f}: clean row fails the schema: ${JSON.stringify(raw)}\n${parsed.error.message}`);
        expect(failedRules(entity, row), `${f} ${JSON.stringify(raw)}`).toEqual([]);
        if ('participant_id' in row && entity !== 'participants') expect(participantIds.has(row.participant_id!), f).toBe(true);
        if ('staff_id' in row && entity !== 'staff') expect(staffIds.has(row.staff_id!), f).toBe(true);
        if (entity === 'survey_responses') {
          const ins = INSTRUMENT.get(row.instrument!);
          expect(ins, row.instrument).toBeDefined();
          expect(itemsOutOfScale(ins!, row), JSON.stringify(raw)).toBe(false);
        }
      }
    }
  });

  it('ids are unique per file', () => {
    for (const f of SYNTH_FILES) {
      const key = CONTRACT[entityOf(f)].key;
      const keys = L.rows[f].map((r) => key.map((k) => r.row[k]).join('|'));
      expect(new Set(keys).size, f).toBe(keys.length);
    }
  });

  it('every planted malformed row fails the check it is listed for', () => {
    const participantIds = new Set(L.rows['participants.csv'].map((r) => r.row.participant_id));
    const staffIds = new Set(L.rows['staff.csv'].map((r) => r.row.staff_id));
    for (const f of SYNTH_FILES) {
      const entity = entityOf(f);
      const byLine = new Map(L.rows[f].map((r) => [r.line, r.row]));
      const entries = L.manifest.files[f].malformed;
      expect(new Set(entries.map((e) => e.kind)), f).toEqual(new Set(EXPECTED_KINDS[f]));
      for (const e of entries) {
        const raw = byLine.get(e.line);
        expect(raw, `${f}:${e.line}`).toBeDefined();
        const row = toContract(entity, raw!);
        const parsed = ROW_SCHEMAS[entity].safeParse(row);
        const where = `${f}:${e.line} ${e.kind} ${e.column} ${JSON.stringify(raw)}`;
        switch (e.check) {
          case 'schema':
            expect(parsed.success, where).toBe(false);
            expect(parsed.error!.issues.map((i) => i.path[0]), where).toContain(e.column);
            break;
          case 'row_rule':
            expect(parsed.success, where).toBe(true);
            expect(failedRules(entity, row), where).toEqual([e.column]);
            break;
          case 'reference':
            expect(parsed.success, where).toBe(true);
            if (e.kind === 'orphan_participant') expect(participantIds.has(row.participant_id!), where).toBe(false);
            else expect(staffIds.has(row.staff_id!), where).toBe(false);
            break;
          case 'registry': {
            expect(parsed.success, where).toBe(true);
            const ins = INSTRUMENT.get(row.instrument!);
            if (e.kind === 'unknown_instrument') expect(ins, where).toBeUndefined();
            else expect(itemsOutOfScale(ins!, row), where).toBe(true);
            break;
          }
        }
      }
    }
  });

  it('carries fake direct identifiers the pipeline must drop', () => {
    const ph = L.header['participants.csv'];
    for (const c of ['first_name', 'last_name', 'email', 'phone', 'street_address', 'date_of_birth', 'case_notes', 'housing_status'])
      expect(ph).toContain(c);
    expect(ph).not.toContain('birth_year');
    // Every non-contract column except housing_status must look like an identifier to the loader.
    const contractCols = new Set(CONTRACT.participants.columns.map((c) => c.name));
    for (const c of ph.filter((c) => !contractCols.has(c) && c !== 'housing_status')) expect(looksLikeIdentifier(c), c).toBe(true);
    for (const r of L.clean['participants.csv']) {
      expect(FAKE_FIRST_NAMES as readonly string[]).toContain(r.first_name);
      expect(FAKE_LAST_NAMES as readonly string[]).toContain(r.last_name);
      expect(r.email).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.org$/);
      expect(r.phone).toMatch(/^\(\d{3}\) 555-01\d\d$/);
      expect(r.street_address).toMatch(/^\d+ [A-Z][a-z]+ St$/);
      expect(isRealDate(r.date_of_birth)).toBe(true);
      expect(r.case_notes).toContain(`${r.first_name} ${r.last_name}`);
      expect(r.housing_status).not.toBe('');
    }
    for (const c of ['first_name', 'last_name', 'email', 'phone']) expect(L.header['staff.csv']).toContain(c);
    for (const r of L.clean['staff.csv']) {
      expect(r.first_name && r.last_name && r.phone).toBeTruthy();
      expect(r.email).toMatch(/@example\.org$/);
    }
    expect(L.header['encounters.csv']).toContain('notes');
    const notes = L.clean['encounters.csv'].filter((r) => r.notes);
    expect(notes.length / L.clean['encounters.csv'].length).toBeGreaterThan(0.02);
    expect(notes.every((r) => FAKE_FIRST_NAMES.some((n) => r.notes!.includes(n)))).toBe(true);
  });

  it('encounters name a peer specialist of the participant\u2019s site, employed that day, within the episode', () => {
    const staff = new Map(L.clean['staff.csv'].map((r) => [r.staff_id!, r]));
    const people = new Map(L.clean['participants.csv'].map((r) => [r.participant_id!, r]));
    const wrong = L.clean['encounters.csv'].filter((e) => {
      const p = people.get(e.participant_id!)!;
      const s = staff.get(e.staff_id!)!;
      return !(
        s.role === 'peer_specialist' &&
        s.site === p.site &&
        s.hired_on! <= e.date! &&
        (!s.left_on || e.date! <= s.left_on) &&
        e.date! >= p.enrolled_on! &&
        e.date! <= (p.discharged_on || '2025-12-31') &&
        e.date! >= '2024-01-01' &&
        e.date! <= '2025-12-31'
      );
    });
    expect(wrong).toEqual([]);
  });

  it('plants small groups in small scales too', () => {
    const p = L.clean['participants.csv'];
    const small = p.filter((r) => r.site === L.manifest.planted.smallSite).length;
    expect(small).toBe(L.manifest.planted.smallSiteParticipants);
    expect(p.some((r) => r.race_ethnicity === 'native_hawaiian_pacific_islander')).toBe(true);
    expect(p.some((r) => r.gender === 'another')).toBe(true);
    expect(p.some((r) => Number(r.enrolled_on!.slice(0, 4)) - Number(r.date_of_birth!.slice(0, 4)) >= 90)).toBe(true);
  });
});

describe('synth: skewed is the shape that is hard on disclosure control', () => {
  let L: Loaded;
  beforeAll(async () => {
    const dir = await tempDir('skewed');
    await generate({ scale: 'skewed', seed: 42, outDir: dir });
    L = await load(dir);
  });
  const counts = (rows: Row[], f: (r: Row) => string) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(f(r), (m.get(f(r)) ?? 0) + 1);
    return m;
  };

  it('one program whose three sites are about 80% / 15% / 5% of its people', () => {
    const p = L.clean['participants.csv'];
    expect(new Set(p.map((r) => r.program)).size).toBe(1);
    const shares = [...counts(p, (r) => r.site!).values()].map((n) => n / p.length).sort((a, b) => b - a);
    expect(shares).toHaveLength(3);
    expect(shares[0]).toBeGreaterThan(0.7);
    expect(shares[1]).toBeGreaterThan(0.1);
    expect(shares[1]).toBeLessThan(0.25);
    expect(shares[2]).toBeLessThan(0.07);
  });

  it('rare groups: a few people in some age bands, genders and race/ethnicity values', () => {
    const p = L.clean['participants.csv'];
    const few = (m: Map<string, number>) => [...m].filter(([, n]) => n >= 1 && n <= 5).map(([v]) => v);
    const years = (r: Row) => Number(r.enrolled_on!.slice(0, 4)) - Number(r.date_of_birth!.slice(0, 4));
    const band = (r: Row) => (years(r) < 25 ? 'under 25' : years(r) >= 65 ? '65+' : 'between');
    expect(few(counts(p, band))).toEqual(expect.arrayContaining(['under 25', '65+']));
    expect(few(counts(p, (r) => r.gender!))).toEqual(expect.arrayContaining(['nonbinary', 'another']));
    expect(few(counts(p, (r) => r.race_ethnicity!)).length).toBeGreaterThanOrEqual(4);
  });

  it('rare modalities and few survey answers', () => {
    const e = L.clean['encounters.csv'];
    const m = counts(e, (r) => r.modality!);
    for (const rare of ['video', 'text', 'group']) expect((m.get(rare) ?? 0) / e.length, rare).toBeLessThan(0.03);
    // The default mix answers about four surveys per person (tiny: 4.1).
    expect(L.clean['survey_responses.csv'].length / L.clean['participants.csv'].length).toBeLessThan(2);
  });
});

describe('synth: demo planted relationships', () => {
  let L: Loaded;
  const byParticipant = new Map<string, Row[]>();
  beforeAll(async () => {
    const dir = await tempDir('demo');
    await generate({ scale: 'demo', seed: 42, outDir: dir });
    L = await load(dir);
    for (const e of L.clean['encounters.csv']) {
      const list = byParticipant.get(e.participant_id!) ?? [];
      list.push(e);
      byParticipant.set(e.participant_id!, list);
    }
  }, 60_000);

  /** Consistency band from the data alone: share of weeks in the episode with an attended contact. */
  function band(pid: string): 'consistent' | 'moderate' | 'sporadic' | 'none' {
    const att = (byParticipant.get(pid) ?? []).filter((e) => e.status === 'attended').map((e) => dayNo(e.date!));
    if (att.length === 0) return 'none';
    const first = Math.min(...att);
    const last = Math.max(...att);
    const weeks = new Set(att.map((d) => Math.floor((d - first) / 7))).size;
    const share = weeks / (Math.floor((last - first) / 7) + 1);
    return share >= 0.75 ? 'consistent' : share >= 0.4 ? 'moderate' : 'sporadic';
  }

  it('has the demo shape', () => {
    const p = L.clean['participants.csv'];
    expect(p.length).toBeGreaterThan(5_000);
    expect(L.clean['encounters.csv'].length).toBeGreaterThan(200_000);
    expect(new Set(p.map((r) => r.program)).size).toBe(5);
    expect(new Set(p.map((r) => r.site)).size).toBe(14);
    expect(L.clean['staff.csv'].length).toBeGreaterThan(60);
    expect(L.clean['staff.csv'].length).toBeLessThan(110);
    // A site belongs to exactly one program, and site names are unique.
    const programOf = new Map<string, Set<string>>();
    for (const r of p) programOf.set(r.site!, (programOf.get(r.site!) ?? new Set()).add(r.program!));
    for (const [site, progs] of programOf) expect(progs.size, site).toBe(1);
  });

  it('encounter mix: no-shows, cancellations, modalities, minutes', () => {
    const e = L.clean['encounters.csv'];
    const share = (f: (r: Row) => boolean) => e.filter(f).length / e.length;
    expect(share((r) => r.status === 'no_show')).toBeGreaterThan(0.12);
    expect(share((r) => r.status === 'no_show')).toBeLessThan(0.18);
    expect(share((r) => r.status === 'cancelled')).toBeGreaterThan(0.03);
    expect(share((r) => r.status === 'cancelled')).toBeLessThan(0.07);
    expect(share((r) => r.modality === 'group')).toBeGreaterThan(0.1);
    expect(share((r) => r.modality === 'group')).toBeLessThan(0.2);
    const counts = new Map<string, number>();
    for (const r of e) counts.set(r.modality!, (counts.get(r.modality!) ?? 0) + 1);
    expect([...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]).toBe('in_person');
    const badMinutes = e.filter((r) => {
      const m = Number(r.minutes);
      return r.status === 'attended' ? m < 15 || m > 120 : m !== 0;
    });
    expect(badMinutes).toEqual([]);
  });

  it('weekly contact goes with higher satisfaction, trust and retention', () => {
    const by = { consistent: { sat: [] as number[], trust: [] as number[] }, sporadic: { sat: [] as number[], trust: [] as number[] } };
    for (const r of L.clean['survey_responses.csv']) {
      const b = band(r.participant_id!);
      if (b !== 'consistent' && b !== 'sporadic') continue;
      const s = score(r);
      if (s === null) continue;
      if (r.instrument === 'po_satisfaction') by[b].sat.push(s);
      if (r.instrument === 'po_trust') by[b].trust.push(s);
    }
    expect(mean(by.consistent.sat) - mean(by.sporadic.sat)).toBeGreaterThan(0.4);
    expect(mean(by.consistent.trust) - mean(by.sporadic.trust)).toBeGreaterThan(0.4);

    const retained = { consistent: [] as number[], sporadic: [] as number[] };
    for (const p of L.clean['participants.csv']) {
      if (p.enrolled_on! > '2025-06-30') continue; // needs 180 days of possible follow-up
      const b = band(p.participant_id!);
      if (b !== 'consistent' && b !== 'sporadic') continue;
      const last = Math.max(...byParticipant.get(p.participant_id!)!.map((e) => dayNo(e.date!)));
      retained[b].push(last - dayNo(p.enrolled_on!) >= 180 ? 1 : 0);
    }
    expect(mean(retained.consistent) - mean(retained.sporadic)).toBeGreaterThan(0.2);
  });

  it('reverse-worded items are answered from the other end of the scale', () => {
    for (const id of ['po_satisfaction', 'po_trust']) {
      const ins = INSTRUMENT.get(id)!;
      const rev = ins.reverseItems[0]!;
      const rows = L.clean['survey_responses.csv'].filter((r) => r.instrument === id && r.item_1 && r[`item_${rev}`]);
      const revWhen = (f: (v: number) => boolean) => mean(rows.filter((r) => f(Number(r.item_1))).map((r) => Number(r[`item_${rev}`])));
      expect(revWhen((v) => v >= 4), id).toBeLessThan(revWhen((v) => v <= 2) - 0.5);
    }
  });

  it('recovery improves from intake to follow-up, more with weekly contact', () => {
    const intake = new Map<string, number>();
    const follow = new Map<string, number[]>();
    for (const r of L.clean['survey_responses.csv']) {
      if (r.instrument !== 'po_recovery') continue;
      const s = score(r);
      if (s === null) continue;
      expect(s).toBeGreaterThanOrEqual(10);
      expect(s).toBeLessThanOrEqual(60);
      if (r.timepoint === 'intake') intake.set(r.participant_id!, s);
      else follow.set(r.participant_id!, [...(follow.get(r.participant_id!) ?? []), s]);
    }
    const gains = { all: [] as number[], consistent: [] as number[], sporadic: [] as number[] };
    for (const [pid, f] of follow) {
      const i = intake.get(pid);
      if (i === undefined) continue;
      const g = Math.max(...f) - i;
      const last = f[f.length - 1]! - i;
      gains.all.push(last);
      const b = band(pid);
      if (b === 'consistent' || b === 'sporadic') gains[b].push(g);
    }
    expect(mean(gains.all)).toBeGreaterThan(3);
    expect(mean(gains.all)).toBeLessThan(8);
    expect(mean(gains.consistent)).toBeGreaterThan(mean(gains.sporadic) + 2);
  });

  it('the lagging site has more no-shows, fewer encounters per participant and lower satisfaction', () => {
    const lag = L.manifest.planted.laggingSite;
    const siteOf = new Map(L.clean['participants.csv'].map((r) => [r.participant_id!, r.site!]));
    const stat = (lagging: boolean) => {
      const e = L.clean['encounters.csv'].filter((r) => (siteOf.get(r.participant_id!) === lag) === lagging);
      const people = new Set(e.map((r) => r.participant_id));
      const sat = L.clean['survey_responses.csv']
        .filter((r) => r.instrument === 'po_satisfaction' && (siteOf.get(r.participant_id!) === lag) === lagging)
        .map(score)
        .filter((s): s is number => s !== null);
      return { noShow: e.filter((r) => r.status === 'no_show').length / e.length, perPerson: e.length / people.size, sat: mean(sat) };
    };
    const [l, rest] = [stat(true), stat(false)];
    expect(l.noShow).toBeGreaterThan(rest.noShow + 0.05);
    expect(l.perPerson).toBeLessThan(rest.perPerson * 0.75);
    expect(l.sat).toBeLessThan(rest.sat - 0.3);
  });

  it('enrollment waves and seasonal dips', () => {
    const enrolled = new Array(12).fill(0);
    for (const p of L.clean['participants.csv']) enrolled[Number(p.enrolled_on!.slice(5, 7)) - 1]++;
    const avg = mean(enrolled);
    expect(enrolled[0]).toBeGreaterThan(avg * 1.2); // January
    expect(enrolled[8]).toBeGreaterThan(avg * 1.2); // September
    const perDay = (from: string, to: string) =>
      L.clean['encounters.csv'].filter((r) => r.date! >= from && r.date! <= to).length / (dayNo(to) - dayNo(from) + 1);
    expect(perDay('2025-08-01', '2025-08-31')).toBeLessThan(0.9 * perDay('2025-07-01', '2025-07-31'));
    expect(perDay('2025-12-20', '2025-12-31')).toBeLessThan(0.8 * perDay('2025-12-01', '2025-12-19'));
  });

  it('surveys: response rate, blanks, late 30-day follow-ups', () => {
    const s = L.clean['survey_responses.csv'];
    const enrolled = new Map(L.clean['participants.csv'].map((r) => [r.participant_id!, dayNo(r.enrolled_on!)]));
    const late = s.filter((r) => r.timepoint === '30d' && dayNo(r.administered_on!) - enrolled.get(r.participant_id!)! >= 40);
    expect(late.length).toBeGreaterThan(50);
    let blank = 0;
    let asked = 0;
    let beyond = 0;
    for (const r of s) {
      const ins = INSTRUMENT.get(r.instrument!)!;
      itemsOf(r).forEach((v, i) => {
        if (i >= ins.items) beyond += v === null ? 0 : 1;
        else {
          asked++;
          if (v === null) blank++;
        }
      });
    }
    expect(beyond).toBe(0);
    expect(blank / asked).toBeGreaterThan(0.03);
    expect(blank / asked).toBeLessThan(0.08);
    expect(s.filter((r) => score(r) === null).length).toBeGreaterThan(20);
    // Of people still in contact 30+ days after enrollment (and surveyed in time), most answer the 30-day survey.
    const answered30 = new Set(s.filter((r) => r.timepoint === '30d').map((r) => r.participant_id));
    const eligible = L.clean['participants.csv'].filter((p) => {
      const en = dayNo(p.enrolled_on!);
      const att = (byParticipant.get(p.participant_id!) ?? []).map((e) => dayNo(e.date!));
      return en + 80 <= dayNo('2025-12-31') && att.some((d) => d >= en + 45);
    });
    const rate = eligible.filter((p) => answered30.has(p.participant_id)).length / eligible.length;
    expect(rate).toBeGreaterThan(0.55);
    expect(rate).toBeLessThan(0.8);
  });

  it('goals, supervision, trainings and incidents', () => {
    const g = L.clean['goals.csv'];
    const perPerson = new Map<string, number>();
    for (const r of g) perPerson.set(r.participant_id!, (perPerson.get(r.participant_id!) ?? 0) + 1);
    expect(Math.max(...perPerson.values())).toBeLessThanOrEqual(4);
    const achieved = g.filter((r) => r.achieved_on).length / g.length;
    expect(achieved).toBeGreaterThan(0.4);
    expect(achieved).toBeLessThan(0.55);
    expect(new Set(g.map((r) => r.set_by))).toEqual(new Set(['participant', 'joint', 'staff']));

    const staff = new Map(L.clean['staff.csv'].map((r) => [r.staff_id!, r]));
    const low = L.manifest.planted.lowSupervisionProgram;
    const sessions = (inLow: boolean) => {
      const ps = [...staff.values()].filter((s) => s.role === 'peer_specialist' && (s.program === low) === inLow);
      const ids = new Set(ps.map((s) => s.staff_id));
      return L.clean['supervision.csv'].filter((r) => ids.has(r.staff_id)).length / ps.length;
    };
    expect(sessions(true)).toBeLessThan(0.7 * sessions(false));
    for (const r of L.clean['supervision.csv']) expect(Number(r.minutes) >= 30 && Number(r.minutes) <= 90).toBe(true);

    const ethics = L.clean['trainings.csv'].filter((r) => r.course === 'ethics');
    expect(ethics.length).toBeGreaterThan(staff.size);
    expect(new Set(L.clean['trainings.csv'].map((r) => r.course)).size).toBe(5);

    const inc = L.clean['incidents.csv'];
    expect(new Set(inc.map((r) => r.category))).toEqual(new Set(INCIDENT_CATEGORIES));
    const perIncident = L.clean['encounters.csv'].length / inc.length;
    expect(perIncident).toBeGreaterThan(1_500);
    expect(perIncident).toBeLessThan(3_000);
    expect(inc.some((r) => !r.resolved_on)).toBe(true);
    for (const r of inc) {
      const s = staff.get(r.staff_id!)!;
      expect(s.site).toBe(r.site);
      if (r.resolved_on) expect(dayNo(r.resolved_on) - dayNo(r.date!)).toBeLessThanOrEqual(90);
    }
  });

  it('small groups exist for disclosure control', () => {
    const p = L.clean['participants.csv'];
    const small = p.filter((r) => r.site === L.manifest.planted.smallSite).length;
    expect(small).toBeGreaterThanOrEqual(6);
    expect(small).toBeLessThanOrEqual(9);
    const count = (f: (r: Row) => boolean) => p.filter(f).length;
    const nhpi = count((r) => r.race_ethnicity === 'native_hawaiian_pacific_islander');
    expect(nhpi).toBeGreaterThan(0);
    expect(nhpi / p.length).toBeLessThan(0.006);
    const another = count((r) => r.gender === 'another');
    expect(another).toBeGreaterThan(0);
    expect(another / p.length).toBeLessThan(0.01);
    const aged = count((r) => dayNo(r.enrolled_on!) - dayNo(r.date_of_birth!) >= 90 * 365.25);
    expect(aged).toBeGreaterThanOrEqual(2);
    expect(aged).toBeLessThan(15);
    const zip3s = new Set(p.map((r) => r.zip!.slice(0, 3)));
    expect(RESTRICTED_ZIP3.filter((z) => zip3s.has(z)).length).toBeGreaterThan(3);
    expect(count((r) => (RESTRICTED_ZIP3 as readonly string[]).includes(r.zip!.slice(0, 3))) / p.length).toBeLessThan(0.06);
  });
});

describe('synth: CLI arguments', () => {
  it('accepts a valid command line', () => {
    expect(parseSynthArgs(['--scale', 'demo', '--seed', '42', '--out', '/tmp/x'])).toEqual({ scale: 'demo', seed: 42, out: '/tmp/x', quiet: false });
    expect(parseSynthArgs(['--scale=tiny', '--seed=0', '--out=d', '--quiet'])).toMatchObject({ scale: 'tiny', seed: 0, quiet: true });
  });

  it.each([
    [['--scale', 'huge', '--seed', '1', '--out', 'd'], /--scale must be one of tiny, skewed, demo, statewide, statewide2x \(got 'huge'\)/],
    [['--seed', '1', '--out', 'd'], /--scale is required/],
    [['--scale', 'tiny', '--seed', '1'], /--out DIR is required/],
    [['--scale', 'tiny', '--seed', '1.5', '--out', 'd'], /--seed must be a non-negative integer \(got '1.5'\)/],
    [['--scale', 'tiny', '--seed', 'abc', '--out', 'd'], /--seed must be a non-negative integer/],
    [['--scale', 'tiny', '--seed', '-3', '--out', 'd'], /seed/],
    [['--scale', 'tiny', '--seed', '1', '--out', 'd', '--bogus'], /bogus/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseSynthArgs(argv)).toThrow(message);
  });

  it('exits non-zero with a message on bad input', () => {
    const r = spawnSync(join('node_modules', '.bin', 'tsx'), ['pipelines/cli/synth.ts', '--scale', 'huge', '--out', 'x'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--scale must be one of tiny, skewed, demo, statewide, statewide2x (got 'huge')");
    expect(r.stderr).toContain('usage:');
  });

  it('--help names every scale', () => {
    for (const scale of ['tiny', 'skewed', 'demo', 'statewide', 'statewide2x']) expect(HELP).toMatch(new RegExp(`^  ${scale} `, 'm'));
  });
});
