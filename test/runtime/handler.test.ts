/**
 * The Lambda handler around the core: routing, the health check, the setup hook, Lambda's response size
 * and time limits, events nobody recognises, and the promise that nothing ever escapes as an exception.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLambdaHandler } from '../../src/runtime/index.js';
import type { LambdaHandlerOptions, Logger, RequestLogEntry } from '../../src/runtime/options.js';
import type { LambdaContext } from '../../src/runtime/types.js';
import albGet from '../../fixtures/events/alb-get.json' with { type: 'json' };
import functionUrlPost from '../../fixtures/events/function-url-post.json' with { type: 'json' };
import httpApiPost from '../../fixtures/events/http-api-post.json' with { type: 'json' };
import restApiPost from '../../fixtures/events/rest-api-post.json' with { type: 'json' };

const typeDefs = /* GraphQL */ `
  type Query {
    hello: String!
    big(size: Int!, char: String = "x"): String
    slow: String
    broken: String
    greeting: String
  }
`;

let greeting = 'unset';
const resolvers = {
  Query: {
    hello: () => 'world',
    big: (_: unknown, { size, char }: { size: number; char: string }) => char.repeat(size),
    slow: () => new Promise(() => {}),
    broken: () => {
      throw new TypeError("Cannot read properties of undefined (reading 'rows')");
    },
    greeting: () => greeting,
  },
};

/** A logger that records what it is given. */
function recordingLogger() {
  const requests: RequestLogEntry[] = [];
  const errors: { message: string; details: Record<string, unknown> }[] = [];
  const logger: Logger = {
    request: (entry) => requests.push(entry),
    error: (message, details) => errors.push({ message, details }),
  };
  return { logger, requests, errors };
}

function setupHandler(options: Partial<LambdaHandlerOptions> = {}) {
  const log = recordingLogger();
  const handler = createLambdaHandler({ typeDefs, resolvers, logger: log.logger, ...options });
  return { handler, ...log };
}

/** An HTTP API v2 POST of `query` to `path`. */
function post(query: string, path = '/graphql') {
  return { ...httpApiPost, routeKey: '$default', rawPath: path, body: JSON.stringify({ query }) };
}

let ids = 0;
const context = (extra: Partial<LambdaContext> = {}): LambdaContext => ({ awsRequestId: `req-${++ids}`, ...extra });

type ProxyResult = { statusCode: number; headers?: Record<string, string>; body: string };
const bodyOf = (result: unknown) => JSON.parse((result as ProxyResult).body) as Record<string, any>;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('routing', () => {
  it('serves any path when no graphqlPath is set (a function URL works as is)', async () => {
    const { handler } = setupHandler();
    expect(bodyOf(await handler(post('{ hello }', '/anything/at/all'), context()))).toEqual({ data: { hello: 'world' } });
  });

  it('serves only graphqlPath when set, with or without a trailing slash; other paths get a JSON 404', async () => {
    const { handler } = setupHandler({ graphqlPath: '/graphql' });
    expect(bodyOf(await handler(post('{ hello }', '/graphql'), context()))).toEqual({ data: { hello: 'world' } });
    expect(bodyOf(await handler(post('{ hello }', '/graphql/'), context()))).toEqual({ data: { hello: 'world' } });
    const result = (await handler(post('{ hello }', '/other'), context({ awsRequestId: 'req-404' }))) as ProxyResult;
    expect(result.statusCode).toBe(404);
    expect(result.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(result.body)).toEqual({
      errors: [{ message: 'Nothing is served at /other: GraphQL is at /graphql.', extensions: { code: 'NOT_FOUND', requestId: 'req-404' } }],
    });
  });

  it('matches graphqlPath against the path inside the API, whatever the stage or custom domain', async () => {
    const { handler } = setupHandler({ graphqlPath: '/graphql' });
    // rest-api-post.json arrives on a custom domain as /v1/graphql through the /{proxy+} resource.
    expect((await handler(restApiPost, context())) as ProxyResult).toMatchObject({ statusCode: 200 });
  });

  it('direct invocations are not routed by path', async () => {
    const { handler } = setupHandler({ graphqlPath: '/graphql' });
    expect(await handler({ query: '{ hello }' }, context())).toEqual({ data: { hello: 'world' } });
  });

  it('answers the health check path with 200 {"status":"ok"}, in the ALB shape for ALB', async () => {
    const setup = vi.fn(async () => {});
    const { handler } = setupHandler({ graphqlPath: '/graphql', healthCheckPath: '/health', setup });
    expect(await handler({ ...albGet, path: '/health', queryStringParameters: {} }, context())).toEqual({
      statusCode: 200,
      statusDescription: '200 OK',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"status":"ok"}',
      isBase64Encoded: false,
    });
    expect(setup).not.toHaveBeenCalled(); // health checks stay cheap
  });

  it.each(['GET', 'HEAD'])("answers ALB's own health checker (%s, any path, no query) with 200 without touching the schema", async (httpMethod) => {
    const setup = vi.fn(async () => {});
    const { handler } = setupHandler({ graphqlPath: '/graphql', setup });
    const check = { ...albGet, httpMethod, path: '/', queryStringParameters: {}, headers: { 'user-agent': 'ELB-HealthChecker/2.0' } };
    expect(await handler(check, context())).toMatchObject({ statusCode: 200, body: '{"status":"ok"}' });
    expect(setup).not.toHaveBeenCalled();
    // Anyone else at that path still gets the GraphQL server's answer.
    expect(await handler({ ...check, headers: { 'user-agent': 'curl/8.5.0' } }, context())).toMatchObject({ statusCode: 404 });
  });
});

