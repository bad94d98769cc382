import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { TrendPage } from '~/components/TrendPage';
import { recordPageView } from '~/audit/record.server';
import { requireProgramAccess, requireRole } from '~/auth/guards.server';
import { loadRelease, noStore } from '~/dashboard/load.server';
import { trendPage } from '~/dashboard/trend-page.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Standards' }];
export const headers: HeadersFunction = noStore;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const signed = await requireRole(request, 'program_manager');
  const release = await loadRelease();
  if (!release) return { kind: 'none' as const };
  const access = await requireProgramAccess(signed, release, request);
  await recordPageView(signed, request, context, release);
  return trendPage(release, new URL(request.url), 'standards', access);
}

export default function StandardsPage() {
  const data = useLoaderData<typeof loader>();
  return data.kind === 'release' ? <TrendPage {...data} /> : null;
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
