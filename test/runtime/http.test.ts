/** The GraphQL-over-HTTP core: context, root value, batching, the document cache, and what it reports. */
import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import type { ValidationRule } from 'graphql';
import type { RequestInfo } from '../../src/runtime/types.js';
import type { CoreResult } from '../../src/runtime/types.js';
import { core, get, invocation, json, post, syncCore } from './core-fixture.js';

describe('context and root value', () => {
  it('calls the context factory with the raw event, the Lambda context and the parsed request', async () => {
    const calls: unknown[][] = [];
    const handle = core({
      context: (...args) => {
        calls.push(args);
        return { viewer: 'ada' };
      },
    });
    const inv = invocation('req-3');
    const result = await handle(post({ query: 'query Who { viewer }', operationName: 'Who', variables: { a: 1 } }), inv);
    expect(json(result).data).toEqual({ viewer: 'ada' });
    expect(calls).toHaveLength(1);
    const [event, lambdaContext, request] = calls[0] as [unknown, unknown, RequestInfo];
    expect(event).toBe(inv.event);
    expect(lambdaContext).toBe(inv.lambdaContext);
    expect(request).toMatchObject({
      source: 'http-api',
      requestId: 'req-3',
      params: { query: 'query Who { viewer }', operationName: 'Who', variables: { a: 1 } },
      http: { method: 'POST', path: '/graphql' },
    });
  });

  it('awaits an async context factory, and by default passes { event, lambdaContext, request }', async () => {
    const handle = core({ context: async () => ({ viewer: 'grace' }) });
    expect(json(await handle(post({ query: '{ viewer }' }))).data.viewer).toBe('grace');
    expect(json(await core()(post({ query: '{ viewer }' }))).data.viewer).toBe('no viewer (object)');
  });

  it('passes a root value, or calls a root value function per request', async () => {
    const handle = core({ rootValue: { hello: 'ignored: the resolver wins' } });
    expect(json(await handle(post({ query: '{ hello }' }))).data.hello).toBe('Hello, world!');
    let calls = 0;
    const withFunction = core({
      rootValue: (request: RequestInfo) => {
        calls++;
        return { requestId: request.requestId };
      },
    });
    await withFunction(post({ query: '{ hello }' }));
    await withFunction(get({ query: '{ hello }' }));
    expect(calls).toBe(2);
  });

  it('does not build a context for a request it refuses', async () => {
    let calls = 0;
    const handle = core({ context: () => ({ calls: ++calls }) });
    await handle(post({ query: '{ nope }' }));
    await handle(get({ query: 'mutation { setGreeting(value: "x") }' }));
    await handle(post({ query: 'subscription { ticks }' }));
    expect(calls).toBe(0);
  });
});

describe('operations', () => {
  it('answers GET queries from the URL parameters', async () => {
    const result = await core()(get({ query: 'query Hi($n: String) { hello(name: $n) }', variables: '{"n":"Ada"}', operationName: 'Hi' }));
    expect(result.response.status).toBe(200);
    expect(json(result)).toEqual({ data: { hello: 'Hello, Ada!' } });
    expect(result.operationName).toBe('Hi');
  });

  it('takes empty variables= and extensions= URL parameters as absent, as graphql-http does', async () => {
    const result = await core()(get({ query: '{ hello }', variables: '', extensions: '' }));
    expect(result.response.status).toBe(200);
    expect(json(result)).toEqual({ data: { hello: 'Hello, world!' } });
  });

  it('runs mutations over POST', async () => {
    const result = await core()(post({ query: 'mutation { setGreeting(value: "Hi") }' }));
    expect(json(result)).toEqual({ data: { setGreeting: 'Hi' } });
  });

  it('reports the operation name, from the request or the document', async () => {
    const handle = core();
    expect((await handle(post({ query: 'query Named { hello }' }))).operationName).toBe('Named');
    expect((await handle(post({ query: '{ hello }' }))).operationName).toBeNull();
    expect((await handle(post({ query: 'query A { hello } query B { hello }', operationName: 'B' }))).operationName).toBe('B');
  });

  it('parses and validates each valid query text once, then answers from the cache; a failing one every time (failures are not kept)', async () => {
    let validations = 0;
    const counter: ValidationRule = () => {
      validations++;
      return {};
    };
    const handle = core({ validationRules: [counter] });
    for (let i = 0; i < 3; i++) expect(json(await handle(post({ query: '{ hello }' }))).data.hello).toBe('Hello, world!');
    expect(validations).toBe(1);
    for (let i = 0; i < 3; i++) expect(json(await handle(post({ query: '{ nope }' }))).errors).toHaveLength(1);
    expect(validations).toBe(4);
    await handle(post({ query: '{  hello }' }));
    expect(validations).toBe(5);
  });

  it('answers at once, without a promise, when context, root value and resolvers are synchronous', async () => {
    const handle = syncCore();
    const answer = handle(post({ query: '{ hello }' }));
    expect(answer).not.toBeInstanceOf(Promise);
    expect(json(answer as CoreResult)).toEqual({ data: { hello: 'Hello, world!' } });
    // An async context factory (or resolver) makes it a promise, with the same answer.
    const later = syncCore({ context: async () => ({ user: 'ada' }) })(post({ query: '{ hello }' }));
    expect(later).toBeInstanceOf(Promise);
    expect(json(await later)).toEqual({ data: { hello: 'Hello, world!' } });
  });

  it('runs the extra validation rules after graphql-js’s', async () => {
    const noUser: ValidationRule = (context) => ({
      Field(node) {
        if (node.name.value === 'user') context.reportError(new GraphQLError('No users today.'));
      },
    });
    const result = json(await core({ validationRules: [noUser] })(post({ query: '{ user { name } }' })));
    expect(result.errors[0].message).toBe('No users today.');
  });
});

