/**
 * events/http-api
 *
 * API Gateway HTTP APIs with payload format 2.0 and Lambda function URLs, which use the same payload:
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 */
import type { EventSource, HttpResponse } from '../types.js';
import { decodeBody, fillRoute, isRecord, normalizeHeaders, proxyResult, stripStage } from './shared.js';

export interface HttpApiEvent {
  version: '2.0';
  routeKey?: string;
  rawPath: string;
  rawQueryString?: string;
  cookies?: string[];
  headers?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  requestContext: { http: { method: string; path?: string }; stage?: string; [key: string]: unknown };
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * Payload format 2.0 (HTTP APIs, function URLs): `cookies` in and out, `rawQueryString` as sent.
 *
 * @example
 * httpApi.toRequest(event).headers.cookie; // 'a=1; b=2' from `cookies: ['a=1', 'b=2']`
 */
export const httpApi: EventSource<HttpApiEvent> = {
  name: 'http-api',

  matches: (event): event is HttpApiEvent =>
    isRecord(event) && event.version === '2.0' && isRecord(event.requestContext) && isRecord(event.requestContext.http),

  toRequest(event) {
    const headers = normalizeHeaders(event.headers, undefined);
    // "Format 2.0 doesn't have multiValueHeaders … Duplicate headers are combined with commas … Cookie
    // headers are … combined with commas and added to the cookies field."
    if (event.cookies?.length) headers.cookie = event.cookies.join('; ');
    const method = event.requestContext.http.method.toUpperCase();
    return {
      method,
      path: apiPath(event),
      rawQuery: String(event.rawQueryString ?? ''),
      headers,
      body: decodeBody(method, event.body, event.isBase64Encoded),
    };
  },

  // Format 2.0 responses carry Set-Cookie in a `cookies` array, which API Gateway and function URLs turn
  // into one Set-Cookie header each.
  toResult: (response: HttpResponse) => proxyResult(response, { cookies: response.cookies }),
};

/**
 * For a route such as `ANY /graphql` or `POST /{proxy+}` the route and its path parameters give the path
 * inside the API whatever the host; with the `$default` route (function URLs always) only `rawPath` is
 * left, which on the execute-api host of a named stage starts with `/{stage}`.
 */
function apiPath(event: HttpApiEvent): string {
  return fillRoute(event.routeKey?.split(' ')[1], event.pathParameters) ?? stripStage(event.rawPath, event.requestContext.stage);
}
