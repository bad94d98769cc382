// One metric on a page: its trend (chart and table) and, when a breakdown is
// chosen, each group over time (small multiples, with the whole the account
// may see as a dashed reference line), the groups side by side in the latest
// period, and the table of every period. Every chart names its scale; every
// mark is explained under the charts. Everything shown is in the section's
// released cells, and all of it is in the server's HTML.
import type { ReleasedValue } from '../../pipelines/release/format';
import type { BreakdownView, MetricView, TrendSection } from '~/dashboard/sections.server';
import { dimensionLabel } from '~/dashboard/labels';
import { formatValue, unitText } from '~/lib/format';
import { BreakdownChart } from './charts/BreakdownChart';
import { ChartDownloads } from './ChartDownloads';
import { ChartHelp } from './ChartHelp';
import { chartPoint } from './charts/chart-data';
import { TrendChart } from './charts/TrendChart';
import { BreakdownTable, TrendTable } from './MetricTables';
import { ReleaseFootnote } from './ReleaseFootnote';
import { marksOf, SuppressedIcon, ValueLegend } from './ReleasedNumber';
import { TableToggle } from './TableToggle';

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

const drawable = (values: (ReleasedValue | null)[]) => values.some((v) => v?.status === 'released');

/** Each group over time, one small chart per group on the same axis, with the whole dashed behind it (also the equity page's). */
export function GroupsOverTime({ metric, breakdown }: { metric: MetricView; breakdown: BreakdownView }) {
  const point = (cells: (ReleasedValue | null)[]) => breakdown.periods.map((p, i) => chartPoint(p.label, cells[i] ?? null, metric.unit, metric.decimals));
  const reference = breakdown.reference ? { name: breakdown.reference.label, points: point(breakdown.reference.cells) } : undefined;
  // One axis for every group: the scale's ends, or zero up to the largest value of any group or the whole.
  const all = [...breakdown.rows.flatMap((r) => point(r.cells)), ...(reference?.points ?? [])].map((p) => p.value);
  const top = metric.scale.max ?? Math.max(0, ...all.filter((v): v is number => v !== null));
  const scale = { min: metric.scale.min, max: metric.scale.max ?? (top > metric.scale.min ? top : null) };
  return (
    <>
      {reference && (
        <p className="chart-key">
          <svg width="28" height="8" aria-hidden="true" focusable="false">
            <line x1="0" x2="28" y1="4" y2="4" stroke="currentColor" strokeWidth="1.5" strokeDasharray="6 4" />
          </svg>{' '}
          Dashed: {reference.name}, for reference.
        </p>
      )}
      <div className="multiples">
        {breakdown.rows.map((row) => (
          <figure className="multiple" key={row.value} data-dimension-value={row.value}>
            <figcaption>{row.label}</figcaption>
            {drawable(row.cells) ? (
              <TrendChart
                compact
                title={`${metric.label}, ${row.label}, by ${breakdown.grain}`}
                unit={metric.unit}
                decimals={metric.decimals}
                scale={scale}
                points={point(row.cells)}
                reference={reference}
              />
            ) : (
              <NothingToDraw values={row.cells} />
            )}
          </figure>
        ))}
      </div>
    </>
  );
}

