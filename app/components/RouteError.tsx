// Every route's error boundary: says in plain words what happened and where to
// go, inside the page's layout (the navigation stays usable). A refusal thrown
// as plain text by the guards (app/lib/responses.ts) brings its own heading and
// words, the same a resource route answers; anything else gets the words of
// its status. Never a stack, never the router's own message.
import { isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { parseRefusal, FAILURE, type Refusal } from '~/lib/responses';

const BY_STATUS: Record<number, Refusal> = {
  400: {
    title: 'This address is not valid',
    message: 'The page could not read what this address asks for.',
    advice: 'Go back and choose again.',
  },
  401: {
    title: 'Sign in first',
    message: 'This address is open only to a signed-in account.',
    advice: 'Sign in, then open this address again.',
  },
  403: {
    title: 'Not open to your account',
    message: 'Your account may not open this page.',
    advice: 'If you need it, ask your administrator to give your account the role or the program.',
  },
  404: {
    title: 'Not found',
    message: 'There is no page at this address. It may have moved, or the link may be mistyped.',
    advice: 'Go back, or start again from the start page.',
  },
  503: {
    title: 'The release cannot be shown right now',
    message: 'The server cannot read the data release at the moment.',
    advice: 'Try again in a few minutes. If it keeps happening, tell your administrator.',
  },
};

/** The words for `error`: its own when it brings them, else its status's. */
export function describeError(error: unknown): Refusal & { status: number } {
  if (!isRouteErrorResponse(error)) return { status: 500, ...FAILURE };
  const status = error.status;
  const base = BY_STATUS[status] ?? { ...FAILURE, title: status >= 500 ? FAILURE.title : `Error ${status}` };
  // The router's own errors (no route matches, no action) carry its wording.
  if ('internal' in error && error.internal) return { status, ...base };
  const data: unknown = error.data;
  if (typeof data === 'string') {
    const refusal = parseRefusal(data);
    if (refusal) return { status, ...refusal };
    return data.trim() ? { status, ...base, message: data.trim() } : { status, ...base };
  }
  if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string') {
    return { status, ...base, message: data.message };
  }
  return { status, ...base };
}

export function RouteErrorBoundary() {
  const error = useRouteError();
  const { status, title, message, advice } = describeError(error);
  // In development only: the real message helps. In production it stays on the server.
  const detail = import.meta.env.DEV && error instanceof Error ? error.message : null;
  return (
    <section className="panel panel--error" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{message}</p>
      {detail && <p className="mono">{detail}</p>}
      <p>{advice}</p>
      <p>
        {status === 401 ? <a href="/signin">Sign in</a> : <a href="/">Back to the start page</a>}
      </p>
    </section>
  );
}
