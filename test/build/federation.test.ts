/**
 * Federation 2 subgraphs from Apollo's compatibility suite (fixtures/schemas/federation), scaffolded
 * with `init --schema`, built by the real CLI and invoked from the zip: the generated stubs type-check
 * as they are, `_service` and `_entities` answer, and an entity-only subgraph (no Query) works.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildSummary } from '../../src/build/index.js';
import { initProject } from '../../src/init.js';
import { invoke } from '../../src/invoke/index.js';
import { json, projectConfig, removeTempDirs, repoRoot, runCli, scaffold, tempDir } from './support.js';

const fixtures = join(repoRoot, 'fixtures/schemas/federation');

/** A project scaffolded around one of the fixture subgraphs, and its first build. */
async function subgraphProject(name: string): Promise<{ root: string; summary: BuildSummary & { ok: boolean } }> {
  const root = join(await tempDir('gqlambda-federation-'), name);
  cpSync(join(fixtures, name), join(root, 'schema'), { recursive: true });
  await initProject({ dir: root, schema: ['schema/*.graphql'] });
  const result = await runCli(['build', '--json'], root);
  expect(result.status, result.stdout + result.stderr).toBe(0);
  return { root, summary: json(result) };
}

async function ask(root: string, query: string, variables?: Record<string, unknown>) {
  const outcome = await invoke({ config: await projectConfig(root), event: { query, variables } });
  return { answer: outcome.result as { data?: Record<string, unknown>; errors?: Array<{ message: string; path?: unknown[] }> }, resolverErrors: outcome.resolverErrors };
}

let products: Awaited<ReturnType<typeof subgraphProject>>;
let users: Awaited<ReturnType<typeof subgraphProject>>;
/** A scaffold whose schema is no subgraph. */
let plain: string;

beforeAll(async () => {
  plain = await scaffold();
  const built = runCli(['build', '--json', '--no-smoke'], plain);
  [products, users] = await Promise.all([subgraphProject('products'), subgraphProject('users')]);
  expect((await built).status).toBe(0);
}, 240_000);
afterAll(removeTempDirs);

