/**
 * Federation 2 subgraphs at run time: the schema gqlambda builds from Apollo's compatibility-suite
 * subgraphs, served through `gqlambda/runtime/federation`, answers `_service` and `_entities` as
 * `@apollo/subgraph` (the reference implementation, a dev dependency only) does for the same resolvers.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { graphql, parse, print, type GraphQLSchema } from 'graphql';
import { makeSchema } from '../../src/runtime/schema.js';
import { subgraphResolvers } from '../../src/runtime/federation.js';
import { buildSchemaFromFiles } from '../../src/schema.js';
import { fixtures } from '../support/projects.js';

// One graphql instance for our code and @apollo/subgraph (a CommonJS package): the oracle's schema and ours
// are then executed by the same graphql-js.
vi.mock('graphql', async () => (await import('node:module')).createRequire(import.meta.url)('graphql'));
const { buildSubgraphSchema } = createRequire(import.meta.url)('@apollo/subgraph') as {
  buildSubgraphSchema: (modules: Array<{ typeDefs: unknown; resolvers?: unknown }>) => GraphQLSchema;
};

function subgraphFixture(name: string) {
  const file = `${name}/${name}.graphql`;
  const text = readFileSync(join(fixtures, 'schemas/federation', file), 'utf8');
  const loaded = buildSchemaFromFiles([{ path: join(fixtures, 'schemas/federation', file), name: file, text }]);
  return { text, ...loaded, federation: loaded.federation! };
}

/** Our schema and the oracle's, with the same resolvers. */
function bothSchemas(name: string, resolvers: Record<string, Record<string, unknown>>) {
  const { text, document, federation } = subgraphFixture(name);
  const ours = makeSchema(document, subgraphResolvers(resolvers, { sdl: federation.sdl, entities: federation.entities.length > 0 }));
  const oracle = buildSubgraphSchema([{ typeDefs: parse(text), resolvers }]);
  return { ours, oracle, federation };
}

async function run(schema: GraphQLSchema, source: string, variables?: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(await graphql({ schema, source, variableValues: variables, contextValue: { tenant: 't1' } })));
}

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on User { email name averageProductsCreatedPerYear }
      ... on Product { id sku }
      ... on DeprecatedProduct { skuOfDeprecated: sku package reason }
    }
  }