describe('batching', () => {
  it('answers a JSON array with an array of results, one per operation, each with its own errors', async () => {
    const handle = core({ batching: true });
    const result = await handle(
      post([{ query: '{ hello }' }, { query: 'query Q($n: String) { hello(name: $n) }', variables: { n: 'Ada' } }, { query: '{ nope }' }, { notQuery: 1 }]),
    );
    expect(result.response.status).toBe(200);
    expect(JSON.parse(result.response.body)).toEqual([
      { data: { hello: 'Hello, world!' } },
      { data: { hello: 'Hello, Ada!' } },
      { errors: [expect.objectContaining({ message: expect.stringMatching(/Cannot query field "nope"/) })] },
      { errors: [{ message: 'Missing query' }] },
    ]);
    expect(result.errorCount).toBe(2);
    expect(result.operationName).toBe(',Q,,');
  });

  it('gives every operation of a batch its own context', async () => {
    let calls = 0;
    const handle = core({ batching: true, context: () => ({ viewer: `call ${++calls}` }) });
    const result = await handle(post([{ query: '{ viewer }' }, { query: '{ viewer }' }]));
    expect(JSON.parse(result.response.body)).toEqual([{ data: { viewer: 'call 1' } }, { data: { viewer: 'call 2' } }]);
  });

  it('refuses a batch over maxBatchSize, and an empty one, naming the option', async () => {
    const handle = core({ batching: { maxBatchSize: 2 } });
    const big = await handle(post([{ query: '{ hello }' }, { query: '{ hello }' }, { query: '{ hello }' }]));
    expect(big.response.status).toBe(400);
    expect(json(big).errors[0].message).toBe('A batch holds 1 to 2 operations (batching.maxBatchSize), not 3.');
    expect((await handle(post([]))).response.status).toBe(400);
  });

  it('is off by default, with an error that says how to turn it on', async () => {
    const result = await core()(post([{ query: '{ hello }' }]));
    expect(result.response.status).toBe(400);
    expect(json(result).errors[0].message).toMatch(/set `batching: true`/);
  });
});

describe('out of scope, said so', () => {
  it('answers a federation router’s _service query to a schema that is no subgraph with a clear error', async () => {
    const result = json(await core()(post({ query: '{ _service { sdl } }' })));
    expect(result.errors.map((e: { message: string }) => e.message)).toContain('Not a federation subgraph: "_service" cannot be queried.');
  });

  it('refuses subscriptions with a 400 that says why', async () => {
    const result = await core()(post({ query: 'subscription { ticks }' }, { accept: 'application/json' }));
    expect(result.response.status).toBe(400);
    expect(json(result).errors[0].message).toMatch(/^Subscriptions are not supported: Lambda keeps no connection open/);
  });

  it('refuses file uploads with a 415 that points to S3 presigned URLs', async () => {
    const result = await core()({ method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: '--b--' });
    expect(result.response.status).toBe(415);
    expect(json(result).errors[0].message).toMatch(/S3 with a presigned URL/);
  });
});
