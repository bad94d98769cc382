// A suppressed value never renders as a number: not in a table cell, not in a
// tile, not in a chart point, whatever else is around it. Components are
// rendered to HTML as the server does, charts and tables included.
import fc from 'fast-check';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ReleasedValue } from '../../pipelines/release/format';
import { chartPoint } from '~/components/charts/chart-data';
import { KpiTile } from '~/components/KpiTile';
import { MetricSection } from '~/components/MetricSection';
import { BreakdownTable, TrendTable } from '~/components/MetricTables';
import { ReleasedNumber } from '~/components/ReleasedNumber';
import type { KpiTile as Tile } from '~/dashboard/overview.server';
import type { TrendSection } from '~/dashboard/sections.server';
import { changeBetween } from '~/lib/change';

// Tests may make released values; app code may not (only the release reader does).
const released = (value: number) => ({ status: 'released', value }) as ReleasedValue;
const suppressed = { status: 'suppressed' } as ReleasedValue;

const valueArb: fc.Arbitrary<ReleasedValue | null> = fc.oneof(
  fc.constant(suppressed),
  fc.constant(null),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(released),
  fc.integer({ min: 0, max: 100 }).map(released),
);
const unitArb = fc.constantFrom(
  { unit: 'people', decimals: 0 },
  { unit: 'proportion', decimals: 3 },
  { unit: 'score', decimals: 2 },
  { unit: 'hours', decimals: 1 },
);

const text = (html: string) => html.replace(/<[^>]*>/g, '');

/** The inner text of every element `tag` whose data-status is `status`. */
function byStatus(html: string, tag: string, status: string): string[] {
  const re = new RegExp(`<${tag}\\b[^>]*data-status="${status}"[^>]*>([\\s\\S]*?)</${tag}>`, 'g');
  return [...html.matchAll(re)].map((m) => text(m[1]!));
}

/** The text of every table cell whose value has data-status `status` (the status is on the value, not the cell). */
function cellsByStatus(html: string, status: string): string[] {
  return [...html.matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].filter((m) => m[1]!.includes(`data-status="${status}"`)).map((m) => text(m[1]!));
}

const periods = (n: number) => Array.from({ length: n }, (_, i) => ({ period: `2025-${String(i + 1).padStart(2, '0')}`, label: `M${i + 1}`, partial: false }));

describe('a suppressed value', () => {
  it('renders as the word "suppressed" and a mark, never a digit', () => {
    fc.assert(
      fc.property(unitArb, ({ unit, decimals }) => {
        const html = renderToStaticMarkup(<ReleasedNumber value={suppressed} unit={unit} decimals={decimals} />);
        expect(text(html)).toBe('suppressed');
        expect(html).toContain('suppressed-icon');
      }),
    );
  });

  it('is never a number in a trend or breakdown table, and every one is shown', () => {
    fc.assert(
      fc.property(unitArb, fc.array(valueArb, { minLength: 1, maxLength: 24 }), ({ unit, decimals }, values) => {
        const ps = periods(values.length);
        const trend = renderToStaticMarkup(
          <TrendTable caption="c" tableId="m:month:total" dimensionValue="all" points={ps.map((p, i) => ({ ...p, value: values[i]! }))} unit={unit} decimals={decimals} />,
        );
        const cells = cellsByStatus(trend, 'suppressed');
        expect(cells.length).toBe(values.filter((v) => v?.status === 'suppressed').length);
        for (const c of cells) expect(c).toBe('suppressed');

        const breakdown = renderToStaticMarkup(
          <BreakdownTable
            caption="c"
            tableId="m:month:site"
            dimensionLabel="Site"
            periods={ps}
            rows={[{ value: 'A', label: 'A', cells: values }, { value: 'B', label: 'B', cells: [...values].reverse() }]}
            unit={unit}
            decimals={decimals}
          />,
        );
        const bCells = cellsByStatus(breakdown, 'suppressed');
        expect(bCells.length).toBe(2 * values.filter((v) => v?.status === 'suppressed').length);
        for (const c of bCells) expect(c).toBe('suppressed');
      }),
    );
  });

  it('is never a number in a whole metric section', () => {
    fc.assert(
      fc.property(unitArb, fc.array(valueArb, { minLength: 1, maxLength: 12 }), ({ unit, decimals }, values) => {
        const ps = periods(values.length);
        const section: TrendSection = {
          id: 'm',
          title: 'M',
          metric: { id: 'm', label: 'M', unit, kind: 'mean', decimals, privacyUnit: 'participant', direction: 'higher', scale: { min: 0, max: unit === 'proportion' ? 100 : null, text: '' } },
          scopeLabel: 'All programs',
          notes: [],
          trend: { tableId: 'm:month:total', grain: 'month', dimensionValue: 'all', points: ps.map((p, i) => ({ ...p, value: values[i]! })), base: null },
          breakdown: { note: null, dimension: 'site', dimensionLabel: 'Site', tableId: 'm:month:site', grain: 'month', periods: ps, rows: [{ value: 'A', label: 'A', cells: values }], reference: null },
        };
        const html = renderToStaticMarkup(<MetricSection section={section} release={{ releaseId: 'r', createdAt: '2026-01-01T00:00:00Z', k: 11 }} />);
        const cells = cellsByStatus(html, 'suppressed');
        expect(cells.length).toBe(2 * values.filter((v) => v?.status === 'suppressed').length);
        for (const c of cells) expect(c).toBe('suppressed');
        if (values.some((v) => v?.status === 'suppressed')) expect(html).toContain('fewer than 11 people');
      }),
    );
  });

  it('is never a number on a tile, and leaves the change unavailable', () => {
    fc.assert(
      fc.property(valueArb, valueArb, (current, prior) => {
        const tile: Tile = {
          metric: { id: 'm', label: 'M', unit: 'people', kind: 'count', decimals: 0, privacyUnit: 'participant', direction: 'neither', scale: { min: 0, max: null, text: '' } },
          tableId: 'm:month:total',
          grain: 'month',
          scopeLabel: 'All programs',
          dimensionValue: 'all',
          note: null,
          current: current ? { period: '2025-02', label: 'Feb 2025', partial: false, value: current } : null,
          prior: { period: '2025-01', label: 'Jan 2025', partial: false, value: prior },
          spark: [],
        };
        const html = renderToStaticMarkup(<KpiTile tile={tile} />);
        if (current?.status === 'suppressed') {
          expect(byStatus(html, 'p', 'suppressed')).toEqual(['suppressed']);
        }
        if (current?.status === 'suppressed' || prior?.status === 'suppressed') {
          expect(html).toContain('data-change="unavailable"');
          expect(changeBetween(current, prior).kind).toBe('unavailable');
        }
      }),
    );
  });

  it('is a gap in a chart, never a point at 0', () => {
    fc.assert(
      fc.property(unitArb, ({ unit, decimals }) => {
        const point = chartPoint('x', suppressed, unit, decimals);
        expect(point.value).toBeNull();
        expect(point.suppressed).toBe(true);
        expect(point.text).not.toMatch(/\d/);
      }),
    );
  });
});
