// The instrument registry: how each survey is scored. Demo instruments are
// worded by this project (the item text below is ours, written for the demo);
// licensed instruments are described by structure only and never carry item
// text, so the repository cannot leak licensed wording.
import { z } from 'zod';

export const InstrumentSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/),
    title: z.string().min(1),
    construct: z.enum(['satisfaction', 'trust', 'recovery']),
    licence: z.enum(['project', 'free', 'licensed']),
    items: z.number().int().min(1).max(12),
    /** Item text, only for instruments this project wrote. */
    itemText: z.array(z.string()).optional(),
    scaleMin: z.number().int(),
    scaleMax: z.number().int(),
    /** 1-based item numbers scored in reverse (scaleMax + scaleMin − answer). */
    reverseItems: z.array(z.number().int().min(1)),
    /** Score: the mean of answered items (on the item scale), or their sum prorated to all items. */
    scoring: z.enum(['mean', 'prorated_sum']),
    /** Fewer answered items than this share and the response has no score. */
    minAnsweredShare: z.number().gt(0).max(1),
    /** Score at or above this is "positive" (satisfaction), "high" (trust) or "at or above the cut-off" (recovery). */
    positiveThreshold: z.number(),
    /** For the reliable change index (recovery): SD of intake scores in the reference population and reliability. */
    referenceSd: z.number().positive().optional(),
    reliability: z.number().gt(0).lt(1).optional(),
  })
  .refine((i) => i.scaleMin < i.scaleMax, 'scaleMin must be below scaleMax')
  .refine((i) => i.reverseItems.every((n) => n <= i.items), 'a reverse item is beyond the item count')
  .refine((i) => i.licence !== 'licensed' || i.itemText === undefined, 'licensed instruments carry no item text')
  .refine((i) => i.itemText === undefined || i.itemText.length === i.items, 'one text per item')
  .refine((i) => i.construct !== 'recovery' || (i.referenceSd !== undefined && i.reliability !== undefined),
    'recovery instruments need referenceSd and reliability for the reliable change index');
export type Instrument = z.infer<typeof InstrumentSchema>;

const registry: Instrument[] = [
  {
    id: 'po_satisfaction',
    title: 'Peer Outcomes service satisfaction (demo, project-written)',
    construct: 'satisfaction',
    licence: 'project',
    items: 6,
    itemText: [
      'The support I get here helps me with what matters to me.',
      'My peer specialist listens to me.',
      'I can reach someone here when I need to.',
      'The meeting times and places work for me.',
      'I would point a friend in a similar situation to this program.',
      'Coming here has been a waste of my time.',
    ],
    scaleMin: 1,
    scaleMax: 5,
    reverseItems: [6],
    scoring: 'mean',
    minAnsweredShare: 0.75,
    positiveThreshold: 4,
  },
  {
    id: 'po_trust',
    title: 'Peer Outcomes trust in my peer specialist (demo, project-written)',
    construct: 'trust',
    licence: 'project',
    items: 5,
    itemText: [
      'I can be honest with my peer specialist.',
      'My peer specialist keeps what I share private.',
      'My peer specialist does what they say they will do.',
      'We agree on what I am working toward.',
      'I hold back things I would like to talk about.',
    ],
    scaleMin: 1,
    scaleMax: 5,
    reverseItems: [5],
    scoring: 'mean',
    minAnsweredShare: 0.8,
    positiveThreshold: 4,
  },
  {
    id: 'po_recovery',
    title: 'Peer Outcomes recovery capital (demo, project-written)',
    construct: 'recovery',
    licence: 'project',
    items: 10,
    itemText: [
      'I have a safe and steady place to live.',
      'I have people in my life who support my recovery.',
      'I feel hopeful about my future.',
      'I take part in activities that give my days meaning.',
      'I know what to do when things get hard.',
      'I can look after my physical health.',
      'I feel I belong in my community.',
      'I manage my money well enough to get by.',
      'I make my own decisions about my life.',
      'I feel good about who I am.',
    ],
    scaleMin: 1,
    scaleMax: 6,
    reverseItems: [],
    scoring: 'prorated_sum',
    minAnsweredShare: 0.8,
    positiveThreshold: 47,
    referenceSd: 9,
    reliability: 0.9,
  },
  {
    // BARC-10 (Vilsaint et al. 2017) is free to use: 10 items, 1–6 agreement,
    // sum 10–60, ≥ 47 associated with sustained remission. Structure only.
    id: 'barc10',
    title: 'Brief Assessment of Recovery Capital (BARC-10), structure only',
    construct: 'recovery',
    licence: 'free',
    items: 10,
    scaleMin: 1,
    scaleMax: 6,
    reverseItems: [],
    scoring: 'prorated_sum',
    minAnsweredShare: 0.8,
    positiveThreshold: 47,
    referenceSd: 9,
    reliability: 0.9,
  },
  {
    // CSQ-8 (licensed): 8 items, 1–4, sum 8–32. Structure only; a site with a
    // licence maps its export to this id.
    id: 'csq8',
    title: 'Client Satisfaction Questionnaire (CSQ-8), structure only',
    construct: 'satisfaction',
    licence: 'licensed',
    items: 8,
    scaleMin: 1,
    scaleMax: 4,
    reverseItems: [],
    scoring: 'mean',
    minAnsweredShare: 0.75,
    positiveThreshold: 3,
  },
  {
    // WAI-SR (licensed): 12 items, 1–5. Structure only.
    id: 'wai_sr',
    title: 'Working Alliance Inventory, short revised (WAI-SR), structure only',
    construct: 'trust',
    licence: 'licensed',
    items: 12,
    scaleMin: 1,
    scaleMax: 5,
    reverseItems: [],
    scoring: 'mean',
    minAnsweredShare: 0.75,
    positiveThreshold: 4,
  },
];

export const INSTRUMENTS: readonly Instrument[] = registry.map((i) => InstrumentSchema.parse(i));

/** The instrument each construct uses unless the configuration names another. */
export const DEFAULT_INSTRUMENTS = { satisfaction: 'po_satisfaction', trust: 'po_trust', recovery: 'po_recovery' } as const;
export type InstrumentChoice = { satisfaction: string; trust: string; recovery: string };

/**
 * Every score one response can have, ascending: the mean of m answered items
 * (m from the minimum share of items, rounded down, up to all items: where
 * that share is no whole number of items this allows one m too few, which
 * only widens the set), times the item count for a prorated sum.
 */
export function possibleScores(i: Instrument): number[] {
  const out = new Set<number>();
  for (let m = Math.max(1, Math.floor(i.minAnsweredShare * i.items)); m <= i.items; m++) {
    for (let s = m * i.scaleMin; s <= m * i.scaleMax; s++) out.add(i.scoring === 'mean' ? s / m : (s / m) * i.items);
  }
  return [...out].sort((a, b) => a - b);
}

export function instrument(id: string): Instrument {
  const found = INSTRUMENTS.find((i) => i.id === id);
  if (!found) throw new Error(`unknown instrument '${id}'; known: ${INSTRUMENTS.map((i) => i.id).join(', ')}`);
  return found;
}
