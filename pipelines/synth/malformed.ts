// Planted malformed rows. Each is a copy of a clean row from the same file
// with a fresh id and exactly one thing wrong, inserted (not substituted) so
// the clean data and its planted relationships stay intact. Every row stays
// structurally valid CSV, so the manifest's line numbers are unambiguous.
import { instrument } from '../contract/instruments';
import { fmtDay, toDay } from './calendar';
import type { CsvWriter } from './csv-writer';
import { Rng } from './random';

export type Rec = Record<string, string>;

export const MALFORMED_KINDS = [
  'bad_date',
  'bad_enum',
  'missing_required',
  'not_a_number',
  'out_of_range',
  'rule_violation',
  'orphan_participant',
  'orphan_staff',
  'unknown_instrument',
  'item_out_of_scale',
] as const;
export type MalformedKind = (typeof MALFORMED_KINDS)[number];

/**
 * Which check catches the row: `schema` = the zod row schema (contract/schemas.ts);
 * `row_rule` = one of the entity's rowRules; `reference` = an id that is not in
 * participants.csv / staff.csv; `registry` = the instrument registry.
 */
export type CheckClass = 'schema' | 'row_rule' | 'reference' | 'registry';

export const CHECK_OF: Record<MalformedKind, CheckClass> = {
  bad_date: 'schema',
  bad_enum: 'schema',
  missing_required: 'schema',
  not_a_number: 'schema',
  out_of_range: 'schema',
  rule_violation: 'row_rule',
  orphan_participant: 'reference',
  orphan_staff: 'reference',
  unknown_instrument: 'schema', // the contract's instrument ids are an enumeration (decision 0015)
  item_out_of_scale: 'registry',
};

export interface MalformedEntry {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  kind: MalformedKind;
  check: CheckClass;
  /** The contract column at fault (for a derived column such as birth_year, the derived one). */
  column: string;
  reason: string;
}

/** Mutates `row` (a copy of a clean row) and says what is now wrong with it. */
export interface Corruption {
  kind: MalformedKind;
  plant(row: Rec, rep: number): { column: string; reason: string };
}

const BAD_DATES = ['2025-13-40', '2024-02-30', '2025-06-31', '31/12/2024'];

function set(row: Rec, column: string, value: string, reason: string) {
  row[column] = value;
  return { column, reason };
}

function badDate(columns: readonly string[]): Corruption {
  return {
    kind: 'bad_date',
    plant: (row, r) => {
      const v = BAD_DATES[r % BAD_DATES.length]!;
      return set(row, columns[r % columns.length]!, v, `impossible date '${v}'`);
    },
  };
}

function badEnum(options: readonly (readonly [string, string])[]): Corruption {
  return {
    kind: 'bad_enum',
    plant: (row, r) => {
      const [c, v] = options[r % options.length]!;
      return set(row, c, v, `'${v}' is not an allowed ${c}`);
    },
  };
}

function missing(columns: readonly string[]): Corruption {
  return { kind: 'missing_required', plant: (row, r) => set(row, columns[r % columns.length]!, '', 'required value missing') };
}

function notANumber(column: string, values: readonly string[]): Corruption {
  return {
    kind: 'not_a_number',
    plant: (row, r) => {
      const v = values[r % values.length]!;
      return set(row, column, v, `'${v}' is not a whole number`);
    },
  };
}

function outOfRange(column: string, values: readonly string[], range: string): Corruption {
  return {
    kind: 'out_of_range',
    plant: (row, r) => {
      const v = values[r % values.length]!;
      return set(row, column, v, `${v} is outside ${range}`);
    },
  };
}

/** Sets `column` to a date `days` before the row's `ref` date. */
function before(column: string, ref: string, reason: string): Corruption {
  return {
    kind: 'rule_violation',
    plant: (row, r) => set(row, column, fmtDay(toDay(row[ref]!) - (3 + 7 * r)), reason),
  };
}

export interface OrphanIds {
  participant(k: number): string;
  staff(k: number): string;
}

function orphan(kind: 'orphan_participant' | 'orphan_staff', column: string, ids: (k: number) => string, file: string): Corruption {
  return {
    kind,
    plant: (row, r) => set(row, column, ids(r), `${column} not in ${file}`),
  };
}

