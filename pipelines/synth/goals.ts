// Recovery goals: one to four per person, the first near intake. People in
// weekly contact and goals the person chose themselves are achieved more often;
// a goal counts as achieved only while the person is still around to report it.
import { fmtDay, WINDOW_END } from './calendar';
import { idSequence, type GenContext } from './context';
import { EOL, type CsvWriter } from './csv-writer';
import type { Rec } from './malformed';
import { SPORADIC, WEEKLY } from './people';
import { clamp, Rng, Weighted } from './random';

export const GOAL_COLUMNS = ['goal_id', 'participant_id', 'set_on', 'set_by', 'domain', 'achieved_on'] as const;

const COUNT = new Weighted([[1, 0.3], [2, 0.35], [3, 0.22], [4, 0.13]] as const);
const SET_BY = new Weighted([['participant', 0.42], ['joint', 0.38], ['staff', 0.2]] as const);
const DOMAIN = new Weighted([
  ['recovery', 0.24], ['housing', 0.16], ['health', 0.15], ['employment', 0.13], ['relationships', 0.12],
  ['community', 0.08], ['education', 0.07], ['other', 0.05],
] as const);

export async function writeGoals(ctx: GenContext, w: CsvWriter): Promise<void> {
  const nextId = idSequence('G', 7);
  const planter = ctx.planter(w.file, ctx.participants.length, 'goal_id', nextId);
  let template: Rec | undefined;
  for (let k = 0; k < ctx.participants.length; k++) {
    const p = ctx.participants[k]!;
    const rng = new Rng(ctx.seed, 'goals', p.number);
    const reached = p.firstContact >= 0;
    const count = reached ? COUNT.sample(rng) : 1;
    const goals: { set: number; by: string; domain: string; achieved: number }[] = [];
    for (let g = 0; g < count; g++) {
      let set = p.enrolled + (g === 0 ? rng.int(0, 21) : rng.int(14, 120));
      if (set > WINDOW_END) {
        if (g > 0) continue;
        set = p.enrolled;
      }
      const by = SET_BY.sample(rng);
      const domain = DOMAIN.sample(rng);
      const chance = reached
        ? 0.62 + (p.pattern === WEEKLY ? 0.12 : p.pattern === SPORADIC ? -0.17 : 0) + (by === 'participant' ? 0.06 : by === 'staff' ? -0.1 : 0) -
          (p.site.lagging ? 0.05 : 0)
        : 0.1;
      let achieved = -1;
      if (rng.chance(chance)) {
        const day = set + Math.round(clamp(rng.lognormal(60, 0.7), 7, 400));
        if (day <= WINDOW_END && day <= p.engagementEnd + 45) achieved = day;
      }
      goals.push({ set, by, domain, achieved });
    }
    goals.sort((a, b) => a.set - b.set);
    let last = '';
    for (const g of goals) {
      last = `${nextId()},${p.id},${fmtDay(g.set)},${g.by},${g.domain},${g.achieved >= 0 ? fmtDay(g.achieved) : ''}`;
      w.line(last + EOL);
    }
    if (planter.due(k) && last) {
      const f = last.split(',');
      template = Object.fromEntries(GOAL_COLUMNS.map((c, i) => [c, f[i] ?? '']));
    }
    if (template) planter.plant(w, k, template);
    await w.pace();
  }
  planter.finish(w, template);
}
