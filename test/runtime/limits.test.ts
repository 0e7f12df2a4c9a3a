/** Query limits: depth, aliases and cost follow fragments, run before validation, and speak plainly. */
import { describe, expect, it } from 'vitest';
import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import type { ValidationRule } from 'graphql';
import { checkLimits, parseQuery } from '../../src/runtime/limits.js';
import { DEFAULT_LIMITS } from '../../src/runtime/profile.js';
import { createGraphQLHttpHandler } from '../../src/runtime/http.js';
import { resolveOptions } from '../../src/runtime/profile.js';
import { core, invocation, json, post } from './core-fixture.js';
import { SHOP_SDL } from './shop-fixture.js';

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

  it('checks the cost: one per field, fragments included', () => {
    const query = '{ user { name friend { ...F } } } fragment F on User { name friend { name } }';
    expect(measure(query)).toBeUndefined();
    expect(measure(query, { maxCost: 6 })).toBeUndefined();
    expect(measure(query, { maxCost: 5 })).toMatch(/^Query cost 6 exceeds the limit of 5\./);
  });

});

describe('the cost of lists', () => {
  const schema = buildSchema(`
    type Query { nodes(first: Int, last: Int): [Node!]! node: Node tags: [String!]! }
    type Node { id: ID! children(count: Int = 3): [Node!]! parent: Node }
  `);
  const cost = (query: string, variables?: Record<string, unknown>, limits = {}) =>
    checkLimits(parse(query), { ...DEFAULT_LIMITS, maxCost: 0, ...limits }, schema, variables)?.message.match(/cost (\d+)/)?.[1];

  it('multiplies a list field’s selection by its size argument, literal or variable', () => {
    expect(cost('{ nodes(first: 7) { id } }')).toBe('8');
    expect(cost('{ nodes(last: 7) { id parent { id } } }')).toBe('22');
    expect(cost('query($n: Int) { nodes(first: $n) { id } }', { n: 100 })).toBe('101');
    expect(cost('query($n: Int = 40) { nodes(first: $n) { id } }')).toBe('41');
    expect(cost('query($n: Int = 40) { nodes(first: $n) { id } }', { n: 2 })).toBe('3');
  });

  it('uses the argument’s default in the schema, else limits.defaultListSize; a list of leaves costs 1', () => {
    expect(cost('{ node { children { id } } }')).toBe('5');
    expect(cost('{ nodes { id } }')).toBe('11');
    expect(cost('{ nodes { id } }', undefined, { defaultListSize: 2 })).toBe('3');
    expect(cost('{ tags }')).toBe('1');
  });

  it('follows fragments and inline fragments with their type conditions', () => {
    expect(cost('{ nodes(first: 2) { ...F } } fragment F on Node { children(count: 5) { id } }')).toBe('13');
    expect(cost('{ nodes(first: 2) { ... on Node { children(count: 5) { id } } } }')).toBe('13');
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

describe('the default cost limit', () => {
  it('admits every benchmark query of the shop and hello schemas', async () => {
    type Check = { query: string; variables?: Record<string, unknown> };
    const { CHECKS } = (await import(new URL('../bench/events.mjs', import.meta.url).href)) as { CHECKS: Record<'shop' | 'hello', Check[]> };
    const shop = buildSchema(SHOP_SDL);
    for (const { query, variables } of [...CHECKS.shop, ...CHECKS.hello]) {
      expect(checkLimits(parse(query), DEFAULT_LIMITS, shop, variables)).toBeUndefined();
    }
  });

  it('refuses a 207-byte fan-out through a recursive list before any resolver runs, with 400', async () => {
    const schema = buildSchema('type Query { root: Node } type Node { id: ID! children(count: Int = 3): [Node!]! }');
    let resolved = 0;
    (schema.getType('Node') as any).getFields().children.resolve = (_: unknown, { count }: { count: number }) => {
      resolved++;
      return Array.from({ length: count }, () => ({ id: 'n' }));
    };
    (schema.getQueryType() as any).getFields().root.resolve = () => ({ id: 'root' });
    const handle = createGraphQLHttpHandler({ ...resolveOptions({}), schema });
    let query = 'id';
    for (let i = 0; i < 13; i++) query = `children { ${query} }`;
    query = `{ root { ${query} } }`;
    expect(query.length).toBeLessThanOrEqual(207);
    const request = { method: 'POST', path: '/graphql', rawQuery: '', body: JSON.stringify({ query }) };
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    const { response } = await handle({ ...request, headers }, invocation());
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).errors[0].message).toBe('Query cost 2391485 exceeds the limit of 50000. Simplify it, or raise limits.maxCost.');
    expect(resolved).toBe(0);
    // A list size from this request's variables counts too, although the document is cached.
    const sized = 'query($n: Int) { root { children(count: $n) { id } } }';
    const asked = async (n: number) => (await handle({ ...request, body: JSON.stringify({ query: sized, variables: { n } }), headers }, invocation())).response;
    expect((await asked(2)).status).toBe(200);
    expect(JSON.parse((await asked(1_000_000)).body).errors[0].message).toMatch(/^Query cost 1000002 exceeds the limit of 50000\./);
    // The same query with small lists asked for runs.
    const small = query.replaceAll('children', 'children(count: 1)');
    expect((await handle({ ...request, body: JSON.stringify({ query: small }), headers }, invocation())).response.status).toBe(200);
  });
});
