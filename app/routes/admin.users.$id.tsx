// One account: change name, roles and programs; deactivate or reactivate;
// reset the password (a one-time password, shown once); end its sessions.
// An administrator cannot take away their own admin role or deactivate
// themselves, so the install never locks out its last administrator by accident.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { programChoices } from '~/admin/programs.server';
import { parseUserForm } from '~/admin/user-form.server';
import { recordEvent } from '~/audit/record.server';
import { requireCsrf } from '~/auth/csrf.server';
import { clientAddress, requireRole } from '~/auth/guards.server';
import { hashPassword, oneTimePassword } from '~/auth/password.server';
import { liveSessions, revokeAllSessions } from '~/auth/session.server';
import { clearFailures } from '~/auth/throttle.server';
import { getUser, setActive, setPassword, updateUser, type User } from '~/auth/users.server';
import { CsrfInput } from '~/components/CsrfInput';
import { FormErrors } from '~/components/FormErrors';
import { UserFields } from '~/components/UserFields';
import { appStore } from '~/store/app-store.server';

async function userOr404(params: { id?: string }): Promise<User> {
  const id = z.coerce.number().int().positive().safeParse(params.id);
  const user = id.success ? await getUser(await appStore(), id.data) : null;
  if (!user) throw data({ message: 'There is no such account.' }, { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  const user = await userOr404(params);
  return { user, sessions: (await liveSessions(user.id)).length, choices: await programChoices(user.programs) };
}

const Intent = z.enum(['save', 'deactivate', 'reactivate', 'reset', 'sessions']);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const signed = await requireRole(request, 'admin');
  const form = await requireCsrf(request);
  const user = await userOr404(params);
  const intent = Intent.safeParse(form.get('intent'));
  if (!intent.success) throw data({ message: 'That request was not understood.' }, { status: 400 });
  const by = { actor: signed.user.email, address: clientAddress(context) };
  const store = await appStore();
  const self = user.id === signed.user.id;
  switch (intent.data) {
    case 'save': {
      const parsed = parseUserForm(form, false);
      if (!parsed.ok) return data({ errors: parsed.errors, message: null, password: null }, { status: 400 });
      if (self && !parsed.fields.roles.includes('admin')) {
        return data({ errors: ['You cannot take the administrator role from your own account; ask another administrator.'], message: null, password: null }, { status: 400 });
      }
      await updateUser(store, user.id, parsed.fields, by);
      return { errors: [], message: 'Saved.', password: null };
    }
    case 'deactivate':
      if (self) return data({ errors: ['You cannot deactivate your own account.'], message: null, password: null }, { status: 400 });
      await setActive(store, user.id, false, by);
      return { errors: [], message: 'Deactivated; every session of the account has ended.', password: null };
    case 'reactivate':
      await setActive(store, user.id, true, by);
      return { errors: [], message: 'Reactivated.', password: null };
    case 'reset': {
      if (self) return data({ errors: ['Change your own password from Your account → Change your password.'], message: null, password: null }, { status: 400 });
      const password = oneTimePassword();
      await setPassword(store, user.id, await hashPassword(password), { mustChange: true, action: 'user.password_reset' }, by);
      await clearFailures(store, user.email);
      return { errors: [], message: 'Password reset; every session of the account has ended.', password };
    }
    case 'sessions': {
      // One's own current session stays: ending it would sign this page out mid-answer.
      const ended = await revokeAllSessions(user.id, self ? signed.sessionId : undefined);
      await recordEvent(signed.user.email, context, { action: 'session.revoked', target: user.email, details: { sessions: ended } });
      return { errors: [], message: `${ended} session${ended === 1 ? '' : 's'} ended.`, password: null };
    }
  }
}

function IntentButton({ intent, label }: { intent: z.infer<typeof Intent>; label: string }) {
  return (
    <Form method="post">
      <CsrfInput />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className="button button--secondary">
        {label}
      </button>
    </Form>
  );
}

export default function EditUser() {
  const { user, sessions, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <header className="page-head">
        <h1>{user.name}</h1>
        <p className="page-head__scope">
          {user.email} · {user.active ? 'active' : 'deactivated'} · {sessions} live session{sessions === 1 ? '' : 's'}
        </p>
        <p>
          <Link to="/admin/users">All users</Link>
        </p>
      </header>
      <FormErrors errors={result?.errors} />
      {result?.message && (
        <div className="panel panel--notice" role="status">
          <p>{result.message}</p>
          {result.password && (
            <p>
              One-time password, shown only now: <span className="mono one-time-password">{result.password}</span>
            </p>
          )}
        </div>
      )}
      <section className="panel" aria-labelledby="fields-title">
        <h2 id="fields-title">Roles and programs</h2>
        <Form method="post" className="form-stack" key={JSON.stringify(user)}>
          <CsrfInput />
          <input type="hidden" name="intent" value="save" />
          <UserFields name={user.name} roles={user.roles} programs={user.programs} choices={choices} />
          <button type="submit" className="button">
            Save
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="access-title">
        <h2 id="access-title">Access</h2>
        <p>Resetting the password or deactivating the account ends all its sessions at once.</p>
        <div className="button-row">
          <IntentButton intent="reset" label="Reset the password" />
          <IntentButton intent="sessions" label="End all sessions" />
          {user.active ? <IntentButton intent="deactivate" label="Deactivate" /> : <IntentButton intent="reactivate" label="Reactivate" />}
        </div>
      </section>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
