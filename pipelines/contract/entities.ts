// The data contract: what a program extract may contain, column by column.
// One table of column specs per entity is the single source of truth; the zod
// row schemas (contract/schemas.ts), the loader's SQL checks (stages/) and the
// generator (synth/) are all derived from it, so they cannot drift apart.
import { DIMENSION_VALUE_ORDER } from '../release/format';
import { INSTRUMENTS } from './instruments';

// The enumerations that are also breakdowns of the release come from the
// release format, which the web app reads too: one order for both (decision 0001).
export const GENDERS = DIMENSION_VALUE_ORDER.gender;
export const RACE_ETHNICITIES = DIMENSION_VALUE_ORDER.race_ethnicity;
export const MODALITIES = DIMENSION_VALUE_ORDER.modality;
export const INCIDENT_CATEGORIES = DIMENSION_VALUE_ORDER.incident_category;

export const REFERRAL_SOURCES = ['self', 'peer', 'clinician', 'hospital', 'court', 'community', 'other', 'unknown'] as const;
export const ENCOUNTER_STATUSES = ['attended', 'no_show', 'cancelled'] as const;
export const TIMEPOINTS = ['intake', '30d', '90d', '180d', 'discharge'] as const;
export const GOAL_SETTERS = ['participant', 'joint', 'staff'] as const;
export const GOAL_DOMAINS = ['housing', 'employment', 'education', 'health', 'recovery', 'relationships', 'community', 'other'] as const;
export const STAFF_ROLES = ['peer_specialist', 'supervisor', 'coordinator'] as const;
export const INCIDENT_SEVERITIES = ['low', 'moderate', 'high'] as const;

/** Survey files carry item_1..item_MAX_ITEMS; an instrument uses the first n. */
export const MAX_ITEMS = 12;

/**
 * Earliest and latest dates the contract can express. A run accepts a
 * narrower window (DateBounds): from the deployment's earliest date to the
 * extract date, so one mistyped year cannot stretch the data window.
 */
export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '2099-12-31';

/**
 * The dates a run accepts, both ends included. `latest` is the extract date:
 * nothing in an extract can have happened after it (settings `latestDate`,
 * default the day of the run, UTC); `earliest` is when the programs started
 * (settings `earliestDate`, default MIN_DATE).
 */
export interface DateBounds {
  earliest: string;
  latest: string;
}
export const CONTRACT_DATE_RANGE: DateBounds = { earliest: MIN_DATE, latest: MAX_DATE };

export type ColumnKind =
  | { kind: 'id' } // source-system identifier: 1..64 chars of [A-Za-z0-9_.:-]
  | { kind: 'code' } // names and codes (program, site, ZIP): 1..80 printable chars
  | { kind: 'date' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'enum'; values: readonly string[] };

export interface ColumnSpec {
  name: string;
  type: ColumnKind;
  required: boolean;
  /**
   * How the column is kept in the store. `hmac`: keyed hash of a person
   * (participant or staff), stable across runs so extracts link. `record_key`:
   * keyed digest of a record id, used only to merge repeated extracts.
   * `keep`: stored as validated. Columns without a pseudonymisation rule that
   * identify a person never reach the contract at all.
   */
  store: 'hmac' | 'record_key' | 'keep';
  /**
   * The column's values are published as breakdown values (program, site
   * names): a value that looks like a direct identifier is quarantined, and
   * the settings' displayNames may replace a raw name (see NAME_IDENTIFIER_PATTERNS).
   */
  published?: true;
  doc: string;
}

export interface EntitySpec {
  name: EntityName;
  /** Input files are matched by this prefix: `encounters.csv`, `encounters_2025-03.parquet`. */
  filePrefix: string;
  /** Columns that identify a row; a later extract with the same key replaces the row. */
  key: readonly string[];
  /** Person whose privacy the row concerns (participant or staff). */
  unit: 'participant' | 'staff';
  columns: readonly ColumnSpec[];
  /** Cross-column rules, as SQL boolean expressions over the typed row, with a reason. */
  rowRules: readonly { column: string; sql: string; reason: string }[];
}

export const ENTITY_NAMES = [
  'participants',
  'encounters',
  'survey_responses',
  'goals',
  'staff',
  'supervision',
  'trainings',
  'incidents',
] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

const id = (name: string, doc: string, store: ColumnSpec['store'] = 'record_key', required = true): ColumnSpec => ({
  name,
  type: { kind: 'id' },
  required,
  store,
  doc,
});
const col = (name: string, type: ColumnKind, required: boolean, doc: string): ColumnSpec => ({
  name,
  type,
  required,
  store: 'keep',
  doc,
});
const en = (values: readonly string[]): ColumnKind => ({ kind: 'enum', values });
const name = (column: 'program' | 'site', doc: string): ColumnSpec => ({ ...col(column, { kind: 'code' }, true, doc), published: true });

/** Survey instruments by registry id; matched like every enumeration (trimmed, any case). */
export const INSTRUMENT_IDS = INSTRUMENTS.map((i) => i.id);

