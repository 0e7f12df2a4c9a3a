import { buildASTSchema, isObjectType, parse, printSchema, type DocumentNode } from 'graphql';
import { transform } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config-load.js';
import { GqlambdaError } from '../src/errors.js';
import { generate } from '../src/generate/index.js';
import { fixtures, listFiles, removeTempDirs, tempDir, typecheck } from './support/projects.js';

afterAll(removeTempDirs);

const GENERATED = [
  '.gqlambda/handler.ts',
  '.gqlambda/resolver-map.generated.ts',
  '.gqlambda/resolvers.generated.ts',
  '.gqlambda/schema.generated.ts',
  '.gqlambda/schema.graphql',
];

/** A project around the multi-file shop schema, with a JSON config. */
function shopProject(config: Record<string, unknown> = {}): string {
  const dir = tempDir('gqlambda-shop-');
  cpSync(join(fixtures, 'schemas/shop'), join(dir, 'schema'), { recursive: true });
  mkdirSync(join(dir, 'src'));
  writeFileSync(
    join(dir, 'src/context.ts'),
    "import type { ContextFactory } from 'gqlambda/runtime';\n\n" +
      'export interface Context {\n  userId: string | null;\n}\n\n' +
      'export const createContext: ContextFactory<Context> = () => ({ userId: null });\n',
  );
  writeFileSync(join(dir, 'src/models.ts'), 'export interface ProductRow {\n  id: string;\n  name: string;\n  price_cents: number;\n}\n');
  writeFileSync(
    join(dir, 'gqlambda.config.json'),
    JSON.stringify({
      server: null,
      scalars: { DateTime: 'string', Money: 'number', URL: 'string' },
      mappers: { Product: './src/models.ts#ProductRow' },
      ...config,
    }),
  );
  cpSync(join(fixtures, '../templates/init/tsconfig.json'), join(dir, 'tsconfig.json'));
  return dir;
}

async function generateIn(dir: string, check = false) {
  return generate(await loadConfig({ cwd: dir }), { check });
}

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

describe('type names the generated code uses itself', () => {
  // Record, Promise and Partial are TypeScript's; Context is the config's context type; the others are codegen's.
  const names = ['Record', 'Context', 'Promise', 'Partial', 'Maybe', 'Scalars', 'Resolver', 'ResolverFn', 'Exact', 'Error', 'GraphQLResolveInfo'];

  function projectWith(schema: string): string {
    const dir = tempDir('gqlambda-names-');
    mkdirSync(join(dir, 'schema'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'schema/schema.graphql'), schema);
    writeFileSync(
      join(dir, 'src/context.ts'),
      "import type { ContextFactory } from 'gqlambda/runtime';\n\nexport interface Context {\n  userId: string | null;\n}\n\n" +
        'export const createContext: ContextFactory<Context> = () => ({ userId: null });\n',
    );
    writeFileSync(join(dir, 'gqlambda.config.json'), JSON.stringify({ server: null, scalars: { Stamp: 'Record<string, Promise<string>>' } }));
    cpSync(join(fixtures, '../templates/init/tsconfig.json'), join(dir, 'tsconfig.json'));
    return dir;
  }

  it('generates code that type-checks for a schema using every such name, with readable stub names', async () => {
    const types = names.map((name) => `type ${name} { id: ID! label(upper: Boolean): String stamp: Stamp }`).join('\n');
    const query = `type Query {\n${names.map((name) => `  all${name}: [${name}!]!`).join('\n')}\n  any: Anything\n}`;
    const dir = projectWith(`scalar Stamp\n${types}\nunion Anything = ${names.join(' | ')}\n${query}\n`);
    await generateIn(dir);
    const { status, output } = typecheck(dir);
    expect(output).toBe('');
    expect(status).toBe(0);
    // The user's files keep the names they would have anyway.
    expect(read(dir, 'src/resolvers/Record.ts')).toContain('export const Record: RecordResolvers = {');
    expect(read(dir, 'src/resolvers/Maybe.ts')).toContain('export const Maybe: MaybeResolvers = {');
  });

  it('refuses a type named like the resolver map\'s own types, naming it and what to do', async () => {
    for (const name of ['Resolvers', 'ResolversTypes']) {
      const dir = projectWith(`scalar Stamp\ntype ${name} { id: ID! }\ntype Query { x: ${name} s: Stamp }\n`);
      const error: unknown = await generateIn(dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GqlambdaError);
      expect((error as GqlambdaError).message).toContain(`the schema type "${name}" has the name of a type GraphQL Code Generator declares`);
      expect((error as GqlambdaError).hint).toContain(`${name}Entry`);
    }
  });
});

