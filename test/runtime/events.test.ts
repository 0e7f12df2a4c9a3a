/**
 * Event sources: AWS sample events (fixtures/events/, type-checked against @types/aws-lambda here) are
 * detected as the right source, normalized into the expected request, and answered in the source's shape.
 * Whole objects are compared (mangum's tests).
 */
import type { ALBEvent, APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { alb, detectEventSource, direct, httpApi, restApi } from '../../src/runtime/events/index.js';
import type { DirectEvent } from '../../src/runtime/events/direct.js';
import { createLambdaHandler } from '../../src/runtime/index.js';
import type { HttpRequest, HttpResponse } from '../../src/runtime/types.js';
import albGet from '../../fixtures/events/alb-get.json' with { type: 'json' };
import albPostMultiValue from '../../fixtures/events/alb-post-multi-value.json' with { type: 'json' };
import directEvent from '../../fixtures/events/direct.json' with { type: 'json' };
import functionUrlPost from '../../fixtures/events/function-url-post.json' with { type: 'json' };
import httpApiGet from '../../fixtures/events/http-api-get.json' with { type: 'json' };
import httpApiPostBase64 from '../../fixtures/events/http-api-post-base64.json' with { type: 'json' };
import httpApiPost from '../../fixtures/events/http-api-post.json' with { type: 'json' };
import restApiGet from '../../fixtures/events/rest-api-get.json' with { type: 'json' };
import restApiPostBase64 from '../../fixtures/events/rest-api-post-base64.json' with { type: 'json' };
import restApiPost from '../../fixtures/events/rest-api-post.json' with { type: 'json' };

// `npm run typecheck` fails if a fixture stops matching the AWS event types.
const restEvents: Record<string, APIGatewayProxyEvent> = { restApiGet, restApiPost, restApiPostBase64 };
const httpEvents: Record<string, APIGatewayProxyEventV2> = { httpApiGet, httpApiPost, httpApiPostBase64, functionUrlPost };
const albEvents: Record<string, ALBEvent> = { albGet, albPostMultiValue };
const directEvents: Record<string, DirectEvent> = { directEvent };

const typeDefs = /* GraphQL */ `
  type Query { hello(name: String): String! }
  type Mutation { rename(name: String!): String! }
`;
const handler = createLambdaHandler({
  typeDefs,
  resolvers: {
    Query: { hello: (_: unknown, args: { name?: string }, context: { agent: string }) => `Hello, ${args.name ?? context.agent}` },
    Mutation: { rename: (_: unknown, args: { name: string }) => `Renamed to ${args.name}` },
  },
  context: (_event, _lambdaContext, request) => ({ agent: request.http.headers['user-agent'] ?? 'nobody' }),
  logger: false,
});
const lambdaContext = { awsRequestId: 'req-1' };

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };
const GRAPHQL_HEADERS = { 'content-type': 'application/graphql-response+json; charset=utf-8' };

describe('detection', () => {
  it.each([
    ...Object.entries(restEvents).map(([name, event]) => [name, event, 'rest-api'] as const),
    ...Object.entries(httpEvents).map(([name, event]) => [name, event, 'http-api'] as const),
    ...Object.entries(albEvents).map(([name, event]) => [name, event, 'alb'] as const),
    ...Object.entries(directEvents).map(([name, event]) => [name, event, 'direct'] as const),
  ])('%s is a %s event', (_name, event, source) => {
    expect(detectEventSource(event)?.name).toBe(source);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', '{"query":"{ hello }"}'],
    ['an array', [{ query: '{ hello }' }]],
    ['an S3 notification', { Records: [{ eventSource: 'aws:s3' }] }],
    ['a scheduled event', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }],
  ])('%s is not recognised', (_name, event) => {
    expect(detectEventSource(event)).toBeUndefined();
  });
});

