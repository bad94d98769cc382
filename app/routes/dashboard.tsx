// The dashboard's layout: its sections' navigation, the page, and the release
// it shows. With no release yet, the admin's instructions instead of pages.
import type { HeadersFunction, MetaFunction } from '@remix-run/node';
import type { ShouldRevalidateFunction } from '@remix-run/react';
import { Outlet, useLoaderData, useNavigation } from '@remix-run/react';
import { DashboardNav } from '~/components/DashboardNav';
import { NoRelease } from '~/components/NoRelease';
import { getEnv } from '~/env.server';
import { loadRelease, noStore, releaseInfo } from '~/dashboard/load.server';
import { formatDate } from '~/lib/format';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Dashboard' }];
export const headers: HeadersFunction = noStore;

// The release line must follow the release: a new one may have been renamed
// into place between two page visits, so the layout reloads with every page.
export const shouldRevalidate: ShouldRevalidateFunction = () => true;

export async function loader() {
  const release = await loadRelease();
  if (!release) return { kind: 'none' as const, dataDir: getEnv().PEER_OUTCOMES_DATA };
  return { kind: 'release' as const, release: releaseInfo(release) };
}

export default function Dashboard() {
  const loaded = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  if (loaded.kind === 'none') return <NoRelease dataDir={loaded.dataDir} />;
  const r = loaded.release;
  const loading = navigation.state !== 'idle';
  return (
    <div className="dashboard">
      <DashboardNav />
      <p className="loading" role="status" aria-live="polite">
        {loading ? 'Loading…' : ''}
      </p>
      <div className={loading ? 'dashboard__page dashboard__page--loading' : 'dashboard__page'} aria-busy={loading}>
        <Outlet />
      </div>
      <p className="release-line">
        Release <span className="mono">{r.releaseId}</span>, published {formatDate(r.createdAt.slice(0, 10))}
        {r.dataTo ? `, data up to ${formatDate(r.dataTo)}` : ''}. Figures resting on fewer than {r.k} people are suppressed.
      </p>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
