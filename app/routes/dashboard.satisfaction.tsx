import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { MetricSection } from '~/components/MetricSection';
import { TrendPage } from '~/components/TrendPage';
import { noStore, requireDashboardPage } from '~/dashboard/load.server';
import { relationshipSections, trendPage } from '~/dashboard/trend-page.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Satisfaction & trust' }];
export const headers: HeadersFunction = noStore;

export async function loader(args: LoaderFunctionArgs) {
  const page = await requireDashboardPage(args);
  if (!page) return { kind: 'none' as const };
  const { release, url, access } = page;
  return { ...trendPage(release, url, 'satisfaction', access), relationships: relationshipSections(release, url, access) };
}

export default function SatisfactionPage() {
  const data = useLoaderData<typeof loader>();
  if (data.kind !== 'release') return null;
  return (
    <TrendPage {...data}>
      <section className="relationships" aria-labelledby="relationships-title">
        <h2 id="relationships-title" className="section-title">
          Consistency, trust and staying
        </h2>
        {data.relationships.length === 0 ? (
          <p className="panel empty">
            The relationship view is released for all programs together only.{' '}
            {data.options.allPrograms ? 'Choose “All programs” to see it.' : 'It is open to accounts assigned every program.'}
          </p>
        ) : (
          <>
            <p className="section-intro">
              Retention, satisfaction and trust by how consistently participants met their peer specialist in their
              first 13 weeks, and by how much they trust them.
            </p>
            <div className="sections">
              {data.relationships.map((s) => (
                <MetricSection key={s.id} section={s} release={data.release} level={3} />
              ))}
            </div>
          </>
        )}
      </section>
    </TrendPage>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
