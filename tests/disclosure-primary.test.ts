// Primary suppression, rule by rule (docs/privacy-model.md).
import { describe, expect, it } from 'vitest';
import type { Cell } from '../pipelines/disclosure/cells';
import { primaryReasons } from '../pipelines/disclosure/primary';
import { metric } from '../pipelines/metrics/catalog';

const cell = (metricId: string, over: Partial<Cell>): Cell => ({
  key: 'x',
  tableId: `${metricId}:month:total`,
  def: metric(metricId),
  grain: 'month',
  period: '2025-01',
  dimension: 'total',
  dimensionValue: 'all',
  value: 1,
  n: 50,
  a: null,
  minObserved: null,
  maxObserved: null,
  ...over,
});

describe('primary suppression with k = 11', () => {
  it('counts of 1..10 people are suppressed; 0 and 11 are not', () => {
    expect(primaryReasons(cell('participants_served', { n: 0, value: 0 }), 11)).toEqual([]);
    expect(primaryReasons(cell('participants_served', { n: 1, value: 1 }), 11)).toEqual(['small_n']);
    expect(primaryReasons(cell('participants_served', { n: 10, value: 10 }), 11)).toEqual(['small_n']);
    expect(primaryReasons(cell('participants_served', { n: 11, value: 11 }), 11)).toEqual([]);
  });

  it('a share is suppressed when its numerator or its complement is 1..10', () => {
    expect(primaryReasons(cell('retention_90d', { n: 40, a: 5, value: 5 / 40 }), 11)).toEqual(['small_numerator']);
    expect(primaryReasons(cell('retention_90d', { n: 40, a: 35, value: 35 / 40 }), 11)).toEqual(['small_complement']);
    expect(primaryReasons(cell('retention_90d', { n: 40, a: 20, value: 0.5 }), 11)).toEqual([]);
  });

  it('a ratio with a people numerator follows the numerator rule', () => {
    expect(primaryReasons(cell('no_show_rate', { n: 80, a: 3, value: 0.02 }), 11)).toEqual(['small_numerator']);
    expect(primaryReasons(cell('encounters_per_participant', { n: 80, value: 4.2 }), 11)).toEqual([]);
  });

  it('a mean needs k respondents', () => {
    expect(primaryReasons(cell('trust_mean', { n: 9, value: 4.1, minObserved: 2, maxObserved: 5 }), 11)).toEqual(['small_n']);
    expect(primaryReasons(cell('trust_mean', { n: 12, value: 4.1, minObserved: 2, maxObserved: 5 }), 11)).toEqual([]);
  });

  it('homogeneity: 0% or 100% of a sensitive share, or a uniform sensitive mean, is suppressed', () => {
    expect(primaryReasons(cell('satisfaction_positive', { n: 30, a: 30, value: 1 }), 11)).toEqual(['homogeneous']);
    expect(primaryReasons(cell('satisfaction_positive', { n: 30, a: 0, value: 0 }), 11)).toEqual(['homogeneous']);
    expect(primaryReasons(cell('recovery_change', { n: 14, value: 3, minObserved: 3, maxObserved: 3 }), 11)).toEqual(['homogeneous']);
    // not sensitive: every member retained is no one's secret answer
    expect(primaryReasons(cell('retention_30d', { n: 30, a: 30, value: 1 }), 11)).toEqual([]);
  });

  it('a cell with people but no value (an incident rate without encounters) is suppressed', () => {
    expect(primaryReasons(cell('incidents_per_1000_encounters', { n: 12, value: null }), 11)).toEqual(['no_value']);
  });

  it('k is a parameter', () => {
    expect(primaryReasons(cell('participants_served', { n: 4, value: 4 }), 5)).toEqual(['small_n']);
    expect(primaryReasons(cell('participants_served', { n: 5, value: 5 }), 5)).toEqual([]);
  });
});
