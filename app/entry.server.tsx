// The server entry: Remix's default Node entry, with one repair. React 18's
// renderToPipeableStream can leave NUL bytes in its output where a multi-byte
// character (our site names have "—") meets one of its 2 kB chunk boundaries
// (react#24985, react#31134; fixed in React 19 only). A NUL in a data
// attribute or a hydration payload corrupts the page, so every 0x00 byte is
// dropped on the way out: 0x00 is never part of another UTF-8 character, and
// HTML has no use for NUL. On the way out the writes are also gathered into
// fewer, larger chunks (documentStream).
import { Transform } from 'node:stream';
import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { createReadableStreamFromReadable } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { isbot } from 'isbot';
import { renderToPipeableStream } from 'react-dom/server';
import { NonceProvider } from './lib/nonce';

const ABORT_DELAY = 5_000;

/** `chunk` without its NUL bytes (the same buffer when it has none). */
function withoutNul(chunk: Buffer): Buffer {
  if (!chunk.includes(0)) return chunk;
  const out = Buffer.allocUnsafe(chunk.length);
  let n = 0;
  for (const byte of chunk) if (byte !== 0) out[n++] = byte;
  return out.subarray(0, n);
}

/**
 * The document's byte stream: NUL bytes dropped, and React's 2 kB writes
 * gathered into one chunk per turn of the event loop (at most 64 kB), so a
 * page goes out in a few writes instead of dozens, while what React streams
 * later (the data scripts) still goes out as soon as it is written.
 * `onEnd` runs once React has written everything.
 */
export function documentStream(onEnd: () => void): Transform {
  let parts: Buffer[] = [];
  let size = 0;
  let scheduled = false;
  const flushParts = () => {
    scheduled = false;
    if (size === 0) return;
    stream.push(withoutNul(parts.length === 1 ? parts[0]! : Buffer.concat(parts, size)));
    parts = [];
    size = 0;
  };
  const stream = new Transform({
    // No 'close' event: React aborts the render on it, and aborting a
    // finished render ends the stream twice (an Error built per page).
    emitClose: false,
    transform(chunk: Buffer, _encoding, callback) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= 64 * 1024) flushParts();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flushParts);
      }
      callback();
    },
    flush(callback) {
      onEnd();
      flushParts();
      callback();
    },
  });
  return stream;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // server.mjs made this response's nonce and put it in the CSP header.
  const nonce = loadContext.cspNonce ?? '';
  // Crawlers get the whole document at once; browsers get the shell first.
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // The abort timer holds the whole render (its tree and loader data) until
    // it fires: cleared as soon as the document is written, or 5 s of pages
    // would stay in memory under load.
    const timer = setTimeout(() => abort(), ABORT_DELAY);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true;
          const body = documentStream(() => clearTimeout(timer));
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8');
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
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
      },
    );
  });
}