const itemColumns: ColumnSpec[] = Array.from({ length: MAX_ITEMS }, (_, i) =>
  col(`item_${i + 1}`, { kind: 'int', min: 0, max: 100 }, false, `answer to item ${i + 1}; blank when not answered`),
);

export const CONTRACT: Record<EntityName, EntitySpec> = {
  participants: {
    name: 'participants',
    filePrefix: 'participants',
    key: ['participant_id'],
    unit: 'participant',
    columns: [
      id('participant_id', 'the source system id of the person served', 'hmac'),
      name('program', 'program name'),
      name('site', 'site name (a site belongs to one program)'),
      col('enrolled_on', { kind: 'date' }, true, 'enrollment date'),
      col('discharged_on', { kind: 'date' }, false, 'discharge date; blank while enrolled'),
      col('birth_year', { kind: 'int', min: 1900, max: 2099 }, true,
        'year of birth; when the extract has only a full birth date, the loader keeps its year and drops the date'),
      col('gender', en(GENDERS), true, 'gender identity'),
      col('race_ethnicity', en(RACE_ETHNICITIES), true, 'race / ethnicity'),
      col('zip', { kind: 'code' }, false, '5-digit ZIP (ZIP+4 accepted); kept as ZIP3 only'),
      col('referral_source', en(REFERRAL_SOURCES), false, 'how the person was referred'),
    ],
    rowRules: [
      { column: 'discharged_on', sql: 'discharged_on IS NULL OR discharged_on >= enrolled_on', reason: 'discharged before enrolled' },
      { column: 'birth_year', sql: 'birth_year <= year(enrolled_on)', reason: 'born after enrollment' },
      { column: 'zip', sql: "zip IS NULL OR regexp_full_match(zip, '[0-9]{5}(-[0-9]{4})?')", reason: 'not a 5-digit ZIP' },
    ],
  },
  encounters: {
    name: 'encounters',
    filePrefix: 'encounters',
    key: ['encounter_id'],
    unit: 'participant',
    columns: [
      id('encounter_id', 'the source system id of the encounter'),
      id('participant_id', 'the person served', 'hmac'),
      id('staff_id', 'the peer specialist', 'hmac'),
      col('date', { kind: 'date' }, true, 'date of the encounter'),
      col('minutes', { kind: 'int', min: 0, max: 720 }, true, 'duration in minutes; 0 when not attended'),
      col('modality', en(MODALITIES), true, 'how the encounter took place; group = mutual-support group'),
      col('status', en(ENCOUNTER_STATUSES), true, 'attended, no_show or cancelled'),
    ],
    rowRules: [
      { column: 'minutes', sql: "status <> 'attended' OR minutes > 0", reason: 'attended encounter with 0 minutes' },
    ],
  },
  survey_responses: {
    name: 'survey_responses',
    filePrefix: 'survey_responses',
    key: ['response_id'],
    unit: 'participant',
    columns: [
      id('response_id', 'the source system id of the response'),
      id('participant_id', 'the respondent', 'hmac'),
      col('instrument', en(INSTRUMENT_IDS), true, 'instrument id from the registry (contract/instruments.ts)'),
      col('timepoint', en(TIMEPOINTS), true, 'when in the episode it was administered'),
      col('administered_on', { kind: 'date' }, true, 'date administered'),
      ...itemColumns,
    ],
    // Item ranges depend on the instrument: stages/ adds those checks from the registry.
    rowRules: [],
  },
  goals: {
    name: 'goals',
    filePrefix: 'goals',
    key: ['goal_id'],
    unit: 'participant',
    columns: [
      id('goal_id', 'the source system id of the goal'),
      id('participant_id', 'whose goal', 'hmac'),
      col('set_on', { kind: 'date' }, true, 'date the goal was set'),
      col('set_by', en(GOAL_SETTERS), true, 'who set it: participant, joint (together with the peer specialist) or staff'),
      col('domain', en(GOAL_DOMAINS), true, 'life domain of the goal'),
      col('achieved_on', { kind: 'date' }, false, 'date achieved; blank while open'),
    ],
    rowRules: [{ column: 'achieved_on', sql: 'achieved_on IS NULL OR achieved_on >= set_on', reason: 'achieved before set' }],
  },
  staff: {
    name: 'staff',
    filePrefix: 'staff',
    key: ['staff_id'],
    unit: 'staff',
    columns: [
      id('staff_id', 'the source system id of the staff member', 'hmac'),
      name('program', 'program name'),
      name('site', 'site name'),
      col('role', en(STAFF_ROLES), true, 'role'),
      col('hired_on', { kind: 'date' }, true, 'start date'),
      col('left_on', { kind: 'date' }, false, 'end date; blank while employed'),
    ],
    rowRules: [{ column: 'left_on', sql: 'left_on IS NULL OR left_on >= hired_on', reason: 'left before hired' }],
  },
  supervision: {
    name: 'supervision',
    filePrefix: 'supervision',
    key: ['supervision_id'],
    unit: 'staff',
    columns: [
      id('supervision_id', 'the source system id of the supervision session'),
      id('staff_id', 'the supervised staff member', 'hmac'),
      col('date', { kind: 'date' }, true, 'date of supervision'),
      col('minutes', { kind: 'int', min: 1, max: 480 }, true, 'duration in minutes'),
    ],
    rowRules: [],
  },
  trainings: {
    name: 'trainings',
    filePrefix: 'trainings',
    key: ['staff_id', 'course', 'completed_on'],
    unit: 'staff',
    columns: [
      id('staff_id', 'the trained staff member', 'hmac'),
      col('course', en(['ethics', 'confidentiality', 'trauma_informed_care', 'crisis_response', 'other']), true,
        'course; ethics is the one the professional-standards metric counts'),
      col('completed_on', { kind: 'date' }, true, 'completion date'),
    ],
    rowRules: [],
  },
  incidents: {
    name: 'incidents',
    filePrefix: 'incidents',
    key: ['incident_id'],
    unit: 'staff',
    columns: [
      id('incident_id', 'the source system id of the incident'),
      name('site', 'site where it happened'),
      id('staff_id', 'the staff member involved', 'hmac'),
      col('date', { kind: 'date' }, true, 'date of the incident'),
      col('category', en(INCIDENT_CATEGORIES), true, 'professional-standards category'),
      col('severity', en(INCIDENT_SEVERITIES), true, 'severity'),
      col('resolved_on', { kind: 'date' }, false, 'date resolved; blank while open'),
    ],
    rowRules: [{ column: 'resolved_on', sql: 'resolved_on IS NULL OR resolved_on >= date', reason: 'resolved before it happened' }],
  },
};

