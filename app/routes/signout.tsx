// Sign-out: a POST (with the CSRF token) ends this session at once.
import { redirect, type ActionFunctionArgs } from '@remix-run/node';
import { recordEvent } from '~/audit/record.server';
import { requireCsrf } from '~/auth/csrf.server';
import { endSession, readSession } from '~/auth/session.server';

export async function action({ request, context }: ActionFunctionArgs) {
  await requireCsrf(request);
  const signed = await readSession(request);
  const clear = await endSession(request);
  if (signed) await recordEvent(signed.user.email, context, { action: 'sign_out', target: signed.user.email });
  return redirect('/signin', { headers: { 'Set-Cookie': clear } });
}

// A GET (an old link, a typed address) has nothing to do here.
export const loader = () => redirect('/');

// A page, not a resource route: a refused sign-out form is shown in the layout.
export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
