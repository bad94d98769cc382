// Releases: the one being served (its manifest) and the pipeline's runs, each
// with its suppression summary.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { auditSecondsOf, pipelineRuns } from '~/admin/run-log.server';
import { requireRole } from '~/auth/guards.server';
import { TableScroll } from '~/components/TableScroll';
import { loadRelease } from '~/dashboard/load.server';
import { formatDateTimeUtc, formatNumber, formatPeriod } from '~/lib/format';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  const release = await loadRelease();
  const { runs, unreadable } = await pipelineRuns();
  const m = release?.manifest;
  return {
    current: m
      ? {
          id: m.release_id,
          createdAt: m.created_at,
          k: m.k,
          protectionLevel: m.protection_level,
          period: formatPeriod(m.data_from, m.data_to),
          tables: m.tables,
          released: m.cells_released,
          suppressed: m.cells_suppressed,
          status: m.status,
        }
      : null,
    runs: runs.slice(0, 50).map((r) => ({ ...r, auditSeconds: auditSecondsOf(r) })),
    unreadable,
  };
}

const n = (x: number | undefined) => (x === undefined ? '—' : formatNumber(x));

export default function Releases() {
  const { current, runs, unreadable } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="releases-title">
      <header className="page-head">
        <h1 id="releases-title">Releases</h1>
        <p>The pipeline builds a release, audits it and keeps it; a published release is served from the next page anyone opens. Held and earlier releases: <code>npm run release:list</code>, <code>release:publish</code> and <code>release:rollback</code> (see the README).</p>
      </header>
      <div className="panel">
        <h2>Being served</h2>
        {current ? (
          <dl className="facts">
            <div className="fact"><dt>Release</dt><dd className="mono">{current.id}</dd></div>
            <div className="fact"><dt>Published</dt><dd>{formatDateTimeUtc(current.createdAt)}</dd></div>
            <div className="fact"><dt>Data</dt><dd>{current.period}</dd></div>
            <div className="fact"><dt>Threshold k / protection level</dt><dd>{current.k} / {current.protectionLevel}</dd></div>
            <div className="fact"><dt>Tables</dt><dd>{formatNumber(current.tables)}</dd></div>
            <div className="fact"><dt>Cells released / suppressed</dt><dd>{formatNumber(current.released)} / {formatNumber(current.suppressed)}</dd></div>
          </dl>
        ) : (
          <p>No release yet: run the pipeline (see the README).</p>
        )}
      </div>
      <div className="panel">
        {runs.length === 0 ? (
          <>
            <h2>Pipeline runs</h2>
            <p>No pipeline run is recorded in this data folder’s run log (<code>pipeline-runs.jsonl</code>){unreadable ? `, and ${unreadable} line${unreadable === 1 ? '' : 's'} of it could not be read` : ''}.</p>
          </>
        ) : (
          <TableScroll label="Pipeline runs">
            <table className="data-table">
              <caption>Pipeline runs, newest first{unreadable ? ` (${unreadable} unreadable line${unreadable === 1 ? '' : 's'} in the log left out)` : ''}</caption>
              <thead>
                <tr>
                  <th scope="col">Run</th>
                  <th scope="col">Started</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">Released</th>
                  <th scope="col" className="num">Suppressed</th>
                  <th scope="col" className="num">Primary</th>
                  <th scope="col" className="num">Linked</th>
                  <th scope="col" className="num">Complementary</th>
                  <th scope="col" className="num">Audits (s)</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.runId}>
                    <td className="mono">{r.runId}</td>
                    <td>{formatDateTimeUtc(r.startedAt)}</td>
                    <td>{r.status}</td>
                    <td className="num">{n(r.release?.cellsReleased)}</td>
                    <td className="num">{n(r.release?.cellsSuppressed)}</td>
                    <td className="num">{n(r.release?.primary)}</td>
                    <td className="num">{n(r.release?.linked)}</td>
                    <td className="num">{n(r.release?.complementary)}</td>
                    <td className="num">{n(r.auditSeconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </div>
    </section>
  );
}
