// Creating an account: the administrator sets roles and programs; the page
// shows a one-time password once, which the person must replace at first sign-in.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { programChoices } from '~/admin/programs.server';
import { parseUserForm } from '~/admin/user-form.server';
import { requireCsrf } from '~/auth/csrf.server';
import { clientAddress, requireRole } from '~/auth/guards.server';
import { hashPassword, oneTimePassword } from '~/auth/password.server';
import { createUser, DuplicateEmailError } from '~/auth/users.server';
import { CsrfInput } from '~/components/CsrfInput';
import { FormErrors } from '~/components/FormErrors';
import { UserFields } from '~/components/UserFields';
import { appStore } from '~/store/app-store.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  return { choices: await programChoices() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const signed = await requireRole(request, 'admin');
  const form = await requireCsrf(request);
  const parsed = parseUserForm(form, true);
  if (!parsed.ok || !parsed.email) return data({ errors: parsed.ok ? ['Enter an email address.'] : parsed.errors, created: null }, { status: 400 });
  const password = oneTimePassword();
  try {
    const id = await createUser(
      await appStore(),
      { email: parsed.email, ...parsed.fields, passwordHash: await hashPassword(password), mustChangePassword: true },
      { actor: signed.user.email, address: clientAddress(context) },
    );
    return { errors: [], created: { id, email: parsed.email, password } };
  } catch (e) {
    if (e instanceof DuplicateEmailError) return data({ errors: [e.message], created: null }, { status: 409 });
    throw e;
  }
}

export default function NewUser() {
  const { choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (result?.created) {
    return (
      <section className="panel" aria-labelledby="created-title">
        <h1 id="created-title">Account created</h1>
        <p>
          Give <strong>{result.created.email}</strong> this one-time password by a channel other than email. It is shown
          only now; at first sign-in they choose their own.
        </p>
        <p className="mono one-time-password">{result.created.password}</p>
        <p>
          <Link to={`/admin/users/${result.created.id}`}>See the account</Link> · <Link to="/admin/users">All users</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="new-user-title">
      <h1 id="new-user-title">Create an account</h1>
      <Form method="post" className="form-stack">
        <CsrfInput />
        <FormErrors errors={result?.errors} />
        <label htmlFor="email">Email address</label>
        <input id="email" name="email" type="email" required maxLength={254} />
        <UserFields name="" roles={[]} programs={[]} choices={choices} />
        <button type="submit" className="button">
          Create the account
        </button>
      </Form>
    </section>
  );
}
