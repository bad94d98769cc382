// Filters resolve against the release (only what its catalog has), and page
// sections are lookups of released cells, falling back to the nearest table
// the release has and saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { page } from '~/dashboard/pages';
import { kpiTiles } from '~/dashboard/overview.server';
import { breakdownView, trendSection } from '~/dashboard/sections.server';
import { resolveView } from '~/dashboard/view.server';
import { requireProgramAccess, type ProgramAccess } from '~/auth/guards.server';
import type { SignedIn } from '~/auth/session.server';
import { closeAppStore } from '~/store/app-store.server';
import { closeReleaseCache, readRelease } from '~/release/reader.server';
import type { ReleaseSnapshot } from '~/release/snapshot.server';
import path from 'node:path';
import { makeTempDir, writeReleaseFixture, type FixtureCell } from '../helpers/release-fixture';

let release: ReleaseSnapshot;
let whole: ProgramAccess;
let cleanup = () => {};

/** A signed-in program manager assigned `programs` ('*': all of them). */
const manager = (programs: string[]): SignedIn => ({
  sessionId: 'test',
  user: { id: 1, email: 'pm@example.org', name: 'PM', active: true, mustChangePassword: false, roles: ['program_manager'], programs },
});

const c = (metric: string, grain: FixtureCell['grain'], period: string, dimension: string, dimensionValue: string, value: number | null): FixtureCell => ({
  metric, grain, period, dimension, dimensionValue, value,
});

beforeAll(async () => {
  const tmp = makeTempDir();
  cleanup = tmp.cleanup;
  process.env.PEER_OUTCOMES_APP_STORE = path.join(tmp.dir, 'app.duckdb'); // refusals are audited there
  const cells: FixtureCell[] = [];
  for (const [i, m] of ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'].entries()) {
    cells.push(c('participants_served', 'month', m, 'total', 'all', 100 + i));
    cells.push(c('participants_served', 'month', m, 'program', 'Harbor', 60 + i));
    cells.push(c('participants_served', 'month', m, 'program', 'Lantern', i === 2 ? null : 40 + i));
    cells.push(c('satisfaction_response_rate', 'month', m, 'total', 'all', 0.5));
  }
  for (const q of ['2025-Q1', '2025-Q2']) {
    cells.push(c('participants_served', 'quarter', q, 'total', 'all', 300));
    cells.push(c('participants_served', 'quarter', q, 'program', 'Harbor', 180));
    cells.push(c('participants_served', 'quarter', q, 'site', 'Harbor — East', 100));
    cells.push(c('participants_served', 'quarter', q, 'site', 'Harbor — West', null));
    cells.push(c('participants_served', 'quarter', q, 'site', 'Lantern — Hill', 120));
    cells.push(c('participants_served', 'quarter', q, 'gender', 'woman', 150));
    cells.push(c('ethics_training_current', 'quarter', q, 'total', 'all', 0.9));
    cells.push(c('ethics_training_current', 'quarter', q, 'program', 'Harbor', 0.8));
  }
  await writeReleaseFixture(tmp.dir, {
    cells,
    metrics: {
      ethics_training_current: { family: 'professional_standards', unit: 'proportion', kind: 'share', privacy_unit: 'staff', decimals: 3 },
      satisfaction_response_rate: { family: 'satisfaction_trust', unit: 'proportion', kind: 'share', privacy_unit: 'participant', decimals: 3 },
    },
    siteProgram: { 'Harbor — East': 'Harbor', 'Harbor — West': 'Harbor', 'Lantern — Hill': 'Lantern' },
    partialPeriods: ['2025-05'], // the data ends inside May
  });
  const result = await readRelease(tmp.dir);
  if (result.kind !== 'release') throw new Error('no release');
  release = result.release;
  whole = await requireProgramAccess(manager(['*']), release, new Request('http://x/dashboard'));
});
afterAll(() => {
  closeReleaseCache();
  closeAppStore();
  cleanup();
});

const url = (q: string) => new URL(`http://x/dashboard/engagement${q}`);

