// What the app answers besides pages: refusals and failures in plain words, and
// downloads that are never cached and whose file name any file system and
// header accepts.

/**
 * A refusal or failure in words: a heading, what happened, and where to go
 * next. Thrown by the guards; a resource route answers it as it is (plain
 * text), and a page shows it in its error boundary (RouteError reads the same
 * three parts back), so both say the same thing.
 */
export interface Refusal {
  title: string;
  message: string;
  advice: string;
}

/** The text/plain body of a refusal: its heading, a blank line, then its words. */
export function refusalText({ title, message, advice }: Refusal): string {
  return `${title}\n\n${message}\n${advice}\n`;
}

/** A refusal's text back from a body written by refusalText; null for any other text. */
export function parseRefusal(text: string): Refusal | null {
  const match = /^([^\n]+)\n\n([^\n]+)\n([^\n]*)\n?$/.exec(text);
  return match ? { title: match[1]!, message: match[2]!, advice: match[3]! } : null;
}

export function plainResponse(status: number, refusal: Refusal | string): Response {
  const body = typeof refusal === 'string' ? `${refusal}\n` : refusalText(refusal);
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/** What a failure says when nothing better is known: never a stack or "Unexpected Server Error". */
export const FAILURE: Refusal = {
  title: 'Something went wrong',
  message: 'The server ran into a problem it did not expect. Nothing was changed.',
  advice: 'Try again in a minute. If it keeps happening, tell your administrator: the server log has the details.',
};

/**
 * A resource route's loader whose unexpected failures answer in words: Remix
 * would answer "Unexpected Server Error". Responses thrown on purpose (the
 * guards' refusals and redirects) pass as they are.
 */
export function resourceLoader<Args extends { request: Request }>(loader: (args: Args) => Promise<Response>): (args: Args) => Promise<Response> {
  return async (args) => {
    try {
      return await loader(args);
    } catch (error) {
      if (error instanceof Response) throw error;
      console.error(`[resource] ${new URL(args.request.url).pathname} failed`, error);
      return plainResponse(500, FAILURE);
    }
  };
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