/**
 * Column names that look like direct identifiers (HIPAA Safe Harbor's list,
 * as they appear in case-management exports). Such a column is dropped before
 * anything is read from it and reported as an identifier; the one exception is
 * a full birth date, whose year is kept (see participants.birth_year).
 */
export const IDENTIFIER_COLUMN_PATTERNS: readonly RegExp[] = [
  /name/i,
  /e[-_]?mail/i,
  /phone|mobile|(^|_)(cell|fax)(_|$)/i,
  /address|street|(^|_)(city|addr)(_|$)/i,
  /(^|_)ssn(_|$)|social[-_]?security/i,
  /(birth|dob)(?!_year)/i,
  /note|comment|narrative|description|free[-_]?text/i,
  /medicaid|medicare|insurance|member[-_]?id|(^|_)mrn(_|$)|medical[-_]?record/i,
  /licen[cs]e|passport|(^|_)(ip|url)(_|$)|photo/i,
];

/** Columns from which the loader may derive a contract column before dropping them. */
export const DERIVED_FROM: Partial<Record<EntityName, Record<string, { from: readonly string[]; sql: (c: string) => string }>>> = {
  participants: {
    birth_year: { from: ['date_of_birth', 'birth_date', 'dob'], sql: (c) => `year(TRY_CAST(${c} AS DATE))` },
  },
};

export function looksLikeIdentifier(column: string): boolean {
  return IDENTIFIER_COLUMN_PATTERNS.some((p) => p.test(column));
}

/**
 * Program and site names are published as they come, so a value that reads
 * like a direct identifier is quarantined like a bad value in any column
 * (decision 0015). Each pattern is written for both JavaScript and DuckDB's
 * RE2 (no look-behind), matched case-insensitively anywhere in the value.
 */
export const NAME_IDENTIFIER_PATTERNS: readonly { pattern: string; looksLike: string }[] = [
  { pattern: '[a-z0-9._%+-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+', looksLike: 'an email address' },
  { pattern: '(https?://|www\\.)', looksLike: 'a web address' },
  { pattern: '(\\+?[0-9][ ().-]*){7,}', looksLike: 'a phone or record number (7 or more digits)' },
  {
    pattern:
      '\\b[0-9]+[a-z]?\\s+([a-z0-9.\'-]+\\s+){0,4}(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|court|ct|place|terrace|parkway|pkwy|highway|hwy|suite|ste|apt|apartment|unit)\\b',
    looksLike: 'a street address',
  },
  {
    // "call Rosa at/about/before …", not "Call Center Peer Line"
    pattern:
      '(^\\s*(please\\s+)?(call|phone|ring|text|email|e-mail|contact)\\s+[a-z\'-]+[\\s,]+(at|on|before|after|about|for|first|re|if|when)\\b)|\\b(ask for|attn|c/o|care of)\\b|\\b(mr|mrs|ms|mx)\\.\\s',
    looksLike: 'a note about a person (call someone about, ask for, a title)',
  },
  { pattern: '^\\s*\\S+(\\s+\\S+){10,}', looksLike: 'free text (more than 10 words)' },
];

/** What a published name looks like, or null when it looks like a name. */
export function identifierInName(value: string): string | null {
  return NAME_IDENTIFIER_PATTERNS.find((p) => new RegExp(p.pattern, 'i').test(value))?.looksLike ?? null;
}
