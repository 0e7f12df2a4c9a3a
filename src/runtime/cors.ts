/**
 * cors
 *
 * CORS (https://fetch.spec.whatwg.org/#http-cors-protocol) and Apollo Server's CSRF prevention
 * (https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf).
 */
import type { ResolvedCors } from './profile.js';
import type { HttpRequest } from './types.js';

/**
 * The CORS headers for a request: `access-control-allow-origin` only when its origin is allowed;
 * `vary: origin` whenever the answer depends on the origin, so that caches keep answers apart.
 */
export function corsHeaders(cors: ResolvedCors, request: HttpRequest): Record<string, string> {
  const origin = request.headers.origin;
  const { origin: allowed, credentials } = cors;
  const headers: Record<string, string> = {};
  // (`'*'` with credentials is refused at start: browsers would accept no answer.)
  if (allowed === '*') {
    headers['access-control-allow-origin'] = '*';
  } else {
    headers.vary = 'origin';
    // `true` reflects the origin, which a browser writes in printable ASCII: never anything else (control
    // characters would inject headers), nor a comma (two Origin headers combined), nor, with credentials,
    // the opaque `null` origin that sandboxed iframes and file: pages send.
    const reflected = allowed === true && /^[!-+\--~]+$/.test(origin!) && !(credentials && origin === 'null');
    if (origin && (reflected || allowed === origin || (Array.isArray(allowed) && allowed.includes(origin)))) {
      headers['access-control-allow-origin'] = origin;
      if (credentials) headers['access-control-allow-credentials'] = 'true';
    }
  }
  return headers;
}

/** A browser's preflight: OPTIONS with `Access-Control-Request-Method`. */
export function isPreflight(request: HttpRequest): boolean {
  return request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
}

/** The 204 answer to a preflight: which methods and headers the actual request may use, and for how long. */
export function preflightHeaders(cors: ResolvedCors, request: HttpRequest, extraHeaders: readonly string[]) {
  const headers = corsHeaders(cors, request);
  if (headers['access-control-allow-origin']) {
    headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
    headers['access-control-allow-headers'] = [...cors.allowedHeaders, ...extraHeaders].join(', ');
    headers['access-control-max-age'] = String(cors.maxAge);
  }
  return headers;
}

/** Content types a browser may send cross-origin without a preflight (a "simple request"). */
const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * Apollo's rule: a request is safe from CSRF when the browser must have preflighted it, that is when it
 * has a content-type other than the simple ones, or one of the configured headers (which a plain form or
 * `<img>` cannot set). Everything else (GET, form POSTs) is refused before any resolver runs.
 */
export function isCsrfSafe(request: HttpRequest, requestHeaders: readonly string[]): boolean {
  const contentType = request.headers['content-type'];
  if (contentType) {
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    if (!SIMPLE_TYPES.includes(mediaType)) return true;
  }
  return requestHeaders.some((name) => !!request.headers[name.toLowerCase()]);
}

export function csrfMessage(requestHeaders: readonly string[]): string {
  return (
    'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Send ' +
    `application/json or a header among: ${requestHeaders.join(', ')}.`
  );
}
