import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { BreakdownChart } from '~/components/charts/BreakdownChart';
import { chartPoint } from '~/components/charts/chart-data';
import { ChartDownloads } from '~/components/ChartDownloads';
import { ChartHelp } from '~/components/ChartHelp';
import { FilterBar } from '~/components/FilterBar';
import { GroupsOverTime } from '~/components/MetricSection';
import { BreakdownTable } from '~/components/MetricTables';
import { Notices } from '~/components/Notices';
import { marksOf, MissingMark, ReleasedNumber, ValueLegend } from '~/components/ReleasedNumber';
import { ReleaseFootnote } from '~/components/ReleaseFootnote';
import { TableScroll } from '~/components/TableScroll';
import { TableToggle } from '~/components/TableToggle';
import { equityPage } from '~/dashboard/equity.server';
import { dimensionLabel } from '~/dashboard/labels';
import { noStore, requireDashboardPage } from '~/dashboard/load.server';
import { unitText } from '~/lib/format';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Equity' }];
export const headers: HeadersFunction = noStore;

export async function loader(args: LoaderFunctionArgs) {
  // Groups are released for all programs together: a page for accounts assigned every program.
  const page = await requireDashboardPage(args, { whole: true });
  return page ? equityPage(page.release, page.url, page.access) : { kind: 'none' as const };
}

export default function EquityPage() {
  const data = useLoaderData<typeof loader>();
  if (data.kind !== 'release') return null;
  const dim = data.dimension ? dimensionLabel(data.dimension).toLowerCase() : '';
  return (
    <>
      <header className="page-head">
        <h1>{data.page.title}</h1>
        <p className="page-head__scope">All programs · {data.year.label}</p>
        <p>{data.page.intro}</p>
      </header>
      <FilterBar view={data.view} options={data.options} action={data.page.path} />
      <Notices notices={data.notices} />
      {data.rows.length === 0 ? (
        <p className="panel empty">This release has no outcomes by demographic group for {data.year.label}.</p>
      ) : (
        <>
          <section className="panel" aria-labelledby="matrix-title">
            <h2 id="matrix-title">
              Outcomes by {dim}, {data.year.label}
            </h2>
            <TableScroll label={`Outcomes by ${dim}, ${data.year.label}`}>
              <table className="data-table data-table--matrix">
                <caption>
                  Each outcome for all programs and for each group by {dim}, {data.year.label}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Outcome</th>
                    <th scope="col" className="num">
                      All programs
                    </th>
                    {data.groups.map((g) => (
                      <th scope="col" className="num" key={g.value}>
                        {g.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row) => (
                    <tr key={row.metric.id}>
                      <th scope="row">
                        {row.metric.label} <span className="unit">({unitText(row.metric.unit)})</span>
                      </th>
                      {!row.released ? (
                        <td colSpan={data.groups.length + 1} className="not-released">
                          <MissingMark missing="not-yet" />: participants of {data.year.label} are not yet followed up for long enough.
                        </td>
                      ) : (
                      <>
                      <td className="num" data-table-id={row.totalTableId} data-period={data.year.period} data-dimension-value="all" data-status={row.total?.status ?? 'none'}>
                        <ReleasedNumber value={row.total} unit={row.metric.unit} decimals={row.metric.decimals} missing="none" />
                      </td>
                      {row.cells.map((value, i) => (
                        <td
                          className="num"
                          key={data.groups[i]!.value}
                          data-table-id={row.tableId}
                          data-period={data.year.period}
                          data-dimension-value={data.groups[i]!.value}
                          data-status={value?.status ?? 'none'}
                        >
                          <ReleasedNumber value={value} unit={row.metric.unit} decimals={row.metric.decimals} missing="none" />
                        </td>
                      ))}
                      </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <ValueLegend
              k={data.release.k}
              marks={[...marksOf(data.rows.filter((r) => r.released).flatMap((r) => [r.total, ...r.cells])), ...(data.rows.some((r) => !r.released) ? (['not-yet'] as const) : [])]}
              floor="people"
            />
            <ReleaseFootnote releaseId={data.release.releaseId} createdAt={data.release.createdAt} />
          </section>
          {/* Each outcome over every year: wide panels when there are years to draw, the groups' small charts side by side. */}
          <div className={data.rows.some((row) => row.overTime) ? 'small-multiples small-multiples--wide' : 'small-multiples'}>
            {data.rows.filter((row) => row.released || row.overTime).map((row) => (
              <section className="panel" key={row.metric.id} aria-labelledby={`eq-${row.metric.id}`}>
                <h2 id={`eq-${row.metric.id}`} className="small-title">
                  {row.metric.label}
                </h2>
                <p className="metric__scale">{row.metric.scale.text}</p>
                <ChartHelp metric={row.metric} />
                {row.overTime && (
                  <div className="breakdown" data-table-id={row.overTime.tableId}>
                    <h3 className="small-title">By {dim}, over time</h3>
                    <GroupsOverTime metric={row.metric} breakdown={row.overTime} />
                    <TableToggle summary={`Table by ${dim}, every year`} tableId={row.overTime.tableId}>
                      <BreakdownTable
                        caption={`${row.metric.label} by ${dim}`}
                        tableId={row.overTime.tableId}
                        dimensionLabel={row.overTime.dimensionLabel}
                        periods={row.overTime.periods}
                        rows={row.overTime.rows}
                        reference={row.overTime.reference}
                        unit={row.metric.unit}
                        decimals={row.metric.decimals}
                      />
                    </TableToggle>
                    <ValueLegend k={data.release.k} marks={marksOf([...row.overTime.rows.flatMap((r) => r.cells), ...(row.overTime.reference?.cells ?? [])])} />
                  </div>
                )}
                {row.released && (
                  <>
                    {row.overTime && <h3 className="small-title">By {dim}, {data.year.label}</h3>}
                    <BreakdownChart
                      title={`${row.metric.label} by ${dim}, ${data.year.label}`}
                      unit={row.metric.unit}
                      decimals={row.metric.decimals}
                      scale={row.metric.scale}
                      rows={data.groups.map((g, i) => chartPoint(g.label, row.cells[i] ?? null, row.metric.unit, row.metric.decimals))}
                      reference={chartPoint('All programs (reference)', row.total, row.metric.unit, row.metric.decimals)}
                    />
                    <ChartDownloads chart={row.metric.id} part="breakdown" title={`${row.metric.label} by ${dim}, ${data.year.label}`} />
                  </>
                )}
              </section>
            ))}
          </div>
        </>
      )}
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
