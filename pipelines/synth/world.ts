// Programs, sites and staff. Staff are organised in positions: a position is
// held by one person at a time, and a leaver's replacement starts up to two
// weeks before the leaver goes, so every site has a peer specialist on every
// day of the window and an encounter can always name one who was employed.
import { STAFF_ROLES } from '../contract/entities';
import { dayOf, WINDOW_END, WINDOW_START } from './calendar';
import { fakeContact, fakeName } from './identity';
import { LAGGING_AREA, ORDINARY_ZIP3, PROGRAM_NAMES, SITE_AREAS, SMALL_AREA } from './names';
import { clamp, Rng } from './random';
import type { ScaleConfig } from './scales';

export type StaffRole = (typeof STAFF_ROLES)[number];

export interface Program {
  index: number;
  name: string;
  short: string;
  /** The planted program that supervises noticeably less often. */
  lowSupervision: boolean;
  sites: Site[];
}

export interface Site {
  index: number;
  name: string;
  program: Program;
  /** Two home ZIP3s; most participants live in the first. */
  zip3: readonly [string, string];
  /** Relative share of the scale's participants (before the small site is carved out). */
  weight: number;
  lagging: boolean;
  small: boolean;
  /** Peer-specialist positions; participants are assigned to one. */
  peerPositions: Position[];
  /** Everyone who worked at the site during the window, in hire order. */
  staff: StaffMember[];
}

export interface Position {
  role: StaffRole;
  holders: StaffMember[];
}

export interface StaffMember {
  /** 1-based number, in hire order across the whole organisation. */
  number: number;
  id: string;
  role: StaffRole;
  site: Site;
  hired: number;
  /** Day left, or -1 while employed. */
  left: number;
  first: string;
  last: string;
  email: string;
  phone: string;
}

export interface World {
  programs: Program[];
  sites: Site[];
  staff: StaffMember[];
  laggingSite: Site;
  smallSite: Site;
  lowSupervisionProgram: Program;
}

/** Programs and sites only; staffing waits until participant counts per site are known. */
export function buildSites(cfg: ScaleConfig, seed: number): Omit<World, 'staff'> {
  if (cfg.programs < 1 || cfg.programs > PROGRAM_NAMES.length) throw new Error(`programs must be 1..${PROGRAM_NAMES.length}`);
  if (cfg.skew && cfg.skew.siteWeights.length !== cfg.sites) throw new Error(`siteWeights must give ${cfg.sites} sites`);
  const rng = new Rng(seed, 'sites');
  // Summit (the second program) is the low-supervision one and holds the small
  // site in every scale that has it, so documentation can name them; a
  // one-program world plants both in its only program.
  const plantedProgram = Math.min(1, cfg.programs - 1);
  const programs: Program[] = [];
  const sites: Site[] = [];
  const base = Math.floor(cfg.sites / cfg.programs);
  const extra = cfg.sites % cfg.programs;
  for (let p = 0; p < cfg.programs; p++) {
    const pn = PROGRAM_NAMES[p]!;
    const program: Program = { index: p, name: pn.name, short: pn.short, lowSupervision: p === plantedProgram, sites: [] };
    programs.push(program);
    const n = base + (p < extra ? 1 : 0);
    const least = cfg.programs === 1 ? 3 : 2;
    if (n < least || n > SITE_AREAS.length) throw new Error(`sites per program must be ${least}..${SITE_AREAS.length}`);
    const areas: string[] = [];
    for (let j = 0; j < n; j++) areas.push(SITE_AREAS[(p * 5 + j) % SITE_AREAS.length]!);
    // The planted sites keep fixed names across scales and seeds.
    if (p === 0) areas[1] = LAGGING_AREA;
    if (p === plantedProgram) areas[n - 1] = SMALL_AREA;
    for (let j = 0; j < n; j++) {
      const z1 = rng.pick(ORDINARY_ZIP3);
      let z2 = rng.pick(ORDINARY_ZIP3);
      if (z2 === z1) z2 = ORDINARY_ZIP3[(ORDINARY_ZIP3.indexOf(z1) + 1) % ORDINARY_ZIP3.length]!;
      const site: Site = {
        index: sites.length,
        name: `${pn.short} — ${areas[j]}`,
        program,
        zip3: [z1, z2],
        weight: clamp(rng.lognormal(1, 0.45), 0.4, 2.5),
        lagging: p === 0 && j === 1,
        small: p === plantedProgram && j === n - 1,
        peerPositions: [],
        staff: [],
      };
      // The lagging site must be big enough for its lag to show in released cells.
      if (site.lagging) site.weight = Math.max(site.weight, 1.1);
      if (cfg.skew) site.weight = cfg.skew.siteWeights[site.index]!;
      program.sites.push(site);
      sites.push(site);
    }
  }
  return {
    programs,
    sites,
    laggingSite: sites.find((s) => s.lagging)!,
    smallSite: sites.find((s) => s.small)!,
    lowSupervisionProgram: programs[plantedProgram]!,
  };
}