/** What gets planted in each file. The loader is expected to catch every one. */
export function corruptionsFor(file: string, orphans: OrphanIds): Corruption[] {
  const orphanP = orphan('orphan_participant', 'participant_id', orphans.participant, 'participants.csv');
  const orphanS = orphan('orphan_staff', 'staff_id', orphans.staff, 'staff.csv');
  switch (file) {
    case 'participants.csv':
      return [
        badDate(['enrolled_on', 'discharged_on']),
        badEnum([['gender', 'F'], ['race_ethnicity', 'caucasian'], ['referral_source', 'walk-in']]),
        missing(['site', 'enrolled_on', 'gender']),
        {
          kind: 'out_of_range',
          plant: (row, r) => {
            const v = `${1880 + r}-04-12`;
            row.date_of_birth = v;
            return { column: 'birth_year', reason: `date_of_birth ${v} gives birth_year ${1880 + r}, below 1900` };
          },
        },
        before('discharged_on', 'enrolled_on', 'discharged before enrolled'),
        {
          kind: 'rule_violation',
          plant: (row) => {
            const year = Number(row.enrolled_on!.slice(0, 4)) + 1;
            row.date_of_birth = `${year}-03-15`;
            return { column: 'birth_year', reason: 'born after enrollment' };
          },
        },
        {
          kind: 'rule_violation',
          plant: (row, r) => {
            const v = ['8O1', '80-1', '8012'][r % 3]! + '23';
            return set(row, 'zip', v, `'${v}' is not a 5-digit ZIP`);
          },
        },
      ];
    case 'encounters.csv':
      return [
        badDate(['date']),
        badEnum([['modality', 'zoom'], ['status', 'showed']]),
        missing(['staff_id', 'date', 'status']),
        notANumber('minutes', ['forty-five', '45 min', '1h']),
        outOfRange('minutes', ['900', '-15'], '0..720'),
        {
          kind: 'rule_violation',
          plant: (row) => {
            row.status = 'attended';
            return set(row, 'minutes', '0', 'attended encounter with 0 minutes');
          },
        },
        orphanP,
      ];
    case 'survey_responses.csv':
      return [
        badDate(['administered_on']),
        badEnum([['timepoint', '60d'], ['timepoint', 'followup']]),
        missing(['administered_on', 'timepoint']),
        notANumber('item_2', ['agree', 'four']),
        outOfRange('item_1', ['101', '-1'], '0..100'),
        {
          kind: 'item_out_of_scale',
          plant: (row, r) => {
            const ins = instrument(row.instrument!);
            const column = `item_${1 + (r % ins.items)}`;
            const v = String(ins.scaleMax + 1 + (r % 2));
            return set(row, column, v, `${v} is outside ${ins.id}'s scale ${ins.scaleMin}..${ins.scaleMax}`);
          },
        },
        {
          kind: 'unknown_instrument',
          plant: (row, r) => {
            const v = ['phq9', 'k10', 'gad7'][r % 3]!;
            return set(row, 'instrument', v, `instrument '${v}' is not in the registry`);
          },
        },
        orphanP,
      ];
    case 'goals.csv':
      return [
        badDate(['set_on']),
        badEnum([['set_by', 'doctor'], ['domain', 'finances']]),
        missing(['domain', 'set_on', 'set_by']),
        before('achieved_on', 'set_on', 'achieved before set'),
        orphanP,
      ];
    case 'staff.csv':
      return [
        badDate(['hired_on']),
        badEnum([['role', 'intern'], ['role', 'volunteer']]),
        missing(['site', 'hired_on', 'role']),
        before('left_on', 'hired_on', 'left before hired'),
      ];
    case 'supervision.csv':
      return [
        badDate(['date']),
        missing(['minutes', 'date']),
        notANumber('minutes', ['sixty', '1.5h']),
        outOfRange('minutes', ['0', '600'], '1..480'),
        orphanS,
      ];
    case 'trainings.csv':
      return [badDate(['completed_on']), badEnum([['course', 'cpr'], ['course', 'first_aid']]), missing(['completed_on', 'course'])];
    case 'incidents.csv':
      return [
        badDate(['date']),
        badEnum([['category', 'theft'], ['severity', 'critical']]),
        missing(['site', 'severity', 'category']),
        before('resolved_on', 'date', 'resolved before it happened'),
      ];
    default:
      throw new Error(`no corruptions defined for ${file}`);
  }
}

interface Slot {
  at: number;
  corruption: Corruption;
  rep: number;
}

/**
 * Schedules the planted rows of one file over its generation units
 * (participants, staff members, site-months) and inserts them as the file is
 * streamed, copying a clean row of the unit just written.
 */
export class Planter {
  readonly entries: MalformedEntry[] = [];
  private readonly slots: Slot[] = [];
  private next = 0;

  constructor(
    seed: number,
    readonly file: string,
    corruptions: readonly Corruption[],
    perKind: number,
    units: number,
    private readonly idColumn?: string,
    private readonly freshId?: () => string,
  ) {
    const rng = new Rng(seed, `malformed:${file}`);
    for (const c of corruptions)
      for (let r = 0; r < perKind; r++) this.slots.push({ at: rng.int(0, Math.max(0, units - 1)), corruption: c, rep: r });
    this.slots.sort((a, b) => a.at - b.at);
  }

  /** True when a planted row is due after unit `unit` (callers build a template only then). */
  due(unit: number): boolean {
    return this.next < this.slots.length && this.slots[this.next]!.at <= unit;
  }

  plant(writer: CsvWriter, unit: number, template: Readonly<Rec>): void {
    while (this.due(unit)) this.emit(writer, template);
  }

  /** Plants whatever is still due (a unit with no rows defers its slot to the next one that has rows). */
  finish(writer: CsvWriter, template: Readonly<Rec> | undefined): void {
    if (!template) {
      if (this.next < this.slots.length) throw new Error(`${this.file}: no clean row to copy for planted malformed rows`);
      return;
    }
    while (this.next < this.slots.length) this.emit(writer, template);
  }

  private emit(writer: CsvWriter, template: Readonly<Rec>): void {
    const slot = this.slots[this.next++]!;
    const row: Rec = { ...template };
    if (this.idColumn && this.freshId) row[this.idColumn] = this.freshId();
    const { column, reason } = slot.corruption.plant(row, slot.rep);
    this.entries.push({ line: writer.nextLine, kind: slot.corruption.kind, check: CHECK_OF[slot.corruption.kind], column, reason });
    writer.record(row);
  }
}
