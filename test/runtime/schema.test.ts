/** makeSchema: the resolver map attached to the pre-built schema, and entries that do not fit refused. */
import { GraphQLScalarType, Kind, graphql, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { makeSchema } from '../../src/runtime/schema.js';

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
    ['a type the schema lacks', { Order: { id: () => 1 } }, 'Resolver map entry "Order" does not match the schema: the schema has no type "Order"'],
    ['a field the type lacks', { Query: { orders: () => [] } }, 'Resolver map entry "Query.orders" does not match the schema: type Query has no field "orders"'],
    ['an enum value the enum lacks', { Color: { BLUE: '#00f' } }, 'Resolver map entry "Color.BLUE" does not match the schema: enum Color has no value "BLUE"'],
    ['a union member resolver', { SearchResult: { Product: () => null } }, 'union SearchResult takes only __resolveType'],
    ['an input type', { Filter: { color: () => null } }, 'Filter is an input type, which has no resolvers'],
    ['a field that is neither a function nor { resolve }', { Query: { search: 42 } }, 'expected a function or { resolve }'],
  ])('refuses %s with a clear error', (_name, map, message) => {
    expect(() => makeSchema(SDL, map)).toThrow(message);
  });
});
