// The numbers behind every chart, as tables: for screen readers, for copying,
// and for checking. Each value cell names the released cell it shows.
import type { ReleasedValue } from '../../pipelines/release/format';
import { unitText } from '~/lib/format';
import { ReleasedNumber } from './ReleasedNumber';

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

function ValueCell({ tableId, period, dimensionValue, value, unit, decimals }: Unit & { tableId: string; period: string; dimensionValue: string; value: ReleasedValue | null }) {
  return (
    <td
      className="num"
      data-table-id={tableId}
      data-period={period}
      data-dimension-value={dimensionValue}
      data-status={value === null ? 'none' : value.status}
    >
      <ReleasedNumber value={value} unit={unit} decimals={decimals} />
    </td>
  );
}

const periodHeader = (p: { label: string; partial: boolean }) => (p.partial ? `${p.label} (partial)` : p.label);

export function TrendTable({ caption, tableId, dimensionValue, points, unit, decimals }: TrendTableProps) {
  return (
    <div className="table-scroll">
      <table className="data-table">
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
              <th scope="row">{periodHeader(p)}</th>
              <ValueCell tableId={tableId} period={p.period} dimensionValue={dimensionValue} value={p.value} unit={unit} decimals={decimals} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
    <div className="table-scroll">
      <table className="data-table">
        <caption>
          {caption} ({unitText(unit)})
        </caption>
        <thead>
          <tr>
            <th scope="col">{dimensionLabel}</th>
            {periods.map((p) => (
              <th scope="col" className="num" key={p.period}>
                {periodHeader(p)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.value}>
              <th scope="row">{row.label}</th>
              {row.cells.map((value, i) => (
                <ValueCell key={periods[i]!.period} tableId={tableId} period={periods[i]!.period} dimensionValue={row.value} value={value} unit={unit} decimals={decimals} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
