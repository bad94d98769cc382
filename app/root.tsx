import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from '@remix-run/react';
import { useEffect, type ReactNode } from 'react';
import { csrfToken } from '~/auth/csrf.server';
import { readSession } from '~/auth/session.server';
import { CsrfInput } from '~/components/CsrfInput';
import { useNonce } from '~/lib/nonce';
import appStyles from '~/styles/app.css?url';

// Inline icon: the brand dot. No request for /favicon.ico, no public/ folder needed.
const ICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#e8eff6"/><circle cx="16" cy="16" r="9" fill="#2f5d8a"/></svg>',
  );

export const links: LinksFunction = () => [
  { rel: 'icon', type: 'image/svg+xml', href: ICON },
  { rel: 'stylesheet', href: appStyles },
];

export const meta: MetaFunction = () => [
  { title: 'Peer Outcomes' },
  {
    name: 'description',
    content: 'Privacy-first outcomes dashboard for peer support programs.',
  },
];

// Every page gets this browser's CSRF token (for its forms) and who is signed in (for the header).
export async function loader({ request }: LoaderFunctionArgs) {
  const [{ token, setCookie }, signed] = await Promise.all([csrfToken(request), readSession(request)]);
  const user = signed ? { name: signed.user.name, roles: signed.user.roles, mustChangePassword: signed.user.mustChangePassword } : null;
  return data({ csrf: token, user }, setCookie ? { headers: { 'Set-Cookie': setCookie } } : undefined);
}

function UserMenu() {
  const root = useRouteLoaderData<typeof loader>('root');
  const user = root?.user;
  if (!user) return null;
  // Until a one-time password is replaced nothing else opens: no links to offer.
  const open = !user.mustChangePassword;
  return (
    <nav className="user-menu" aria-label="Account">
      {open && user.roles.includes('program_manager') && <a href="/dashboard">Dashboard</a>}
      {open && (user.roles.includes('funder') || user.roles.includes('program_manager')) && <a href="/reports">Reports</a>}
      {open && user.roles.includes('analyst') && <a href="/exports">Exports</a>}
      {open && user.roles.includes('admin') && <a href="/admin">Admin</a>}
      {open ? <a href="/account">{user.name}</a> : <span>{user.name}</span>}
      <Form method="post" action="/signout">
        <CsrfInput />
        <button type="submit" className="link-button">
          Sign out
        </button>
      </Form>
    </nav>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        <header className="site-header">
          <div className="container site-header__inner">
            <a className="brand" href="/">
              <span className="brand__mark" aria-hidden="true" />
              Peer Outcomes
            </a>
            <span className="site-header__tagline">Outcomes for peer support programs</span>
            <UserMenu />
          </div>
        </header>
        <main id="main" className="container site-main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            Every figure published here comes from an audited release. Suppressed values are
            marked as suppressed, never shown as zero.
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/** Printed pages carry their numbers: the tables in closed <details> open for printing. */
function useTablesOpenWhenPrinting() {
  useEffect(() => {
    let opened: HTMLDetailsElement[] = [];
    const before = () => {
      opened = [...document.querySelectorAll('details:not([open])')] as HTMLDetailsElement[];
      for (const d of opened) d.open = true;
    };
    const after = () => {
      for (const d of opened) d.open = false;
      opened = [];
    };
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
}

export default function App() {
  useTablesOpenWhenPrinting();
  return <Outlet />;
}

export { RouteErrorBoundary as ErrorBoundary } from '~/components/RouteError';
