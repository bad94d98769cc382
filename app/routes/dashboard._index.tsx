import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { FilterBar } from '~/components/FilterBar';
import { KpiTile } from '~/components/KpiTile';
import { Notices } from '~/components/Notices';
import { ReleaseFootnote } from '~/components/ReleaseFootnote';
import { marksOf, ValueLegend } from '~/components/ReleasedNumber';
import { noStore, releaseInfo, requireDashboardPage } from '~/dashboard/load.server';
import { attentionItems, kpiTiles } from '~/dashboard/overview.server';
import { page } from '~/dashboard/pages';
import { resolveView } from '~/dashboard/view.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Overview' }];
export const headers: HeadersFunction = noStore;

export async function loader(args: LoaderFunctionArgs) {
  const opened = await requireDashboardPage(args);
  if (!opened) return { kind: 'none' as const };
  const { release, url, access } = opened;
  const def = page('overview');
  const { view, scope, options, notices } = resolveView(release, url, def, access);
  const tiles = kpiTiles(release, view, scope);
  return {
    kind: 'release' as const,
    page: { title: def.title, intro: def.intro, path: def.path },
    release: releaseInfo(release),
    view,
    scopeLabel: scope.label,
    options,
    notices,
    tiles,
    attention: attentionItems(release, view, scope, tiles),
  };
}

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  if (data.kind !== 'release') return null;
  const marks = [
    ...marksOf(data.tiles.map((t) => t.current?.value ?? null).concat(data.tiles.flatMap((t) => t.spark.map((p) => p.value))).filter((v) => v !== null)),
    ...(data.tiles.some((t) => !t.current) ? (['not-yet'] as const) : []),
  ];
  const grains = [...new Set(data.tiles.filter((t) => t.current).map((t) => t.grain))];
  return (
    <>
      <header className="page-head">
        <h1>{data.page.title}</h1>
        <p className="page-head__scope">{data.scopeLabel}</p>
        <p>{data.page.intro}</p>
      </header>
      <FilterBar view={data.view} options={data.options} action={data.page.path} />
      <Notices notices={data.notices} />
      <section aria-labelledby="kpi-title">
        <h2 id="kpi-title" className="section-title">
          Latest complete period of each measure
        </h2>
        {grains.length > 1 && (
          <p className="section-intro">
            Each tile shows its own latest complete period with a released value, named on the tile: measures are released by{' '}
            {grains.join(', ').replace(/, ([^,]*)$/, ' or $1')}, so tiles side by side can show different periods.
          </p>
        )}
        <div className="kpis">
          {data.tiles.map((t) => (
            <KpiTile key={t.metric.id} tile={t} />
          ))}
        </div>
        <ValueLegend k={data.release.k} marks={marks} />
        <ReleaseFootnote releaseId={data.release.releaseId} createdAt={data.release.createdAt} />
      </section>
      <section className="panel attention" aria-labelledby="attention-title">
        <h2 id="attention-title">Needs attention</h2>
        {data.attention.length === 0 ? (
          <p>Nothing stands out: no key measure moved the wrong way by a notable amount, and no group is notably behind.</p>
        ) : (
          <>
            <p className="section-intro">
              Measures that moved the wrong way by 5 percentage points (or 10%) or more against the prior period, and
              groups 5 points or more behind {data.scopeLabel === 'All programs' ? 'all programs' : data.scopeLabel} in the
              latest complete quarter. Only released values are compared.
            </p>
            <ul className="attention__list">
              {data.attention.map((a) => (
                <li key={a.text}>
                  <Link to={a.href}>{a.text}</Link>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