describe('API Gateway REST (v1)', () => {
  it('GET: multi-value query parameters win and are encoded again; header names are lower-cased', () => {
    expect(restApi.toRequest(restApiGet as never)).toEqual<HttpRequest>({
      method: 'GET',
      path: '/graphql',
      rawQuery: 'query=query%20Greeting%20%7B%20hello%20%7D&tag=a&tag=b',
      headers: {
        accept: 'application/graphql-response+json',
        host: 'abcdef1234.execute-api.us-east-1.amazonaws.com',
        'user-agent': 'curl/8.5.0',
        'x-amzn-trace-id': 'Root=1-5e66d96f-7491f09xmpl79d18acf3d050',
        'x-forwarded-for': '203.0.113.10',
        'x-forwarded-port': '443',
        'x-forwarded-proto': 'https',
      },
      body: null,
    });
  });

  it('POST on a custom domain: the path comes from the resource, repeated cookies are joined with "; "', () => {
    const request = restApi.toRequest(restApiPost as never);
    expect(request.path).toBe('/graphql'); // not /v1/graphql, the custom domain's base path mapping
    expect(request.headers.cookie).toBe('session=abc123; theme=dark');
    expect(request.rawQuery).toBe('');
    expect(request.body).toBe(restApiPost.body);
  });

  it('a base64 body is decoded', () => {
    expect(restApi.toRequest(restApiPostBase64 as never).body).toBe('{"query":"{ hello }"}');
  });

  it('without a resource template the stage prefix is stripped from the path', () => {
    const event = { ...restApiGet, resource: undefined, path: '/prod/graphql' };
    expect(restApi.toRequest(event as never).path).toBe('/graphql');
    expect(restApi.toRequest({ ...event, path: '/prod' } as never).path).toBe('/');
    expect(restApi.toRequest({ ...event, path: '/production/graphql' } as never).path).toBe('/production/graphql');
  });

  it.each([
    ['null', null],
    ['empty', {}],
  ])('hand-written events with %s multi-value maps: the single-value maps are read', (_name, empty) => {
    const event = { ...restApiGet, multiValueHeaders: empty, multiValueQueryStringParameters: empty };
    const request = restApi.toRequest(event as never);
    expect(request.rawQuery).toBe('query=query%20Greeting%20%7B%20hello%20%7D&tag=b');
    expect(request.headers['user-agent']).toBe('curl/8.5.0');
  });

  it('several Set-Cookie values go into multiValueHeaders', () => {
    const response: HttpResponse = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      cookies: ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT'],
      body: '{"data":{}}',
    };
    expect(restApi.toResult(response, restApiGet as never)).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      multiValueHeaders: { 'set-cookie': ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT'] },
      body: '{"data":{}}',
      isBase64Encoded: false,
    });
  });

  it('answers GET through the whole handler', async () => {
    expect(await handler(restApiGet, lambdaContext)).toEqual({
      statusCode: 200,
      headers: GRAPHQL_HEADERS,
      body: '{"data":{"hello":"Hello, curl/8.5.0"}}',
      isBase64Encoded: false,
    });
  });

  it('answers a POST mutation through the whole handler', async () => {
    expect(await handler(restApiPost, lambdaContext)).toEqual({
      statusCode: 200,
      headers: JSON_HEADERS,
      body: '{"data":{"rename":"Renamed to Ada"}}',
      isBase64Encoded: false,
    });
  });

  it('answers a base64 POST through the whole handler', async () => {
    expect(await handler(restApiPostBase64, lambdaContext)).toMatchObject({
      statusCode: 200,
      body: '{"data":{"hello":"Hello, aws-sdk-js/3.600.0"}}',
    });
  });
});

describe('API Gateway HTTP API (v2) and function URLs', () => {
  it('GET on a named stage: rawQueryString as is, the stage prefix stripped from rawPath', () => {
    expect(httpApi.toRequest(httpApiGet as never)).toEqual<HttpRequest>({
      method: 'GET',
      path: '/graphql',
      rawQuery: 'query=%7B%20hello%20%7D&tag=a&tag=b',
      headers: {
        accept: 'application/graphql-response+json, application/json;q=0.9',
        'content-length': '0',
        host: 'r3pmxmplak.execute-api.us-east-2.amazonaws.com',
        'user-agent': 'curl/8.5.0',
        'x-amzn-trace-id': 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e',
        'x-forwarded-for': '205.255.255.176',
        'x-forwarded-port': '443',
        'x-forwarded-proto': 'https',
      },
      body: null,
    });
  });

  it('POST: the cookies array becomes the cookie header', () => {
    const request = httpApi.toRequest(httpApiPost as never);
    expect(request.headers.cookie).toBe('session=abc123; theme=dark');
    expect(request.path).toBe('/graphql');
    expect(request.body).toBe(httpApiPost.body);
  });

  it('a base64 body is decoded as UTF-8 and the {proxy+} route gives the path', () => {
    const request = httpApi.toRequest(httpApiPostBase64 as never);
    expect(request.body).toBe('{"query":"query ($who: String) { hello(name: $who) }","variables":{"who":"Zoë"}}');
    expect(request.path).toBe('/graphql');
  });

  it('a function URL event is a payload 2.0 event', () => {
    expect(httpApi.toRequest(functionUrlPost as never)).toEqual<HttpRequest>({
      method: 'POST',
      path: '/',
      rawQuery: '',
      headers: {
        accept: '*/*',
        'content-type': 'application/json',
        'content-length': '31',
        cookie: 'session=abc123',
        host: 'a7c3xmplvqdjbdcz4xuwkfb4sm0nzzrm.lambda-url.us-west-2.on.aws',
        'user-agent': 'python-requests/2.32.3',
        'x-amzn-trace-id': 'Root=1-6564xmpl-2f1a0b5c3d4e5f6a7b8c9d0e',
        'x-forwarded-for': '192.0.2.44',
        'x-forwarded-port': '443',
        'x-forwarded-proto': 'https',
      },
      body: '{"query":"query { hello }"}',
    });
  });

  it('Set-Cookie values go into the cookies array', () => {
    const response: HttpResponse = { status: 400, headers: JSON_HEADERS, cookies: ['a=1', 'b=2'], body: '{"errors":[]}' };
    expect(httpApi.toResult(response, httpApiGet as never)).toEqual({
      statusCode: 400,
      headers: JSON_HEADERS,
      cookies: ['a=1', 'b=2'],
      body: '{"errors":[]}',
      isBase64Encoded: false,
    });
  });

  it.each([
    ['GET', httpApiGet, GRAPHQL_HEADERS, '{"data":{"hello":"Hello, curl/8.5.0"}}'],
    ['POST', httpApiPost, GRAPHQL_HEADERS, '{"data":{"rename":"Renamed to Ada"}}'],
    ['base64 POST', httpApiPostBase64, JSON_HEADERS, '{"data":{"hello":"Hello, Zoë"}}'],
    ['function URL POST', functionUrlPost, JSON_HEADERS, '{"data":{"hello":"Hello, python-requests/2.32.3"}}'],
  ])('answers %s through the whole handler', async (_name, event, headers, body) => {
    expect(await handler(event, lambdaContext)).toEqual({ statusCode: 200, headers, body, isBase64Encoded: false });
  });
});

