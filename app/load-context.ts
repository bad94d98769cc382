// What server.mjs hands every loader and action besides the request.
declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The client's address (the proxy's X-Forwarded-For when TRUST_PROXY is set). */
    clientAddress?: string;
    /** This response's CSP nonce: every script tag must carry it. */
    cspNonce?: string;
    /** Where this server answers itself (http://127.0.0.1:PORT): report PDFs are rendered from its own pages. */
    selfOrigin?: string;
  }
}
export {};
