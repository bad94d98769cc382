import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { requireRole } from '~/auth/guards.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  throw redirect('/admin/users');
}

// With an error boundary (and no component) this route is a page, not a
// resource route: a refusal here is shown in the layout, not answered as JSON.
export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
