// A key figure for the latest complete period of its metric: the period it
// shows (tiles side by side may show a month, a quarter or a year), the
// released value, the change against the prior period (only when both are
// released), and a sparkline on the metric's own axis. The change says in
// words whether it is better or worse, not by colour alone.
import type { KpiTile as Tile } from '~/dashboard/overview.server';
import { changeBetween, formatChange } from '~/lib/change';
import { chartPoint } from './charts/chart-data';
import { Sparkline } from './charts/Sparkline';
import { MissingMark, ReleasedNumber } from './ReleasedNumber';

function ChangeLine({ tile }: { tile: Tile }) {
  const { metric } = tile;
  if (!tile.prior) return <p className="kpi__change">No complete prior period in this release.</p>;
  const change = changeBetween(tile.current?.value, tile.prior.value);
  if (change.kind === 'unavailable') {
    return (
      <p className="kpi__change kpi__change--unavailable" data-change="unavailable">
        Change against {tile.prior.label}: unavailable ({change.reason === 'suppressed' ? 'a value is suppressed' : tile.current ? `no one in ${tile.prior.label}` : 'no current value yet'})
      </p>
    );
  }
  const better =
    change.delta === 0 || metric.direction === 'neither' ? null : (change.delta > 0) === (metric.direction === 'higher');
  const arrow = change.delta > 0 ? '▲' : change.delta < 0 ? '▼' : '▶';
  return (
    <p className={`kpi__change${better === null ? '' : better ? ' kpi__change--better' : ' kpi__change--worse'}`} data-change="available">
      <span aria-hidden="true">{arrow} </span>
      {formatChange(change, metric.unit, metric.decimals, metric.kind)} against {tile.prior.label}
      {better === null ? '' : better ? ' (better)' : ' (worse)'}
    </p>
  );
}

export function KpiTile({ tile }: { tile: Tile }) {
  const { metric } = tile;
  return (
    <article className="kpi" aria-labelledby={`kpi-${metric.id}`}>
      <h3 className="kpi__label" id={`kpi-${metric.id}`}>
        {metric.label}
      </h3>
      <p className="kpi__period" data-grain={tile.grain}>
        {tile.current ? (
          <>
            <strong>{tile.current.label}</strong> · latest complete {tile.grain}
          </>
        ) : (
          `No complete ${tile.grain} released yet`
        )}
      </p>
      <p
        className="kpi__value"
        data-table-id={tile.tableId}
        data-period={tile.current?.period ?? ''}
        data-dimension-value={tile.dimensionValue}
        data-status={tile.current?.value ? tile.current.value.status : 'not-yet'}
      >
        {tile.current ? <ReleasedNumber value={tile.current.value} unit={metric.unit} decimals={metric.decimals} missing="none" /> : <MissingMark missing="not-yet" />}
      </p>
      <p className="kpi__scope">{tile.scopeLabel}</p>
      <ChangeLine tile={tile} />
      <Sparkline scale={metric.scale} points={tile.spark.map((p) => chartPoint(p.label, p.value, metric.unit, metric.decimals))} />
      {tile.note && <p className="kpi__note">{tile.note}</p>}
    </article>
  );
}
