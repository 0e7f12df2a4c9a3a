/** makeSchema: the resolver map attached to the pre-built schema, and entries that do not fit refused. */
import { readFileSync } from 'node:fs';
import {
  type DocumentNode,
  GraphQLScalarType,
  Kind,
  buildASTSchema,
  getIntrospectionQuery,
  graphql,
  graphqlSync,
  parse,
  printSchema,
  validateSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchemaFromDocument, makeSchema } from '../../src/runtime/schema.js';
import { schemaDocumentJson } from '../../src/generate/schema-output.js';

const SDL = /* GraphQL */ `
  scalar Date
  enum Color { RED GREEN }
  interface Node { id: ID! }
  type Product implements Node { id: ID! name: String! color: Color! added: Date! }
  type Review implements Node { id: ID! stars: Int! }
  union SearchResult = Product | Review
  input Filter { color: Color }
  type Query {
    node(id: ID!): Node
    search: [SearchResult!]!
    products(color: Color, after: Date): [Product!]!
  }
`;

const products = [
  { kind: 'product', id: 'p1', name: 'Lamp', color: '#f00', added: new Date(Date.UTC(2026, 0, 2)) },
  { kind: 'product', id: 'p2', name: 'Desk', color: '#0f0', added: new Date(Date.UTC(2026, 5, 1)) },
];
const reviews = [{ kind: 'review', id: 'r1', stars: 5 }];

const DateScalar = new GraphQLScalarType<Date, string>({
  name: 'Date',
  serialize: (value) => (value as Date).toISOString().slice(0, 10),
  parseValue: (value) => new Date(`${String(value)}T00:00:00Z`),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? new Date(`${ast.value}T00:00:00Z`) : new Date(Number.NaN)),
});

const resolvers = {
  Date: DateScalar,
  Color: { RED: '#f00', GREEN: '#0f0' },
  Node: { __resolveType: (value: { kind: string }) => (value.kind === 'product' ? 'Product' : 'Review') },
  SearchResult: { __resolveType: (value: { kind: string }) => (value.kind === 'product' ? 'Product' : 'Review') },
  Product: { name: { resolve: (product: { name: string }) => product.name.toUpperCase() } },
  Query: {
    node: (_: unknown, { id }: { id: string }) => [...products, ...reviews].find((item) => item.id === id),
    search: () => [...products, ...reviews],
    products: (_: unknown, args: { color?: string; after?: Date }) =>
      products.filter((p) => (!args.color || p.color === args.color) && (!args.after || p.added > args.after)),
  },
};

describe('makeSchema', () => {
  const schema = makeSchema(SDL, resolvers);
  const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues });

  it('attaches field resolvers, given as functions or { resolve }', async () => {
    expect(await run('{ products { id name } }')).toEqual({ data: { products: [{ id: 'p1', name: 'LAMP' }, { id: 'p2', name: 'DESK' }] } });
  });

  it('resolves interfaces and unions with __resolveType', async () => {
    expect(await run('{ node(id: "r1") { id ... on Review { stars } } search { __typename } }')).toEqual({
      data: { node: { id: 'r1', stars: 5 }, search: [{ __typename: 'Product' }, { __typename: 'Product' }, { __typename: 'Review' }] },
    });
  });

  it('maps enum values to their internal values both ways', async () => {
    expect(await run('{ products(color: GREEN) { id color } }')).toEqual({ data: { products: [{ id: 'p2', color: 'GREEN' }] } });
    expect(await run('query ($c: Color) { products(color: $c) { id } }', { c: 'RED' })).toEqual({ data: { products: [{ id: 'p1' }] } });
  });

  it('uses custom scalars for output, literals and variables', async () => {
    expect(await run('{ products(after: "2026-03-01") { added } }')).toEqual({ data: { products: [{ added: '2026-06-01' }] } });
    expect(await run('query ($d: Date) { products(after: $d) { id } }', { d: '2025-12-31' })).toEqual({
      data: { products: [{ id: 'p1' }, { id: 'p2' }] },
    });
  });

  it('uses __isTypeOf on object types', async () => {
    const isTypeOf = makeSchema(SDL, {
      Product: { __isTypeOf: (value: { kind: string }) => value.kind === 'product' },
      Review: { __isTypeOf: (value: { kind: string }) => value.kind === 'review' },
      Query: { search: () => [reviews[0], products[0]] },
    });
    expect(await graphql({ schema: isTypeOf, source: '{ search { __typename } }' })).toEqual({
      data: { search: [{ __typename: 'Review' }, { __typename: 'Product' }] },
    });
  });

  it('accepts a pre-parsed document, as the generated handler passes it', async () => {
    const fromDocument = makeSchema(parse(SDL, { noLocation: true }), resolvers);
    expect(await graphql({ schema: fromDocument, source: '{ node(id: "p1") { id } }' })).toEqual({ data: { node: { id: 'p1' } } });
  });

  it.each([
    ['a type the schema lacks', { Order: { id: () => 1 } }, 'Resolver map entry "Order" does not match the schema: no such type'],
    ['a field the type lacks', { Query: { orders: () => [] } }, 'Resolver map entry "Query.orders" does not match the schema: no such field'],
    ['an enum value the enum lacks', { Color: { BLUE: '#00f' } }, 'Resolver map entry "Color.BLUE" does not match the schema: no such enum value'],
    ['a union member resolver', { SearchResult: { Product: () => null } }, 'Resolver map entry "SearchResult.Product" does not match the schema: a union takes only __resolveType'],
    ['an input type', { Filter: { color: () => null } }, 'Resolver map entry "Filter" does not match the schema: an input type has no resolvers'],
    ['a field that is neither a function nor { resolve }', { Query: { search: 42 } }, 'expected a function or { resolve }'],
  ])('refuses %s with a clear error', (_name, map, message) => {
    expect(() => makeSchema(SDL, map)).toThrow(message);
  });
});

