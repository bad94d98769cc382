// The dashboard's sections. Links keep the program, site and period filters;
// a breakdown belongs to its page and is left behind. No prefetching: every
// data request is a page view in the audit trail, and a hover is not a view.
import { NavLink, useLocation } from '@remix-run/react';
import { PAGES } from '~/dashboard/pages';
import { sharedSearch } from '~/dashboard/view';

/** `wholeOnly`: whether the account may open pages released for all programs together (equity). */
export function DashboardNav({ wholeOnly }: { wholeOnly: boolean }) {
  const { search } = useLocation();
  const keep = sharedSearch(search);
  const pages = PAGES.filter((p) => wholeOnly || p.id !== 'equity');
  return (
    <nav className="dash-nav" aria-label="Dashboard sections">
      <ul>
        {pages.map((p) => (
          <li key={p.id}>
            <NavLink to={`${p.path}${p.id === 'about' || p.id === 'equity' ? '' : keep}`} end>
              {p.title}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