`;

describe('a Federation 2 subgraph (Apollo compatibility suite: products)', () => {
  it('answers _service { sdl } with the SDL as written, which the reference implementation also serves', async () => {
    const { ours, oracle, federation } = bothSchemas('products', {});
    const answer = await run(ours, '{ _service { sdl } }');
    const sdl: string = answer.data._service.sdl;
    expect(sdl).toBe(print(parse(subgraphFixture('products').text)));
    // @apollo/subgraph prints the same definitions, and adds the federation spec's definitions to them.
    const reference: string = (await run(oracle, '{ _service { sdl } }')).data._service.sdl;
    const referenceDefinitions = new Set(parse(reference).definitions.map((node) => print(node)));
    for (const node of parse(sdl).definitions) expect(referenceDefinitions).toContain(print(node));
    expect(federation.entities).toEqual(['Product', 'DeprecatedProduct', 'ProductResearch', 'User', 'Inventory']);
  });

  it('resolves _entities of two types through each __resolveReference, in order, as @apollo/subgraph does', async () => {
    const seen: unknown[] = [];
    const resolvers = {
      User: {
        __resolveReference: (reference: { email: string; totalProductsCreated?: number; yearsOfEmployment?: number }, context: unknown) => {
          seen.push([reference, context]);
          return { ...reference, name: `Name of ${reference.email}` };
        },
        averageProductsCreatedPerYear: (user: { totalProductsCreated: number; yearsOfEmployment: number }) =>
          Math.round(user.totalProductsCreated / user.yearsOfEmployment),
      },
      // Asynchronous, as a database lookup would be.
      Product: { __resolveReference: async (reference: { id: string }) => ({ id: reference.id, sku: `sku-${reference.id}` }) },
    };
    const { ours, oracle } = bothSchemas('products', resolvers);
    const representations = [
      { __typename: 'Product', id: 'apollo-federation' },
      { __typename: 'User', email: 'support@apollographql.com', totalProductsCreated: 1337, yearsOfEmployment: 10 },
      { __typename: 'Product', id: 'apollo-studio' },
    ];
    const answer = await run(ours, ENTITIES, { representations });
    expect(answer).toEqual({
      data: {
        _entities: [
          { __typename: 'Product', id: 'apollo-federation', sku: 'sku-apollo-federation' },
          { __typename: 'User', email: 'support@apollographql.com', name: 'Name of support@apollographql.com', averageProductsCreatedPerYear: 134 },
          { __typename: 'Product', id: 'apollo-studio', sku: 'sku-apollo-studio' },
        ],
      },
    });
    // The reference as the router sent it, and the request's context.
    expect(seen[0]).toEqual([representations[1], { tenant: 't1' }]);
    expect(answer).toEqual(await run(oracle, ENTITIES, { representations }));
  });

  it('answers the reference itself for a type without __resolveReference, and null where the resolver finds nothing', async () => {
    const resolvers = { User: { __resolveReference: () => null } };
    const { ours, oracle } = bothSchemas('products', resolvers);
    const representations = [
      { __typename: 'DeprecatedProduct', sku: 'apollo-federation-v1', package: '@apollo/federation-v1' },
      { __typename: 'User', email: 'nobody@example.com' },
    ];
    const answer = await run(ours, ENTITIES, { representations });
    expect(answer.errors).toBeUndefined();
    expect(answer.data._entities).toEqual([
      { __typename: 'DeprecatedProduct', skuOfDeprecated: 'apollo-federation-v1', package: '@apollo/federation-v1', reason: null },
      null,
    ]);
    expect(answer).toEqual(await run(oracle, ENTITIES, { representations }));
  });

  it('fails one representation at its own index, the others still answering', async () => {
    const resolvers = {
      Product: {
        __resolveReference: (reference: { id: string }) => {
          if (reference.id === 'bad') throw new Error('Not implemented: Product.__resolveReference');
          return { id: reference.id };
        },
      },
    };
    const { ours } = bothSchemas('products', resolvers);
    const answer = await run(ours, ENTITIES, {
      representations: [
        { __typename: 'Product', id: 'good' },
        { __typename: 'Product', id: 'bad' },
        { __typename: 'Nope', id: 'x' },
      ],
    });
    expect(answer.data._entities).toEqual([{ __typename: 'Product', id: 'good', sku: null }, null, null]);
    expect(answer.errors.map((error: { message: string; path: unknown[] }) => [error.path, error.message])).toEqual([
      [['_entities', 1], 'Not implemented: Product.__resolveReference'],
      [['_entities', 2], 'The _entities resolver got a representation of "Nope", which is no object or interface type of this subgraph.'],
    ]);
  });

  it('leaves objects the resolvers return untouched (frozen ones and class instances too)', async () => {
    class ProductModel {
      constructor(readonly id: string) {}
      get sku(): string {
        return `model-${this.id}`;
      }
    }
    const frozen = Object.freeze({ email: 'frozen@example.com', name: 'Frozen' });
    const resolvers = { Product: { __resolveReference: (reference: { id: string }) => new ProductModel(reference.id) }, User: { __resolveReference: () => frozen } };
    const { ours } = bothSchemas('products', resolvers);
    const answer = await run(ours, ENTITIES, { representations: [{ __typename: 'Product', id: '1' }, { __typename: 'User', email: 'frozen@example.com' }] });
    expect(answer).toEqual({
      data: { _entities: [{ __typename: 'Product', id: '1', sku: 'model-1' }, { __typename: 'User', email: 'frozen@example.com', name: 'Frozen', averageProductsCreatedPerYear: null }] },
    });
    expect(Object.keys(frozen)).toEqual(['email', 'name']);
  });
});

describe('an entity interface (inventory) and an entity-only subgraph (users)', () => {
  it('resolves an entity interface through its __resolveType and the implementation’s __resolveReference', async () => {
    const resolvers = {
      Inventory: { __resolveType: () => 'OpenSourceInventory' },
      OpenSourceInventory: { __resolveReference: (reference: { id: string }) => ({ id: reference.id, products: [{ id: 'apollo-federation' }] }) },
    };
    const { ours, oracle } = bothSchemas('inventory', resolvers);
    const query = '{ _entities(representations: [{ __typename: "Inventory", id: "apollo-oss" }]) { __typename ... on OpenSourceInventory { id products { id } } } }';
    const answer = await run(ours, query);
    expect(answer).toEqual({ data: { _entities: [{ __typename: 'OpenSourceInventory', id: 'apollo-oss', products: [{ id: 'apollo-federation' }] }] } });
    expect(answer).toEqual(await run(oracle, query));
  });

  it('gives a subgraph without a Query type one, with _service and _entities', async () => {
    const { ours, oracle } = bothSchemas('users', { User: { __resolveReference: (reference: { email: string }) => ({ ...reference, name: 'Ada' }) } });
    expect(Object.keys(ours.getQueryType()!.getFields())).toEqual(['_service', '_entities']);
    const query = '{ _service { sdl } _entities(representations: [{ __typename: "User", email: "ada@example.com" }]) { ... on User { email name } } }';
    const answer = await run(ours, query);
    expect(answer.data._entities).toEqual([{ email: 'ada@example.com', name: 'Ada' }]);
    expect(answer.data._service.sdl).toBe(print(parse(subgraphFixture('users').text)));
    expect(answer.data._entities).toEqual((await run(oracle, query)).data._entities);
  });

  it('takes the SDL @apollo/subgraph serves (federation definitions, _Entity and _entities included) as a schema of its own', async () => {
    const { oracle } = bothSchemas('products', {});
    const served: string = (await run(oracle, '{ _service { sdl } }')).data._service.sdl;
    const loaded = buildSchemaFromFiles([{ path: '/served.graphql', name: 'served.graphql', text: served }]);
    expect(Object.keys(loaded.schema.getQueryType()!.getFields())).toEqual(['product', 'deprecatedProduct', '_entities', '_service']);
    const ours = makeSchema(loaded.document, subgraphResolvers({ User: { __resolveReference: () => ({ email: 'x@y.z', name: 'X' }) } }, { sdl: loaded.federation!.sdl, entities: true }));
    const answer = await run(ours, '{ _entities(representations: [{ __typename: "User", email: "x@y.z" }]) { ... on User { name } } }');
    expect(answer).toEqual({ data: { _entities: [{ name: 'X' }] } });
  });
});