describe('CORS on our own errors', () => {
  it('a 404 and a 504 carry the CORS headers, so that a browser sees them', async () => {
    const { handler } = setupHandler({ graphqlPath: '/graphql', cors: { origin: 'https://app.example.com' } });
    const event = (path: string, query = '{ hello }') => ({ ...post(query, path), headers: { ...httpApiPost.headers, origin: 'https://app.example.com' } });
    const notFound = (await handler(event('/nope'), context())) as ProxyResult;
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      vary: 'origin',
      'access-control-allow-origin': 'https://app.example.com',
    });
    const late = (await handler(event('/graphql', '{ slow }'), context({ getRemainingTimeInMillis: () => 500 }))) as ProxyResult;
    expect(late).toMatchObject({ statusCode: 504, headers: { 'access-control-allow-origin': 'https://app.example.com' } });
  });
});

describe('setup hook', () => {
  it('runs once per container, before the first request, even when requests arrive together', async () => {
    const setup = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      greeting = 'ready';
    });
    greeting = 'unset';
    const { handler } = setupHandler({ setup });
    const results = await Promise.all([handler(post('{ greeting }'), context()), handler(post('{ greeting }'), context())]);
    expect(results.map(bodyOf)).toEqual([{ data: { greeting: 'ready' } }, { data: { greeting: 'ready' } }]);
    await handler(post('{ greeting }'), context());
    expect(setup).toHaveBeenCalledTimes(1);
  });

  it('when it fails, every request gets a 500 naming its request id, the error is logged, and it is retried later', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    let attempts = 0;
    const setup = vi.fn(async () => {
      attempts++;
      if (attempts === 1) throw new Error('Secrets Manager: AccessDeniedException');
    });
    const { handler, errors } = setupHandler({ setup });

    for (const id of ['req-a', 'req-b']) {
      const result = (await handler(post('{ hello }'), { awsRequestId: id })) as ProxyResult;
      expect(result.statusCode).toBe(500);
      expect(JSON.parse(result.body)).toEqual({
        errors: [{ message: `The server failed to start. Request id: ${id}.`, extensions: { code: 'SETUP_FAILED', requestId: id } }],
      });
      expect(result.body).not.toContain('AccessDenied');
    }
    expect(setup).toHaveBeenCalledTimes(1); // the failure is remembered, not retried on every request
    expect(errors.map((entry) => entry.details.requestId)).toEqual(['req-a', 'req-b']);
    expect((errors[0]!.details.error as Error).message).toBe('Secrets Manager: AccessDeniedException');

    vi.setSystemTime(Date.now() + 11_000);
    expect(bodyOf(await handler(post('{ hello }'), context()))).toEqual({ data: { hello: 'world' } });
    expect(setup).toHaveBeenCalledTimes(2);
  });
});

