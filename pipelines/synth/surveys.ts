// Survey responses. Satisfaction and trust are asked together at 30/90/180
// days and at a planned discharge; recovery at intake, 90/180 days and
// discharge. Only people still engaged are asked, and fewer of the sporadic
// ones answer, which is how real follow-up samples skew. Answers scatter
// around the person's latent level; a reverse-worded item is answered from the
// other end of the scale, so a satisfied person disagrees with "a waste of my time".
import { MAX_ITEMS } from '../contract/entities';
import { instrument, type Instrument } from '../contract/instruments';
import { fmtDay, WINDOW_END } from './calendar';
import { idSequence, type GenContext } from './context';
import { EOL, type CsvWriter } from './csv-writer';
import type { Rec } from './malformed';
import type { Participant } from './people';
import { clamp, Rng } from './random';

const ITEM_COLUMNS = Array.from({ length: MAX_ITEMS }, (_, i) => `item_${i + 1}`);
export const SURVEY_COLUMNS = ['response_id', 'participant_id', 'instrument', 'timepoint', 'administered_on', ...ITEM_COLUMNS] as const;

const SATISFACTION = instrument('po_satisfaction');
const TRUST = instrument('po_trust');
const RECOVERY = instrument('po_recovery');

/** Share of follow-up invitations answered, by contact pattern. */
const RESPONSE_RATE = [0.8, 0.68, 0.52];

interface Response {
  ins: Instrument;
  timepoint: string;
  day: number;
  /** Latent answer level on the instrument's scale. */
  level: number;
}

function answers(rng: Rng, ins: Instrument, level: number): string {
  // A few respondents skip half the form (too few answers to score); the rest skip the odd item.
  const blank = rng.chance(0.03) ? 0.5 : 0.04;
  let s = '';
  for (let i = 1; i <= MAX_ITEMS; i++) {
    s += ',';
    if (i > ins.items || rng.chance(blank)) continue;
    let v = clamp(Math.round(level + rng.normal(0, 0.65)), ins.scaleMin, ins.scaleMax);
    if (ins.reverseItems.includes(i)) v = ins.scaleMin + ins.scaleMax - v;
    s += v;
  }
  return s;
}

function plan(rng: Rng, p: Participant, responseShare: number): Response[] {
  const out: Response[] = [];
  const rate = (RESPONSE_RATE[p.pattern]! - (p.site.lagging ? 0.1 : 0)) * responseShare;
  const recoveryAt = (gainShare: number): number => p.recoveryIntake + (p.recoveryGain * gainShare) / RECOVERY.items;
  const packet = (timepoint: string, day: number, gainShare: number | undefined) => {
    if (rng.chance(0.95)) out.push({ ins: SATISFACTION, timepoint, day, level: p.satisfaction + rng.normal(0, 0.25) });
    if (rng.chance(0.93)) out.push({ ins: TRUST, timepoint, day, level: p.trust + rng.normal(0, 0.25) });
    if (gainShare !== undefined && rng.chance(0.9)) out.push({ ins: RECOVERY, timepoint, day, level: recoveryAt(gainShare) });
  };

  if (rng.chance((p.firstContact >= 0 ? 0.85 : 0.4) * responseShare)) {
    const day = p.enrolled + (rng.chance(0.7) ? 0 : rng.int(1, 10));
    if (day <= WINDOW_END) out.push({ ins: RECOVERY, timepoint: 'intake', day, level: recoveryAt(0) });
  }
  if (p.firstContact >= 0) {
    for (const [timepoint, nominal, gain] of [['30d', 30, undefined], ['90d', 90, 0.6], ['180d', 180, 1]] as const) {
      if (p.engagementEnd < p.enrolled + nominal) break;
      // A planned discharge close to the follow-up replaces it.
      if (p.planned && p.discharged - (p.enrolled + nominal) < 14) break;
      const offset =
        nominal === 30 ? (rng.chance(0.15) ? rng.int(40, 70) : rng.int(25, 38)) : nominal === 90 ? rng.int(80, 105) : rng.int(165, 200);
      const day = p.enrolled + offset;
      if (day > WINDOW_END || day > p.engagementEnd + 14) break;
      if (rng.chance(rate)) packet(timepoint, day, gain);
    }
    if (p.planned && p.discharged >= 0 && rng.chance(rate + 0.05)) {
      packet('discharge', p.discharged, clamp((p.discharged - p.enrolled) / 180, 0.3, 1.3));
    }
  }
  return out;
}

export async function writeSurveys(ctx: GenContext, w: CsvWriter): Promise<void> {
  const nextId = idSequence('R', 7);
  const planter = ctx.planter(w.file, ctx.participants.length, 'response_id', nextId);
  let template: Rec | undefined;
  for (let k = 0; k < ctx.participants.length; k++) {
    const p = ctx.participants[k]!;
    const rng = new Rng(ctx.seed, 'surveys', p.number);
    const responses = plan(rng, p, ctx.cfg.skew?.surveyResponse ?? 1).sort((a, b) => a.day - b.day);
    let last = '';
    for (const r of responses) {
      last = `${nextId()},${p.id},${r.ins.id},${r.timepoint},${fmtDay(r.day)}${answers(rng, r.ins, r.level)}`;
      w.line(last + EOL);
    }
    if (planter.due(k) && last) {
      const fields = last.split(',');
      template = Object.fromEntries(SURVEY_COLUMNS.map((c, i) => [c, fields[i] ?? '']));
    }
    if (template) planter.plant(w, k, template);
    await w.pace();
  }
  planter.finish(w, template);
}