describe('dashboard filters', () => {
  it('defaults to all programs, by quarter, over every period', () => {
    const r = resolveView(release, url(''), page('engagement'), whole);
    expect(r.view).toEqual({ program: null, site: null, grain: 'quarter', from: '2025-Q1', to: '2025-Q2', by: null });
    expect(r.notices).toEqual([]);
    expect(r.options.programs.map((p) => p.value)).toEqual(['Harbor', 'Lantern']);
    expect(r.options.breakdowns.map((b) => b.value).sort()).toEqual(['gender', 'program']);
    expect(r.options.breakdownsInProgram.map((b) => b.value)).toEqual(['site']);
  });

  it('drops what the release does not have, with a notice for each', () => {
    const r = resolveView(release, url('?program=Nowhere&grain=week&from=2031-Q1&by=shoe_size'), page('engagement'), whole);
    expect(r.view.program).toBeNull();
    expect(r.view.grain).toBe('quarter');
    expect(r.view.from).toBe('2025-Q1');
    expect(r.view.by).toBeNull();
    expect(r.notices).toHaveLength(4);
  });

  it('takes a site’s program from the release and refuses a site of another program', () => {
    expect(resolveView(release, url('?site=Harbor%20%E2%80%94%20East'), page('engagement'), whole).view.program).toBe('Harbor');
    const r = resolveView(release, url('?program=Lantern&site=Harbor%20%E2%80%94%20East'), page('engagement'), whole);
    expect(r.view).toMatchObject({ program: 'Lantern', site: null });
    expect(r.notices[0]).toContain('not part of Lantern');
  });

  it('offers within a program only its sites as a breakdown', () => {
    const r = resolveView(release, url('?program=Harbor&by=gender'), page('engagement'), whole);
    expect(r.view.by).toBeNull();
    expect(r.notices[0]).toContain('not a breakdown');
  });

  it('swaps a range given backwards', () => {
    const r = resolveView(release, url('?grain=month&from=2025-04&to=2025-02'), page('engagement'), whole);
    expect([r.view.from, r.view.to]).toEqual(['2025-02', '2025-04']);
  });

  it('notes when a table stops before the range does', () => {
    const r = resolveView(release, url('?grain=month'), page('engagement'), whole);
    const s = trendSection(release, r.view, r.scope, 'participants_served')!;
    expect(s.notes).toEqual([]); // ends in May, as the range does
    const q = resolveView(release, url('?grain=quarter&to=2025-Q2'), page('standards'), whole);
    expect(trendSection(release, q.view, q.scope, 'ethics_training_current')!.notes).toEqual([]);
  });
});

describe('dashboard sections', () => {
  it('shows released cells for the scope and range, suppressed ones as suppressed', () => {
    const r = resolveView(release, url('?program=Lantern&grain=month&from=2025-02&to=2025-04'), page('engagement'), whole);
    const s = trendSection(release, r.view, r.scope, 'participants_served')!;
    expect(s.trend?.tableId).toBe('participants_served:month:program');
    expect(s.trend?.points.map((p) => [p.period, p.value])).toEqual([
      ['2025-02', { status: 'released', value: 41 }],
      ['2025-03', { status: 'suppressed' }],
      ['2025-04', { status: 'released', value: 43 }],
    ]);
  });

  it('falls back to a coarser grain for a site, and says so', () => {
    const r = resolveView(release, url('?site=Harbor%20%E2%80%94%20West&grain=month'), page('engagement'), whole);
    const s = trendSection(release, r.view, r.scope, 'participants_served')!;
    expect(s.trend?.grain).toBe('quarter');
    expect(s.trend?.points.map((p) => p.value?.status)).toEqual(['suppressed', 'suppressed']);
    expect(s.notes.join(' ')).toContain('shown by quarter');
  });

  it('shows a staff measure for a site’s program, and says so', () => {
    const r = resolveView(release, url('?site=Harbor%20%E2%80%94%20East'), page('standards'), whole);
    const s = trendSection(release, r.view, r.scope, 'ethics_training_current')!;
    expect(s.scopeLabel).toBe('Harbor');
    expect(s.trend?.points.map((p) => p.value)).toEqual([{ status: 'released', value: 0.8 }, { status: 'released', value: 0.8 }]);
    expect(s.notes[0]).toContain('Not released by site');
  });

  it('breaks a program down into its own sites only', () => {
    const r = resolveView(release, url('?program=Harbor&by=site'), page('engagement'), whole);
    const s = trendSection(release, r.view, r.scope, 'participants_served')!;
    expect(s.breakdown?.rows.map((row) => row.value)).toEqual(['Harbor — East', 'Harbor — West']);
  });

  it('draws groups over time against the whole the account may see: all programs, a program for its sites', () => {
    const r = resolveView(release, url('?grain=month&by=program'), page('engagement'), whole);
    const b = trendSection(release, r.view, r.scope, 'participants_served')!.breakdown!;
    expect(b.reference).toMatchObject({ label: 'All programs', tableId: 'participants_served:month:total', dimensionValue: 'all' });
    expect(b.reference?.cells.map((v) => v?.status === 'released' && v.value)).toEqual([100, 101, 102, 103, 104]);
    const site = resolveView(release, url('?program=Harbor&by=site'), page('engagement'), whole);
    const bySite = trendSection(release, site.view, site.scope, 'participants_served')!.breakdown!;
    expect(bySite.reference).toMatchObject({ label: 'Harbor', tableId: 'participants_served:quarter:program', dimensionValue: 'Harbor' });
  });

  it('shows the programs of an account assigned several side by side, without their total', () => {
    const scope = { dimension: 'program' as const, value: 'Harbor', label: 'Harbor', peers: ['Harbor', 'Lantern'] };
    const r = resolveView(release, url('?grain=month'), page('engagement'), whole);
    const b = breakdownView(release, r.view, scope, 'participants_served', 'program')!;
    expect(b.rows.map((row) => row.value)).toEqual(['Harbor', 'Lantern']);
    expect(b.reference).toBeNull();
    // Without peers a program has no breakdown by program.
    expect(breakdownView(release, r.view, { ...scope, peers: undefined }, 'participants_served', 'program')).toBeNull();
  });

  it('gives a share of the people served the released count behind it, and a count none', () => {
    const r = resolveView(release, url('?grain=month'), page('satisfaction'), whole);
    const base = trendSection(release, r.view, r.scope, 'satisfaction_response_rate')!.trend!.base;
    // The fixture's catalog labels a metric by its id.
    expect(base).toMatchObject({ label: 'participants_served', tableId: 'participants_served:month:total' });
    expect(base?.cells.map((v) => v?.status === 'released' && v.value)).toEqual([100, 101, 102, 103, 104]);
    expect(trendSection(release, r.view, r.scope, 'participants_served')!.trend!.base).toBeNull();
  });

  it('gives each tile the latest complete period with a value, and the one before', () => {
    const r = resolveView(release, new URL('http://x/dashboard?program=Lantern'), page('overview'), whole);
    const tile = kpiTiles(release, r.view, r.scope).find((t) => t.metric.id === 'participants_served')!;
    expect(tile.current).toMatchObject({ period: '2025-04', value: { status: 'released', value: 43 } }); // not the partial May
    expect(tile.prior).toMatchObject({ period: '2025-03', value: { status: 'suppressed' } });
  });

  it('compares a tile with no partial prior period', () => {
    const r = resolveView(release, new URL('http://x/dashboard'), page('overview'), whole);
    const tile = kpiTiles(release, r.view, r.scope).find((t) => t.metric.id === 'participants_served')!;
    expect(tile.current?.period).toBe('2025-04');
    expect(tile.prior?.period).toBe('2025-03');
  });
});

