// Professional standards: the staff roster, supervision, trainings and
// incidents. Planted: one program (world.lowSupervisionProgram) supervises
// about half as often; some staff let ethics training lapse; incidents are
// rare and follow encounter volume, so a busy site-month has more of them.
import { INCIDENT_CATEGORIES } from '../contract/entities';
import { dayOf, fmtDay, weekday, WINDOW_END, WINDOW_MONTHS, WINDOW_START, windowMonthEnd, windowMonthStart } from './calendar';
import { idSequence, type GenContext } from './context';
import { csvField, EOL, type CsvWriter } from './csv-writer';
import type { Rec } from './malformed';
import { clamp, Rng, Weighted } from './random';
import { employedOn, type StaffMember } from './world';

export const STAFF_COLUMNS = ['staff_id', 'first_name', 'last_name', 'email', 'phone', 'program', 'site', 'role', 'hired_on', 'left_on'] as const;
export const SUPERVISION_COLUMNS = ['supervision_id', 'staff_id', 'date', 'minutes'] as const;
export const TRAINING_COLUMNS = ['staff_id', 'course', 'completed_on'] as const;
export const INCIDENT_COLUMNS = ['incident_id', 'site', 'staff_id', 'date', 'category', 'severity', 'resolved_on'] as const;

function lastDay(m: StaffMember): number {
  return m.left >= 0 && m.left < WINDOW_END ? m.left : WINDOW_END;
}

function staffRecord(m: StaffMember): Rec {
  return {
    staff_id: m.id,
    first_name: m.first,
    last_name: m.last,
    email: m.email,
    phone: m.phone,
    program: m.site.program.name,
    site: m.site.name,
    role: m.role,
    hired_on: fmtDay(m.hired),
    left_on: m.left >= 0 ? fmtDay(m.left) : '',
  };
}

export async function writeStaff(ctx: GenContext, w: CsvWriter): Promise<void> {
  const staff = ctx.world.staff;
  const width = Math.max(4, String(staff.length).length);
  const planter = ctx.planter(w.file, staff.length, 'staff_id', idSequence('S', width, staff.length));
  for (let k = 0; k < staff.length; k++) {
    const rec = staffRecord(staff[k]!);
    w.record(rec);
    if (planter.due(k)) planter.plant(w, k, rec);
  }
  planter.finish(w, staff.length ? staffRecord(staff[staff.length - 1]!) : undefined);
  await w.pace();
}

/** A weekday between from and to (inclusive), or from itself when the span has none. */
function weekdayIn(rng: Rng, from: number, to: number): number {
  for (let tries = 0; tries < 8; tries++) {
    const d = rng.int(from, to);
    const wd = weekday(d);
    if (wd !== 0 && wd !== 6) return d;
  }
  return from;
}

export async function writeSupervision(ctx: GenContext, w: CsvWriter): Promise<void> {
  const staff = ctx.world.staff;
  const nextId = idSequence('SUP', 7);
  const planter = ctx.planter(w.file, staff.length, 'supervision_id', nextId);
  let template: Rec | undefined;
  for (let k = 0; k < staff.length; k++) {
    const m = staff[k]!;
    let last: string[] | undefined;
    if (m.role === 'peer_specialist') {
      const rng = new Rng(ctx.seed, 'supervision', m.number);
      const rate = m.site.program.lowSupervision ? 0.45 : 0.9;
      for (let mi = 0; mi < WINDOW_MONTHS; mi++) {
        const from = Math.max(windowMonthStart(mi), m.hired);
        const to = Math.min(windowMonthEnd(mi), lastDay(m));
        if (to - from < 9) continue; // not employed long enough that month to be due
        const sessions = rng.chance(rate) ? (rng.chance(0.06) ? 2 : 1) : 0;
        const days = Array.from({ length: sessions }, () => weekdayIn(rng, from, to)).sort((a, b) => a - b);
        for (const d of days) {
          const minutes = clamp(Math.round(rng.normal(60, 15) / 5) * 5, 30, 90);
          last = [nextId(), m.id, fmtDay(d), String(minutes)];
          w.line(last.join(',') + EOL);
        }
      }
    }
    if (last && planter.due(k)) template = Object.fromEntries(SUPERVISION_COLUMNS.map((c, i) => [c, last![i]!]));
    if (template) planter.plant(w, k, template);
    await w.pace();
  }
  planter.finish(w, template);
}

const TRAINING_FLOOR = dayOf(2022, 1, 1);

/** Course completions of one staff member, in date order, from 2022 to when they left. */
function trainingsOf(rng: Rng, m: StaffMember): [string, number][] {
  const end = lastDay(m);
  const start = Math.max(m.hired, TRAINING_FLOOR);
  const out: [string, number][] = [];
  const yearBefore = WINDOW_START - 365;

  // Ethics renews yearly; about one in five lets it lapse for a stretch, so the
  // "% with current ethics training" metric has something to show.
  const lapseAt = rng.chance(0.2) ? rng.int(0, 1) : -1;
  let ethics = m.hired >= yearBefore ? m.hired + rng.int(14, 60) : rng.int(yearBefore, WINDOW_START - 1);
  for (let n = 0; ethics <= end; n++) {
    out.push(['ethics', ethics]);
    ethics += n === lapseAt ? rng.int(480, 720) : rng.int(320, 395);
  }
  let conf = m.hired >= yearBefore ? m.hired + rng.int(7, 30) : rng.int(Math.max(start, dayOf(2022, 6, 1)), WINDOW_START - 1);
  while (conf <= end) {
    out.push(['confidentiality', conf]);
    conf += rng.int(700, 760);
  }
  const once = (course: string, p: number) => {
    if (rng.chance(p) && start <= end) out.push([course, rng.int(start, end)]);
  };
  once('trauma_informed_care', 0.6);
  once('crisis_response', 0.4);
  once('other', 0.25);
  once('other', 0.1);
  out.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  // (staff, course, date) is the file's key: drop a same-day repeat of a course.
  return out.filter((t, i) => i === 0 || t[0] !== out[i - 1]![0] || t[1] !== out[i - 1]![1]);
}

