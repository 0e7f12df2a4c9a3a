/**
 * Real HTTP requests as the API Gateway events Lambda would get: an HTTP API (payload 2.0) or a REST API
 * (v1) proxy event. Used by `gqlambda dev` and by the tests' loopback server.
 */
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

export type EventKind = 'http-api' | 'rest-api';

export interface EventExtras {
  requestId: string;
  /** Claims of a JWT authorizer, placed where API Gateway puts them. */
  claims?: Record<string, unknown>;
}

export function toEvent(kind: EventKind, req: IncomingMessage, body: Buffer, extras: EventExtras): unknown {
  return kind === 'http-api' ? toV2(req, body, extras) : toV1(req, body, extras);
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