describe('program access', () => {
  const at = (q: string) => new Request(`http://x/dashboard/engagement${q}`);

  it('narrows a manager of one program to it: no all-programs view, only its sites', async () => {
    const access = await requireProgramAccess(manager(['Harbor']), release, at(''));
    expect(access).toMatchObject({ whole: false, programs: ['Harbor'] });
    const r = resolveView(release, url(''), page('engagement'), access);
    expect(r.view.program).toBe('Harbor');
    expect(r.options.allPrograms).toBe(false);
    expect(r.options.programs.map((o) => o.value)).toEqual(['Harbor']);
    expect(r.options.sites.map((o) => o.value)).toEqual(['Harbor — East', 'Harbor — West']);
  });

  it('counts a manager assigned every program of the release as whole', async () => {
    expect((await requireProgramAccess(manager(['Lantern', 'Harbor']), release, at(''))).whole).toBe(true);
  });

  it.each([
    ['?program=Lantern', 'another program'],
    ['?site=Lantern%20%E2%80%94%20Hill', 'a site of another program'],
    ['?program=Atlantis', 'a program the account is not assigned, even one the release lacks'],
  ])('refuses %s (%s) with a 403 that names nothing of it', async (q) => {
    const refusal = await requireProgramAccess(manager(['Harbor']), release, at(q)).then(
      () => null,
      (e: unknown) => e,
    );
    await expectRefusal(refusal, /Lantern|Atlantis/);
  });

  it('lets a manager of all programs open a release without program tables, and refuses a manager of some', async () => {
    const tmp = makeTempDir();
    try {
      await writeReleaseFixture(tmp.dir, { cells: [c('participants_served', 'quarter', '2025-Q1', 'total', 'all', 300)] });
      const result = await readRelease(tmp.dir);
      if (result.kind !== 'release') throw new Error('no release');
      await expect(requireProgramAccess(manager(['*']), result.release, at(''))).resolves.toMatchObject({ whole: true, programs: [] });
      await expectRefusal(await requireProgramAccess(manager(['Harbor']), result.release, at('')).catch((e: unknown) => e));
    } finally {
      tmp.cleanup();
    }
  });

  it('refuses a page of all programs together to a manager of some', async () => {
    const refusal = await requireProgramAccess(manager(['Harbor']), release, at(''), { whole: true }).catch((e: unknown) => e);
    await expectRefusal(refusal);
  });
});

/** A guard's refusal: a thrown 403 in plain words that names nothing of `secret`. */
async function expectRefusal(refusal: unknown, secret?: RegExp) {
  expect(refusal).toBeInstanceOf(Response);
  const response = refusal as Response;
  expect(response.status).toBe(403);
  const text = await response.text();
  expect(text).toContain('Not open to your account');
  if (secret) expect(text).not.toMatch(secret);
}
