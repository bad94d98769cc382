// A resource route's answer in words: it has no page to show an error on, and
// a thrown data() loses its message in a production resource route.
export function plainResponse(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}
