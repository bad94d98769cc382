// Words for what the release stores as codes: breakdowns, their values,
// grains and periods. The release keeps codes (stable across releases); the
// screen says them the way a reader would.

import { DIMENSION_VALUE_ORDER, type CatalogRow } from '../../pipelines/release/format';

export type Grain = CatalogRow['period_grain'];

export const GRAIN_LABELS: Record<Grain, string> = { month: 'Month', quarter: 'Quarter', year: 'Year' };

const DIMENSION_LABELS: Record<string, string> = {
  total: 'All programs',
  program: 'Program',
  site: 'Site',
  modality: 'Modality',
  consistency_band: 'Consistency of contact',
  trust_band: 'Trust',
  age_band: 'Age band',
  gender: 'Gender',
  race_ethnicity: 'Race and ethnicity',
  incident_category: 'Incident category',
};

const VALUE_LABELS: Record<string, string> = {
  // modality
  in_person: 'In person',
  phone: 'Phone',
  video: 'Video',
  text: 'Text',
  group: 'Group',
  // consistency and trust bands
  weekly: 'Weekly (10+ of 13 weeks)',
  regular: 'Regular (5–9 of 13 weeks)',
  sporadic: 'Sporadic (4 or fewer of 13 weeks)',
  high: 'High trust',
  not_high: 'Not high trust',
  // gender
  woman: 'Woman',
  man: 'Man',
  nonbinary: 'Nonbinary',
  another: 'Another',
  unknown: 'Not recorded',
  // race and ethnicity
  american_indian_alaska_native: 'American Indian or Alaska Native',
  asian: 'Asian',
  black: 'Black or African American',
  hispanic_latino: 'Hispanic or Latino',
  multiracial: 'Multiracial',
  native_hawaiian_pacific_islander: 'Native Hawaiian or Pacific Islander',
  white: 'White',
  // incident categories
  boundary: 'Boundary',
  confidentiality: 'Confidentiality',
  conflict_of_interest: 'Conflict of interest',
  dual_relationship: 'Dual relationship',
  other: 'Other',
};

export function dimensionLabel(dimension: string): string {
  return DIMENSION_LABELS[dimension] ?? dimension.replaceAll('_', ' ');
}

/** A breakdown value as text; program and site names are already words. */
export function valueLabel(dimension: string, value: string): string {
  if (dimension === 'total') return 'All programs';
  if (dimension === 'program' || dimension === 'site') return value;
  if (dimension === 'age_band') return value === '90+' ? '90 and over' : value === 'under_18' ? 'Under 18' : value.replace('-', '–');
  return VALUE_LABELS[value] ?? value.replaceAll('_', ' ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** "2025-03" → "Mar 2025", "2025-Q1" → "2025 Q1", "2025" → "2025". */
export function periodLabel(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `${MONTHS[Number(month[2]) - 1] ?? month[2]} ${month[1]}`;
  const quarter = /^(\d{4})-(Q[1-4])$/.exec(period);
  if (quarter) return `${quarter[1]} ${quarter[2]}`;
  return period;
}

/** Coded breakdown values in the release format's order (bands from youngest or most); others, and names, alphabetically. */
export function compareValues(dimension: string): (a: string, b: string) => number {
  const order: readonly string[] | undefined = (DIMENSION_VALUE_ORDER as Record<string, readonly string[]>)[dimension];
  const rank = (v: string) => {
    const i = order?.indexOf(v) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
