// The tables behind a section's charts are in the server's HTML, every row of
// them, inside closed <details>: they open without JavaScript. A breakdown
// has each group over time and the whole it belongs to as a reference row.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ReleasedValue } from '../../pipelines/release/format';
import { MetricSection } from '~/components/MetricSection';
import type { TrendSection } from '~/dashboard/sections.server';

const released = (value: number) => ({ status: 'released', value }) as ReleasedValue;
const ps = ['2025-01', '2025-02', '2025-03'].map((period, i) => ({ period, label: `M${i + 1}`, partial: false }));
const section: TrendSection = {
  id: 'm',
  title: 'M',
  metric: { id: 'm', label: 'M', unit: 'people', kind: 'count', decimals: 0, privacyUnit: 'participant', direction: 'higher', scale: { min: 0, max: null, text: 'Number of people; axis from zero.' } },
  scopeLabel: 'All programs',
  notes: [],
  trend: { tableId: 'm:month:total', grain: 'month', dimensionValue: 'all', points: ps.map((p, i) => ({ ...p, value: released(100 + i) })), base: null },
  breakdown: {
    note: null,
    dimension: 'program',
    dimensionLabel: 'Program',
    tableId: 'm:month:program',
    grain: 'month',
    periods: ps,
    rows: [
      { value: 'A', label: 'A', cells: ps.map((_, i) => released(50 + i)) },
      { value: 'B', label: 'B', cells: ps.map((_, i) => released(40 + i)) },
    ],
    reference: { label: 'All programs', tableId: 'm:month:total', dimensionValue: 'all', cells: ps.map((_, i) => released(100 + i)) },
  },
};
const release = { releaseId: 'r', createdAt: '2026-01-01T00:00:00Z', k: 11 };

describe("a section's tables and charts in the server HTML", () => {
  const html = renderToString(<MetricSection section={section} release={release} />);

  it('has every table row inside a closed <details>, each cell named by its headers', () => {
    expect(html.match(/<details class="table-toggle"/g)).toHaveLength(2);
    expect(html).not.toMatch(/<details[^>]* open/);
    // 3 trend cells; 2 groups × 3 periods and the reference row's 3
    expect(html.match(/<td/g)).toHaveLength(3 + 6 + 3);
    expect(html).toContain('<table class="data-table" data-table-id="m:month:total" data-dimension-value="all">');
    expect(html).toContain('<th scope="row" data-period="2025-02">');
    expect(html).toContain('<th scope="col" class="num" data-period="2025-03">');
    expect(html).toContain('<th scope="row" data-dimension-value="A">');
    // The reference row names its own cells: they are of the total table.
    expect(html).toContain('<td class="num" data-table-id="m:month:total" data-period="2025-01" data-dimension-value="all" data-status="released">');
  });

  it('draws the trend, one small chart per group with the whole dashed, and the latest period as bars', () => {
    expect(html.match(/<svg[^>]*class="chart__svg"/g)).toHaveLength(1 + 2 + 1);
    expect(html.match(/class="chart__reference"/g)).toHaveLength(2);
    expect(html).toContain('Number of people; axis from zero.');
    expect(html.replace(/<!-- -->/g, '')).toContain('Dashed: All programs, for reference.');
  });
});
