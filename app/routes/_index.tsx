import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '~/auth/guards.server';
import { landingPath } from '~/auth/landing';

// The start page: where the signed-in person's roles lead.
export async function loader({ request }: LoaderFunctionArgs) {
  const signed = await requireUser(request);
  throw redirect(landingPath(signed.user.roles));
}

// A page, not a resource route: a failure here is shown in the layout.
export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
