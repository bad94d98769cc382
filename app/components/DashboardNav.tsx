// The dashboard's sections. Links keep the program, site and period filters;
// a breakdown belongs to its page and is left behind.
import { NavLink, useLocation } from '@remix-run/react';
import { PAGES } from '~/dashboard/pages';
import { sharedSearch } from '~/dashboard/view';

export function DashboardNav() {
  const { search } = useLocation();
  const keep = sharedSearch(search);
  return (
    <nav className="dash-nav" aria-label="Dashboard sections">
      <ul>
        {PAGES.map((p) => (
          <li key={p.id}>
            <NavLink to={`${p.path}${p.id === 'about' || p.id === 'equity' ? '' : keep}`} end prefetch="intent">
              {p.title}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
