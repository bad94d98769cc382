// The signed-in person's own account: roles and programs, live sessions
// (revoke one, or sign out everywhere), and the way to change the password.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { recordEvent } from '~/audit/record.server';
import { requireCsrf } from '~/auth/csrf.server';
import { ALL_PROGRAMS, requireUser } from '~/auth/guards.server';
import { ROLE_LABELS, ROLE_PURPOSES } from '~/auth/roles';
import { endSession, liveSessions, revokeAllSessions, revokeSession } from '~/auth/session.server';
import { CsrfInput } from '~/components/CsrfInput';
import { formatDateTimeUtc } from '~/lib/format';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Your account' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const signed = await requireUser(request);
  const sessions = await liveSessions(signed.user.id);
  const { user } = signed;
  return {
    user: { name: user.name, email: user.email },
    roles: user.roles.map((r) => ({ label: ROLE_LABELS[r], purpose: ROLE_PURPOSES[r] })),
    programs: user.programs.includes(ALL_PROGRAMS) ? ['All programs (including programs added later)'] : user.programs,
    sessions: sessions.map((s, i) => ({
      key: `s${i}`,
      // The token's hash: enough to name the session, useless as a cookie.
      id: s.sessionId,
      current: s.sessionId === signed.sessionId,
      createdAt: new Date(s.createdAt).toISOString(),
      lastSeenAt: new Date(s.lastSeenAt).toISOString(),
      address: s.address,
      userAgent: s.userAgent,
    })),
  };
}

const AccountAction = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('revoke'), session: z.string().regex(/^[0-9a-f]{64}$/) }),
  z.object({ intent: z.literal('everywhere') }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const signed = await requireUser(request);
  const form = await requireCsrf(request);
  const parsed = AccountAction.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw data({ message: 'That request was not understood.' }, { status: 400 });
  if (parsed.data.intent === 'everywhere') {
    const ended = await revokeAllSessions(signed.user.id);
    await recordEvent(signed.user.email, context, { action: 'sign_out.everywhere', target: signed.user.email, details: { sessions: ended } });
    return redirect('/signin', { headers: { 'Set-Cookie': await endSession(request) } });
  }
  const { session } = parsed.data;
  const own = (await liveSessions(signed.user.id)).some((s) => s.sessionId === session);
  if (!own) throw data({ message: 'That session is not one of yours, or it has already ended.' }, { status: 404 });
  await revokeSession(session);
  await recordEvent(signed.user.email, context, { action: 'session.revoked', target: signed.user.email });
  if (session === signed.sessionId) return redirect('/signin', { headers: { 'Set-Cookie': await endSession(request) } });
  return redirect('/account');
}

export default function Account() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="account">
      <header className="page-head">
        <h1>Your account</h1>
        <p className="page-head__scope">
          {d.user.name} · {d.user.email}
        </p>
      </header>
      <section className="panel" aria-labelledby="roles-title">
        <h2 id="roles-title">Roles and programs</h2>
        {d.roles.length === 0 ? (
          <p>Your account has no role yet; ask your administrator for one.</p>
        ) : (
          <ul>
            {d.roles.map((r) => (
              <li key={r.label}>
                <strong>{r.label}</strong>: {r.purpose}
              </li>
            ))}
          </ul>
        )}
        <p>
          Programs: {d.programs.length ? d.programs.join(', ') : 'none assigned'}.
        </p>
        <p>
          <Link to="/account/password">Change your password</Link>
        </p>
      </section>
      <section className="panel" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Where you are signed in</h2>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">Last active</th>
              <th scope="col">Address</th>
              <th scope="col">Browser</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {d.sessions.map((s) => (
              <tr key={s.key}>
                <td>{formatDateTimeUtc(s.createdAt)}</td>
                <td>{formatDateTimeUtc(s.lastSeenAt)}</td>
                <td className="mono">{s.address}</td>
                <td>{s.userAgent.slice(0, 60) || 'unknown'}</td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="session" value={s.id} />
                    <button type="submit" className="link-button">
                      {s.current ? 'Sign out here' : 'End this session'}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <Form method="post">
          <CsrfInput />
          <input type="hidden" name="intent" value="everywhere" />
          <button type="submit" className="button">
            Sign out everywhere
          </button>
        </Form>
      </section>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