describe("Lambda's response size limit", () => {
  it('a response over 6 MB becomes a clear JSON 500 instead of a failed invocation', async () => {
    const { handler, errors } = setupHandler();
    const result = (await handler(post('{ big(size: 7000000) }'), context({ awsRequestId: 'req-big' }))) as ProxyResult;
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body).errors[0]).toEqual({
      message: expect.stringMatching(/^The response \(\d+ bytes\) is over the 6291456-byte limit: ask for fewer items/),
      extensions: { code: 'RESPONSE_TOO_LARGE', requestId: 'req-big' },
    });
    expect(errors[0]).toMatchObject({ details: { requestId: 'req-big', limitBytes: 6291456 } });
  });

  it('counts the escaping of the body inside the result JSON', async () => {
    const { handler } = setupHandler();
    // 2 M quotes: a 4 MB body (\") that Lambda serializes into 8 MB (\\\").
    const quotes = (await handler(post('{ big(size: 2000000, char: "\\"") }'), context())) as ProxyResult;
    expect(quotes.statusCode).toBe(500);
    // 5 M plain characters fit.
    const plain = (await handler(post('{ big(size: 5000000) }'), context())) as ProxyResult;
    expect(plain.statusCode).toBe(200);
    expect(Buffer.byteLength(JSON.stringify(plain))).toBeLessThan(6 * 1024 * 1024);
  });

  it('ALB targets have a 1 MB limit', async () => {
    const { handler } = setupHandler();
    const event = { ...albGet, queryStringParameters: { query: encodeURIComponent('{ big(size: 2000000) }') } };
    const result = (await handler(event, context())) as ProxyResult & { statusDescription: string };
    expect(result.statusCode).toBe(500);
    expect(result.statusDescription).toBe('500 Internal Server Error');
    expect(JSON.parse(result.body).errors[0].message).toMatch(/over the 1048576-byte limit/);
  });

  it('direct invocations are limited too', async () => {
    const { handler } = setupHandler();
    expect(await handler({ query: '{ big(size: 7000000) }' }, context({ awsRequestId: 'req-d' }))).toMatchObject({
      errors: [{ extensions: { code: 'RESPONSE_TOO_LARGE', requestId: 'req-d' } }],
    });
  });
});

describe("Lambda's deadline", () => {
  it('stops with a JSON 504 shortly before getRemainingTimeInMillis runs out', async () => {
    const { handler, errors, requests } = setupHandler({ timeoutReserveMs: 500 });
    const result = (await handler(post('{ slow }'), context({ awsRequestId: 'req-slow', getRemainingTimeInMillis: () => 550 }))) as ProxyResult;
    expect(result.statusCode).toBe(504);
    expect(JSON.parse(result.body)).toEqual({
      errors: [{ message: 'The request timed out. Request id: req-slow.', extensions: { code: 'TIMEOUT', requestId: 'req-slow' } }],
    });
    expect(errors).toMatchObject([{ details: { requestId: 'req-slow' } }]);
    expect(requests).toMatchObject([{ requestId: 'req-slow', status: 504, level: 'error' }]);
  });

  it('answers normally when there is time', async () => {
    const { handler } = setupHandler();
    const result = await handler(post('{ hello }'), context({ getRemainingTimeInMillis: () => 10_000 }));
    expect(bodyOf(result)).toEqual({ data: { hello: 'world' } });
  });
});

describe('events nobody recognises', () => {
  it.each([
    ['an SQS message', { Records: [{ messageId: '1', body: '{}', eventSource: 'aws:sqs' }] }, 'from aws:sqs'],
    ['an S3 notification', { Records: [{ eventSource: 'aws:s3', s3: {} }] }, 'from aws:s3'],
    ['an SNS notification', { Records: [{ EventSource: 'aws:sns', Sns: {} }] }, 'from aws:sns'],
    ['an EventBridge event', { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }, 'from aws.events'],
    ['null', null, 'Unrecognised Lambda event:'],
    ['a JSON string', '{"query":"{ hello }"}', 'Unrecognised Lambda event:'],
  ])('%s fails the invocation (so Lambda retries it and counts an error), naming the likely source, and is logged', async (_name, event, named) => {
    const { handler, errors } = setupHandler();
    const invocation = handler(event, context({ awsRequestId: 'req-unknown' }));
    await expect(invocation).rejects.toThrow(named);
    await expect(invocation).rejects.toThrow(/only HTTP events and direct invocations/);
    expect(errors).toMatchObject([{ message: 'Unrecognised Lambda event', details: { requestId: 'req-unknown' } }]);
  });
});