describe('Application Load Balancer', () => {
  it('single-value mode: query parameters are kept exactly as sent (ALB does not decode them)', () => {
    expect(alb.toRequest(albGet as never)).toEqual<HttpRequest>({
      method: 'GET',
      path: '/graphql',
      rawQuery: 'query=%7B%20hello%20%7D&tag=b',
      headers: {
        accept: 'application/graphql-response+json',
        connection: 'keep-alive',
        host: 'lambda-alb-123578498.us-east-1.elb.amazonaws.com',
        'user-agent': 'curl/8.5.0',
        'x-amzn-trace-id': 'Root=1-5c536348-3d683b8b04734faae651f476',
        'x-forwarded-for': '72.12.164.125',
        'x-forwarded-port': '80',
        'x-forwarded-proto': 'http',
      },
      body: null, // a GET's body does not count
    });
  });

  it('multi-value mode: every value is read and the base64 body decoded', () => {
    const request = alb.toRequest(albPostMultiValue as never);
    expect(request.rawQuery).toBe('tag=a%20b&tag=c');
    expect(request.headers.cookie).toBe('session=abc123; theme=dark');
    expect(request.body).toBe('{"query":"{ hello }"}');
  });

  const response: HttpResponse = { status: 200, headers: JSON_HEADERS, cookies: ['a=1', 'b=2'], body: '{"data":{}}' };

  it('answers in single-value mode with a status description', () => {
    expect(alb.toResult({ ...response, cookies: ['a=1'] }, albGet as never)).toEqual({
      statusCode: 200,
      statusDescription: '200 OK',
      headers: { ...JSON_HEADERS, 'set-cookie': 'a=1' },
      body: '{"data":{}}',
      isBase64Encoded: false,
    });
  });

  it('answers in multi-value mode when the event came in it', () => {
    expect(alb.toResult({ ...response, status: 415 }, albPostMultiValue as never)).toEqual({
      statusCode: 415,
      statusDescription: '415 Unsupported Media Type',
      multiValueHeaders: { 'content-type': ['application/json; charset=utf-8'], 'set-cookie': ['a=1', 'b=2'] },
      body: '{"data":{}}',
      isBase64Encoded: false,
    });
  });

  it.each([
    ['GET', albGet, { headers: GRAPHQL_HEADERS }, '{"data":{"hello":"Hello, curl/8.5.0"}}'],
    ['multi-value POST', albPostMultiValue, { multiValueHeaders: { 'content-type': [JSON_HEADERS['content-type']] } }, '{"data":{"hello":"Hello, Go-http-client/1.1"}}'],
  ])('answers %s through the whole handler', async (_name, event, headers, body) => {
    expect(await handler(event, lambdaContext)).toEqual({ statusCode: 200, statusDescription: '200 OK', ...headers, body, isBase64Encoded: false });
  });
});

describe('direct invocation', () => {
  it('becomes a JSON POST', () => {
    expect(direct.toRequest(directEvent)).toEqual<HttpRequest>({
      method: 'POST',
      path: '/',
      rawQuery: '',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"query":"query Greeting($who: String) { hello(name: $who) }","variables":{"who":"Step Functions"},"operationName":"Greeting"}',
    });
  });

  it('returns the GraphQL result object itself', async () => {
    expect(await handler(directEvent, lambdaContext)).toEqual({ data: { hello: 'Hello, Step Functions' } });
  });

  it('returns GraphQL errors as a result object too', async () => {
    expect(await handler({ query: '{ nope }' }, lambdaContext)).toEqual({
      errors: [{ message: 'Cannot query field "nope" on type "Query".', locations: [{ line: 1, column: 3 }] }],
    });
    expect(await handler({ query: 42 }, lambdaContext)).toMatchObject({ errors: [{ message: expect.stringMatching(/query/i) }] });
  });
});