const TURNOVER: Record<StaffRole, number> = { peer_specialist: 0.22, supervisor: 0.12, coordinator: 0.1 };
const EARLIEST_HIRE = dayOf(2008, 1, 1);

/** Fills in positions and staff for each site, given how many participants each site enrolls. */
export function buildStaff(world: Omit<World, 'staff'>, participantsPerSite: readonly number[], cfg: ScaleConfig, seed: number): World {
  const all: StaffMember[] = [];
  for (const site of world.sites) {
    const rng = new Rng(seed, 'staff', site.index);
    const peers = Math.max(1, Math.round((participantsPerSite[site.index] ?? 0) / cfg.participantsPerPeerSpecialist));
    const supervisors = 1 + Math.floor(peers / 12);
    const coordinators = site === site.program.sites[0] || peers >= 8 ? 1 : 0;
    const make = (role: StaffRole, count: number): Position[] => {
      const out: Position[] = [];
      for (let k = 0; k < count; k++) {
        const pos: Position = { role, holders: [] };
        const hired = clamp(WINDOW_START - Math.round(rng.lognormal(3 * 365, 0.7)), EARLIEST_HIRE, WINDOW_START - 14);
        let holder = newMember(rng, role, site, hired);
        pos.holders.push(holder);
        let rate = TURNOVER[role];
        while (rng.chance(rate)) {
          const from = Math.max(holder.hired + 90, WINDOW_START + 30);
          if (from > WINDOW_END - 30) break;
          holder.left = rng.int(from, WINDOW_END - 30);
          holder = newMember(rng, role, site, holder.left - rng.int(0, 14));
          pos.holders.push(holder);
          rate /= 2;
        }
        out.push(pos);
      }
      return out;
    };
    const positions = [...make('supervisor', supervisors), ...make('coordinator', coordinators), ...make('peer_specialist', peers)];
    site.peerPositions = positions.filter((p) => p.role === 'peer_specialist');
    for (const pos of positions) all.push(...pos.holders);
  }
  // Source systems number staff as they are hired.
  all.sort((a, b) => a.hired - b.hired || a.site.index - b.site.index);
  const width = Math.max(4, String(all.length).length);
  all.forEach((m, i) => {
    m.number = i + 1;
    m.id = `S${String(i + 1).padStart(width, '0')}`;
    const contact = fakeContact(new Rng(seed, 'staff-contact', i), m.first, m.last, `s${i + 1}`);
    m.email = contact.email;
    m.phone = contact.phone;
    m.site.staff.push(m);
  });
  return { ...world, staff: all };
}

function newMember(rng: Rng, role: StaffRole, site: Site, hired: number): StaffMember {
  const [first, last] = fakeName(rng);
  return { number: 0, id: '', role, site, hired, left: -1, first, last, email: '', phone: '' };
}

/** The member of a position employed on `day` (positions have no gaps inside the window). */
export function holderOn(pos: Position, day: number): StaffMember {
  const h = pos.holders;
  for (let i = h.length - 1; i > 0; i--) if (h[i]!.hired <= day) return h[i]!;
  return h[0]!;
}

/** Staff of a site employed on `day`, optionally of one role. */
export function employedOn(site: Site, day: number, role?: StaffRole): StaffMember[] {
  return site.staff.filter((m) => m.hired <= day && (m.left < 0 || m.left >= day) && (role === undefined || m.role === role));
}
