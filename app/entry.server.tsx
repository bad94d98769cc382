// The server entry: Remix's default Node entry, with one repair. React 18's
// renderToPipeableStream can leave NUL bytes in its output where a multi-byte
// character (our site names have "—") meets one of its 2 kB chunk boundaries
// (react#24985, react#31134; fixed in React 19 only). A NUL in a data
// attribute or a hydration payload corrupts the page, so every 0x00 byte is
// dropped on the way out: 0x00 is never part of another UTF-8 character, and
// HTML has no use for NUL.
import { PassThrough, Transform } from 'node:stream';
import type { EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';

const ABORT_DELAY = 5_000;

/** Removes NUL bytes from a byte stream. */
export function stripNul(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!chunk.includes(0)) return callback(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const byte of chunk) if (byte !== 0) out[n++] = byte;
      callback(null, out.subarray(0, n));
    },
  });
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // Crawlers get the whole document at once; browsers get the shell first.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // The abort timer holds the whole render (its tree and loader data) until
    // it fires: cleared as soon as the document is written, or 5 s of pages
    // would stay in memory under load.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />, {
      [waitForAll ? 'onAllReady' : 'onShellReady']() {
        shellRendered = true;
        const body = new PassThrough({
          // No 'close' event: React aborts the render on it, and aborting a
          // finished render ends the stream twice (an Error built per page).
          emitClose: false,
          final(callback) {
            clearTimeout(timer);
            callback();
          },
        });
        const clean = stripNul();
        body.pipe(clean);
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
        resolve(new Response(createReadableStreamFromReadable(clean), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Errors before the shell reject above and are logged by Remix.
        if (shellRendered) console.error(error);
      },
    });
  });
}
