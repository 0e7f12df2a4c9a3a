/**
 * events/alb
 *
 * Application Load Balancer targets:
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 */
import type { EventSource, HttpResponse } from '../types.js';
import { isRecord, multiValueHeaders, v1Request } from './shared.js';

export interface AlbEvent {
  requestContext: { elb: { targetGroupArn?: string } };
  httpMethod: string;
  path: string;
  headers?: Record<string, string | undefined>;
  multiValueHeaders?: Record<string, string[] | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  multiValueQueryStringParameters?: Record<string, string[] | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/**
 * ALB target events, in either header mode; answers with `statusDescription` and in the event's mode.
 *
 * @example
 * alb.toResult({ status: 200, headers: {}, body: '{}' }, event); // { statusCode: 200, statusDescription: '200 OK', … }
 */
export const alb: EventSource<AlbEvent> = {
  name: 'alb',

  matches: (event): event is AlbEvent =>
    isRecord(event) && isRecord(event.requestContext) && isRecord(event.requestContext.elb),

  // "If the query parameters are URL-encoded, the load balancer does not decode them."
  // (A hand-written event may hold anything: the path must be a string.)
  toRequest: (event) => v1Request(event, String(event.path || '/'), false),

  toResult(response: HttpResponse, event) {
    const { status, headers, cookies } = response;
    // ALB wants the reason phrase too ("200 OK"): Node's table, loaded on first use. The Lambda Node.js
    // runtime has loaded node:http already (its Runtime API client uses it), so this costs nothing there.
    const statusDescription = `${status} ${process.getBuiltinModule?.('http').STATUS_CODES[status] ?? 'Unknown'}`;
    // "If you enable multi-value headers, you must use the multiValueHeaders field" in the response (and
    // `headers` otherwise): the event tells which mode the target group is in. Without multi-value headers
    // only one Set-Cookie can be sent; enable them on the target group for more.
    const shape = event.multiValueHeaders
      ? { multiValueHeaders: multiValueHeaders(response) }
      : { headers: cookies?.length ? { ...headers, 'set-cookie': cookies[0]! } : headers };
    return { statusCode: status, statusDescription, ...shape, body: response.body, isBase64Encoded: false };
  },
};

