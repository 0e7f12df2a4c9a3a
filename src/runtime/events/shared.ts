/**
 * events/shared
 *
 * Small pure helpers for the shapes several AWS sources share (mangum's `handlers/utils.py`).
 */
import type { HttpRequest, HttpResponse } from '../types.js';

/** A request the event source itself made malformed for us (e.g. a body that is not valid base64): a 400. */
export class RequestError extends Error {}

type Single = Record<string, string | undefined> | null | undefined;
type Multi = Record<string, string[] | undefined> | null | undefined;

/**
 * Every [name, value] pair of a single-value and a multi-value map. Sources that send both (REST APIs)
 * put every value in the multi-value one; hand-written test events often fill only one, so names
 * missing from the multi-value map are taken from the single-value one.
 */
function eachPair(single: Single, multi: Multi, add: (name: string, value: string | undefined) => void): void {
  if (multi) for (const name in multi) for (const value of multi[name] ?? []) add(name, value);
  if (single) for (const name in single) if (!multi?.[name]) add(name, single[name]);
}

/**
 * Lower-case header names, repeated headers joined with `, ` as RFC 9110 allows, except `cookie`, whose
 * parts are joined with `; ` (RFC 6265 §5.4).
 */
export function normalizeHeaders(single: Single, multi: Multi): Record<string, string> {
  // HTTP APIs and function URLs send every name lower-case and once: then a copy will do, at half the cost.
  if (!multi && isLowerCase(single)) return { ...(single as Record<string, string>) };
  const headers: Record<string, string> = {};
  eachPair(single, multi, (name, value) => {
    // (A hand-written event may hold anything: only strings are header values.)
    if (typeof value != 'string') return;
    const key = name.toLowerCase();
    const previous = headers[key];
    headers[key] = previous === undefined ? value : previous + (key === 'cookie' ? '; ' : ', ') + value;
  });
  return headers;
}

function isLowerCase(single: Single): boolean {
  for (const name in single) if (typeof single[name] != 'string' || name !== name.toLowerCase()) return false;
  return true;
}

/**
 * Rebuilds a query string from parsed parameters. API Gateway REST hands them over decoded, so they are
 * encoded again; ALB hands them over exactly as the client sent them ("If the query parameters are
 * URL-encoded, the load balancer does not decode them"), so they are kept as they are.
 */
export function buildQuery(single: Single, multi: Multi, encode: boolean): string {
  const pairs: string[] = [];
  eachPair(single, multi, (name, value) => {
    if (value !== undefined) pairs.push(encode ? `${encodeURIComponent(name)}=${encodeURIComponent(value)}` : `${name}=${value}`);
  });
  return pairs.join('&');
}

/**
 * The body as text: sources set `isBase64Encoded` for binary media types and content they cannot pass as
 * text. A GET or HEAD has none that counts (API Gateway's console samples send one anyway). Base64 is
 * checked by a round trip, in linear time: a pattern over a 4 MB body overflowed the regex engine's stack.
 */
export function decodeBody(method: string, body: string | null | undefined, isBase64: boolean | undefined): string | null {
  if (body == null || method === 'GET' || method === 'HEAD') return null;
  if (!isBase64) return body;
  const bytes = Buffer.from(body, 'base64');
  if (bytes.toString('base64') !== body) throw new RequestError('The body is marked isBase64Encoded but is not valid base64.');
  return bytes.toString('utf8');
}

/** The fields REST API (payload 1.0) and ALB events share. */
export interface V1Event {
  httpMethod: string;
  headers?: Single;
  multiValueHeaders?: Multi;
  queryStringParameters?: Single;
  multiValueQueryStringParameters?: Multi;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/** A REST API or ALB event as a request; only the path and the query's encoding differ (see buildQuery). */
export function v1Request(event: V1Event, path: string, encodeQuery: boolean): HttpRequest {
  const method = event.httpMethod.toUpperCase();
  return {
    method,
    path,
    rawQuery: buildQuery(event.queryStringParameters, event.multiValueQueryStringParameters, encodeQuery),
    headers: normalizeHeaders(event.headers, event.multiValueHeaders),
    body: decodeBody(method, event.body, event.isBase64Encoded),
  };
}

/** An API Gateway proxy result (REST and HTTP APIs); `cookies` adds how the source takes Set-Cookie values. */
export function proxyResult(response: HttpResponse, cookies?: Record<string, unknown>): Record<string, unknown> {
  return { statusCode: response.status, headers: response.headers, ...(response.cookies?.length ? cookies : {}), body: response.body, isBase64Encoded: false };
}

/** `Set-Cookie` cannot be folded into one header line (dates contain commas), so it travels as a list. */
export function multiValueHeaders(response: HttpResponse): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (const name in response.headers) headers[name] = [response.headers[name]!];
  if (response.cookies?.length) headers['set-cookie'] = response.cookies;
  return headers;
}

/**
 * A route template (`/graphql`, `/{proxy+}`, `/api/{version}/graphql`) with its path parameters filled in,
 * or undefined when there is no template or a parameter is missing.
 */
export function fillRoute(template: string | undefined, parameters: Single): string | undefined {
  if (!template?.startsWith('/')) return undefined;
  let complete = true;
  const path = template.replace(/\{([^}+]+)\+?\}/g, (_slot, name: string) => {
    const value = parameters?.[name];
    if (value === undefined) complete = false;
    return value ?? '';
  });
  return complete ? path : undefined;
}

/** `/prod/graphql` → `/graphql` when the stage is `prod`; HTTP APIs' `$default` stage adds no prefix. */
export function stripStage(rawPath: unknown, stage: string | undefined): string {
  // (A hand-written event may hold anything: the path must be a string.)
  const path = String(rawPath || '/');
  const prefix = `/${stage}`;
  if (!stage || stage === '$default' || !path.startsWith(prefix)) return path;
  if (path === prefix) return '/';
  return path[prefix.length] === '/' ? path.slice(prefix.length) : path;
}

/** A JSON object or array (not null) we can look into. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
