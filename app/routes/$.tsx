// Any address no other route matches: a 404 page inside the layout. As a
// route (rather than the router's own no-match), the root loader still runs,
// so a signed-in person keeps their menu.
import type { MetaFunction } from '@remix-run/node';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Not found' }];

export function loader(): never {
  throw new Response(null, { status: 404, statusText: 'Not Found' });
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
