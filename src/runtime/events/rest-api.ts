/**
 * events/rest-api
 *
 * API Gateway REST APIs (Lambda proxy integration) and HTTP APIs with payload format 1.0, which share the
 * shape: https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
import type { EventSource, HttpResponse } from '../types.js';
import { fillRoute, isRecord, proxyResult, stripStage, v1Request } from './shared.js';

export interface RestApiEvent {
  resource?: string;
  path: string;
  httpMethod: string;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  pathParameters?: Record<string, string | undefined> | null;
  requestContext: { stage?: string; [key: string]: unknown };
  body?: string | null;
  isBase64Encoded?: boolean;
}

/**
 * REST API proxy events (and payload format 1.0): multi-value headers and query parameters, base64 bodies.
 *
 * @example
 * restApi.toRequest(event).path; // '/graphql' for resource /{proxy+} with proxy=graphql, whatever the stage
 */
export const restApi: EventSource<RestApiEvent> = {
  name: 'rest-api',

  matches: (event): event is RestApiEvent =>
    isRecord(event) && typeof event.httpMethod === 'string' && typeof event.path === 'string' && isRecord(event.requestContext),

  toRequest: (event) => v1Request(event, apiPath(event), true),

  // "If you specify values for both headers and multiValueHeaders, API Gateway merges them into a single
  // list", so only the repeated Set-Cookie goes into multiValueHeaders.
  toResult: (response: HttpResponse) => proxyResult(response, { multiValueHeaders: { 'set-cookie': response.cookies } }),
};

/**
 * The path inside the API, the same on the execute-api host (where the stage is part of the URL) and on a
 * custom domain (where a base path mapping may be). `resource` is the matched resource template with
 * `pathParameters` filling its `{name}` and `{name+}` slots, which is exactly that path; `path` can carry the
 * base path of a custom domain, so it is the fallback, without the stage prefix.
 */
function apiPath(event: RestApiEvent): string {
  return fillRoute(event.resource, event.pathParameters) ?? stripStage(event.path, event.requestContext.stage);
}
