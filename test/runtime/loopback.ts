/**
 * Loopback HTTP adapters: a node:http server on 127.0.0.1 that turns each real HTTP request into an API
 * Gateway HTTP API (payload 2.0) or REST API (v1) event, calls the Lambda handler, and writes its result
 * back. Used to run graphql-http's audits (and browsers) against the real handler.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toEvent, type EventKind } from '../../src/dev/events.js';

export type { EventKind };
type Handler = (event: unknown, context: { awsRequestId: string; getRemainingTimeInMillis(): number }) => Promise<unknown>;

let counter = 0;

export async function listen(kind: EventKind, handler: Handler): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const event = toEvent(kind, req, body, { requestId: `loopback-${counter + 1}` });
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