describe('invalid base64 bodies', () => {
  it.each([
    ['HTTP API', { ...httpApiPost, body: 'not base64!', isBase64Encoded: true }, {}],
    ['REST API', { ...restApiPost, body: 'eyJxdWVyeSI6I', isBase64Encoded: true }, {}],
    ['ALB', { ...albGet, httpMethod: 'POST', body: '%%%', isBase64Encoded: true }, { statusDescription: '400 Bad Request' }],
  ])('%s: 400 with a JSON error in the source shape', async (_name, event, extra) => {
    const { handler } = setupHandler();
    const result = (await handler(event, context({ awsRequestId: 'req-b64' }))) as ProxyResult;
    expect(result).toMatchObject({ statusCode: 400, ...extra });
    expect(JSON.parse(result.body)).toEqual({
      errors: [
        { message: 'The body is marked isBase64Encoded but is not valid base64.', extensions: { code: 'BAD_REQUEST', requestId: 'req-b64' } },
      ],
    });
  });
});

describe('bodies that are large or odd', () => {
  it('answers a 4.5 MB base64 body with 413 (checked in linear time), and an invalid 4 MB one with 400, never 500', async () => {
    const { handler } = setupHandler();
    const big = Buffer.from(JSON.stringify({ query: `{ hello }${' '.repeat(3_400_000)}` })).toString('base64');
    expect(big.length).toBeGreaterThan(4_500_000);
    const large = (await handler({ ...httpApiPost, body: big, isBase64Encoded: true }, context())) as ProxyResult;
    expect(large.statusCode).toBe(413);
    const invalid = (await handler({ ...httpApiPost, body: `${'A'.repeat(4_000_000)}!`, isBase64Encoded: true }, context())) as ProxyResult;
    expect(invalid.statusCode).toBe(400);
  });

  it.each([
    ['HTTP API', { ...httpApiPost, requestContext: { ...httpApiPost.requestContext, http: { ...httpApiPost.requestContext.http, method: 'GET' } }, rawQueryString: 'query=%7B%20hello%20%7D' }],
    ['REST API', { ...restApiPost, httpMethod: 'GET', queryStringParameters: { query: '{ hello }' } }],
  ])('%s: a GET answers its query and ignores a body marked base64 that is not (as in the console samples)', async (_name, event) => {
    const { handler } = setupHandler();
    const result = (await handler({ ...event, body: 'not base64 {"test":"body"}', isBase64Encoded: true }, context())) as ProxyResult;
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ data: { hello: 'world' } });
  });
});

describe('direct invocations that are odd', () => {
  it('answers a payload nested 5,000 arrays deep with a 400 GraphQL error, not a 500', async () => {
    const { handler } = setupHandler();
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    expect(await handler({ query: '{ hello }', variables: { x: deep } }, context({ awsRequestId: 'req-deep' }))).toEqual({
      errors: [{ message: expect.stringMatching(/nested too deeply/), extensions: { code: 'BAD_REQUEST', requestId: 'req-deep' } }],
    });
  });

  it.each([
    ['documentId', { documentId: 'sha256:0000' }],
    ["Apollo's persisted query", { extensions: { persistedQuery: { version: 1, sha256Hash: '0000' } } }],
  ])('recognises one that carries only a %s as direct (a GraphQL answer, not a failed invocation)', async (_name, event) => {
    const { handler } = setupHandler();
    expect(await handler(event, context())).toEqual({ errors: [expect.objectContaining({ message: expect.any(String) })] });
  });
});

