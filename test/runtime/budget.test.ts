/**
 * The budget enforced while a request runs: values completed (what no static cost sees, such as a resolver
 * returning 100,000 rows) and Lambda's deadline, which binds synchronous work too; a batch shares both.
 */
import { describe, expect, it } from 'vitest';
import { createLambdaHandler } from '../../src/runtime/index.js';
import type { LambdaHandlerOptions } from '../../src/runtime/options.js';
import httpApiPost from '../../fixtures/events/http-api-post.json' with { type: 'json' };

type Result = { statusCode: number; body: string };

const typeDefs = /* GraphQL */ `
  type Query { rows(size: Int!): [Row!]! slowRows: [Row!]! later: Int! }
  type Row { id: Int! slow: Int! }
`;

/** A handler whose resolvers count their calls; `slow` burns `burnMs` of CPU synchronously. */
function setup(options: Partial<LambdaHandlerOptions> = {}, burnMs = 0) {
  const calls = { slow: 0, slowRows: 0, later: 0 };
  const handler = createLambdaHandler({
    typeDefs,
    resolvers: {
      Query: {
        // No size argument the cost could read: only the run-time budget sees how many rows come back.
        rows: (_: unknown, { size }: { size: number }) => Array.from({ length: size }, (_, id) => ({ id })),
        slowRows: () => {
          calls.slowRows++;
          return Array.from({ length: 10_000 }, (_, id) => ({ id }));
        },
        later: async () => {
          calls.later++;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return 1;
        },
      },
      Row: {
        slow: () => {
          calls.slow++;
          const until = Date.now() + burnMs;
          while (Date.now() < until);
          return 1;
        },
      },
    },
    logger: false,
    ...options,
  });
  return { handler, calls };
}

const post = (body: unknown) => ({ ...httpApiPost, body: JSON.stringify(body) });
const bodyOf = (result: unknown) => JSON.parse((result as Result).body);

describe('limits.maxResultValues', () => {
  it('stops a resolver returning 100,000 rows with one error and no data, by default', async () => {
    const { handler, calls } = setup();
    const result = (await handler(post({ query: '{ rows(size: 100000) { id slow } }' }), { awsRequestId: 'req-big' })) as Result;
    expect(result.statusCode).toBe(400); // a request error, as the static limits
    expect(bodyOf(result)).toEqual({
      errors: [{ message: 'The result exceeds 100000 values. Simplify it, or raise limits.maxResultValues.' }],
    });
    // The work stopped there: not every row's fields were resolved.
    expect(calls.slow).toBeLessThan(50_000);
  });

  it('is a 200 with application/json, as the static limits', async () => {
    const { handler } = setup({ limits: { maxResultValues: 100 } });
    const event = post({ query: '{ rows(size: 100) { id } }' });
    const result = (await handler({ ...event, headers: { ...event.headers, accept: 'application/json' } }, { awsRequestId: 'r' })) as Result;
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result).errors[0].message).toMatch(/exceeds 100 values/);
  });

  it('counts every field and list item, and can be raised', async () => {
    // 1 (rows) + 50 items + 50 ids = 101 values.
    const query = { query: '{ rows(size: 50) { id } }' };
    expect(bodyOf(await setup({ limits: { maxResultValues: 100 } }).handler(post(query), { awsRequestId: 'r' })).data).toBeUndefined();
    expect(bodyOf(await setup({ limits: { maxResultValues: 101 } }).handler(post(query), { awsRequestId: 'r' })).data.rows).toHaveLength(50);
    const unlimited = setup({ limits: { maxResultValues: Infinity } });
    expect(bodyOf(await unlimited.handler(post({ query: '{ rows(size: 200000) { id } }' }), { awsRequestId: 'r' })).data.rows).toHaveLength(200_000);
  });

  it('is shared by the operations of a batch: the one that spends it and those after it get the error', async () => {
    const { handler } = setup({ limits: { maxResultValues: 1000 }, batching: true });
    const operation = { query: '{ rows(size: 200) { id } }' }; // 401 values each
    const result = (await handler(post([operation, operation, operation, operation]), { awsRequestId: 'req-batch' })) as Result;
    const answers = bodyOf(result);
    expect(answers.map((answer: { data?: unknown }) => answer.data !== undefined)).toEqual([true, true, false, false]);
    expect(answers[3].errors[0].message).toMatch(/exceeds 1000 values/);
  });
});

describe("Lambda's deadline binds synchronous work", () => {
  it('answers 504 before the deadline instead of finishing 10,000 slow rows', async () => {
    const { handler, calls } = setup({}, 0.2);
    // 100 ms before the reserve of 500 ms is reached; the rows take 2 s.
    const result = (await handler(post({ query: '{ slowRows { slow } }' }), { awsRequestId: 'req-sync', getRemainingTimeInMillis: () => 600 })) as Result;
    expect(result.statusCode).toBe(504);
    expect(bodyOf(result).errors[0].extensions).toEqual({ code: 'TIMEOUT', requestId: 'req-sync' });
    expect(calls.slow).toBeLessThan(10_000);
  });

  it('stops the rest of a synchronous batch', async () => {
    const { handler, calls } = setup({ batching: true }, 0.2);
    const operation = { query: '{ slowRows { slow } }' };
    const result = (await handler(post([operation, operation, operation]), { awsRequestId: 'req-b', getRemainingTimeInMillis: () => 600 })) as Result;
    expect(result.statusCode).toBe(504);
    expect(calls.slow).toBeLessThan(10_000);
    // The second and third operations never start.
    expect(calls.slowRows).toBe(1);
  });

  it('stops the rest of an asynchronous batch once the 504 is sent', async () => {
    const { handler, calls } = setup({ batching: true });
    const operation = { query: '{ later }' }; // 50 ms each
    const result = (await handler(post(Array(8).fill(operation)), { awsRequestId: 'req-a', getRemainingTimeInMillis: () => 580 })) as Result;
    expect(result.statusCode).toBe(504);
    const atTimeout = calls.later;
    await new Promise((resolve) => setTimeout(resolve, 500));
    // At most the operation already running when the deadline passed finishes; none starts after it.
    expect(calls.later).toBeLessThanOrEqual(atTimeout + 1);
    expect(calls.later).toBeLessThan(8);
  });
});