describe('changes whose consequences are in the user\'s files', () => {
  it('a union gaining a member: a warning at the user\'s __resolveType naming the new type', async () => {
    const dir = shopProject();
    await generateIn(dir);
    const search = join(dir, 'schema/search.graphql');
    writeFileSync(search, `${read(dir, 'schema/search.graphql').replace('union SearchResult = Product | Category | Customer', 'union SearchResult = Product | Category | Customer | Article')}\ntype Article { id: ID! }\n`);
    const report = await generateIn(dir);
    const text = read(dir, 'src/resolvers/SearchResult.ts');
    const before = text.slice(0, text.indexOf('__resolveType')).split('\n');
    expect(report.warnings).toContainEqual({
      file: join(dir, 'src/resolvers/SearchResult.ts'),
      line: before.length,
      column: before.at(-1)!.length + 1,
      message: "SearchResult now has the member Article: make sure __resolveType returns 'Article' for it.",
    });
    // Said once, when it changed.
    expect((await generateIn(dir)).warnings.filter((w) => w.message.includes('Article'))).toEqual([]);
  });

  it('a scalar newly mapped in scalars: names the stub file written before, to delete or update', async () => {
    const dir = shopProject({ scalars: { Money: 'number', URL: 'string' } });
    await generateIn(dir);
    writeFileSync(join(dir, 'gqlambda.config.json'), JSON.stringify({ ...JSON.parse(read(dir, 'gqlambda.config.json')), scalars: { DateTime: 'string', Money: 'number', URL: 'string' } }));
    const report = await generateIn(dir);
    expect(report.warnings.map((w) => [w.file, w.message])).toContainEqual([
      join(dir, 'src/resolvers/DateTime.ts'),
      expect.stringMatching(/^scalars\.DateTime is now `string` \(was `unknown`\), but .*src\/resolvers\/DateTime\.ts was written before: delete it to have it written again for `string`, or update/),
    ]);
  });
});

