/** Query limits: depth, aliases and cost follow fragments, run before validation, and speak plainly. */
import { describe, expect, it } from 'vitest';
import { getIntrospectionQuery, parse } from 'graphql';
import type { ValidationRule } from 'graphql';
import { checkLimits, parseQuery } from '../../src/runtime/limits.js';
import { DEFAULT_LIMITS } from '../../src/runtime/profile.js';
import { core, json, post } from './core-fixture.js';

const measure = (query: string, limits = {}) => checkLimits(parse(query), { ...DEFAULT_LIMITS, ...limits })?.message;

describe('checkLimits', () => {
  it('admits GraphiQL’s introspection query with the default depth', () => {
    expect(measure(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }))).toBeUndefined();
  });

  it('counts depth with a leaf field as 1, and names the depth and the limit', () => {
    expect(measure('{ user { friend { name } } }', { maxDepth: 3 })).toBeUndefined();
    expect(measure('{ user { friend { friend { name } } } }', { maxDepth: 3 })).toBe(
      'Query depth 4 exceeds the limit of 3. Simplify it, or raise limits.maxDepth.',
    );
  });

  it('follows fragment spreads and inline fragments for depth', () => {
    const query = '{ user { ...F } } fragment F on User { friend { ... on User { friend { name } } } }';
    expect(measure(query, { maxDepth: 3 })).toMatch(/^Query depth 4 exceeds the limit of 3\./);
  });

  it('counts the aliases of a fragment each time it is spread', () => {
    const query = '{ user { ...F ...F friend { ...F } } } fragment F on User { a: name b: name }';
    expect(measure(query, { maxAliases: 6 })).toBeUndefined();
    expect(measure(query, { maxAliases: 5 })).toMatch(/^The query uses 6 aliases, over the limit of 5\./);
  });

  it('survives fragment cycles (validation reports them later)', () => {
    const query = '{ user { ...A } } fragment A on User { friend { ...B } } fragment B on User { friend { ...A } }';
    expect(measure(query)).toBeUndefined();
  });

  it('stays linear when fragments spread each other many times', () => {
    // Each fragment spreads the next one twice: 2^40 fields if expanded, but each fragment is measured once.
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on User { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const query = `{ user { ...F0 } } ${fragments} fragment F40 on User { a: name }`;
    expect(measure(query, { maxAliases: 30 })).toMatch(/^The query uses 1099511627776 aliases/);
  });

  it('checks the optional cost only when set: one per field, fragments included', () => {
    const query = '{ user { name friend { ...F } } } fragment F on User { name friend { name } }';
    expect(measure(query)).toBeUndefined();
    expect(measure(query, { maxCost: 6 })).toBeUndefined();
    expect(measure(query, { maxCost: 5 })).toMatch(/^Query cost 6 exceeds the limit of 5\./);
  });
});

describe('parseQuery', () => {
  it('words the token limit in terms of the option to raise', () => {
    const error = parseQuery('{ a b c d e f }', 5);
    expect(error).toMatchObject({ message: 'The query has more than 5 tokens. Simplify it, or raise limits.maxTokens.' });
  });

  it('returns syntax errors as graphql-js words them', () => {
    expect(parseQuery('{ hello', 100)).toMatchObject({ message: expect.stringMatching(/^Syntax Error: Expected Name, found <EOF>/) });
  });
});

describe('limits in the handler', () => {
  it('refuses 10,000 aliases before graphql-js validation runs', async () => {
    let validated = 0;
    const spy: ValidationRule = () => {
      validated++;
      return {};
    };
    const handle = core({ limits: { maxTokens: 100_000, maxBodyBytes: 1_000_000 }, validationRules: [spy] });
    const query = `{ ${Array.from({ length: 10_000 }, (_, i) => `a${i}: hello`).join(' ')} }`;
    const result = await handle(post({ query }));
    expect(json(result).errors[0].message).toMatch(/^The query uses 10000 aliases, over the limit of 30\./);
    expect(validated).toBe(0);
    await handle(post({ query: '{ hello }' }));
    expect(validated).toBe(1);
  });

  it('applies partial limits over the defaults', async () => {
    const handle = core({ limits: { maxDepth: 2 } });
    expect(json(await handle(post({ query: '{ user { name } }' }))).data).toEqual({ user: { name: 'Ada' } });
    expect(json(await handle(post({ query: '{ user { friend { name } } }' }))).errors[0].message).toMatch(/depth 3 exceeds the limit of 2/);
  });

  it('refuses a body over maxBodyBytes, counting UTF-8 bytes, with 413', async () => {
    const handle = core({ limits: { maxBodyBytes: 100 } });
    const query = `{ hello(name: "${'é'.repeat(40)}") }`; // 40 characters, 80 bytes
    expect((await handle(post({ query }))).response.status).toBe(413);
    expect((await handle(post({ query: `{ hello(name: "${'e'.repeat(40)}") }` }))).response.status).toBe(200);
  });

  it('with introspection off refuses __schema and __type but answers __typename', async () => {
    const handle = core({ introspection: false });
    const refused = json(await handle(post({ query: '{ __type(name: "Query") { name } }' })));
    expect(refused.errors[0].message).toBe('Introspection is disabled: "__type" cannot be queried.');
    expect(json(await handle(post({ query: '{ __schema { queryType { name } } }' }))).errors).toHaveLength(1);
    expect(json(await handle(post({ query: '{ __typename user { __typename } }' })))).toEqual({
      data: { __typename: 'Query', user: { __typename: 'User' } },
    });
  });

  it('with introspection on answers GraphiQL’s introspection query', async () => {
    const handle = core({ introspection: true });
    const result = json(await handle(post({ query: getIntrospectionQuery() })));
    expect(result.errors).toBeUndefined();
    expect(result.data.__schema.queryType.name).toBe('Query');
  });
});