/** Everything SDL can say, spread over definitions and extensions. */
const KITCHEN_SINK = /* GraphQL */ `
  """The schema's own description."""
  schema @tagged(name: "root") { query: Root mutation: Changes }
  extend schema { subscription: Events }

  """A directive of our own."""
  directive @tagged(name: String! = "x", weight: Float @deprecated(reason: "unused")) repeatable on OBJECT | FIELD_DEFINITION | SCHEMA
  directive @old on ENUM_VALUE

  "An instant" scalar Instant @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc3339")
  scalar Json

  interface Node { id: ID! }
  interface Named implements Node { id: ID! name(upper: Boolean = false): String! }
  type Person implements Named & Node @tagged(name: "p") @tagged(name: "q") {
    id: ID!
    name(upper: Boolean = false): String!
    "How old" age: Int @deprecated
    friends(first: Int = 10, order: Order = ASC, filter: Filter = { tags: ["a"], exact: true }): [Person!]!
  }
  extend type Person { nickname: String @deprecated(reason: "Use name.") }
  type Robot implements Node { id: ID! model: String }
  union Actor = Person
  extend union Actor = Robot
  enum Order { ASC DESC @deprecated(reason: "Sort yourself.") }
  extend enum Order { RANDOM @old }
  input Filter { tags: [String!] = [] exact: Boolean = false legacy: String @deprecated }
  input Pick @oneOf { id: ID name: String }
  extend input Filter { since: Instant }

  type Root {
    node(id: ID!): Node
    actors(pick: Pick, filter: Filter): [Actor!]!
    json: Json
    now: Instant!
  }
  type Changes { rename(id: ID!, name: String!): Person }
  type Events { ticks: Int }
  type Query { unused: Int }
`;

describe('buildSchemaFromDocument', () => {
  const shopSdl = readFileSync(new URL('../../fixtures/bench/shared/shop.graphql', import.meta.url), 'utf8');
  const cases: [string, string][] = [
    ['the kitchen sink', KITCHEN_SINK],
    ['the benchmark shop schema', shopSdl],
    ['a schema with conventional root names', 'type Query { a: Int } type Mutation { b: Int } type Subscription { c: Int }'],
    ['SDL mixed with an operation and a fragment, which are ignored', 'type Query { a: Int } query { a } fragment F on Query { a }'],
  ];

  it.each(cases)('builds %s exactly as graphql-js buildASTSchema does', (_name, sdl) => {
    const document = parse(sdl, { noLocation: true });
    const ours = buildSchemaFromDocument(document);
    const reference = buildASTSchema(document);
    expect(validateSchema(ours)).toEqual([]);
    expect(printSchema(ours)).toBe(printSchema(reference));
    const introspection = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true });
    expect(graphqlSync({ schema: ours, source: introspection })).toEqual(graphqlSync({ schema: reference, source: introspection }));
    // The lean JSON form `gqlambda generate` writes into schema.generated.ts builds the same schema.
    const fromGenerated = buildSchemaFromDocument(JSON.parse(schemaDocumentJson(document)) as DocumentNode);
    expect(printSchema(fromGenerated)).toBe(printSchema(reference));
    expect(graphqlSync({ schema: fromGenerated, source: introspection })).toEqual(graphqlSync({ schema: reference, source: introspection }));
  });

  it('keeps default values, deprecations and oneOf usable at execution', async () => {
    const schema = makeSchema(KITCHEN_SINK, {
      Root: { actors: (_: unknown, args: unknown) => [{ __typename: 'Robot', id: JSON.stringify(args) }] },
      Actor: { __resolveType: (value: { __typename: string }) => value.__typename },
    });
    const result = await graphql({ schema, source: '{ actors(filter: { since: "2026" }) { ... on Robot { id } } }' });
    expect(result).toEqual({ data: { actors: [{ id: '{"filter":{"tags":[],"exact":false,"since":"2026"}}' }] } });
    const oneOf = await graphql({ schema, source: '{ actors(pick: { id: "1", name: "x" }) { __typename } }' });
    expect(oneOf.errors?.[0]?.message).toMatch(/exactly one key/);
  });
});