export function MetricSection({ section, release, level = 2 }: { section: TrendSection; release: ReleaseInfo; /** 3 inside a titled group of sections */ level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  const { metric, trend, breakdown } = section;
  const headingId = `${section.id}-title`;
  const latest = breakdown?.periods.length ? breakdown.periods.length - 1 : -1;
  const by = breakdown ? dimensionLabel(breakdown.dimension).toLowerCase() : '';
  const marks = marksOf([
    ...(trend?.points.map((p) => p.value) ?? []),
    ...(trend?.base?.cells ?? []),
    ...(breakdown?.rows.flatMap((r) => r.cells) ?? []),
    ...(breakdown?.reference?.cells ?? []),
  ]);
  const restsOnFew = metric.kind === 'share' || metric.kind === 'mean' || metric.kind === 'ratio';
  const base = trend?.base;
  return (
    <section className="panel metric" id={section.id} aria-labelledby={headingId}>
      <Heading id={headingId} className="metric__title">
        {section.title}
      </Heading>
      <p className="metric__meta">
        {section.scopeLabel} · {unitText(metric.unit)}
        {metric.privacyUnit === 'staff' ? ' · counted over staff' : ''}
      </p>
      <p className="metric__scale">{metric.scale.text}</p>
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
          {!drawable(trend.points.map((p) => p.value)) ? (
            <NothingToDraw values={trend.points.map((p) => p.value)} />
          ) : (
            <TrendChart
              title={`${metric.label}, ${section.scopeLabel}`}
              unit={metric.unit}
              decimals={metric.decimals}
              scale={metric.scale}
              points={trend.points.map((p, i) => {
                const n = base?.cells[i];
                return chartPoint(p.label, p.value, metric.unit, metric.decimals, n?.status === 'released' ? `of ${formatValue(n.value, 'people', 0)} ${base!.label.toLowerCase()}` : undefined);
              })}
            />
          )}
          <TableToggle summary="Table of the trend" tableId={trend.tableId}>
            <TrendTable
              caption={`${metric.label}, ${section.scopeLabel}, by ${trend.grain}`}
              tableId={trend.tableId}
              dimensionValue={trend.dimensionValue}
              points={trend.points}
              unit={metric.unit}
              decimals={metric.decimals}
              base={base}
            />
          </TableToggle>
          <ChartDownloads chart={section.id} part="trend" title={`${metric.label}, ${section.scopeLabel}`} />
        </>
      ) : trend ? (
        <p className="empty">No released values in this range.</p>
      ) : null}
      {breakdown && (
        <div className="breakdown">
          {trend ? <Sub>By {by}, over time</Sub> : null}
          {breakdown.note && <p className="metric__meta">{breakdown.note}</p>}
          {breakdown.rows.length === 0 || latest < 0 ? (
            <p className="empty">No released values by {breakdown.dimensionLabel.toLowerCase()} in this range.</p>
          ) : (
            <>
              {breakdown.periods.length > 1 && <GroupsOverTime metric={metric} breakdown={breakdown} />}
              <Sub className="breakdown__latest">
                By {by}, {breakdown.periods[latest]!.label}
              </Sub>
              {!drawable(breakdown.rows.map((r) => r.cells[latest] ?? null)) ? (
                <NothingToDraw values={breakdown.rows.map((r) => r.cells[latest] ?? null)} />
              ) : (
                <BreakdownChart
                  title={`${metric.label} by ${by}, ${breakdown.periods[latest]!.label}`}
                  unit={metric.unit}
                  decimals={metric.decimals}
                  scale={metric.scale}
                  rows={breakdown.rows.map((r) => chartPoint(r.label, r.cells[latest] ?? null, metric.unit, metric.decimals))}
                  reference={
                    breakdown.reference
                      ? chartPoint(`${breakdown.reference.label} (reference)`, breakdown.reference.cells[latest] ?? null, metric.unit, metric.decimals)
                      : undefined
                  }
                />
              )}
              <TableToggle summary={`Table by ${by}, every period`} tableId={breakdown.tableId}>
                <BreakdownTable
                  caption={`${metric.label} by ${by}`}
                  tableId={breakdown.tableId}
                  dimensionLabel={breakdown.dimensionLabel}
                  periods={breakdown.periods}
                  rows={breakdown.rows}
                  reference={breakdown.reference}
                  unit={metric.unit}
                  decimals={metric.decimals}
                />
              </TableToggle>
              <ChartDownloads chart={section.id} part="breakdown" title={`${metric.label} by ${breakdown.dimensionLabel.toLowerCase()}`} />
            </>
          )}
        </div>
      )}
      <ValueLegend k={release.k} marks={marks} floor={restsOnFew && !base ? (metric.privacyUnit === 'staff' ? 'staff' : 'people') : undefined} />
      <ReleaseFootnote releaseId={release.releaseId} createdAt={release.createdAt} />
    </section>
  );
}
