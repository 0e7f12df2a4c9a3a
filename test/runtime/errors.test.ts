/** What clients see of errors: masking in production, stacks only in debug, the user's formatError last. */
import { describe, expect, it } from 'vitest';
import { GraphQLError, buildSchema } from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import { createGraphQLHttpHandler } from '../../src/runtime/http.js';
import { resolveOptions } from '../../src/runtime/profile.js';
import { core, fixtureSchema, get, invocation, json, memoryLogger, post } from './core-fixture.js';

describe('error masking', () => {
  it('masks an unexpected resolver error in production and logs it in full with the request id', async () => {
    const logger = memoryLogger();
    const result = json(await core({ logger })(post({ query: '{ secret hello }' }), invocation('req-42')));
    expect(result).toEqual({
      errors: [
        {
          message: 'Unexpected error.',
          locations: [{ line: 1, column: 3 }],
          path: ['secret'],
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-42' },
        },
      ],
      data: { secret: null, hello: 'Hello, world!' },
    });
    expect(JSON.stringify(result)).not.toMatch(/hunter2|ECONNREFUSED|at /);
    expect(logger.errors).toHaveLength(1);
    expect(logger.errors[0]!.details.requestId).toBe('req-42');
    expect(logger.errors[0]!.details.path).toBe('secret');
    expect((logger.errors[0]!.details.error as Error).message).toMatch(/password=hunter2/);
  });

  it('shows a GraphQLError thrown on purpose as it is, without logging it', async () => {
    const logger = memoryLogger();
    const result = json(await core({ logger })(post({ query: '{ denied }' })));
    expect(result.errors).toEqual([
      { message: 'You may not see this.', locations: [{ line: 1, column: 3 }], path: ['denied'], extensions: { code: 'FORBIDDEN' } },
    ]);
    expect(logger.errors).toHaveLength(0);
  });

  it('recognises a GraphQLError from another copy of graphql, and does not mask it', async () => {
    class ForeignGraphQLError extends Error {
      get [Symbol.toStringTag]() {
        return 'GraphQLError';
      }
    }
    const schema = fixtureSchema();
    schema.getQueryType()!.getFields().denied!.resolve = () => {
      throw new ForeignGraphQLError('Thrown with another graphql copy.');
    };
    const handle = createGraphQLHttpHandler({ ...resolveOptions({ logger: memoryLogger() }), schema });
    const result = await handle({ method: 'POST', path: '/', rawQuery: '', headers: { 'content-type': 'application/json' }, body: '{"query":"{ denied }"}' }, invocation());
    expect(json(result).errors[0].message).toBe('Thrown with another graphql copy.');
  });

  it('never puts a stack trace in production answers', async () => {
    const handle = core();
    for (const request of [post({ query: '{ secret }' }), post({ query: '{ denied }' }), post({ query: '{ nope }' }), get({})]) {
      expect((await handle(request)).response.body).not.toMatch(/stacktrace|\.ts:\d+|node_modules/);
    }
  });

  it('in debug shows the real message and the stack trace of unexpected errors, still logging them', async () => {
    const logger = memoryLogger();
    const [error] = json(await core({ debug: true, logger })(post({ query: '{ secret }' }))).errors;
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.stacktrace[0]).toMatch(/^Error: connect ECONNREFUSED/);
    expect(error.extensions.stacktrace.join('\n')).toMatch(/core-fixture\.ts/);
    expect(logger.errors).toHaveLength(1);
  });

  it('in debug adds stack traces to GraphQLErrors too, keeping their extensions', async () => {
    const [error] = json(await core({ profile: 'development' })(post({ query: '{ denied }' }))).errors;
    expect(error.message).toBe('You may not see this.');
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(error.extensions.stacktrace.length).toBeGreaterThan(1);
  });

  it('masks an error thrown by the context factory with a 500, and shows a GraphQLError with its http status', async () => {
    const logger = memoryLogger();
    const broken = core({
      logger,
      context: () => {
        throw new Error('JWKS fetch failed: secret-key-id');
      },
    });
    const result = await broken(post({ query: '{ hello }' }), invocation('req-7'));
    expect(result.response.status).toBe(500);
    expect(json(result).errors).toEqual([{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-7' } }]);
    expect(logger.errors).toHaveLength(1);

    const refusing = core({
      context: () => {
        throw new GraphQLError('Not authenticated.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      },
    });
    const refused = await refusing(post({ query: '{ hello }' }));
    expect(refused.response.status).toBe(401);
    expect(json(refused).errors[0]).toMatchObject({ message: 'Not authenticated.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('applies the user’s formatError last, to every error, with the masking verdict and the request id', async () => {
    const seen: { message: string; masked: boolean; requestId: string; original?: string }[] = [];
    const handle = core({
      formatError: (error, { masked, requestId }) => {
        seen.push({ message: error.message, masked, requestId, original: error.originalError?.message });
        return { message: `[${requestId}] ${error.message}` };
      },
    });
    const result = json(await handle(post({ query: '{ secret denied }' }), invocation('req-9')));
    expect(result.errors).toEqual([{ message: '[req-9] Unexpected error.' }, { message: '[req-9] You may not see this.' }]);
    expect(seen).toEqual([
      { message: 'Unexpected error.', masked: true, requestId: 'req-9', original: expect.stringMatching(/ECONNREFUSED/) },
      { message: 'You may not see this.', masked: false, requestId: 'req-9', original: 'You may not see this.' },
    ]);
    expect(json(await handle(post({ query: '{ nope }' }), invocation('req-10'))).errors[0].message).toMatch(/^\[req-10\] Cannot query field "nope"/);
    expect(json(await handle({ method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).errors[0].message).toMatch(/Missing query/);
  });

  it('survives a formatError that throws', async () => {
    const logger = memoryLogger();
    const handle = core({
      logger,
      formatError: () => {
        throw new Error('oops');
      },
    });
    const result = await handle(post({ query: '{ denied }' }));
    expect(result.response.status).toBe(200);
    expect(json(result).errors[0]).toMatchObject({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logger.errors[0]!.message).toMatch(/formatError/);
  });

  it('counts the errors it sends, for the log line', async () => {
    const result = await core()(post({ query: '{ secret denied hello }' }));
    expect(result.errorCount).toBe(2);
  });
});

describe('no schema names leak through suggestions when introspection is off', () => {
  const schema = buildSchema('enum Color { CRIMSON TEAL } input Paint { color: Color! } type Query { books(paint: Paint): [String] book: String }');
  const handle = (profile: 'production' | 'development') => {
    const run = createGraphQLHttpHandler({ ...resolveOptions({ profile, logger: memoryLogger() }), schema });
    return async (body: unknown) => json(await Promise.resolve(run(post(body) as never, invocation())));
  };

  it('answers a misspelt field without "Did you mean" in production, with it in development', async () => {
    const production = await handle('production')({ query: '{ boks }' });
    expect(production.errors[0].message).toBe('Cannot query field "boks" on type "Query".');
    const development = await handle('development')({ query: '{ boks }' });
    expect(development.errors[0].message).toMatch(/Did you mean "books" or "book"\?/);
  });

  it('answers a misspelt enum value or input field in variables without naming the real ones in production', async () => {
    const query = 'query ($p: Paint) { books(paint: $p) }';
    const messages = async (profile: 'production' | 'development', p: unknown) =>
      (await handle(profile)({ query, variables: { p } })).errors.map((error: { message: string }) => error.message).join('\n');
    const production = await messages('production', { color: 'CRIMSN', colour: 1 });
    expect(production).toMatch(/Value "CRIMSN" does not exist in "Color" enum/);
    expect(production).not.toMatch(/CRIMSON|Did you mean/);
    const development = await messages('development', { color: 'CRIMSN' });
    expect(development).toMatch(/Did you mean the enum value "CRIMSON"\?/);
  });
});

describe('a resolver that returns the wrong thing leaks nothing of it', () => {
  const row = { id: 7, email: 'ada@example.com', passwordHash: '$2b$12$secrethash', items: Array.from({ length: 5000 }, (_, i) => i) };
  const schema = buildSchema('type Pet { name: String } enum Kind { CAT } type Query { name: String count: Int kind: Kind pet: Pet }');
  (schema.getType('Pet') as GraphQLObjectType).isTypeOf = () => false;
  const rootValue = { name: () => row, count: () => row, kind: () => row, pet: () => row };
  const handle = (profile: 'production' | 'development') => {
    const logger = memoryLogger();
    const run = createGraphQLHttpHandler({ ...resolveOptions({ profile, logger, rootValue }), schema });
    return async (query: string) => ({ result: json(await Promise.resolve(run(post({ query }) as never, invocation('req-row')))), logger });
  };

  it('masks a row given to a String, Int, enum or object field in production, and logs each', async () => {
    const { result, logger } = await handle('production')('{ name count kind pet { name } }');
    expect(result.data).toEqual({ name: null, count: null, kind: null, pet: null });
    expect(result.errors.map((error: { message: string }) => error.message)).toEqual(Array(4).fill('Unexpected error.'));
    expect(JSON.stringify(result)).not.toMatch(/secrethash|example\.com/);
    expect(logger.errors.map((entry) => entry.details.path)).toEqual(['name', 'count', 'kind', 'pet']);
  });

  it('shows the author a short rendering of the value in development, never the whole of it', async () => {
    const { result } = await handle('development')('{ pet { name } }');
    const message: string = result.errors[0].message;
    expect(message).toMatch(/^Expected value of type "Pet" but got: \{ id: 7, /);
    expect(message).toMatch(/\.\.\. 4990 more items/);
    expect(message.length).toBeLessThan(300);
  });
});

describe('the masking rule follows the whole chain of original errors', () => {
  const schema = buildSchema('scalar Date input In { next: In } type Query { on(d: Date): String deep(i: In): String leaky: String }');
  Object.assign(schema.getType('Date')!, {
    parseValue: (value: unknown) => {
      throw new Error(`Invalid date ${String(value)} at /var/task/src/scalars/Date.ts:12`);
    },
  });
  const rootValue = { leaky: () => { throw Object.assign(new Error('token=abc123 rejected'), { extensions: { code: 'DB', table: 'users' } }); } };
  const run = (body: unknown) => {
    const logger = memoryLogger();
    const handle = createGraphQLHttpHandler({ ...resolveOptions({ logger, rootValue }), schema });
    return Promise.resolve(handle(post(body) as never, invocation('req-chain'))).then((result) => ({ result: json(result), logger }));
  };

  it("masks a custom scalar's own error reached through a variable, and logs it as the client's", async () => {
    const { result, logger } = await run({ query: 'query ($d: Date) { on(d: $d) }', variables: { d: 'tomorrow' } });
    expect(result.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-chain' } })]);
    expect(JSON.stringify(result)).not.toMatch(/var\/task|tomorrow/);
    expect(logger.errors).toEqual([]);
    expect(logger.infos[0]).toMatchObject({ message: 'Client error', details: { requestId: 'req-chain' } });
    expect((logger.infos[0]!.details.error as Error).message).toMatch(/Date\.ts:12/);
  });

  it('masks and logs an error that is no GraphQLError at all (a stack overflow from a 3,000-deep input object)', async () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 3000; i++) deep = { next: deep };
    const { result, logger } = await run({ query: 'query ($i: In) { deep(i: $i) }', variables: { i: deep } });
    expect(result.errors).toEqual([{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-chain' } }]);
    expect(logger.infos).toHaveLength(1); // the client's variables caused it
  });

  it("never sends a masked error's own extensions in production", async () => {
    const { result } = await run({ query: '{ leaky }' });
    expect(result.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId: 'req-chain' });
    expect(JSON.stringify(result)).not.toMatch(/users|abc123/);
  });
});
