/**
 * The Lambda Node.js runtime treats an unhandled rejection as fatal: the sandbox exits and the next
 * invocation on it fails. No query may leave one behind, even where graphql-js 16 does.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSchema, execute as graphqlExecute, parse } from 'graphql';
import { createExecutor } from '../../src/runtime/execute.js';

const schema = buildSchema('type Query { ints: [Int!] nested: [Item!] } type Item { id: Int! }');
const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rejectLater = () => later(5).then(() => Promise.reject(new Error('db timeout')));
const rootValue = {
  // Item 0 rejects after the list has already been nulled by item 1 (null under [Int!]).
  ints: () => [rejectLater(), null],
  nested: () => [{ id: () => rejectLater() }, { id: () => null }],
};

let unhandled: unknown[] = [];
const record = (reason: unknown) => void unhandled.push(reason);
let previous: NodeJS.UnhandledRejectionListener[] = [];
beforeEach(() => {
  unhandled = [];
  previous = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', record);
});
afterEach(() => {
  process.off('unhandledRejection', record);
  for (const listener of previous) process.on('unhandledRejection', listener);
});

describe('no query leaves a rejection unhandled', () => {
  it.each(['{ ints }', '{ nested { id } }'])('%s: the list is null, and the item that rejects later is handled', async (query) => {
    const result = await createExecutor(schema)({ document: parse(query), rootValue, contextValue: {} });
    expect(Object.values(result.data ?? {})).toEqual([null]);
    await later(30);
    expect(unhandled).toEqual([]);
  });

  it('graphql-js 16 itself leaves one here (what this guards against)', async () => {
    await graphqlExecute({ schema, document: parse('{ ints }'), rootValue });
    await later(30);
    expect(unhandled).toHaveLength(1);
  });
});
