// Changing one's own password: the current one, then the new one twice. Every
// other session of the account ends; this one stays signed in. A page of its
// own (not inside Your account): after a one-time password it is the only
// page open, with nothing on it but this form and the way to sign out.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { requireCsrf } from '~/auth/csrf.server';
import { clientAddress, requireUser } from '~/auth/guards.server';
import { landingPath, safeNext } from '~/auth/landing';
import { hashPassword, PASSWORD_MIN, passwordProblems, verifyPassword } from '~/auth/password.server';
import { claimAttempt, forgiveAttempt, throttleMessage } from '~/auth/throttle.server';
import { findUserByEmail, setPassword } from '~/auth/users.server';
import { CsrfInput } from '~/components/CsrfInput';
import { FormErrors } from '~/components/FormErrors';
import { appStore } from '~/store/app-store.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Change your password' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const signed = await requireUser(request);
  return { mustChange: signed.user.mustChangePassword, min: PASSWORD_MIN, next: new URL(request.url).searchParams.get('next') ?? '' };
}

const ChangeForm = z.object({
  current: z.string().max(1024),
  password: z.string().max(1024),
  confirm: z.string().max(1024),
  // Where the first sign-in was going before it was sent here.
  next: z.string().max(2000).optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const signed = await requireUser(request);
  const form = await requireCsrf(request);
  const parsed = ChangeForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return data({ errors: ['Fill in all three fields.'] }, { status: 400 });
  const { current, password, confirm, next } = parsed.data;
  const store = await appStore();
  // Wrong current passwords count as failed sign-ins: a borrowed session cannot guess freely.
  const claim = await claimAttempt(store, signed.user.email, clientAddress(context));
  if (claim.throttled) return data({ errors: [throttleMessage(claim.throttled)] }, { status: 429 });
  const found = await findUserByEmail(store, signed.user.email);
  if (!found || !(await verifyPassword(found.passwordHash, current))) {
    return data({ errors: ['Your current password is not right.'] }, { status: 400 });
  }
  await forgiveAttempt(store, claim.attempt, signed.user.email);
  const errors = passwordProblems(password, signed.user.email);
  if (password !== confirm) errors.push('The two new passwords differ.');
  if (password === current) errors.push('Choose a password different from the current one.');
  if (errors.length) return data({ errors }, { status: 400 });
  await setPassword(
    store,
    signed.user.id,
    await hashPassword(password),
    { mustChange: false, keepSession: signed.sessionId, action: 'password.changed' },
    { actor: signed.user.email, address: clientAddress(context) },
  );
  return redirect(signed.user.mustChangePassword ? (safeNext(next) ?? landingPath(signed.user.roles)) : '/account');
}

export default function ChangePassword() {
  const { mustChange, min, next } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="panel auth-panel" aria-labelledby="password-title">
      <h1 id="password-title">{mustChange ? 'Choose your own password' : 'Change your password'}</h1>
      {mustChange && <p>Your password was set by an administrator. Choose one only you know before going on.</p>}
      <p id="password-rules">
        At least {min} characters. A phrase of several words is easy to remember and hard to guess. Changing it signs
        you out everywhere else.
      </p>
      <Form method="post" className="form-stack">
        <CsrfInput />
        {next && <input type="hidden" name="next" value={next} />}
        <FormErrors errors={result?.errors} id="password-errors" />
        <label htmlFor="current">{mustChange ? 'One-time password' : 'Current password'}</label>
        <input id="current" name="current" type="password" autoComplete="current-password" required />
        <label htmlFor="password">New password</label>
        <input id="password" name="password" type="password" autoComplete="new-password" required minLength={min} aria-describedby="password-rules" />
        <label htmlFor="confirm">New password again</label>
        <input id="confirm" name="confirm" type="password" autoComplete="new-password" required minLength={min} />
        <button type="submit" className="button">
          Change password
        </button>
      </Form>
      {!mustChange && (
        <p>
          <a href="/account">Back to your account</a>
        </p>
      )}
    </section>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