describe('the products subgraph of Apollo’s compatibility suite', () => {
  it('generates, type-checks and builds out of the box, with a __resolveReference stub for each resolvable entity', () => {
    expect(products.summary.ok).toBe(true);
    expect(products.summary.steps.map((step) => step.step)).toEqual(['generate', 'typecheck', 'bundle', 'smoke', 'zip']);
    expect(products.summary.steps.find((step) => step.step === 'typecheck')?.skipped).toBeUndefined();
    expect(products.summary.stubs.map((stub) => stub.field).sort()).toEqual([
      'DeprecatedProduct.__resolveReference',
      'Inventory.__resolveReference',
      'Product.__resolveReference',
      'ProductResearch.__resolveReference',
      'Query.deprecatedProduct',
      'Query.product',
      'User.__resolveReference',
    ]);
    // Nothing for what the runtime answers, nor for the @external fields another subgraph resolves.
    const user = readFileSync(join(products.root, 'src/resolvers/User.ts'), 'utf8');
    expect(user).toContain('export const User: UserResolvers = {\n  __resolveReference: (_reference, _context) => {');
    expect(user).not.toMatch(/totalProductsCreated|email/);
    expect(readFileSync(join(products.root, 'src/resolvers/Query.ts'), 'utf8')).not.toMatch(/_service|_entities/);
  });

  it('bundles gqlambda/runtime/federation, which only a subgraph’s handler imports', () => {
    const inputs = (name: string) => Object.keys((JSON.parse(readFileSync(join(name, 'dist/lambda.meta.json'), 'utf8')) as { inputs: object }).inputs);
    expect(inputs(products.root)).toContain('gqlambda-cli:node_modules/gqlambda/dist/runtime/federation.js');
    expect(inputs(plain)).toContain('gqlambda-cli:node_modules/gqlambda/dist/runtime/index.js');
    expect(inputs(plain).filter((input) => input.includes('federation'))).toEqual([]);
  });

  it('answers _service { sdl } with the subgraph’s SDL as written', async () => {
    const { answer } = await ask(products.root, '{ _service { sdl } }');
    const written = readFileSync(join(fixtures, 'products/products.graphql'), 'utf8');
    expect(answer).toEqual({ data: { _service: { sdl: print(parse(written)) } } });
  });

  it('answers Not implemented for each stub, unmasked in the log, each entity at its own index', async () => {
    const { answer, resolverErrors } = await ask(
      products.root,
      '{ product(id: "1") { id } _entities(representations: [{ __typename: "User", email: "a@b.c" }, { __typename: "Nope" }]) { __typename } }',
    );
    expect(answer.data).toEqual({ product: null, _entities: [null, null] });
    expect(resolverErrors.map((error) => [error.path, error.message])).toEqual([
      ['product', 'Error: Not implemented: Query.product'],
      ['_entities.0', 'Error: Not implemented: User.__resolveReference'],
    ]);
    // A representation of no type of this subgraph is the caller's mistake: shown as it is, in production too.
    expect(answer.errors?.map((error) => [error.path, error.message])).toEqual([
      [['product'], 'Unexpected error.'],
      [['_entities', 0], 'Unexpected error.'],
      [['_entities', 1], 'The _entities resolver got a representation of "Nope", which is no object or interface type of this subgraph.'],
    ]);
  });

  it('resolves _entities of two types through the __resolveReference the user wrote', async () => {
    const edit = (file: string, from: string, to: string) => {
      const path = join(products.root, 'src/resolvers', file);
      const text = readFileSync(path, 'utf8');
      expect(text).toContain(from);
      writeFileSync(path, text.replace(from, to));
    };
    const stubBody = (type: string) => `throw new Error('Not implemented: ${type}.__resolveReference');`;
    edit('Product.ts', '(_reference, _context) => {', '(reference, _context) => {');
    // The reference is typed: one of the three @key field sets, with __typename.
    edit('Product.ts', stubBody('Product'), "return 'id' in reference ? { ...reference, sku: `sku-${reference.id}`, research: [] } : null;");
    edit('User.ts', '(_reference, _context) => {', 'async (reference, _context) => {');
    edit('User.ts', stubBody('User'), 'return { ...reference, name: `Name of ${reference.email}`, yearsOfEmployment: 7 };');
    const rebuilt = await runCli(['build', '--json'], products.root);
    expect(rebuilt.status, rebuilt.stdout + rebuilt.stderr).toBe(0);

    const { answer } = await ask(
      products.root,
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { __typename ... on Product { id sku } ... on User { email name } } }',
      { representations: [{ __typename: 'Product', id: 'apollo-federation' }, { __typename: 'User', email: 'support@apollographql.com' }] },
    );
    expect(answer).toEqual({
      data: {
        _entities: [
          { __typename: 'Product', id: 'apollo-federation', sku: 'sku-apollo-federation' },
          { __typename: 'User', email: 'support@apollographql.com', name: 'Name of support@apollographql.com' },
        ],
      },
    });
  }, 120_000);
});

describe('an entity-only subgraph (users: no Query type)', () => {
  it('builds, and its Query answers _service and _entities (a __resolveReference may answer the reference itself)', async () => {
    expect(users.summary.stubs.map((stub) => stub.field)).toEqual(['User.__resolveReference']);
    const written = readFileSync(join(fixtures, 'users/users.graphql'), 'utf8');
    const path = join(users.root, 'src/resolvers/User.ts');
    const stub = "(_reference, _context) => {\n    // The router sends `__typename` and one @key's fields: return the entity they name, or null when there is none.\n    throw new Error('Not implemented: User.__resolveReference');\n  }";
    expect(readFileSync(path, 'utf8')).toContain(stub);
    writeFileSync(path, readFileSync(path, 'utf8').replace(stub, '(reference) => reference'));
    const rebuilt = await runCli(['build', '--json'], users.root);
    expect(rebuilt.status, rebuilt.stdout + rebuilt.stderr).toBe(0);
    const { answer } = await ask(users.root, '{ _service { sdl } _entities(representations: [{ __typename: "User", email: "ada@example.com" }]) { ... on User { email name } } }');
    expect(answer).toEqual({ data: { _service: { sdl: print(parse(written)) }, _entities: [{ email: 'ada@example.com', name: null }] } });
  }, 120_000);
});
