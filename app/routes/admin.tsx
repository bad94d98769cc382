// The administrator's area: users, the audit trail, releases, configuration.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';
import { requireRole } from '~/auth/guards.server';

export const meta: MetaFunction = () => [{ title: 'Peer Outcomes · Administration' }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, 'admin');
  return null;
}

const SECTIONS = [
  { to: '/admin/users', label: 'Users' },
  { to: '/admin/audit', label: 'Audit trail' },
  { to: '/admin/releases', label: 'Releases' },
  { to: '/admin/config', label: 'Configuration' },
];

export default function Admin() {
  return (
    <div className="admin">
      <nav className="dash-nav" aria-label="Administration">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.to}>
              <NavLink to={s.to}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