describe('nothing escapes', () => {
  it("a resolver's exception is masked for the client and logged in full with the request id", async () => {
    const { handler, errors } = setupHandler();
    const result = (await handler(post('{ broken }'), context({ awsRequestId: 'req-broken' }))) as ProxyResult;
    expect(result.statusCode).toBe(200);
    expect(result.body).not.toContain('rows');
    expect(JSON.parse(result.body)).toMatchObject({ data: { broken: null }, errors: [{ message: 'Unexpected error.', extensions: { requestId: 'req-broken' } }] });
    expect(errors).toMatchObject([{ details: { requestId: 'req-broken', error: expect.any(TypeError) } }]);
  });

  it("a context factory's exception becomes a JSON error", async () => {
    const { handler } = setupHandler({
      context: () => {
        throw new Error('jwt malformed');
      },
    });
    const result = (await handler(post('{ hello }'), context({ awsRequestId: 'req-ctx' }))) as ProxyResult;
    expect(result.statusCode).toBeGreaterThanOrEqual(400);
    expect(result.body).not.toContain('jwt malformed');
    expect(JSON.parse(result.body).errors[0].extensions.requestId).toBe('req-ctx');
  });

  it('an event whose fields have impossible types is the sender\'s fault: a JSON 400 naming the source', async () => {
    const { handler } = setupHandler();
    const event = { ...restApiPost, multiValueHeaders: { accept: 5 } };
    const result = (await handler(event, context({ awsRequestId: 'req-odd' }))) as ProxyResult;
    expect(result).toMatchObject({ statusCode: 400, isBase64Encoded: false });
    expect(JSON.parse(result.body).errors[0]).toEqual({
      message: expect.stringMatching(/^A malformed rest-api event: /),
      extensions: { code: 'BAD_REQUEST', requestId: 'req-odd' },
    });
  });

  it.each([
    ['HTTP API, a body marked base64 that is not', { ...httpApiPost, body: '!!', isBase64Encoded: true }, 'POST', '/graphql'],
    ['HTTP API, a method that is no string', { ...httpApiPost, requestContext: { ...httpApiPost.requestContext, http: { ...httpApiPost.requestContext.http, method: 5 } } }, '5', '/graphql'],
    ['REST API, a multi-value header that is no list', { ...restApiPost, multiValueHeaders: { accept: 5 } }, 'POST', restApiPost.path],
    ['ALB, a body marked base64 that is not', { ...albGet, httpMethod: 'POST', body: '%%%', isBase64Encoded: true }, 'POST', albGet.path],
  ])('an event that cannot be read (%s) is a 400 whose log line keeps the method and path it gave', async (_name, event, method, path) => {
    const { handler, requests } = setupHandler();
    const result = (await handler(event, context({ awsRequestId: 'req-unread' }))) as ProxyResult;
    expect(result.statusCode).toBe(400);
    expect(requests).toMatchObject([{ requestId: 'req-unread', status: 400, method, path }]);
  });

  it.each([
    ['an HTTP API rawPath that is a list', { ...httpApiPost, routeKey: '$default', rawPath: ['/a', '/b'] }, 404],
    ['an HTTP API rawPath that is an object with a length', { ...httpApiPost, routeKey: '$default', rawPath: { length: 3 } }, 404],
    ['an ALB path that is a list', { ...albGet, path: ['/a', '/b'] }, 404],
    ['an HTTP API rawQueryString that is a list', { ...httpApiPost, rawQueryString: ['query={hello}', 'x'], requestContext: { ...httpApiPost.requestContext, http: { ...httpApiPost.requestContext.http, method: 'GET' } } }, 400],
    ['header values that are no strings', { ...httpApiPost, headers: { ...httpApiPost.headers, accept: 5, 'content-type': ['application/json'] } }, 415],
  ])("%s is the sender's fault (a 4xx with a JSON body, logged with a string path), never a 500", async (_name, event, status) => {
    const { handler, requests, errors } = setupHandler({ graphqlPath: '/graphql' });
    const result = (await handler(event, context())) as ProxyResult & { statusDescription?: string };
    expect(result.statusCode).toBe(status);
    expect(() => JSON.parse(result.body) as unknown).not.toThrow();
    expect(typeof requests[0]?.path).toBe('string');
    expect(errors).toEqual([]);
  });

  it('a throwing custom logger does not fail the invocation', async () => {
    const handler = createLambdaHandler({
      typeDefs,
      resolvers,
      logger: {
        request() {
          throw new Error('log sink down');
        },
        error() {},
      },
    });
    expect(bodyOf(await handler(post('{ hello }'), context()))).toEqual({ data: { hello: 'world' } });
  });

  it('works without a Lambda context (local tests)', async () => {
    const { handler, requests } = setupHandler();
    expect(bodyOf(await handler(functionUrlPost, undefined as never))).toEqual({ data: { hello: 'world' } });
    expect(requests[0]!.requestId).toBe('unknown');
  });
});
