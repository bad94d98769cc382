// Every route's error boundary: says in plain words what went wrong and what
// the reader can do, inside the page's layout (the navigation stays usable).
import { isRouteErrorResponse, useRouteError } from '@remix-run/react';

/** Says in plain words what went wrong, and what the reader can do about it. */
export function RouteErrorBoundary() {
  const error = useRouteError();

  let title = 'Something went wrong';
  let explanation =
    'The server ran into a problem it did not expect while preparing this page. Nothing was changed.';
  let advice = 'Try again in a minute. If it keeps happening, tell your administrator.';

  if (isRouteErrorResponse(error)) {
    const data: unknown = error.data;
    const message =
      typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string'
        ? data.message
        : typeof data === 'string' && data
          ? data
          : undefined;
    if (error.status === 404) {
      title = 'Not found';
      explanation = message ?? 'There is no page at this address. It may have moved, or the link may be mistyped.';
      advice = 'Go back to the start page.';
    } else if (error.status === 403) {
      title = 'Not open to your account';
      explanation = message ?? 'Your account may not open this page.';
      advice = 'If you need it, ask your administrator to give your account the role or the program.';
    } else {
      title = error.status === 503 ? 'The release cannot be shown right now' : error.status === 400 ? 'This address is not valid' : `Error ${error.status}`;
      explanation = message ?? error.statusText ?? explanation;
      if (error.status === 400) advice = 'Go back and choose again.';
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
