// Encounters, streamed one participant at a time: the statewide run writes
// over ten million rows, so nothing here keeps rows after they are written.
// Cadence follows the participant's contact pattern; a missed or cancelled
// meeting is often rebooked within days; August and the last days of December
// thin out; weekend meetings mostly move to a weekday.
import { fmtDay, seasonalSkip, weekday, windowMonthIndex, WINDOW_MONTHS } from './calendar';
import { idSequence, type GenContext } from './context';
import { csvField, EOL, type CsvWriter } from './csv-writer';
import type { Rec } from './malformed';
import { REGULAR, WEEKLY, type Participant } from './people';
import { clamp, Rng, Weighted } from './random';
import { holderOn } from './world';

export const ENCOUNTER_COLUMNS = ['encounter_id', 'participant_id', 'staff_id', 'date', 'minutes', 'modality', 'status', 'notes'] as const;

const MODALITY = new Weighted([
  ['in_person', 0.44],
  ['phone', 0.2],
  ['video', 0.12],
  ['text', 0.09],
  ['group', 0.15],
] as const);
const CANCELLED = 0.05;
const NOTE_SHARE = 0.05;
const GROUP_MINUTES = [60, 75, 90, 90, 120];
const TOPICS = ['housing search', 'job applications', 'family', 'staying sober over the holidays', 'a court date', 'benefits paperwork', 'a new apartment'];
const CANCEL_REASONS = ['car trouble', 'sick kid', 'work shift changed', 'forgot'];

export interface EncounterTotals {
  rows: number;
  /** Clean encounters per site and window month (site index × 24 + month); incidents are drawn from these. */
  perSiteMonth: Int32Array;
}

function round5(x: number): number {
  return Math.round(x / 5) * 5;
}

function minutesFor(rng: Rng, modality: string): number {
  switch (modality) {
    case 'in_person':
      return clamp(round5(rng.normal(55, 15)), 20, 120);
    case 'phone':
      return clamp(round5(rng.normal(25, 8)), 15, 60);
    case 'video':
      return clamp(round5(rng.normal(45, 10)), 20, 90);
    case 'text':
      return rng.chance(0.7) ? 15 : 20;
    default:
      return rng.pick(GROUP_MINUTES);
  }
}

function note(rng: Rng, p: Participant, status: string): string {
  if (status === 'no_show') return `No answer from ${p.first} at ${p.phone}, left voicemail`;
  if (status === 'cancelled') return `${p.first} ${p.last} cancelled: "${rng.pick(CANCEL_REASONS)}"`;
  switch (rng.int(0, 2)) {
    case 0:
      return `Met with ${p.first} ${p.last}; talked about ${rng.pick(TOPICS)}.`;
    case 1:
      return `${p.first} doing well, discussed ${rng.pick(TOPICS)}`;
    default:
      return `Check-in, ${p.first} ${p.last} shared about ${rng.pick(TOPICS)}`;
  }
}

export async function writeEncounters(ctx: GenContext, w: CsvWriter): Promise<EncounterTotals> {
  const { seed, participants, world } = ctx;
  const nextId = idSequence('E', 8);
  const planter = ctx.planter(w.file, participants.length, 'encounter_id', nextId);
  const perSiteMonth = new Int32Array(world.sites.length * WINDOW_MONTHS);
  const modalities = ctx.cfg.skew ? new Weighted(ctx.cfg.skew.modality) : MODALITY;
  let template: Rec | undefined;
  let clean = 0;

  for (let k = 0; k < participants.length; k++) {
    const p = participants[k]!;
    let lastLine: string[] | undefined;
    if (p.firstContact >= 0) {
      const rng = new Rng(seed, 'encounters', p.number);
      const positions = p.site.peerPositions;
      const own = positions[Math.floor(p.positionDraw * positions.length)]!;
      const slow = p.site.lagging ? 1.45 : 1;
      const siteBase = p.site.index * WINDOW_MONTHS;
      let d = p.firstContact;
      let last = p.firstContact;
      let rebook = false;
      for (;;) {
        let e = d;
        const wd = weekday(e);
        if (wd === 0) {
          if (rng.chance(0.85)) e += 1;
        } else if (wd === 6 && rng.chance(0.8)) e += rng.chance(0.5) ? -1 : 2;
        if (e < last) e = last;
        if (e > p.engagementEnd) break;
        rebook = false;
        const skip = seasonalSkip(e);
        if (skip === 0 || rng.next() >= skip) {
          const u = rng.next();
          const status = u < CANCELLED ? 'cancelled' : u < CANCELLED + p.noShow ? 'no_show' : 'attended';
          const modality = modalities.sample(rng);
          const minutes = status === 'attended' ? minutesFor(rng, modality) : 0;
          // Groups are run by whichever peer specialist facilitates that day.
          const staff = holderOn(modality === 'group' ? rng.pick(positions) : own, e);
          const text = rng.next() < NOTE_SHARE ? csvField(note(rng, p, status)) : '';
          const id = nextId();
          const date = fmtDay(e);
          w.line(`${id},${p.id},${staff.id},${date},${minutes},${modality},${status},${text}${EOL}`);
          clean++;
          perSiteMonth[siteBase + windowMonthIndex(e)]!++;
          last = e;
          rebook = status !== 'attended' && rng.chance(0.5);
          if (planter.due(k)) lastLine = [id, p.id, staff.id, date, String(minutes), modality, status, ''];
        }
        let gap: number;
        if (rebook) gap = rng.int(2, 6);
        else if (p.pattern === WEEKLY) gap = rng.int(2, 4);
        else if (p.pattern === REGULAR) gap = rng.int(3, 10);
        else gap = 4 + Math.round(rng.exponential(16));
        d = e + Math.max(1, Math.round(gap * slow));
      }
    }
    if (lastLine) template = Object.fromEntries(ENCOUNTER_COLUMNS.map((c, i) => [c, lastLine![i]!]));
    if (template) planter.plant(w, k, template);
    await w.pace();
  }
  planter.finish(w, template);
  return { rows: clean, perSiteMonth };
}
