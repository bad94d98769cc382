// The report's tables: measures against the comparison periods, a section's
// breakdown by site, and the values behind a trend chart. Every figure is a
// ReleasedNumber; the only derived figure is a change between two released values.
import { Fragment } from 'react';
import type { ReleasedValue } from '../../../pipelines/release/format';
import { ReleasedNumber } from '~/components/ReleasedNumber';
import { TableScroll } from '~/components/TableScroll';
import { changeBetween, formatChange } from '~/lib/change';
import type { MetricRef, ReportPeriod, ReportRow, TrendPoint } from '~/reports/report.server';

function ChangeText({ row, prior }: { row: ReportRow; prior: ReleasedValue | null }) {
  const change = changeBetween(row.current, prior);
  if (change.kind === 'unavailable') {
    return (
      <span className="value value--none" title="A change needs two released values">
        <span aria-hidden="true">—</span>
        <span className="sr-only">not available</span>
      </span>
    );
  }
  return <span className="value">{formatChange(change, row.unit, row.decimals, row.kind)}</span>;
}

export function MeasuresTable({ caption, rows, period, comparisons }: { caption: string; rows: ReportRow[]; period: ReportPeriod; comparisons: ReportPeriod[] }) {
  const two = comparisons.length > 1;
  return (
    <table className="data-table report-table report-measures">
      <caption>{caption}</caption>
      {/* Fixed widths: the measure's name wraps, the figures never do, and the table never outgrows the page. */}
      <colgroup>
        <col style={{ width: two ? '32%' : '40%' }} />
        <col style={{ width: two ? '12%' : '20%' }} />
        {comparisons.map((c) => (
          <Fragment key={c.short}>
            <col style={{ width: two ? '12%' : '20%' }} />
            <col style={{ width: two ? '16%' : '20%' }} />
          </Fragment>
        ))}
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Measure</th>
          <th scope="col" className="num">
            {period.short}
          </th>
          {comparisons.map((c) => (
            <th key={c.short} scope="col" className="num" colSpan={2}>
              {c.period ? `${c.short} and change` : `${c.short}: none`}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.metric} data-metric={row.metric}>
            <th scope="row">
              {row.label}
              {row.note && <span className="report-note">{row.note}</span>}
            </th>
            <td className="num">
              <ReleasedNumber value={row.current} unit={row.unit} decimals={row.decimals} />
            </td>
            {comparisons.map((c, i) => (
              <Comparison key={c.short} row={row} prior={row.compared[i] ?? null} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Comparison({ row, prior }: { row: ReportRow; prior: ReleasedValue | null }) {
  return (
    <>
      <td className="num">
        <ReleasedNumber value={prior} unit={row.unit} decimals={row.decimals} />
      </td>
      <td className="num report-change">
        <ChangeText row={row} prior={prior} />
      </td>
    </>
  );
}

export function SiteTable({ title, metrics, rows }: { title: string; metrics: MetricRef[]; rows: { site: string; values: (ReleasedValue | null)[] }[] }) {
  return (
    <TableScroll label={title}>
      <table className="data-table report-table">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Site</th>
            {metrics.map((m) => (
              <th key={m.metric} scope="col" className="num">
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.site}>
              <th scope="row">{r.site}</th>
              {metrics.map((m, i) => (
                <td key={m.metric} className="num">
                  <ReleasedNumber value={r.values[i] ?? null} unit={m.unit} decimals={m.decimals} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The values a trend chart draws, periods across. */
export function TrendValues({ metric, points }: { metric: MetricRef; points: TrendPoint[] }) {
  return (
    <TableScroll label={`${metric.label}: the values in the chart`}>
      <table className="data-table report-table report-trend-values">
        <caption className="sr-only">{metric.label}: the values in the chart</caption>
        <thead>
          <tr>
            {points.map((p) => (
              <th key={p.period} scope="col" className="num">
                {p.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {points.map((p) => (
              <td key={p.period} className="num">
                <ReleasedNumber value={p.value} unit={metric.unit} decimals={metric.decimals} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </TableScroll>
  );
}
