// The release format's shared vocabulary: table ids (built in TypeScript by
// both sides and in SQL by the release writer) and the order of each coded
// breakdown's values, which the data contract, the pipeline's SQL and the
// dashboard all follow.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareValues } from '~/dashboard/labels';
import { CONTRACT } from '../pipelines/contract/entities';
import { DIMENSION_VALUE_ORDER, parseTableId, tableId, tableIdSql } from '../pipelines/release/format';
import { query } from './helpers/pipeline';

const sqlFile = (path: string) => readFileSync(join(import.meta.dirname, '..', 'pipelines', path), 'utf8');

describe('table ids', () => {
  it('are metric:period_grain:dimension, and parse back to their parts', () => {
    expect(tableId('participants_served', 'quarter', 'site')).toBe('participants_served:quarter:site');
    expect(parseTableId('participants_served:quarter:site')).toEqual({ metric: 'participants_served', period_grain: 'quarter', dimension: 'site' });
    expect(parseTableId(tableId('no_show_rate', 'month', 'total'))).toEqual({ metric: 'no_show_rate', period_grain: 'month', dimension: 'total' });
  });

  it('refuse a part that would make the id ambiguous, and an id that is not three parts', () => {
    expect(() => tableId('a:b', 'month', 'total')).toThrow(/not a part of a table id: "a:b"/);
    expect(() => tableId('metric', '', 'total')).toThrow(/not a part of a table id/);
    for (const id of ['', 'metric', 'metric:month', 'metric:month:total:extra', ':month:total', 'metric::total', 'metric:month:']) {
      expect(() => parseTableId(id), id).toThrow(/not a table id/);
    }
  });

  it('are built the same way in SQL by the release writer', async () => {
    const [row] = await query<{ id: string; margin: string }>(
      ':memory:',
      `SELECT ${tableIdSql('metric', 'grain', 'dimension')} AS id, ${tableIdSql('metric', 'grain', "'total'")} AS margin
       FROM (VALUES ('recovery_change', 'year', 'age_band')) t(metric, grain, dimension)`,
    );
    expect(row).toEqual({ id: tableId('recovery_change', 'year', 'age_band'), margin: tableId('recovery_change', 'year', 'total') });
  });
});

describe('breakdown value orders', () => {
  const enumOf = (entity: keyof typeof CONTRACT, column: string) => {
    const type = CONTRACT[entity].columns.find((c) => c.name === column)?.type;
    return type?.kind === 'enum' ? type.values : undefined;
  };

  it('are the data contract\'s enumerations', () => {
    expect(enumOf('participants', 'gender')).toEqual(DIMENSION_VALUE_ORDER.gender);
    expect(enumOf('participants', 'race_ethnicity')).toEqual(DIMENSION_VALUE_ORDER.race_ethnicity);
    expect(enumOf('encounters', 'modality')).toEqual(DIMENSION_VALUE_ORDER.modality);
    expect(enumOf('incidents', 'category')).toEqual(DIMENSION_VALUE_ORDER.incident_category);
  });

  it('are the bands the pipeline\'s SQL writes, in the order it writes them', () => {
    const literals = (sql: string, column: string) => {
      const expr = sql.split(new RegExp(`END AS ${column}\\b`))[0]!.split(/\bCASE\b/).at(-1)!;
      return [...expr.matchAll(/THEN '([^']+)'|ELSE '([^']+)'/g)].map((m) => m[1] ?? m[2]);
    };
    expect(literals(sqlFile('stages/sql/deidentified_participants.sql'), 'age_band')).toEqual(DIMENSION_VALUE_ORDER.age_band);
    expect(literals(sqlFile('metrics/sql/person.sql'), 'consistency_band')).toEqual(DIMENSION_VALUE_ORDER.consistency_band);
    expect(literals(sqlFile('metrics/sql/person.sql'), 'trust_band')).toEqual(DIMENSION_VALUE_ORDER.trust_band);
  });

  it('order the dashboard\'s breakdowns: the youngest age band first, modalities as the contract lists them, names alphabetically', () => {
    expect(['90+', '18-24', 'under_18', '45-54'].sort(compareValues('age_band'))).toEqual(['under_18', '18-24', '45-54', '90+']);
    expect(['group', 'video', 'in_person', 'phone', 'text'].sort(compareValues('modality'))).toEqual(['in_person', 'phone', 'video', 'text', 'group']);
    expect(['unknown', 'woman', 'something new', 'man'].sort(compareValues('gender'))).toEqual(['woman', 'man', 'unknown', 'something new']);
    expect(['Summit', 'Harbor', 'Lantern'].sort(compareValues('program'))).toEqual(['Harbor', 'Lantern', 'Summit']);
  });
});
