import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { TrendPage } from '~/components/TrendPage';
import { loadRelease, noStore } from '~/dashboard/load.server';
import { trendPage } from '~/dashboard/trend-page.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Engagement' }];
export const headers: HeadersFunction = noStore;

export async function loader({ request }: LoaderFunctionArgs) {
  const release = await loadRelease();
  return release ? trendPage(release, new URL(request.url), 'engagement') : { kind: 'none' as const };
}

export default function EngagementPage() {
  const data = useLoaderData<typeof loader>();
  return data.kind === 'release' ? <TrendPage {...data} /> : null;
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