export async function writeTrainings(ctx: GenContext, w: CsvWriter): Promise<void> {
  const staff = ctx.world.staff;
  const planter = ctx.planter(w.file, staff.length);
  let template: Rec | undefined;
  for (let k = 0; k < staff.length; k++) {
    const m = staff[k]!;
    const list = trainingsOf(new Rng(ctx.seed, 'trainings', m.number), m);
    for (const [course, day] of list) w.line(`${m.id},${course},${fmtDay(day)}${EOL}`);
    const first = list[0];
    if (first && planter.due(k)) template = { staff_id: m.id, course: first[0], completed_on: fmtDay(first[1]) };
    if (template) planter.plant(w, k, template);
    await w.pace();
  }
  planter.finish(w, template);
}

/** One incident per about this many encounters. */
const ENCOUNTERS_PER_INCIDENT = 2000;
const CATEGORY = new Weighted([
  ['boundary', 0.3], ['confidentiality', 0.25], ['dual_relationship', 0.15], ['conflict_of_interest', 0.1], ['other', 0.2],
] as const);
const SEVERITY = new Weighted([['low', 0.6], ['moderate', 0.3], ['high', 0.1]] as const);

interface Incident {
  site: string;
  staff: string;
  day: number;
  category: string;
  severity: string;
  resolved: number;
}

export async function writeIncidents(ctx: GenContext, w: CsvWriter, perSiteMonth: Int32Array): Promise<void> {
  const incidents: Incident[] = [];
  for (const site of ctx.world.sites) {
    for (let mi = 0; mi < WINDOW_MONTHS; mi++) {
      const rng = new Rng(ctx.seed, 'incidents', site.index * WINDOW_MONTHS + mi);
      const n = rng.poisson(perSiteMonth[site.index * WINDOW_MONTHS + mi]! / ENCOUNTERS_PER_INCIDENT);
      const days = Array.from({ length: n }, () => rng.int(windowMonthStart(mi), windowMonthEnd(mi))).sort((a, b) => a - b);
      for (const day of days) {
        const peers = employedOn(site, day, 'peer_specialist');
        const anyone = peers.length && rng.chance(0.85) ? peers : employedOn(site, day);
        const severity = SEVERITY.sample(rng);
        const category = CATEGORY.sample(rng);
        let resolved = -1;
        if (rng.chance(0.88)) {
          const d = day + (severity === 'high' ? rng.int(7, 90) : severity === 'moderate' ? rng.int(3, 60) : rng.int(1, 30));
          if (d <= WINDOW_END) resolved = d;
        }
        incidents.push({ site: site.name, staff: rng.pick(anyone).id, day, category, severity, resolved });
      }
    }
  }
  ensureEveryCategory(incidents);
  incidents.sort((a, b) => a.day - b.day);
  const nextId = idSequence('I', 6);
  const planter = ctx.planter(w.file, incidents.length, 'incident_id', nextId);
  let template: Rec | undefined;
  incidents.forEach((x, k) => {
    const rec: Rec = {
      incident_id: nextId(),
      site: x.site,
      staff_id: x.staff,
      date: fmtDay(x.day),
      category: x.category,
      severity: x.severity,
      resolved_on: x.resolved >= 0 ? fmtDay(x.resolved) : '',
    };
    w.line(INCIDENT_COLUMNS.map((c) => csvField(rec[c]!)).join(',') + EOL);
    if (planter.due(k)) template = rec;
    if (template) planter.plant(w, k, template);
  });
  // A tiny run can draw no incidents at all; planted rows then copy a made-up one.
  if (!template && ctx.world.sites.length) {
    const site = ctx.world.sites[0]!;
    template = {
      incident_id: '',
      site: site.name,
      staff_id: employedOn(site, WINDOW_START)[0]!.id,
      date: fmtDay(WINDOW_START + 40),
      category: 'other',
      severity: 'low',
      resolved_on: fmtDay(WINDOW_START + 45),
    };
  }
  planter.finish(w, template);
  await w.pace();
}

/** With enough incidents every category should appear; recode from the most common one if chance missed some. */
function ensureEveryCategory(incidents: Incident[]): void {
  if (incidents.length < 50) return;
  for (const cat of INCIDENT_CATEGORIES) {
    if (incidents.some((x) => x.category === cat)) continue;
    const counts = new Map<string, number>();
    for (const x of incidents) counts.set(x.category, (counts.get(x.category) ?? 0) + 1);
    const common = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const victim = incidents.find((x) => x.category === common)!;
    victim.category = cat;
  }
}
