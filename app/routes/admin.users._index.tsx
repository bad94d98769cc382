// Every account: roles, programs, whether it is active.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { ALL_PROGRAMS, requireRole } from '~/auth/guards.server';
import { ROLE_LABELS } from '~/auth/roles';
import { listUsers } from '~/auth/users.server';
import { TableScroll } from '~/components/TableScroll';
import { appStore } from '~/store/app-store.server';

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  const users = await listUsers(await appStore());
  return {
    users: users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      active: u.active,
      roles: u.roles.map((r) => ROLE_LABELS[r]).join(', ') || 'none',
      programs: u.programs.includes(ALL_PROGRAMS) ? 'all programs' : u.programs.join(', ') || 'none',
    })),
  };
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="users-title">
      <header className="page-head">
        <h1 id="users-title">Users</h1>
        <p>
          {users.length} account{users.length === 1 ? '' : 's'}. <Link to="/admin/users/new">Create an account</Link>
        </p>
      </header>
      <div className="panel">
        <TableScroll label="Accounts">
          <table className="data-table data-table--fit">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Roles</th>
                <th scope="col">Programs</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                  </th>
                  <td>{u.email}</td>
                  <td>{u.roles}</td>
                  <td>{u.programs}</td>
                  <td>{u.active ? 'active' : 'deactivated'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </section>
  );
}
