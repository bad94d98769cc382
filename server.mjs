// The production server: Remix's request handler on Express, with the security
// headers every response carries, compression, and the two things loaders need
// from the connection (the client's address and the CSP nonce). `npm start` runs it.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { createRequestHandler } from '@remix-run/express';
import compression from 'compression';
import express from 'express';

// The production server runs as production unless told otherwise, so that the
// environment check demands a real SESSION_SECRET.
process.env.NODE_ENV ??= 'production';
const here = import.meta.dirname;
const build = await import('./build/server/index.js');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST || undefined;
// The report PDF's browser loads the report page from this server itself.
const selfHost = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
const selfOrigin = `http://${selfHost}:${port}`;

const app = express();
app.disable('x-powered-by');
// Behind a reverse proxy, TRUST_PROXY names it (e.g. "loopback" or a hop count),
// so that the client's address and https come from X-Forwarded-* headers.
if (process.env.TRUST_PROXY) {
  const hops = Number(process.env.TRUST_PROXY);
  app.set('trust proxy', Number.isInteger(hops) ? hops : process.env.TRUST_PROXY);
}

// Pages, data and the JavaScript bundle are text that gzip shrinks to a third.
// Downloads are left as they are written: zip and PDF are compressed already
// (compression's own filter skips them too), and gzip would hold back a
// streamed export until its buffer fills.
app.use(
  compression({
    filter: (req, res) => !/^attachment\b/i.test(String(res.getHeader('Content-Disposition') ?? '')) && compression.filter(req, res),
  }),
);

app.use((req, res, next) => {
  const nonce = randomBytes(16).toString('base64');
  res.locals.cspNonce = nonce;
  res.set({
    'Content-Security-Policy': [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      // React writes style attributes (style={...} props)
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join('; '),
    // Not no-referrer: under it Chromium sends "Origin: null" with the app's
    // own forms, and the origin check must refuse them. Other sites still
    // learn nothing (no Referer leaves this origin).
    'Referrer-Policy': 'same-origin',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  });
  if (req.secure) res.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
});

// Fingerprinted build assets (their names change with their content) are
// cached for good; anything else built for the browser briefly.
app.use('/assets', express.static(path.join(here, 'build/client/assets'), { immutable: true, maxAge: '1y' }));
app.use(express.static(path.join(here, 'build/client'), { maxAge: '1h' }));

// Pages carry program data: nothing is stored unless a route says otherwise.
app.use((req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
});

// A post whose Origin names another site (or is "null") would make Remix
// abort with an empty 500 before any action runs. Its Origin is taken away
// instead, so the request reaches requireCsrf, which refuses every form
// without this site's Origin with a 403 page in the app's layout. Hosts are
// compared as Remix compares them (the first X-Forwarded-Host, else Host).
app.use((req, res, next) => {
  const origin = req.get('origin');
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin !== undefined) {
    const host = req.get('x-forwarded-host')?.split(',')[0]?.trim() || req.get('host');
    let originHost = null;
    try {
      originHost = new URL(origin).host;
    } catch {}
    if (originHost !== host) delete req.headers.origin;
  }
  next();
});

app.all(
  '*',
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ clientAddress: req.ip ?? 'unknown', cspNonce: res.locals.cspNonce, selfOrigin }),
  }),
);

const server = app.listen(port, host, () => {
  console.log(`Peer Outcomes on http://${host ?? 'localhost'}:${port}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
