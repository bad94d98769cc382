import type { LinksFunction, MetaFunction } from '@remix-run/node';
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
} from '@remix-run/react';
import type { ReactNode } from 'react';
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

export function Layout({ children }: { children: ReactNode }) {
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
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Says in plain words what went wrong, and what the reader can do about it. */
export function ErrorBoundary() {
  const error = useRouteError();

  let title = 'Something went wrong';
  let explanation =
    'The server ran into a problem it did not expect while preparing this page. Nothing was changed.';
  let advice = 'Try again in a minute. If it keeps happening, tell your administrator.';

  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = 'Page not found';
      explanation = 'There is no page at this address. It may have moved, or the link may be mistyped.';
      advice = 'Go back to the start page.';
    } else {
      const data: unknown = error.data;
      const message =
        typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string'
          ? data.message
          : typeof data === 'string' && data
            ? data
            : undefined;
      title = error.status === 503 ? 'The release cannot be shown right now' : `Error ${error.status}`;
      explanation = message ?? error.statusText ?? explanation;
    }
  } else if (import.meta.env.DEV && error instanceof Error) {
    // In development only: the real message helps. In production it stays on the server.
    explanation = error.message;
  }

  return (
    <section className="panel panel--error" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{explanation}</p>
      <p>{advice}</p>
      <p>
        <a href="/">Back to the start page</a>
      </p>
    </section>
  );
}