describe('generate', () => {
  it('writes types, stubs, the resolver map, the handler and the schema, each generated file with a header', async () => {
    const dir = shopProject();
    const report = await generateIn(dir);
    expect(report.upToDate).toBe(false);
    expect(report.files.every((file) => file.status === 'created')).toBe(true);
    const files = listFiles(dir);
    expect(files).toEqual(expect.arrayContaining(GENERATED));
    // Stubs: root types, types with argumented fields, interfaces, unions and custom scalars.
    expect(files.filter((file) => file.startsWith('src/resolvers/'))).toEqual(
      expect.arrayContaining(['Query', 'Mutation', 'Product', 'Node', 'SearchResult', 'DateTime'].map((t) => `src/resolvers/${t}.ts`)),
    );
    for (const file of GENERATED) {
      expect(read(dir, file), file).toMatch(/^(\/\/|#) Generated by gqlambda\. Do not edit/);
    }
  });

  it('is deterministic and writes nothing on a second run', async () => {
    const a = shopProject();
    const b = shopProject();
    await generateIn(a);
    await generateIn(b);
    // .gqlambda/cache/ holds this machine's file times (gitignored), not generated code.
    for (const file of listFiles(a).filter((f) => (f.startsWith('.gqlambda/') && !f.startsWith('.gqlambda/cache/')) || f.startsWith('src/resolvers/'))) {
      expect(read(b, file), file).toBe(read(a, file));
    }
    const before = new Map(listFiles(a).map((file) => [file, statSync(join(a, file)).mtimeMs]));
    const again = await generateIn(a);
    expect(again.upToDate).toBe(true);
    expect(again.files.every((file) => file.status === 'unchanged')).toBe(true);
    for (const [file, mtime] of before) expect(statSync(join(a, file)).mtimeMs, file).toBe(mtime);
  });

  it('--check writes nothing and reports the files that would change', async () => {
    const dir = shopProject();
    const fresh = await generateIn(dir, true);
    expect(fresh.check).toBe(true);
    expect(fresh.upToDate).toBe(false);
    expect(listFiles(dir).some((file) => file.startsWith('.gqlambda/'))).toBe(false);

    await generateIn(dir);
    writeFileSync(join(dir, 'schema/zz-more.graphql'), 'extend type Query {\n  ping: Boolean!\n}\n');
    const snapshot = new Map(listFiles(dir).map((file) => [file, read(dir, file)]));
    const stale = await generateIn(dir, true);
    const changed = stale.files.filter((file) => file.status !== 'unchanged').map((file) => file.path.slice(dir.length + 1));
    expect(changed.sort()).toEqual([
      '.gqlambda/resolvers.generated.ts',
      '.gqlambda/schema.generated.ts',
      '.gqlambda/schema.graphql',
      'src/resolvers/Query.ts',
    ]);
    for (const [file, text] of snapshot) expect(read(dir, file), file).toBe(text);

    await generateIn(dir);
    expect(read(dir, 'src/resolvers/Query.ts')).toContain("throw new Error('Not implemented: Query.ping');");
    expect((await generateIn(dir, true)).upToDate).toBe(true);
  });

  it('types resolvers with the context, scalars and mappers from the config', async () => {
    const dir = shopProject();
    await generateIn(dir);
    const types = read(dir, '.gqlambda/resolvers.generated.ts');
    expect(types).toContain("import type { Context } from '../src/context.js';");
    expect(types).toContain("import type { ProductRow } from '../src/models.js';");
    expect(types).toContain("DateTime: { input: string; output: string; }");
    expect(types).toContain("Money: { input: number; output: number; }");
    expect(types).toMatch(/export type QueryResolvers<ContextType = Context,/);
    // Enums are string unions, so resolvers may return 'ACTIVE' as the schema spells it.
    expect(types).toMatch(/export type ProductStatus =\n  \| 'DRAFT'\n  \| 'ACTIVE'/);
    // No index signature: a misspelt field in a resolver map is a type error.
    expect(types).not.toMatch(/\[key: string\]/);
  });

  it('writes the merged schema as SDL and as a loc-free document that builds the same schema', async () => {
    const dir = shopProject();
    await generateIn(dir);
    const sdl = read(dir, '.gqlambda/schema.graphql');
    expect(sdl).toMatch(/^# Generated by gqlambda/);
    expect(sdl).toContain('type Query {');
    expect(sdl).not.toContain('extend type');

    const module = read(dir, '.gqlambda/schema.generated.ts');
    expect(module).toContain("import type { DocumentNode } from 'graphql';");
    // Load the module as the bundle would: TypeScript stripped, then imported.
    const { code } = await transform(module, { loader: 'ts', format: 'esm' });
    const { typeDefs } = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as {
      typeDefs: DocumentNode;
    };
    expect(JSON.stringify(typeDefs)).not.toContain('"loc"');
    expect(printSchema(buildASTSchema(typeDefs))).toBe(printSchema(buildASTSchema(parse(sdl))));
    // Quotes and backslashes in descriptions survive the string literal.
    const customer = buildASTSchema(typeDefs).getType('Customer');
    expect(isObjectType(customer) && customer.getFields().name?.description).toBe('The customer\'s name as they typed it, such as "Ada".');
    const product = buildASTSchema(typeDefs).getType('Product');
    expect(isObjectType(product) && product.getFields().description?.description).toContain('\\*not emphasis\\*');
  });

  it('renders the handler from the config: context module, factory name and server module', async () => {
    const withServer = shopProject({ context: { module: 'lib/ctx.ts', factory: 'makeContext' }, server: 'lib/server.ts' });
    await generateIn(withServer);
    const handler = read(withServer, '.gqlambda/handler.ts');
    expect(handler).toContain("import { makeContext as createContext } from '../lib/ctx.js';");
    expect(handler).toContain("import server from '../lib/server.js';");
    expect(handler).toContain('createLambdaHandler({ ...server, typeDefs, resolvers, context: createContext })');

    const withoutServer = shopProject();
    await generateIn(withoutServer);
    const plain = read(withoutServer, '.gqlambda/handler.ts');
    expect(plain).not.toMatch(/import server|\.\.\.server/);
    expect(plain).toContain('createLambdaHandler({ typeDefs, resolvers, context: createContext })');
  });

  it('warns when the context or server module the handler imports does not exist', async () => {
    const dir = shopProject({ server: 'src/server.ts', context: { module: 'src/ctx.ts' } });
    const report = await generateIn(dir);
    expect(report.warnings.map((w) => w.message)).toEqual(
      expect.arrayContaining([
        'context.module: src/ctx.ts does not exist; the generated handler imports it (export `Context` and `createContext` from it)',
        'server: src/server.ts does not exist; the generated handler imports it (export default defineServer({ … }) from it, or set `server: null` in the config)',
      ]),
    );
    expect(report.warnings[0]?.file).toBe(join(dir, 'gqlambda.config.json'));
    expect((await generateIn(shopProject())).warnings).toEqual([]);
  });

  it('never writes the profile into generated files', async () => {
    const dir = shopProject();
    await generateIn(dir);
    for (const file of GENERATED) expect(read(dir, file), file).not.toMatch(/production|development|__GQLAMBDA_PROFILE__/);
  });

  it('types and stubs of the 40-type shop schema compile under tsc --strict', async () => {
    const dir = shopProject();
    await generateIn(dir);
    const { status, output } = typecheck(dir);
    expect(output).toBe('');
    expect(status).toBe(0);
    // Users who turn on the stricter flags must not get errors in code gqlambda wrote.
    const strictest = typecheck(dir, {
      exactOptionalPropertyTypes: true,
      noUnusedLocals: true,
      noUnusedParameters: true,
      noImplicitReturns: true,
      noPropertyAccessFromIndexSignature: true,
    });
    expect(strictest.output).toBe('');
    expect(strictest.status).toBe(0);
  });

  it('rejects scalars and mappers that name no type in the schema, naming the config key', async () => {
    const scalars: unknown = await generateIn(shopProject({ scalars: { Datetime: 'string' } })).catch((e: unknown) => e);
    expect(scalars).toBeInstanceOf(GqlambdaError);
    expect((scalars as GqlambdaError).message).toBe('resolver types: scalars.Datetime: the schema has no custom scalar named "Datetime"');
    expect((scalars as GqlambdaError).file).toMatch(/gqlambda\.config\.json$/);
    const mappers: unknown = await generateIn(shopProject({ mappers: { Prodcut: './src/models.ts#ProductRow' } })).catch((e: unknown) => e);
    expect((mappers as GqlambdaError).message).toBe('resolver types: mappers.Prodcut: the schema has no type named "Prodcut"');
  });

  it('labels errors with the step that failed and writes nothing', async () => {
    const dir = shopProject();
    writeFileSync(join(dir, 'schema/broken.graphql'), 'type Broken {\n  field: \n}\n');
    const error: unknown = await generateIn(dir).catch((e: unknown) => e);
    expect((error as GqlambdaError).message).toMatch(/^load schema: Syntax Error: /);
    expect((error as GqlambdaError).file).toMatch(/schema\/broken\.graphql$/);
    expect(listFiles(dir).some((file) => file.startsWith('.gqlambda/') || file.startsWith('src/resolvers/'))).toBe(false);
  });

  it('explains a file it cannot write', async () => {
    const dir = shopProject();
    mkdirSync(join(dir, '.gqlambda/handler.ts'), { recursive: true }); // a folder where a file goes
    const error: unknown = await generateIn(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GqlambdaError);
    expect((error as GqlambdaError).message).toMatch(/^write files: cannot (read|write) .*\.gqlambda\/handler\.ts \(EISDIR\)$/);
  });

  it('writes a deleted stub file again and passes stub warnings through', async () => {
    const dir = shopProject();
    await generateIn(dir);
    const mutation = read(dir, 'src/resolvers/Mutation.ts');
    rmSync(join(dir, 'src/resolvers/Mutation.ts'));
    const rewritten = await generateIn(dir);
    expect(rewritten.files.find((file) => file.path.endsWith('Mutation.ts'))?.status).toBe('created');
    expect(read(dir, 'src/resolvers/Mutation.ts')).toBe(mutation);

    const orders = read(dir, 'schema/orders.graphql');
    writeFileSync(join(dir, 'schema/orders.graphql'), orders.replace('  cancelOrder(id: ID!, reason: String): Order @auth\n', ''));
    const report = await generateIn(dir);
    expect(read(dir, 'src/resolvers/Mutation.ts')).toBe(mutation); // the user's code stays where it was
    const warning = report.warnings.find((w) => w.message.includes('Mutation.cancelOrder'));
    expect(warning?.file).toBe(join(dir, 'src/resolvers/Mutation.ts'));
    expect(warning?.line).toBe(mutation.split('\n').findIndex((line) => line.includes('cancelOrder:')) + 1);
  });
});
