/** The default logger: JSON lines with the request id on stdout, full errors on stderr only. */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLambdaHandler } from '../../src/runtime/index.js';
import { defaultLogger } from '../../src/runtime/logger.js';
import type { RequestLogEntry } from '../../src/runtime/options.js';
import httpApiPost from '../../fixtures/events/http-api-post.json' with { type: 'json' };

// The logger writes through the fs module that process.getBuiltinModule returns, the one imported here.
let written = vi.spyOn(fs, 'writeSync');
beforeEach(() => {
  written = vi.spyOn(fs, 'writeSync').mockImplementation(() => 0);
});

const handler = createLambdaHandler({
  typeDefs: 'type Query { hello: String! broken: String }',
  resolvers: {
    Query: {
      hello: () => 'world',
      broken: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'rows')");
      },
    },
  },
});
const post = (query: string) => ({ ...httpApiPost, body: JSON.stringify({ query }) });
/** The JSON lines written to one file descriptor. */
const lines = (fd: number) => written.mock.calls.filter((call) => call[0] === fd).map((call) => JSON.parse(String(call[1])));

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('default logger', () => {
  it('writes one JSON line per request to stdout', async () => {
    await handler(post('query Hi { hello }'), { awsRequestId: 'req-log' });
    expect(written).toHaveBeenCalledTimes(1);
    expect(String(written.mock.calls[0]![1]).endsWith('}\n')).toBe(true);
    expect(lines(1)).toEqual([
      {
        level: 'info',
        requestId: 'req-log',
        source: 'http-api',
        method: 'POST',
        path: '/graphql',
        operationName: 'Hi',
        status: 200,
        durationMs: expect.any(Number),
        errors: 0,
      },
    ]);
  });

  it('writes the full error with its stack to stderr, never to the client', async () => {
    const result = (await handler(post('{ broken }'), { awsRequestId: 'req-err' })) as { body: string };
    expect(lines(2)).toEqual([
      expect.objectContaining({
        level: 'error',
        requestId: 'req-err',
        error: expect.objectContaining({ name: 'TypeError', stack: expect.stringContaining("reading 'rows'") }),
      }),
    ]);
    expect(lines(1)).toMatchObject([{ requestId: 'req-err', errors: 1 }]);
    expect(result.body).not.toMatch(/rows|stack/);
  });

  it("honours Lambda's application log level (read at cold start) for request lines", async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'WARN');
    vi.resetModules();
    const runtime = await import('../../src/runtime/index.js');
    const quiet = runtime.createLambdaHandler({ typeDefs: 'type Query { hello: String! }', resolvers: { Query: { hello: () => 'hi' } } });
    expect(await quiet(post('{ hello }'), { awsRequestId: 'req-quiet' })).toMatchObject({ statusCode: 200 });
    expect(written).not.toHaveBeenCalled();
    await quiet(post('{ nope }'), { awsRequestId: 'req-quiet-error' });
    expect(written).not.toHaveBeenCalled(); // a 200 with errors is still an info line
    await expect(quiet({ query: 1, requestContext: null, version: '2.0' }, { awsRequestId: 'req-unknown' })).rejects.toThrow(/Unrecognised Lambda event/);
    expect(lines(2)).toMatchObject([{ level: 'error', requestId: 'req-unknown' }]);
  });

  it('writes the same line JSON.stringify would, whatever the path, method and operation name hold', () => {
    const entries: RequestLogEntry[] = [
      { level: 'info', requestId: 'c0ffee-1', source: 'http-api', method: 'POST', path: '/graphql', operationName: 'Hi', status: 200, durationMs: 3, errors: 0 },
      { level: 'error', requestId: 'id "quoted"', source: 'alb', method: 'GE\nT', path: '/a b/\u2028/é/\\', operationName: 'x"}, "status": 1', status: 500, durationMs: 0, errors: 2 },
      { level: 'info', requestId: '', source: 'direct', method: '', path: '', operationName: null, status: 400, durationMs: 12, errors: 1 },
    ];
    for (const entry of entries) defaultLogger.request(entry);
    expect(written.mock.calls.map((call) => String(call[1]))).toEqual(entries.map((entry) => `${JSON.stringify(entry)}\n`));
  });

  it('falls back to console when the descriptor refuses a synchronous write', async () => {
    written.mockImplementation(() => {
      throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await handler(post('{ hello }'), { awsRequestId: 'req-again' });
    expect(JSON.parse(String(log.mock.calls[0]![0]))).toMatchObject({ requestId: 'req-again', status: 200 });
    log.mockRestore();
  });
});

