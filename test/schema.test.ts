import { isInterfaceType, isObjectType, isUnionType, parse, print } from 'graphql';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GqlambdaError } from '../src/errors.js';
import { loadSchema } from '../src/schema.js';
import { fixtures, removeTempDirs, tempDir } from './support/projects.js';

afterAll(removeTempDirs);

const schemas = join(fixtures, 'schemas');
const load = (dir: string, schema = ['**/*.graphql']) => loadSchema({ root: join(schemas, dir), schema });

async function schemaError(dir: string, schema?: string[]): Promise<GqlambdaError> {
  const error: unknown = await load(dir, schema).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GqlambdaError);
  expect((error as GqlambdaError).code).toBe('SCHEMA');
  return error as GqlambdaError;
}

describe('loadSchema', () => {
  it('merges the multi-file shop schema: extensions, interfaces, unions, directives, descriptions', async () => {
    const { schema, files, sdl, document } = await load('shop');
    expect(files.map((file) => file.name)).toEqual([
      '00-scalars.graphql',
      '01-common.graphql',
      'catalog.graphql',
      'customers.graphql',
      'orders.graphql',
      'search.graphql',
    ]);
    const own = Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith('__'));
    expect(own.length).toBeGreaterThanOrEqual(20 + 5); // 20+ of ours plus the built-in scalars
    // `extend type Query` in four files adds up to one Query type.
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {})).toEqual([
      'node', 'products', 'product', 'categories', 'me', 'search',
    ]);
    const product = schema.getType('Product');
    expect(isObjectType(product) && Object.keys(product.getFields())).toContain('reviews');
    expect(isObjectType(product) && product.getInterfaces().map((i) => i.name)).toEqual(['Node', 'Timestamped']);
    expect(isUnionType(schema.getType('SearchResult'))).toBe(true);
    expect(isInterfaceType(schema.getType('UserError'))).toBe(true);
    expect(schema.getDirective('auth')?.args.map((a) => a.name)).toEqual(['requires']);
    expect(schema.getType('Money')?.description).toMatch(/smallest unit/);
    // The printed SDL folds extensions in and parses back to a schema with the same types.
    expect(sdl).not.toContain('extend type');
    expect(sdl).toContain('reviews(first: Int = 5, after: String): ReviewConnection!');
    expect(() => parse(sdl)).not.toThrow();
    // The document keeps every definition as written, directives included, for the runtime.
    expect(print(document)).toContain('stock: Int! @auth(requires: STAFF)');
  });

  it('reads files in sorted order whatever order the globs list them in', async () => {
    const a = await load('shop', ['search.graphql', 'orders.graphql', '*.graphql']);
    const b = await load('shop', ['*.graphql']);
    expect(a.files.map((f) => f.name)).toEqual(b.files.map((f) => f.name));
    expect(a.sdl).toBe(b.sdl);
  });

  it('gives a syntax error its file, line, column and a code frame', async () => {
    const error = await schemaError('broken/syntax');
    expect(error.message).toBe('Syntax Error: Expected "]", found "}".');
    expect(error.location).toBe(join(schemas, 'broken/syntax/schema.graphql').replace(`${process.cwd()}/`, '') + ':4:1');
    expect(error.detail).toContain('> 4 | }');
    expect(error.detail).toContain('  3 |   books: [Book!');
  });

  it('names both files when a type is defined twice', async () => {
    const error = await schemaError('broken/duplicate');
    expect(error.message).toMatch(/^There can be only one type named "Book"\. It is also defined at .*broken\/duplicate\/a\.graphql:5:6\.$/);
    expect(error.file).toMatch(/broken\/duplicate\/b\.graphql$/);
    expect([error.line, error.column]).toEqual([2, 6]);
    expect(error.hint).toContain('extend type');
  });

  it('names both places when two files add the same field to a type', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.graphql'), 'type Query {\n  a: Int\n}\n\nextend type Query {\n  b: Int\n}\n');
    writeFileSync(join(dir, 'b.graphql'), 'extend type Query {\n  b: String\n}\n');
    const error: unknown = await loadSchema({ root: dir, schema: ['*.graphql'] }).catch((e: unknown) => e);
    expect((error as GqlambdaError).message).toMatch(/^Field "Query\.b" can only be defined once\. It is also defined at .*a\.graphql:6:3\.$/);
    expect((error as GqlambdaError).file).toMatch(/b\.graphql$/);
    expect([(error as GqlambdaError).line, (error as GqlambdaError).column]).toEqual([2, 3]);
  });

  it('points at an unknown type and suggests the close match', async () => {
    const error = await schemaError('broken/unknown-type');
    expect(error.message).toBe('Unknown type "Autor". Did you mean "Author"?');
    expect([error.line, error.column]).toEqual([3, 11]);
  });

  it('reports schema validation errors (a type missing an interface field) with a location', async () => {
    const error = await schemaError('broken/invalid-interface');
    expect(error.message).toBe('Interface field Node.id expected but Book does not provide it.');
    expect(error.file).toMatch(/invalid-interface\/schema\.graphql$/);
    expect(error.line).toBeGreaterThan(0);
  });

  it('names a glob that matches nothing, even when another glob matches', async () => {
    const error = await schemaError('hello', ['*.graphql', 'extra/**/*.graphql']);
    expect(error.message).toBe('the schema glob "extra/**/*.graphql" matches no files');
  });

  it('requires a Query type', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'schema'));
    writeFileSync(join(dir, 'schema/a.graphql'), 'type Book { title: String }\n');
    const error: unknown = await loadSchema({ root: dir, schema: ['schema/*.graphql'] }).catch((e: unknown) => e);
    expect((error as GqlambdaError).message).toBe('Query root type must be provided.');
  });

  it('skips files with nothing but comments', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.graphql'), '# nothing yet\n');
    writeFileSync(join(dir, 'b.graphql'), 'type Query { ok: Boolean }\n');
    const { schema } = await loadSchema({ root: dir, schema: ['*.graphql'] });
    expect(schema.getQueryType()?.name).toBe('Query');
  });
});

