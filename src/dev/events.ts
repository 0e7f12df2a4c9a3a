/**
 * Real HTTP requests as the events Lambda would get: an API Gateway HTTP API (payload 2.0) or REST API (v1)
 * proxy event, an ALB target group request, or a Lambda Function URL request (payload 2.0 without API
 * Gateway). Used by `gqlambda dev` and by the tests' loopback server.
 */
import type { IncomingMessage } from 'node:http';
import type { ALBEvent, APIGatewayProxyEvent, APIGatewayProxyEventV2, LambdaFunctionURLEvent } from 'aws-lambda';

export type EventKind = 'http-api' | 'rest-api' | 'alb' | 'function-url';
export const EVENT_KINDS: readonly EventKind[] = ['http-api', 'rest-api', 'alb', 'function-url'];
/** The sources with a JWT authorizer, where `--authorizer-claims` can put claims. */
export const AUTHORIZER_KINDS: readonly EventKind[] = ['http-api', 'rest-api'];

export interface EventExtras {
  requestId: string;
  /** Claims of a JWT authorizer, placed where API Gateway puts them. */
  claims?: Record<string, unknown>;
}

export function toEvent(kind: EventKind, req: IncomingMessage, body: Buffer, extras: EventExtras): unknown {
  switch (kind) {
    case 'http-api':
      return toV2(req, body, extras);
    case 'rest-api':
      return toV1(req, body, extras);
    case 'alb':
      return toAlb(req, body);
    case 'function-url':
      return toFunctionUrl(req, body, extras);
  }
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** HTTP API payload 2.0: raw query string, cookies apart, body base64-encoded as for binary content. */
export function toV2(req: IncomingMessage, body: Buffer, extras: EventExtras): APIGatewayProxyEventV2 {
  const url = new URL(req.url!, 'http://localhost');
  const cookies = req.headers.cookie?.split(/;\s*/);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies ? { cookies } : {}),
    headers: headerMap(req),
    requestContext: {
      accountId: '123456789012',
      apiId: 'loopback',
      domainName: 'loopback.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'loopback',
      http: { method: req.method!, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId: extras.requestId,
      ...(extras.claims ? { authorizer: { jwt: { claims: extras.claims, scopes: [] } } } : {}),
      routeKey: '$default',
      stage: '$default',
      time: '25/Nov/2026:08:00:00 +0000',
      timeEpoch: 1_795_000_000_000,
    },
    ...(body.length ? { body: body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0,
  };
}

/** REST API (v1) proxy event on stage `prod`: decoded query parameters, multi-value maps, text body. */
export function toV1(req: IncomingMessage, body: Buffer, extras: EventExtras): APIGatewayProxyEvent {
  const url = new URL(req.url!, 'http://localhost');
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  const headers = headerMap(req);
  if (req.headers.cookie) headers.cookie = req.headers.cookie;
  return {
    resource: '/graphql',
    path: `/prod${url.pathname}`,
    httpMethod: req.method!,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: url.search ? single : null,
    multiValueQueryStringParameters: url.search ? multi : null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { stage: 'prod', requestId: extras.requestId, httpMethod: req.method!, ...(extras.claims ? { authorizer: { claims: extras.claims } } : {}) } as APIGatewayProxyEvent['requestContext'],
    body: body.length ? body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}

/**
 * ALB target group, multi-value headers off (the default): one value per header and query parameter.
 * "If the query parameters are URL-encoded, the load balancer does not decode them" (AWS, Lambda
 * functions as targets), so they are passed on as they were sent.
 */
export function toAlb(req: IncomingMessage, body: Buffer): ALBEvent {
  const url = new URL(req.url!, 'http://localhost');
  const query: Record<string, string> = {};
  for (const pair of url.search.slice(1).split('&').filter(Boolean)) {
    const [name = '', value = ''] = pair.split('=');
    query[name] = value;
  }
  const headers = headerMap(req);
  if (req.headers.cookie) headers.cookie = req.headers.cookie;
  return {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gqlambda-dev/0123456789abcdef' } },
    httpMethod: req.method!,
    path: url.pathname,
    queryStringParameters: query,
    headers,
    body: body.toString('utf8'),
    isBase64Encoded: false,
  };
}

/** Function URL: payload 2.0 as from an HTTP API, from a `lambda-url` domain with no authorizer (auth type NONE). */
export function toFunctionUrl(req: IncomingMessage, body: Buffer, extras: EventExtras): LambdaFunctionURLEvent {
  const event = toV2(req, body, { requestId: extras.requestId });
  const domainPrefix = 'gqlambdadevxmplfunctionurl0000';
  return {
    ...event,
    requestContext: { ...event.requestContext, accountId: 'anonymous', apiId: domainPrefix, domainName: `${domainPrefix}.lambda-url.us-east-1.on.aws`, domainPrefix },
  } as LambdaFunctionURLEvent;
}
