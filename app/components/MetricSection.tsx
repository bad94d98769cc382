// One metric on a page: its trend (chart and table) and, when a breakdown is
// chosen, its values across the breakdown (chart for the latest period, table
// for every period). Everything shown is in the section's released cells.
import type { TrendSection } from '~/dashboard/sections.server';
import { dimensionLabel } from '~/dashboard/labels';
import { unitText } from '~/lib/format';
import { BreakdownChart } from './charts/BreakdownChart';
import { ChartDownloads } from './ChartDownloads';
import { ChartHelp } from './ChartHelp';
import { chartPoint } from './charts/chart-data';
import { TrendChart } from './charts/TrendChart';
import { BreakdownTable, TrendTable } from './MetricTables';
import { ReleaseFootnote } from './ReleaseFootnote';
import { SuppressedIcon, SuppressionLegend } from './ReleasedNumber';
import { TableToggle } from './TableToggle';
import type { ReleasedValue } from '../../pipelines/release/format';

export interface ReleaseInfo {
  releaseId: string;
  createdAt: string;
  k: number;
}

/** In place of a chart with no line or bar: how many values are suppressed and how many have no one. */
function NothingToDraw({ values }: { values: (ReleasedValue | null)[] }) {
  const suppressed = values.filter((v) => v?.status === 'suppressed').length;
  const none = values.filter((v) => v === null).length;
  const parts = [suppressed ? `${suppressed} suppressed` : '', none ? `${none} with no one in the group` : ''].filter(Boolean);
  return (
    <p className="empty nothing-to-draw">
      {suppressed > 0 && <SuppressedIcon />} No value here can be drawn: {parts.join(' and ')}.
    </p>
  );
}

export function MetricSection({ section, release, level = 2 }: { section: TrendSection; release: ReleaseInfo; /** 3 inside a titled group of sections */ level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const { metric, trend, breakdown } = section;
  const headingId = `${section.id}-title`;
  const latest = breakdown?.periods.length ? breakdown.periods.length - 1 : -1;
  const hasSuppressed =
    trend?.points.some((p) => p.value?.status === 'suppressed') || breakdown?.rows.some((r) => r.cells.some((c) => c?.status === 'suppressed'));
  return (
    <section className="panel metric" id={section.id} aria-labelledby={headingId}>
      <Heading id={headingId} className="metric__title">
        {section.title}
      </Heading>
      <p className="metric__meta">
        {section.scopeLabel} · {unitText(metric.unit)}
        {metric.privacyUnit === 'staff' ? ' · counted over staff' : ''}
      </p>
      <ChartHelp metric={metric} />
      {section.notes.length > 0 && (
        <ul className="notes">
          {section.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {trend && trend.points.length > 0 ? (
        <>
          {!trend.points.some((p) => p.value?.status === 'released') ? (
            <NothingToDraw values={trend.points.map((p) => p.value)} />
          ) : (
          <TrendChart
            title={`${metric.label}, ${section.scopeLabel}`}
            unit={metric.unit}
            decimals={metric.decimals}
            fromZero={metric.kind === 'count' || metric.kind === 'total'}
            points={trend.points.map((p) => chartPoint(p.label, p.value, metric.unit, metric.decimals))} />
          )}
          <TableToggle summary="Table of the trend" tableId={trend.tableId}>
            <TrendTable
              caption={`${metric.label}, ${section.scopeLabel}, by ${trend.grain}`}
              tableId={trend.tableId}
              dimensionValue={trend.dimensionValue}
              points={trend.points}
              unit={metric.unit}
              decimals={metric.decimals}
            />
          </TableToggle>
          <ChartDownloads chart={section.id} part="trend" title={`${metric.label}, ${section.scopeLabel}`} />
        </>
      ) : trend ? (
        <p className="empty">No released values in this range.</p>
      ) : null}
      {breakdown && (
        <div className="breakdown">
          {trend ? (
            <h3>
              By {dimensionLabel(breakdown.dimension).toLowerCase()}
              {latest >= 0 ? `, ${breakdown.periods[latest]!.label}` : ''}
            </h3>
          ) : latest >= 0 ? (
            <p className="metric__meta">{breakdown.periods[latest]!.label}</p>
          ) : null}
          {breakdown.note && <p className="metric__meta">{breakdown.note}</p>}
          {breakdown.rows.length === 0 || latest < 0 ? (
            <p className="empty">No released values by {breakdown.dimensionLabel.toLowerCase()} in this range.</p>
          ) : (
            <>
              {!breakdown.rows.some((r) => r.cells[latest]?.status === 'released') ? (
                <NothingToDraw values={breakdown.rows.map((r) => r.cells[latest] ?? null)} />
              ) : (
              <BreakdownChart
                title={`${metric.label} by ${breakdown.dimensionLabel.toLowerCase()}, ${breakdown.periods[latest]!.label}`}
                unit={metric.unit}
                decimals={metric.decimals}
                rows={breakdown.rows.map((r) => chartPoint(r.label, r.cells[latest] ?? null, metric.unit, metric.decimals))}
              />
              )}
              <TableToggle summary={`Table by ${breakdown.dimensionLabel.toLowerCase()}, every period`} tableId={breakdown.tableId}>
                <BreakdownTable
                  caption={`${metric.label} by ${breakdown.dimensionLabel.toLowerCase()}`}
                  tableId={breakdown.tableId}
                  dimensionLabel={breakdown.dimensionLabel}
                  periods={breakdown.periods}
                  rows={breakdown.rows}
                  unit={metric.unit}
                  decimals={metric.decimals}
                />
              </TableToggle>
              <ChartDownloads chart={section.id} part="breakdown" title={`${metric.label} by ${breakdown.dimensionLabel.toLowerCase()}`} />
            </>
          )}
        </div>
      )}
      {hasSuppressed && <SuppressionLegend k={release.k} />}
      <ReleaseFootnote releaseId={release.releaseId} createdAt={release.createdAt} />
    </section>
  );
}
