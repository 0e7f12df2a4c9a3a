/**
 * Resolvers add response headers and cookies through `context.response`, for every event source, while
 * the content and CORS headers stay the runtime's.
 */
import { describe, expect, it } from 'vitest';
import { createLambdaHandler } from '../../src/runtime/index.js';
import type { ResponseAdditions } from '../../src/runtime/types.js';
import albGet from '../../fixtures/events/alb-get.json' with { type: 'json' };
import albPostMultiValue from '../../fixtures/events/alb-post-multi-value.json' with { type: 'json' };
import httpApiPost from '../../fixtures/events/http-api-post.json' with { type: 'json' };
import restApiPost from '../../fixtures/events/rest-api-post.json' with { type: 'json' };

const COOKIES = ['session=abc; HttpOnly; Secure; Path=/', 'theme=dark; Expires=Wed, 21 Oct 2026 07:28:00 GMT'];

/** A `{ hello }` handler whose resolver adds to the response with `respond`. */
function helloHandler(respond: (response: ResponseAdditions) => void, options: Omit<Parameters<typeof createLambdaHandler>[0], 'typeDefs' | 'resolvers'> = {}) {
  return createLambdaHandler({
    typeDefs: 'type Query { hello: String! }',
    resolvers: {
      Query: {
        hello: (_: unknown, __: unknown, ctx: { response: ResponseAdditions }) => {
          respond(ctx.response);
          return 'world';
        },
      },
    },
    logger: false,
    ...options,
  });
}

function handler(context?: (response: ResponseAdditions) => unknown) {
  const respond = (response: ResponseAdditions): void => {
    response.headers['Cache-Control'] = 'private, max-age=30';
    response.headers['Content-Type'] = 'text/plain';
    response.headers['access-control-allow-origin'] = '*';
    response.cookies.push(...COOKIES);
  };
  return helloHandler(respond, context && { context: (_event: unknown, _lambda: unknown, request: { response: ResponseAdditions }) => context(request.response) });
}

const query = JSON.stringify({ query: '{ hello }' });
const lambda = { awsRequestId: 'req-1' };
type Result = { statusCode: number; headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; cookies?: string[]; body: string };

describe('context.response', () => {
  it('HTTP API v2: headers, and cookies in the cookies array', async () => {
    const result = (await handler()({ ...httpApiPost, body: query }, lambda)) as Result;
    expect(JSON.parse(result.body)).toEqual({ data: { hello: 'world' } });
    expect(result.headers).toMatchObject({ 'cache-control': 'private, max-age=30', 'content-type': expect.stringMatching(/^application\/(graphql-response\+)?json/) });
    expect(result.headers?.['access-control-allow-origin']).toBeUndefined();
    expect(result.cookies).toEqual(COOKIES);
  });

  it('REST API v1: one Set-Cookie per cookie in multiValueHeaders', async () => {
    const result = (await handler()({ ...restApiPost, body: query }, lambda)) as Result;
    expect(result.headers?.['cache-control']).toBe('private, max-age=30');
    expect(result.multiValueHeaders?.['set-cookie']).toEqual(COOKIES);
  });

  it('ALB: multi-value headers when the target group has them, else the first cookie', async () => {
    const multi = (await handler()({ ...albPostMultiValue, body: Buffer.from(query).toString('base64') }, lambda)) as Result;
    expect(multi.multiValueHeaders?.['set-cookie']).toEqual(COOKIES);
    expect(multi.multiValueHeaders?.['cache-control']).toEqual(['private, max-age=30']);
    const single = (await handler()(albGet, lambda)) as Result;
    expect(single.headers).toMatchObject({ 'cache-control': 'private, max-age=30', 'set-cookie': COOKIES[0] });
  });

  it('reaches a custom context factory as the request’s `response`', async () => {
    const result = (await handler((response) => ({ response }))({ ...httpApiPost, body: query }, lambda)) as Result;
    expect(result.cookies).toEqual(COOKIES);
  });
});

describe('context.response refuses what would forge a response', () => {
  it('does not send a header or cookie holding CR/LF or another control character, nor a content header, and logs each as a server fault', async () => {
    const errors: { message: string; details: Record<string, unknown> }[] = [];
    const forging = helloHandler(
      (response) => {
        response.headers['x-ok'] = 'fine\tvalue';
        response.headers['x-split'] = 'a\r\nSet-Cookie: admin=1';
        response.headers['x-nul'] = 'a\u0000b';
        response.headers['x-line\nbreak'] = 'x';
        response.headers['Content-Type'] = 'text/html';
        response.cookies.push('good=1; Secure', 'evil=1\r\nLocation: https://evil.example');
      },
      { logger: { request() {}, error: (message, details) => void errors.push({ message, details }) } },
    );
    const result = (await forging({ ...httpApiPost, body: query }, lambda)) as Result;
    expect(JSON.parse(result.body)).toEqual({ data: { hello: 'world' } });
    expect(result.headers?.['x-ok']).toBe('fine\tvalue');
    expect(Object.keys(result.headers ?? {}).filter((name) => name !== 'x-ok' && name.startsWith('x-'))).toEqual([]);
    expect(JSON.stringify(result)).not.toMatch(/admin=1|evil/);
    expect(result.cookies).toEqual(['good=1; Secure']);
    expect(errors.map(({ message, details }) => [message, details.name])).toEqual([
      ['Response header refused', 'x-split'],
      ['Response header refused', 'x-nul'],
      ['Response header refused', 'x-line\nbreak'],
      ['Response header refused', 'Content-Type'],
      ['Response header refused', 'set-cookie'],
    ]);
  });
});
