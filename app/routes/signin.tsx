// Sign-in with a local account. Failed attempts are throttled per account and
// per address (throttle.server.ts); every attempt is in the audit trail.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useNavigation, useSearchParams } from '@remix-run/react';
import { z } from 'zod';
import { appendAudit } from '~/audit/trail.server';
import { requireCsrf } from '~/auth/csrf.server';
import { CHANGE_PASSWORD_PATH, clientAddress } from '~/auth/guards.server';
import { landingPath, safeNext } from '~/auth/landing';
import { verifyPassword } from '~/auth/password.server';
import { readSession, startSession } from '~/auth/session.server';
import { claimAttempt, forgiveAttempt, throttleMessage } from '~/auth/throttle.server';
import { findUserByEmail } from '~/auth/users.server';
import { CsrfInput } from '~/components/CsrfInput';
import { appStore } from '~/store/app-store.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Sign in' }];

const SignInForm = z.object({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(1024),
  next: z.string().max(2000).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const signed = await readSession(request);
  if (signed) throw redirect(safeNext(new URL(request.url).searchParams.get('next')) ?? landingPath(signed.user.roles));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await requireCsrf(request);
  const parsed = SignInForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ error: 'Enter your email address and your password.', email: '' }, { status: 400 });
  const { email, password, next } = parsed.data;
  const address = clientAddress(context);
  const store = await appStore();

  const claim = await claimAttempt(store, email, address);
  if (claim.throttled) {
    await appendAudit(store, { actor: 'anonymous', action: 'sign_in.throttled', target: email, address, details: { scope: claim.throttled.scope } });
    return data({ error: throttleMessage(claim.throttled), email }, { status: 429 });
  }
  const found = await findUserByEmail(store, email);
  const passwordOk = await verifyPassword(found?.passwordHash ?? null, password);
  if (!found || !passwordOk || !found.user.active) {
    const reason = !found ? 'no such account' : !passwordOk ? 'wrong password' : 'account deactivated';
    await appendAudit(store, { actor: 'anonymous', action: 'sign_in.failure', target: email, address, details: { reason } });
    // The same words whatever failed: the page does not say which accounts exist.
    return data({ error: 'That email address and password do not match an active account.', email }, { status: 401 });
  }
  await forgiveAttempt(store, claim.attempt, email);
  const setCookie = await startSession(found.user, request, address);
  await appendAudit(store, { actor: found.user.email, action: 'sign_in.success', target: found.user.email, address });
  const back = safeNext(next);
  // A one-time password is replaced first; the page asked for comes after.
  const to = found.user.mustChangePassword
    ? `${CHANGE_PASSWORD_PATH}${back ? `?next=${encodeURIComponent(back)}` : ''}`
    : (back ?? landingPath(found.user.roles));
  return redirect(to, { headers: { 'Set-Cookie': setCookie } });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  return (
    <section className="panel auth-panel" aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <p>Peer Outcomes shows program data to the people assigned to it. Your administrator creates your account.</p>
      <Form method="post" className="form-stack">
        <CsrfInput />
        <input type="hidden" name="next" value={params.get('next') ?? ''} />
        {result?.error && (
          <p className="form-error" role="alert" id="signin-error">
            {result.error}
          </p>
        )}
        <label htmlFor="email">Email address</label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={result?.email ?? ''}
          aria-describedby={result?.error ? 'signin-error' : undefined}
        />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </Form>
    </section>
  );
}