describe('Federation subgraphs', () => {
  async function loadText(text: string) {
    const dir = tempDir();
    writeFileSync(join(dir, 'subgraph.graphql'), text);
    return loadSchema({ root: dir, schema: ['*.graphql'] });
  }

  it('adds the Federation 2 definitions, _Entity of the @key types and the Query fields to a subgraph without a Query', async () => {
    const { schema, federation } = await loadText(
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", { name: "@shareable", as: "@shared" }])\n\n' +
        'type User @key(fields: "id") { id: ID! name: String @shared }\ntype Hidden @key(fields: "id", resolvable: false) { id: ID! }\n' +
        'extend type Review @key(fields: "id") { id: ID! @federation__external }\n',
    );
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(['_service', '_entities']);
    expect(String(schema.getQueryType()!.getFields()._entities!.type)).toBe('[_Entity]!');
    expect(schema.getPossibleTypes(schema.getType('_Entity') as never).map(String)).toEqual(['User', 'Hidden', 'Review']);
    // Imported names as imported (or renamed), the rest under the spec's prefix.
    expect(schema.getDirective('key')?.args.map((arg) => `${arg.name}: ${String(arg.type)}`)).toEqual(['fields: federation__FieldSet!', 'resolvable: Boolean']);
    expect(schema.getDirective('shared')).toBeDefined();
    expect(schema.getDirective('federation__requires')).toBeDefined();
    expect(schema.getDirective('federation__interfaceObject')).toBeDefined();
    expect(schema.getDirective('federation__policy')).toBeUndefined(); // v2.6, this schema links v2.3
    expect(federation).toMatchObject({ entities: ['User', 'Hidden', 'Review'], resolvable: ['User', 'Review'], queryType: 'Query' });
    expect([...federation!.external]).toEqual(['Review.id']);
  });

  it('leaves a schema without the federation @link alone', async () => {
    const { schema, federation } = await loadText('type Query { ok: Boolean }\n');
    expect(federation).toBeUndefined();
    expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(['ok']);
  });

  it('refuses a Federation 1 subgraph at its first @key, saying which @link to add', async () => {
    const error = (await loadText('type Query { me: User }\n\nextend type User @key(fields: "id") {\n  id: ID! @external\n}\n').catch((e: unknown) => e)) as GqlambdaError;
    expect(error).toBeInstanceOf(GqlambdaError);
    expect(error.message).toBe('@key is a Federation directive, but the schema does not link Federation 2: gqlambda serves Federation 2 subgraphs only.');
    expect([error.file?.endsWith('subgraph.graphql'), error.line, error.column]).toEqual([true, 3, 18]);
    expect(error.hint).toContain('extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"');
  });

  it('names a federation directive used without importing it, and where', async () => {
    const error = (await loadText(
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n\ntype Query { me: User }\ntype User @key(fields: "id") {\n  id: ID!\n  name: String @shareable\n}\n',
    ).catch((e: unknown) => e)) as GqlambdaError;
    expect(error.message).toBe('@shareable is not imported from Federation: add "@shareable" to the `import` list of the federation @link, or write @federation__shareable.');
    expect([error.line, error.column]).toEqual([6, 16]);
  });

  it('leaves a schema that defines its own @key directive alone', async () => {
    const { federation, schema } = await loadText('directive @key(fields: String!) on OBJECT\ntype Query { me: User }\ntype User @key(fields: "id") { id: ID! }\n');
    expect(federation).toBeUndefined();
    expect(schema.getType('_Entity')).toBeUndefined();
  });
});
