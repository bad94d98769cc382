// The numbers behind every chart, as tables: for screen readers, for copying,
// and for checking. Each value cell's released cell is named once, by its
// headers: the table carries the table id, the row and column headers the
// period and the breakdown value (a trend's breakdown value is on the table),
// and the value itself its status (released, suppressed, none).
import type { ReleasedValue } from '../../pipelines/release/format';
import { unitText } from '~/lib/format';
import { ReleasedNumber } from './ReleasedNumber';
import { TableScroll } from './TableScroll';

interface Unit {
  unit: string;
  decimals: number;
}

export interface TrendTableProps extends Unit {
  caption: string;
  tableId: string;
  dimensionValue: string;
  points: { period: string; label: string; partial: boolean; value: ReleasedValue | null }[];
}

function ValueCell({ value, unit, decimals }: Unit & { value: ReleasedValue | null }) {
  return (
    <td className="num">
      <ReleasedNumber value={value} unit={unit} decimals={decimals} />
    </td>
  );
}

const periodHeader = (p: { label: string; partial: boolean }) => (p.partial ? `${p.label} (partial)` : p.label);

export function TrendTable({ caption, tableId, dimensionValue, points, unit, decimals }: TrendTableProps) {
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
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.period}>
              <th scope="row" data-period={p.period}>
                {periodHeader(p)}
              </th>
              <ValueCell value={p.value} unit={unit} decimals={decimals} />
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
}

export function BreakdownTable({ caption, tableId, dimensionLabel, periods, rows, unit, decimals }: BreakdownTableProps) {
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
        </tbody>
      </table>
    </TableScroll>
  );
}
