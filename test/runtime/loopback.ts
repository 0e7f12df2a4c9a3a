/**
 * Loopback HTTP adapters: a node:http server on 127.0.0.1 that turns each real HTTP request into an API
 * Gateway HTTP API (payload 2.0) or REST API (v1) event, calls the Lambda handler, and writes its result
 * back. Used to run graphql-http's audits (and browsers) against the real handler.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

export type EventKind = 'http-api' | 'rest-api';
type Handler = (event: unknown, context: { awsRequestId: string; getRemainingTimeInMillis(): number }) => Promise<unknown>;

let counter = 0;

export async function listen(kind: EventKind, handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const event = kind === 'http-api' ? toV2(req, body) : toV1(req, body);
    const result = (await handler(event, {
      awsRequestId: `loopback-${++counter}`,
      getRemainingTimeInMillis: () => 30_000,
    })) as { statusCode: number; headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; body: string; isBase64Encoded?: boolean };
    res.writeHead(result.statusCode, { ...result.headers, ...result.multiValueHeaders });
    res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

/** HTTP API payload 2.0: raw query string, cookies apart, body base64-encoded as for binary content. */
function toV2(req: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
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
      http: { method: req.method!, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
      requestId: `v2-${counter}`,
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
function toV1(req: IncomingMessage, body: Buffer): APIGatewayProxyEvent {
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
    requestContext: { stage: 'prod', requestId: `v1-${counter}`, httpMethod: req.method! } as APIGatewayProxyEvent['requestContext'],
    body: body.length ? body.toString('utf8') : null,
    isBase64Encoded: false,
  };
}
