// The numbers behind every chart, as tables: for screen readers, for copying,
// for checking, and for a page read without JavaScript. Each value cell's
// released cell is named once, by its headers: the table carries the table
// id, the row and column headers the period and the breakdown value (a
// trend's breakdown value is on the table), and the value itself its status.
// A cell of another table (the count behind a share, the whole beside its
// groups) names its own cell on the cell.
import type { ReleasedValue } from '../../pipelines/release/format';
import { unitText } from '~/lib/format';
import { ReleasedNumber } from './ReleasedNumber';
import { TableScroll } from './TableScroll';

interface Unit {
  unit: string;
  decimals: number;
}

function ValueCell({ value, unit, decimals }: Unit & { value: ReleasedValue | null }) {
  return (
    <td className="num">
      <ReleasedNumber value={value} unit={unit} decimals={decimals} missing="none" />
    </td>
  );
}

/** A value of another table than the one the row belongs to: it names its cell itself. */
function OwnCell({ value, unit, decimals, tableId, period, dimensionValue }: Unit & { value: ReleasedValue | null; tableId: string; period: string; dimensionValue: string }) {
  return (
    <td className="num" data-table-id={tableId} data-period={period} data-dimension-value={dimensionValue} data-status={value?.status ?? 'none'}>
      <ReleasedNumber value={value} unit={unit} decimals={decimals} missing="none" />
    </td>
  );
}

const periodHeader = (p: { label: string; partial: boolean }) => (p.partial ? `${p.label} (partial)` : p.label);

export interface TrendTableProps extends Unit {
  caption: string;
  tableId: string;
  dimensionValue: string;
  points: { period: string; label: string; partial: boolean; value: ReleasedValue | null }[];
  /** The released count behind each value (the share's or ratio's denominator), where the release has it. */
  base?: { label: string; tableId: string; cells: (ReleasedValue | null)[] } | null;
}

export function TrendTable({ caption, tableId, dimensionValue, points, unit, decimals, base }: TrendTableProps) {
  return (
    <TableScroll label={caption}>
      <table className="data-table" data-table-id={tableId} data-dimension-value={dimensionValue}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Value ({unitText(unit)})
            </th>
            {base && (
              <th scope="col" className="num">
                {base.label} (people)
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={p.period}>
              <th scope="row" data-period={p.period}>
                {periodHeader(p)}
              </th>
              <ValueCell value={p.value} unit={unit} decimals={decimals} />
              {base && <OwnCell value={base.cells[i] ?? null} unit="people" decimals={0} tableId={base.tableId} period={p.period} dimensionValue={dimensionValue} />}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export interface BreakdownTableProps extends Unit {
  caption: string;
  tableId: string;
  dimensionLabel: string;
  periods: { period: string; label: string; partial: boolean }[];
  rows: { value: string; label: string; cells: (ReleasedValue | null)[] }[];
  /** The whole the groups belong to, as the last row. */
  reference?: { label: string; tableId: string; dimensionValue: string; cells: (ReleasedValue | null)[] } | null;
}

export function BreakdownTable({ caption, tableId, dimensionLabel, periods, rows, unit, decimals, reference }: BreakdownTableProps) {
  return (
    <TableScroll label={caption}>
      <table className="data-table" data-table-id={tableId}>
        <caption>
          {caption} ({unitText(unit)})
        </caption>
        <thead>
          <tr>
            <th scope="col">{dimensionLabel}</th>
            {periods.map((p) => (
              <th scope="col" className="num" key={p.period} data-period={p.period}>
                {periodHeader(p)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.value}>
              <th scope="row" data-dimension-value={row.value}>
                {row.label}
              </th>
              {row.cells.map((value, i) => (
                <ValueCell key={periods[i]!.period} value={value} unit={unit} decimals={decimals} />
              ))}
            </tr>
          ))}
          {reference && (
            <tr className="data-table__reference">
              <th scope="row">{reference.label} (for reference)</th>
              {reference.cells.map((value, i) => (
                <OwnCell
                  key={periods[i]!.period}
                  value={value}
                  unit={unit}
                  decimals={decimals}
                  tableId={reference.tableId}
                  period={periods[i]!.period}
                  dimensionValue={reference.dimensionValue}
                />
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </TableScroll>
  );
}
