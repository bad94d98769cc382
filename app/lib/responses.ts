// What resource routes answer: words when they refuse (a resource route has no
// page to show an error on, and a thrown data() loses its message in
// production), and downloads that are never cached and whose file name any
// file system and header accepts.

export function plainResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/** A name reduced to letters, digits and . _ - (program names may hold anything). */
export const safeFileName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');

export function downloadResponse(body: BodyInit, filename: string, contentType: string): Response {
  return new Response(body, {
    headers: {
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${safeFileName(filename)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