describe('log amplification', () => {
  const failing = createLambdaHandler({
    typeDefs: 'scalar Date type Query { hello: String broken(id: Int): String day(d: Date): String }',
    resolvers: {
      Date: {
        parseLiteral: (ast: { value?: unknown }) => {
          throw new Error(`Not a date: ${ast.value}`);
        },
      },
      Query: {
        hello: () => 'world',
        day: () => 'today',
        broken: (_: unknown, { id }: { id?: number }) => {
          // A distinct message (and stack) per id, 3 KB each.
          throw new Error(id === undefined ? 'pool exhausted' : `row ${id} locked: ${'x'.repeat(3000)}`);
        },
      },
    },
    batching: true,
  });
  const aliases = (field: (i: number) => string) => `{ ${Array.from({ length: 30 }, (_, i) => `a${i}: ${field(i)}`).join(' ')} }`;
  const bytes = (fd: number) => written.mock.calls.filter((call) => call[0] === fd).reduce((sum, call) => sum + String(call[1]).length, 0);

  it('logs one failing field asked 30 times, even in a batch of 10, as one error with its stack', async () => {
    const body = JSON.stringify(Array(10).fill({ query: aliases(() => 'broken') }));
    const result = (await failing({ ...httpApiPost, body }, { awsRequestId: 'req-30' })) as { body: string };
    expect(JSON.parse(result.body)).toHaveLength(10);
    expect(lines(2)).toEqual([expect.objectContaining({ level: 'error', message: 'Unexpected error', requestId: 'req-30', error: expect.objectContaining({ message: 'pool exhausted' }) })]);
    expect(lines(1)).toMatchObject([{ requestId: 'req-30', errors: 300 }]);
    expect(bytes(2)).toBeLessThan(2000);
  });

  it('caps the error log of one request, and says so', async () => {
    await failing(post(aliases((i) => `broken(id: ${i})`)), { awsRequestId: 'req-cap' });
    const logged = lines(2);
    expect(logged.length).toBeLessThan(10);
    expect(logged.at(-1)).toEqual({ level: 'error', message: 'Log capped at 20000 bytes', requestId: 'req-cap', path: expect.any(String) });
    expect(bytes(2)).toBeLessThan(30_000);
  });

  it("logs a client's bad literal as the client's error, at info on stdout", async () => {
    const result = (await failing(post('{ day(d: "yesterday") }'), { awsRequestId: 'req-date' })) as { statusCode: number };
    expect(result.statusCode).toBe(400);
    expect(lines(2)).toEqual([]);
    expect(lines(1)).toEqual([
      expect.objectContaining({ level: 'info', message: 'Client error', requestId: 'req-date', error: expect.objectContaining({ message: 'Not a date: yesterday' }) }),
      expect.objectContaining({ level: 'info', requestId: 'req-date', status: 400 }),
    ]);
  });
});

describe('logging never changes an answer', () => {
  const circular = () => {
    const error = new Error('db down', { cause: { bytes: 10n } });
    const inner = new Error('pool exhausted', { cause: error });
    (error as { cause?: unknown }).cause = inner;
    return error;
  };
  const failing = (error: () => unknown) =>
    createLambdaHandler({
      typeDefs: 'type Query { hello: String! broken: String }',
      resolvers: { Query: { hello: () => 'world', broken: () => { throw error(); } } },
    });

  it('logs an error whose cause is circular, and answers the data that did resolve', async () => {
    const result = (await failing(circular)(post('{ hello broken }'), { awsRequestId: 'req-loop' })) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).data).toEqual({ hello: 'world', broken: null });
    expect(lines(2)).toEqual([expect.objectContaining({ requestId: 'req-loop', error: expect.objectContaining({ message: 'db down' }) })]);
  });

  it('logs an error carrying a BigInt as text', async () => {
    const withBigInt = () => Object.assign(new Error('row 9007199254740993 locked'), { cause: { id: 9007199254740993n } });
    const result = (await failing(withBigInt)(post('{ hello broken }'), { awsRequestId: 'req-big' })) as { statusCode: number };
    expect(result.statusCode).toBe(200);
    expect(lines(2)[0].error.cause).toEqual({ id: '9007199254740993' });
  });

  it('answers as usual when a custom logger throws', async () => {
    const handler = createLambdaHandler({
      typeDefs: 'type Query { hello: String! broken: String }',
      resolvers: { Query: { hello: () => 'world', broken: () => { throw new Error('boom'); } } },
      logger: {
        request() { throw new Error('log shipping down'); },
        error() { throw new Error('log shipping down'); },
      },
    });
    const result = (await handler(post('{ hello broken }'), { awsRequestId: 'req-throw' })) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      data: { hello: 'world', broken: null },
      errors: [expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-throw' } })],
    });
  });
});
