import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { TrendPage } from '~/components/TrendPage';
import { noStore, requireDashboardPage } from '~/dashboard/load.server';
import { trendPage } from '~/dashboard/trend-page.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Standards' }];
export const headers: HeadersFunction = noStore;

export async function loader(args: LoaderFunctionArgs) {
  const page = await requireDashboardPage(args);
  return page ? trendPage(page.release, page.url, 'standards', page.access) : { kind: 'none' as const };
}

export default function StandardsPage() {
  const data = useLoaderData<typeof loader>();
  return data.kind === 'release' ? <TrendPage {...data} /> : null;
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
