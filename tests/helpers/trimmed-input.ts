// A synthetic input cut short in time, for tests that need a whole pipeline
// run but not a big release: the metric cube, and with it the audit's linear
// program, grows with the months the data covers, so a few months of the tiny
// input run through the release stage in seconds rather than minutes.
import { parse } from 'csv-parse/sync';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvField, EOL } from '../../pipelines/synth/csv-writer';

/** The date a row happens on (dropped after the cut) and the dates that end something (blanked after it). */
const DATES: Record<string, { happens: string; ends?: string }> = {
  'participants.csv': { happens: 'enrolled_on', ends: 'discharged_on' },
  'encounters.csv': { happens: 'date' },
  'survey_responses.csv': { happens: 'administered_on' },
  'goals.csv': { happens: 'set_on', ends: 'achieved_on' },
  'staff.csv': { happens: 'hired_on', ends: 'left_on' },
  'supervision.csv': { happens: 'date' },
  'trainings.csv': { happens: 'completed_on' },
  'incidents.csv': { happens: 'date', ends: 'resolved_on' },
};

/**
 * Copies the extract files of `from` into `to`, as if extracted on `until`
 * (YYYY-MM-DD): rows that happen later are left out, and a later end date
 * (a discharge, an achieved goal, a resolution) is blank, not yet known.
 * Malformed dates stay as they are: the pipeline quarantines them anyway.
 */
export function trimInput(from: string, to: string, until: string): void {
  const later = (d: string | undefined) => d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(d) && d > until;
  for (const name of readdirSync(from)) {
    const dates = DATES[name];
    if (!dates) continue;
    const text = readFileSync(join(from, name), 'utf8');
    const header = text.slice(0, text.search(/\r?\n/));
    const columns = header.split(',');
    const rows = (parse(text, { columns: true, relax_column_count: true, skip_empty_lines: true }) as Record<string, string>[])
      .filter((r) => !later(r[dates.happens]))
      .map((r) => (dates.ends && later(r[dates.ends]) ? { ...r, [dates.ends]: '' } : r));
    const lines = rows.map((r) => columns.map((c) => csvField(r[c] ?? '')).join(','));
    writeFileSync(join(to, name), [header, ...lines].join(EOL) + EOL);
  }
}
