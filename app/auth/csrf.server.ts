// CSRF protection for every action: a signed double-submit token (a cookie and
// a hidden form field that must match) plus a same-origin check of the Origin
// header. The root loader hands the token to every page; <CsrfInput/> puts it
// in each form; requireCsrf is the first line of every action.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createCookie } from '@remix-run/node';
import { getEnv } from '~/env.server';
import { plainResponse } from '~/lib/responses';
import { isHttps } from './session.server';

export const CSRF_FIELD = 'csrf';

let cookie: ReturnType<typeof createCookie> | undefined;
function csrfCookie() {
  cookie ??= createCookie('po_csrf', { httpOnly: true, sameSite: 'lax', path: '/', secrets: [getEnv().SESSION_SECRET] });
  return cookie;
}

async function cookieToken(request: Request): Promise<string | null> {
  const value: unknown = await csrfCookie().parse(request.headers.get('Cookie'));
  return typeof value === 'string' && value.length === 43 ? value : null;
}

/** This browser's token, and the Set-Cookie header when a new one had to be made. */
export async function csrfToken(request: Request): Promise<{ token: string; setCookie: string | null }> {
  const existing = await cookieToken(request);
  if (existing) return { token: existing, setCookie: null };
  const token = randomBytes(32).toString('base64url');
  return { token, setCookie: await csrfCookie().serialize(token, { secure: isHttps(request) }) };
}

const refused = () =>
  plainResponse(403, {
    title: 'This form was not accepted',
    message: 'It has expired, or it was sent from another site or from a page that hides where it came from. Nothing was changed.',
    advice: 'Go back, reload the page and send the form again.',
  });

/**
 * The posted form, once it is known to carry this browser's token and to come
 * from this site; a 403 otherwise (a 400 for a body that is not a form).
 * Browsers send Origin with every form they post (the Referrer-Policy in
 * server.mjs keeps it from being "null"), so a form without one is refused;
 * server.mjs removes an Origin naming another site before Remix sees it
 * (Remix would answer it with an empty 500), so it is refused here too.
 */
export async function requireCsrf(request: Request): Promise<FormData> {
  const origin = request.headers.get('Origin');
  // Hosts only, as Remix and server.mjs compare them: behind a TLS proxy the
  // request may arrive as http while the page was https.
  if (!origin || hostOf(origin) !== new URL(request.url).host) throw refused();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw plainResponse(400, {
      title: 'This request was not understood',
      message: 'It did not carry a form. Nothing was changed.',
      advice: 'Go back, reload the page and send the form again.',
    });
  }
  const expected = await cookieToken(request);
  const sent = form.get(CSRF_FIELD);
  if (!expected || typeof sent !== 'string' || sent.length !== expected.length) throw refused();
  if (!timingSafeEqual(Buffer.from(sent), Buffer.from(expected))) throw refused();
  return form;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
