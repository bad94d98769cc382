// The tables behind a section's charts are not in the server's HTML: their
// rows render once a reader opens them (or the page is printed), from the
// loader data already in the page.
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ReleasedValue } from '../../pipelines/release/format';
import { MetricSection } from '~/components/MetricSection';
import { AllTablesOpen } from '~/components/TableToggle';
import type { TrendSection } from '~/dashboard/sections.server';

const released = (value: number) => ({ status: 'released', value }) as ReleasedValue;
const ps = ['2025-01', '2025-02', '2025-03'].map((period, i) => ({ period, label: `M${i + 1}`, partial: false }));
const section: TrendSection = {
  id: 'm',
  title: 'M',
  metric: { id: 'm', label: 'M', unit: 'people', kind: 'count', decimals: 0, privacyUnit: 'participant', direction: 'higher' },
  scopeLabel: 'All programs',
  notes: [],
  trend: { tableId: 'm:month:total', grain: 'month', dimensionValue: 'all', points: ps.map((p, i) => ({ ...p, value: released(100 + i) })) },
  breakdown: { note: null, dimension: 'program', dimensionLabel: 'Program', tableId: 'm:month:program', grain: 'month', periods: ps, rows: [{ value: 'A', label: 'A', cells: ps.map((_, i) => released(50 + i)) }] },
};
const release = { releaseId: 'r', createdAt: '2026-01-01T00:00:00Z', k: 11 };

describe("a section's tables", () => {
  it('are closed toggles without rows in the server HTML, naming the table they hold', () => {
    const html = renderToString(<MetricSection section={section} release={release} />);
    expect(html.match(/<details/g)).toHaveLength(2);
    expect(html).not.toContain('<table');
    expect(html).toContain('data-table-id="m:month:total"');
    expect(html).toContain('data-table-id="m:month:program"');
  });

  it('render every row and cell when open, each cell named by its headers', () => {
    const html = renderToString(
      <AllTablesOpen.Provider value={true}>
        <MetricSection section={section} release={release} />
      </AllTablesOpen.Provider>,
    );
    expect(html.match(/<td/g)).toHaveLength(3 + 3);
    expect(html).toContain('<table class="data-table" data-table-id="m:month:total" data-dimension-value="all">');
    expect(html).toContain('<th scope="row" data-period="2025-02">');
    expect(html).toContain('<th scope="col" class="num" data-period="2025-03">');
    expect(html).toContain('<th scope="row" data-dimension-value="A">');
  });
});
