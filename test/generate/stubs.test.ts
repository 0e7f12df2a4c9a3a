import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planStubs } from '../../src/generate/stubs.js';
import { generateResolverTypes } from '../../src/generate/types.js';
import { buildSchemaFromFiles } from '../../src/schema.js';
import {
  editedFixture,
  generateInto,
  isSubsequence,
  linesKeptInOrder,
  locate,
  makeProject,
  readIfExists,
  repoRoot,
  typecheck,
  type Project,
} from './stub-harness.js';
import { buildSchema } from 'graphql';

// One graphql instance for the test, its sources and the codegen plugins (see stub-harness.ts).
vi.mock('graphql', async () => (await import('node:module')).createRequire(import.meta.url)('graphql'));

const MARKER = /throw new Error\((['"])Not implemented: (\w+)\.(\w+)\1\)/g;

function markers(text: string): string[] {
  return [...text.matchAll(MARKER)].map((match) => `${match[2]}.${match[3]}`);
}

/** Stubs for fields the parent already carries: they answer `parent.field` instead of throwing. */
function fromParent(text: string): string[] {
  return [...text.matchAll(/\/[/*] (\w+) already carries (\w+): .*\n?.*\b\2: \(parent, _args, _context\) => parent\.\2\b/g)].map((match) => `${match[1]}.${match[2]}`);
}

let project: Project | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const fixtureConfig = JSON.parse(readFileSync(join(editedFixture, 'gqlambda.config.json'), 'utf8')) as {
  scalars: Record<string, string>;
  mappers: Record<string, string>;
};

describe('a field that gains arguments', () => {
  const before = 'type Query { film: Film }\ntype Film { id: ID! title: String episode: Int! }\n';
  const after = 'type Query { film: Film }\ntype Film { id: ID! title(language: String): String episode(roman: Boolean): Int! }\n';

  it('keeps answering from the parent (typed, with a comment) instead of throwing, and compiles', async () => {
    project = makeProject({});
    await generateInto(project, before);
    expect(project.read('src/resolvers/Film.ts')).toBeUndefined();
    await generateInto(project, after);
    const film = project.read('src/resolvers/Film.ts')!;
    expect(markers(film)).toEqual([]);
    expect(fromParent(film)).toEqual(['Film.title', 'Film.episode']);
    expect(film).toContain('title: (parent, _args, _context) => parent.title ?? null,');
    expect(film).toContain('episode: (parent, _args, _context) => parent.episode,');
    expect(film).toContain('// Film already carries title: this answers it as before; use the new arguments here.');
    expect(typecheck(project.root)).toEqual([]);

    // The stub answers what the default resolver answered: "A New Hope", not "Unexpected error.".
    const { transform } = await import('esbuild');
    const js = (await transform(film.replace(/^import type .*$/m, ''), { loader: 'ts', format: 'esm' })).code;
    const { Film } = (await import(`data:text/javascript,${encodeURIComponent(js)}`)) as { Film: { title: (parent: unknown) => unknown } };
    expect(Film.title({ title: 'A New Hope' })).toBe('A New Hope');
    expect(Film.title({})).toBeNull();
  }, 60_000);
});

describe('an object field of an unmapped type that gains arguments', () => {
  it('gets a stub that throws, not `parent.field` (codegen types the two sides differently for composite fields)', async () => {
    project = makeProject({});
    await generateInto(project, 'type Query { film: Film }\ntype Film { id: ID! sequel: Film }\n');
    await generateInto(project, 'type Query { film: Film }\ntype Film { id: ID! sequel(first: Int): Film }\n');
    const film = project.read('src/resolvers/Film.ts')!;
    expect(fromParent(film)).toEqual([]);
    expect(markers(film)).toEqual(['Film.sequel']);
    expect(typecheck(project.root)).toEqual([]);
  }, 60_000);
});

describe('golden regeneration of hand-edited stubs (fixtures/projects/edited)', () => {
  const userFiles = ['Query.ts', 'Mutation.ts', 'Product.ts', 'Node.ts', 'SearchResult.ts', 'DateTime.ts'];

  it('leaves hand-edited stubs byte-identical when the schema did not change, and they compile', async () => {
    project = makeProject({ from: editedFixture, config: fixtureConfig });
    const before = Object.fromEntries(userFiles.map((name) => [name, project!.read(`src/resolvers/${name}`)]));
    const plan = await generateInto(project, project.read('schema/schema.graphql')!);

    expect(plan.warnings).toEqual([]);
    for (const name of userFiles) expect(project.read(`src/resolvers/${name}`)).toBe(before[name]);
    expect(typecheck(project.root)).toEqual([]);
  });

  it('adds stubs for new fields and types, keeps every user line, reports removed fields, rewrites a deleted file', async () => {
    project = makeProject({ from: editedFixture, config: fixtureConfig });
    await generateInto(project, project.read('schema/schema.graphql')!);
    const before = Object.fromEntries(userFiles.map((name) => [name, project!.read(`src/resolvers/${name}`)!]));
    project.remove('src/resolvers/SearchResult.ts');

    const plan = await generateInto(project, project.read('schema.next.graphql')!);
    const after = (name: string): string => project!.read(`src/resolvers/${name}`)!;

    // Every byte the user wrote is still there, in order; lines were only inserted.
    for (const name of ['Query.ts', 'Mutation.ts', 'Product.ts', 'Node.ts', 'DateTime.ts']) {
      expect(isSubsequence(before[name]!, after(name)), name).toBe(true);
      expect(linesKeptInOrder(before[name]!, after(name)), name).toBe(true);
    }
    // Nothing new in files whose types gained nothing to stub.
    expect(after('Node.ts')).toBe(before['Node.ts']);
    expect(after('DateTime.ts')).toBe(before['DateTime.ts']);

    // New fields, in the file's own style, next to their schema neighbours.
    expect(markers(after('Query.ts'))).toEqual(['Query.me', 'Query.products']);
    expect(after('Query.ts')).toContain(
      "  me: (_parent, _args, _context) => {\n    throw new Error('Not implemented: Query.me');\n  },\n",
    );
    // This object separates its properties with blank lines, and so do the inserted ones.
    expect(after('Query.ts')).toContain("context.userAgent);\n  },\n\n  me: (_parent");
    expect(after('Query.ts')).toContain('matches(product, term)),\n\n  products: (_parent');
    expect(after('Query.ts').indexOf('me: (_parent')).toBeGreaterThan(after('Query.ts').indexOf('return greet('));
    expect(after('Query.ts').indexOf('me: (_parent')).toBeLessThan(after('Query.ts').indexOf('node: async'));
    expect(after('Query.ts').indexOf('products: (_parent')).toBeLessThan(after('Query.ts').indexOf('// TODO: drop once'));

    expect(markers(after('Mutation.ts'))).toEqual(['Mutation.renameProduct']);
    expect(after('Mutation.ts')).toContain(
      '    renameProduct: (_parent, _args, _context) => {\n        throw new Error("Not implemented: Mutation.renameProduct")\n    },\n',
    );
    expect(after('Mutation.ts').trimEnd().endsWith('context.catalog.delete(id)\n}')).toBe(true);

    // `reviews` takes no arguments, but ProductModel (the mapper) has no such property: it needs a resolver.
    expect(markers(after('Product.ts'))).toEqual(['Product.related', 'Product.reviews']);
    expect(after('Product.ts')).toContain("\trelated: (_parent, _args, _context) => {\n\t\tthrow new Error('Not implemented: Product.related');\n\t},\n");

    // New types get new files; the deleted one is written again from scratch.
    expect(markers(after('Review.ts'))).toEqual([]);
    expect(fromParent(after('Review.ts'))).toEqual(['Review.stars']);
    expect(markers(after('User.ts'))).toEqual(['User.avatar']);
    expect(markers(after('Subscription.ts'))).toEqual(['Subscription.productAdded']);
    expect(after('Subscription.ts')).toContain('subscribe: (_parent, _args, _context) => {');
    expect(markers(after('SearchResult.ts'))).toEqual(['SearchResult.__resolveType']);
    expect(after('SearchResult.ts')).toContain("'Product', 'Review' or 'User'");

    // Removed fields stay where they were and are reported at their exact place.
    const legacy = locate(after('Query.ts'), 'legacyStats:');
    const deleted = locate(after('Mutation.ts'), 'deleteProduct:');
    expect(plan.warnings).toEqual([
      {
        file: join(project.root, 'src/resolvers/Mutation.ts'),
        ...deleted,
        message: `Mutation.deleteProduct is no longer in the schema; remove it (the type check will also flag it).`,
      },
      {
        file: join(project.root, 'src/resolvers/Query.ts'),
        ...legacy,
        message: `Query.legacyStats is no longer in the schema; remove it (the type check will also flag it).`,
      },
    ]);
    expect(after('Query.ts')).toContain('  legacyStats: (_parent, _args, context) => context.catalog.size, // counted live\n');

    // The map serves every resolver file.
    const map = project.read('.gqlambda/resolver-map.generated.ts')!;
    expect(map).toContain('export const resolvers: Resolvers = {\n  Query,\n  Mutation,\n  Subscription,\n  DateTime,\n  Node,\n  Product,\n  Review,\n  SearchResult,\n  User,\n};\n');

    // The type check flags the stale properties where the warnings said (and nothing else).
    const errors = typecheck(project.root);
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^src/resolvers/Mutation.ts:${deleted.line}:${deleted.column} .*'deleteProduct' does not exist`)));
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^src/resolvers/Query.ts:${legacy.line}:${legacy.column} .*'legacyStats' does not exist`)));
    const staleLines = [`src/resolvers/Mutation.ts:${deleted.line}:`, `src/resolvers/Query.ts:${legacy.line}:`];
    expect(errors.filter((error) => !staleLines.some((prefix) => error.startsWith(prefix)))).toEqual([]);

    // Once the user deletes them, the project compiles under strict.
    project.write('src/resolvers/Query.ts', after('Query.ts').replace(/\n  \/\/ TODO: drop once[^\n]*\n  legacyStats:[^\n]*\n/, '\n'));
    project.write('src/resolvers/Mutation.ts', after('Mutation.ts').replace(/,\n    deleteProduct:[^\n]*\n/, '\n'));
    await generateInto(project, project.read('schema.next.graphql')!);
    expect(typecheck(project.root)).toEqual([]);
  }, 60_000);

  it('is deterministic: a second run with the same schema plans the same bytes and changes nothing', async () => {
    project = makeProject({ from: editedFixture, config: fixtureConfig });
    const next = project.read('schema.next.graphql')!;
    const first = await generateInto(project, next);
    const second = await generateInto(project, next);
    expect(second.files).toEqual(first.files);
    expect(second.warnings).toEqual(first.warnings);
    for (const file of second.files) expect(readIfExists(file.path)).toBe(file.content);
  });
});

describe('new projects', () => {
  const sdl = /* GraphQL */ `
    scalar DateTime
    scalar JSON
    interface Error { message: String! }
    type NotFound implements Error { message: String! id: ID! }
    type Product { id: ID! name: String! price(currency: String = "USD"): Float! }
    union ProductResult = Product | NotFound
    enum Role { ADMIN VIEWER }
    input ProductInput { name: String! }
    type Query {
      hello: String!
      product(id: ID!): ProductResult!
      now: DateTime
      settings: JSON
      role: Role
    }
    type Mutation { addProduct(input: ProductInput!): Product! }
    type Subscription { productAdded(role: Role): Product! }
  `;

  it('writes one stub per type that needs one, each field throwing the marker, and they compile under strict', async () => {
    project = makeProject({ config: { scalars: { DateTime: 'string' } } });
    const plan = await generateInto(project, sdl);
    const resolvers = plan.files.map((file) => file.path.slice(project!.root.length + 1)).sort();
    expect(resolvers).toEqual([
      '.gqlambda/resolver-map.generated.ts',
      'src/resolvers/DateTime.ts',
      'src/resolvers/Error.ts',
      'src/resolvers/JSON.ts',
      'src/resolvers/Mutation.ts',
      'src/resolvers/Product.ts',
      'src/resolvers/ProductResult.ts',
      'src/resolvers/Query.ts',
      'src/resolvers/Subscription.ts',
    ]);
    expect(markers(project.read('src/resolvers/Query.ts')!)).toEqual([
      'Query.hello',
      'Query.product',
      'Query.now',
      'Query.settings',
      'Query.role',
    ]);
    // Only the fields with arguments: the others use the default resolver.
    expect(markers(project.read('src/resolvers/Product.ts')!)).toEqual([]);
    expect(fromParent(project.read('src/resolvers/Product.ts')!)).toEqual(['Product.price']);
    expect(markers(project.read('src/resolvers/JSON.ts')!)).toEqual(['JSON.serialize', 'JSON.parseValue', 'JSON.parseLiteral']);
    // Mapped to a primitive: a working scalar rather than a stub.
    expect(markers(project.read('src/resolvers/DateTime.ts')!)).toEqual([]);
    expect(markers(project.read('src/resolvers/Error.ts')!)).toEqual(['Error.__resolveType']);

    for (const file of plan.files) {
      expect(file.content).not.toMatch(/\bany\b|@ts-nocheck|@ts-expect-error|@ts-ignore/);
    }
    expect(project.read('src/resolvers/Query.ts')).toMatch(/^\/\/ Query resolvers: this file is yours to edit\.\n.*only adds stubs/s);
    expect(project.read('.gqlambda/resolver-map.generated.ts')).toMatch(/^\/\/ Generated by gqlambda\. Do not edit/);
    expect(typecheck(project.root)).toEqual([]);
  }, 60_000);

  it('keeps `new Error(…)` meaning the global in a stub for a type named Error', async () => {
    project = makeProject({});
    await generateInto(project, sdl);
    const stub = project.read('src/resolvers/Error.ts')!;
    expect(stub).toContain('const errorResolvers: ErrorResolvers = {');
    expect(stub).toContain('export { errorResolvers as Error };');
    expect(project.read('.gqlambda/resolver-map.generated.ts')).toContain("import { Error as ErrorResolvers } from '../src/resolvers/Error.js';");
  });

  it('types stubs for names codegen converts (HTTPRequest, iPhone, Product_review, UUID) through the Resolvers map', async () => {
    project = makeProject({});
    const names = ['HTTPRequest', 'iPhone', 'Product_review', 'UUID', 'Item2Review'];
    const plan = await generateInto(
      project,
      `type Query { ${names.map((name, i) => `f${i}: ${name}`).join(' ')} }\n` +
        names.map((name) => `type ${name} { size(unit: String): Int }`).join('\n'),
    );
    expect(plan.warnings).toEqual([]);
    expect(project.read('src/resolvers/HTTPRequest.ts')).toContain(
      "import type { Resolvers } from '../../.gqlambda/resolvers.generated.js';\n\nexport const HTTPRequest: NonNullable<Resolvers['HTTPRequest']> = {",
    );
    expect(project.read('src/resolvers/Item2Review.ts')).toContain('export const Item2Review: Item2ReviewResolvers = {');
    expect(typecheck(project.root)).toEqual([]);
  }, 60_000);

  it('uses the configured folders for stubs, imports and the map', async () => {
    project = makeProject({ config: { resolvers: 'app/graphql', generated: 'gen/types' } });
    project.write('src/context.ts', 'export interface Context { id: string }\n');
    const plan = await generateInto(project, 'type Query { hello: String! }');
    expect(plan.files.map((file) => file.path)).toEqual([
      join(project.root, 'app/graphql/Query.ts'),
      join(project.root, 'gen/types/resolver-map.generated.ts'),
    ]);
    expect(project.read('app/graphql/Query.ts')).toContain("from '../../gen/types/resolvers.generated.js';");
    expect(project.read('gen/types/resolver-map.generated.ts')).toContain("import { Query } from '../../app/graphql/Query.js';");
  });
});

describe('regeneration edge cases', () => {
  const v1 = 'type Query { hello: String! }\ntype Product { id: ID! }\nunion Thing = Product\n';

  it('warns about a stub file left behind by a type removed from the schema, and drops it from the map', async () => {
    project = makeProject({});
    await generateInto(project, v1);
    const kept = project.read('src/resolvers/Thing.ts')!;
    const plan = await generateInto(project, 'type Query { hello: String! }\ntype Product { id: ID! }\n');
    expect(project.read('src/resolvers/Thing.ts')).toBe(kept);
    expect(project.read('.gqlambda/resolver-map.generated.ts')).not.toMatch(/import .*Thing/);
    const at = locate(kept, 'Thing:');
    expect(plan.warnings).toEqual([
      {
        file: join(project.root, 'src/resolvers/Thing.ts'),
        ...at,
        message: 'type Thing is no longer in the schema; the file is no longer part of the resolver map. Delete it if you do not need it.',
      },
    ]);
    // The map remembers the file, so the warning comes back on every run until the file is gone.
    const map = project.read('.gqlambda/resolver-map.generated.ts')!;
    expect(map).toContain('// Left out: src/resolvers/Thing.ts (type Thing is no longer in the schema; delete the file when you no longer need it).\n');
    const again = await generateInto(project, 'type Query { hello: String! }\ntype Product { id: ID! }\n');
    expect(again.warnings).toEqual(plan.warnings);
    expect(project.read('.gqlambda/resolver-map.generated.ts')).toBe(map);
    project.remove('src/resolvers/Thing.ts');
    const clean = await generateInto(project, 'type Query { hello: String! }\ntype Product { id: ID! }\n');
    expect(clean.warnings).toEqual([]);
    expect(project.read('.gqlambda/resolver-map.generated.ts')).not.toContain('Thing');
  });

  it('uses a resolver file the user wrote for a type that needs none, and reports its stale fields', async () => {
    project = makeProject({});
    project.write(
      'src/resolvers/Product.ts',
      "import type { ProductResolvers } from '../../.gqlambda/resolvers.generated.js';\n\nexport const Product: ProductResolvers = {\n  id: (product) => product.id.toUpperCase(),\n  sku: () => 'x',\n};\n",
    );
    const plan = await generateInto(project, v1);
    expect(project.read('.gqlambda/resolver-map.generated.ts')).toContain('  Product,\n');
    expect(plan.warnings.map((warning) => [warning.line, warning.column, warning.message.split(';')[0]])).toEqual([
      [5, 3, 'Product.sku is no longer in the schema'],
    ]);
  });

  it('leaves out of the map a file that only shares a type’s name, when the type needs no resolvers', async () => {
    project = makeProject({});
    project.write('src/resolvers/Product.ts', 'export class ProductModel {\n  constructor(readonly id: string) {}\n}\n');
    const plan = await generateInto(project, v1);
    expect(plan.warnings).toEqual([]);
    expect(project.read('.gqlambda/resolver-map.generated.ts')).not.toContain('Product');
    expect(plan.files.find((file) => file.path.endsWith('Product.ts'))?.content).toBe('export class ProductModel {\n  constructor(readonly id: string) {}\n}\n');
  });

  it('writes an emptied stub file again, like a deleted one', async () => {
    project = makeProject({});
    await generateInto(project, v1);
    const original = project.read('src/resolvers/Query.ts');
    project.write('src/resolvers/Query.ts', '\n');
    await generateInto(project, v1);
    expect(project.read('src/resolvers/Query.ts')).toBe(original);
  });

  it('follows root types named in a schema definition', async () => {
    project = makeProject({});
    const plan = await generateInto(project, 'schema { query: RootQuery mutation: RootMutation }\ntype RootQuery { hello: String! }\ntype RootMutation { bump(by: Int!): Int! }\n');
    expect(plan.files.map((file) => file.path.slice(project!.root.length + 1))).toEqual([
      '.gqlambda/resolver-map.generated.ts',
      'src/resolvers/RootMutation.ts',
      'src/resolvers/RootQuery.ts',
    ]);
    expect(project.read('src/resolvers/RootQuery.ts')).toContain('export const RootQuery: RootQueryResolvers = {');
    expect(markers(project.read('src/resolvers/RootMutation.ts')!)).toEqual(['RootMutation.bump']);
    expect(project.read('.gqlambda/resolver-map.generated.ts')).toContain('= {\n  RootQuery,\n  RootMutation,\n};');
  });

  it('never rewrites an existing scalar file, and warns when it is broken', async () => {
    project = makeProject({});
    const broken = "import { GraphQLScalarType } from 'graphql';\nexport const Money = new GraphQLScalarType({ name: 'Money' ;\n";
    project.write('src/resolvers/Money.ts', broken);
    const plan = planStubs({ schema: buildSchema('scalar Money\ntype Query { price: Money }'), config: project.config, readFile: readIfExists });
    expect(plan.files.find((file) => file.path.endsWith('Money.ts'))!.content).toBe(broken);
    expect(plan.warnings).toMatchObject([{ file: join(project.root, 'src/resolvers/Money.ts'), line: 2, column: broken.split('\n')[1]!.indexOf(';') + 1 }]);
  });

  it('leaves a file with a syntax error untouched and says where the error is', async () => {
    project = makeProject({});
    const broken = "import type { QueryResolvers } from '../../.gqlambda/resolvers.generated.js';\n\nexport const Query: QueryResolvers = {\n  hello: () => 'hi'\n  bye: () => 'bye',\n};\n";
    project.write('src/resolvers/Query.ts', broken);
    const schema = buildSchema('type Query { hello: String! bye: String! later: Int }');
    const plan = planStubs({ schema, config: project.config, readFile: readIfExists });
    const file = plan.files.find((planned) => planned.path.endsWith('Query.ts'))!;
    expect(file.content).toBe(broken);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ line: 5, column: 3 });
    expect(plan.warnings[0]!.message).toMatch(/^syntax error \(',' expected\.\); gqlambda left the file untouched/);
  });

  it('leaves a restructured file alone and explains what it looks for', async () => {
    project = makeProject({});
    const custom = "import type { QueryResolvers } from '../../.gqlambda/resolvers.generated.js';\n\nconst make = (): QueryResolvers => ({ hello: () => 'hi' });\nexport const Query = make();\n";
    project.write('src/resolvers/Query.ts', custom);
    const plan = planStubs({ schema: buildSchema('type Query { hello: String! }'), config: project.config, readFile: readIfExists });
    expect(plan.files.find((file) => file.path.endsWith('Query.ts'))!.content).toBe(custom);
    expect(plan.warnings).toMatchObject([{ line: 4, column: 14 }]);
    expect(plan.warnings[0]!.message).toContain('`Query` is not an object literal');

    const renamed = "export const Queries = { hello: () => 'hi' };\n";
    project.write('src/resolvers/Query.ts', renamed);
    const again = planStubs({ schema: buildSchema('type Query { hello: String! }'), config: project.config, readFile: readIfExists });
    expect(again.files.find((file) => file.path.endsWith('Query.ts'))!.content).toBe(renamed);
    expect(again.warnings[0]!.message).toMatch(/^the file does not export `Query`/);
  });
});

describe('mapped types: fields the model lacks need resolvers', () => {
  const sdl = /* GraphQL */ `
    type Product { id: ID! name: String! price(currency: String = "USD"): Float! slug: String! reviews: [String!]! }
    type Query { product: Product! }
  `;
  const models = [
    "import type { Elsewhere } from './other.js';",
    'interface Entity {',
    '  id: string;',
    '}',
    'type Priced = { price: number };',
    'export interface ProductRecord extends Entity {',
    '  name: string;',
    "  'slug'?: string;",
    '}',
    'export type ProductRow = ProductRecord & Priced & { stock: number };',
    "export type { Elsewhere } from './other.js';",
    'class Row {',
    '  id = "";',
    '}',
    'export class ProductEntity extends Row implements Priced {',
    '  static table = "products";',
    '  #secret = 1;',
    '  price = 0;',
    '  constructor(public name: string) {',
    '    super();',
    '  }',
    '  get slug(): string {',
    '    return this.name + String(this.#secret);',
    '  }',
    '}',
    'export type Loose = Record<string, unknown>;',
    "export interface Trimmed extends Omit<ProductRecord, 'name'> {}",
    'export type Imported = Elsewhere & { name: string };',
    '',
  ].join('\n');

  function mappedProject(mapper: string): Project {
    const made = makeProject({
      files: {
        'src/models.ts': models,
        'src/other.ts': 'export interface Elsewhere {\n  id: string;\n}\n',
        'src/folder.ts/index.ts': 'export {};\n',
        'gqlambda.config.json': `{\n  "mappers": {\n    "Product": "${mapper}"\n  }\n}\n`,
      },
      config: { mappers: { Product: mapper } },
    });
    made.config.configFile = join(made.root, 'gqlambda.config.json');
    return made;
  }

  it('writes stubs for schema fields the model has no property for, reading extends and intersections, and they compile', async () => {
    project = mappedProject('./src/models.ts#ProductRow');
    const plan = await generateInto(project, sdl);
    expect(plan.warnings).toEqual([]);
    // id (from Entity), name, slug and price (from Priced) are properties; reviews is not; price also takes
    // an argument, and answers the model's price, typed, until the user uses the argument.
    expect(markers(project.read('src/resolvers/Product.ts')!)).toEqual(['Product.reviews']);
    expect(fromParent(project.read('src/resolvers/Product.ts')!)).toEqual(['Product.price']);
    expect(typecheck(project.root)).toEqual([]);
  }, 60_000);

  it('finds the model file from an ESM-style .js path or a path without an extension', () => {
    for (const mapper of ['./src/models.js#ProductRow', './src/models#ProductRow']) {
      project?.cleanup();
      project = mappedProject(mapper);
      const plan = planStubs({ schema: buildSchema(sdl), config: project.config, readFile: readIfExists });
      expect(plan.warnings, mapper).toEqual([]);
      const product = plan.files.find((file) => file.path.endsWith('Product.ts'))!;
      expect(markers(product.content), mapper).toEqual(['Product.reviews']);
      expect(fromParent(product.content), mapper).toEqual(['Product.price']);
    }
  });

  it('reads a class model: fields, accessors, parameter properties and what it extends, not statics or #private', async () => {
    project = mappedProject('./src/models.ts#ProductEntity');
    const plan = planStubs({ schema: buildSchema(sdl.replace('Float!', 'Float! table: String! secret: Int!')), config: project.config, readFile: readIfExists });
    expect(plan.warnings).toEqual([]);
    const product = plan.files.find((file) => file.path.endsWith('Product.ts'))!;
    expect(markers(product.content)).toEqual(['Product.table', 'Product.secret', 'Product.reviews']);
    expect(fromParent(product.content)).toEqual(['Product.price']);
  });

  it('writes a stub file for a mapped type without argumented fields, and adds stubs to an existing one through the merge', async () => {
    project = mappedProject('./src/models.ts#ProductRecord');
    project.write(
      'src/resolvers/Product.ts',
      "import type { ProductResolvers } from '../../.gqlambda/resolvers.generated.js';\n\nexport const Product: ProductResolvers = {\n  price: (product) => product.name.length, // placeholder\n};\n",
    );
    const before = project.read('src/resolvers/Product.ts')!;
    await generateInto(project, sdl);
    const after = project.read('src/resolvers/Product.ts')!;
    expect(linesKeptInOrder(before, after)).toBe(true);
    expect(markers(after)).toEqual(['Product.reviews']);
    expect(typecheck(project.root)).toEqual([]);

    // A model for a type whose fields take no arguments: without the mapper it would get no file at all.
    project.remove('src/resolvers/Product.ts');
    const plain = await generateInto(project, sdl.replace('price(currency: String = "USD"): Float!', 'price: Float!'));
    expect(markers(project.read('src/resolvers/Product.ts')!)).toEqual(['Product.price', 'Product.reviews']);
    expect(plain.warnings).toEqual([]);
  }, 60_000);

  it('reads the scaffold’s BookRecord: no warning, and Book.ts gains nothing (the model has every field but excerpt, which it implements)', async () => {
    project = makeProject({ from: join(repoRoot, 'templates/init'), config: { mappers: { Book: './src/data.ts#BookRecord' } } });
    const book = project.read('src/resolvers/Book.ts');
    const plan = await generateInto(project, project.read('schema/schema.graphql')!);
    expect(plan.warnings).toEqual([]);
    expect(project.read('src/resolvers/Book.ts')).toBe(book);
  });

  it('falls back to argumented fields only, with a warning at the mapper, when the model cannot be read', async () => {
    const cases: Array<[mapper: string, reason: string]> = [
      ['./src/missing.ts#ProductRecord', './src/missing.ts does not exist'],
      ['./src/models.ts#Elsewhere', '`Elsewhere` is re-exported from another module'],
      ['./src/models.ts#Loose', '`Loose` is not an object type gqlambda can read (`Record<string, unknown>`)'],
      ['./src/folder.ts#ProductRow', './src/folder.ts cannot be read (EISDIR)'],
      ['./src/models.ts#Trimmed', "`Trimmed` extends `Omit<ProductRecord, 'name'>`, which ./src/models.ts does not declare"],
      ['./src/models.ts#Imported', '`Imported` is not an object type gqlambda can read (`Elsewhere`)'],
      ['./src/models.ts#Nothing', './src/models.ts declares no interface, type or class `Nothing`'],
    ];
    for (const [mapper, reason] of cases) {
      project?.cleanup();
      project = mappedProject(mapper);
      const plan = planStubs({ schema: buildSchema(sdl), config: project.config, readFile: readIfExists });
      const product = plan.files.find((file) => file.path.endsWith('Product.ts'))!;
      expect(markers(product.content), mapper).toEqual(['Product.price']);
      expect(plan.warnings, mapper).toEqual([
        {
          file: join(project.root, 'gqlambda.config.json'),
          line: 3,
          column: 5,
          message: `mappers.Product: gqlambda could not see the fields of the model (${reason}), so stubs for Product fields the model lacks were not generated; add resolvers for them yourself.`,
        },
      ]);
    }
  });
});

describe('resolver objects with spreads', () => {
  const sdl = /* GraphQL */ `
    type Product { id: ID! name(upper: Boolean): String! price(currency: String): Float! related(limit: Int): [Product!]! }
    type User { id: ID! name(upper: Boolean): String! avatar(size: Int): String! }
    type Query { product: Product! user: User! }
  `;
  const types = "'../../.gqlambda/resolvers.generated.js'";

  it('adds only the fields a same-file spread does not provide, warns at a spread it cannot see into, and the project compiles', async () => {
    const product = [
      `import type { ProductResolvers } from ${types};`,
      '',
      'const shared = {',
      '  name: (product) => product.name,',
      '} satisfies ProductResolvers;',
      '',
      'export const Product: ProductResolvers = {',
      '  ...shared,',
      '  price: () => 1,',
      '};',
      '',
    ].join('\n');
    const user = [
      `import type { UserResolvers } from ${types};`,
      "import { fromShared } from './shared.js';",
      '',
      'export const User: UserResolvers = {',
      '  ...fromShared,',
      '};',
      '',
    ].join('\n');
    project = makeProject({
      files: {
        'src/resolvers/Product.ts': product,
        'src/resolvers/User.ts': user,
        'src/resolvers/shared.ts': `import type { UserResolvers } from ${types};\n\nexport const fromShared = {\n  name: (user) => user.name,\n} satisfies UserResolvers;\n`,
      },
    });
    const plan = await generateInto(project, sdl);

    // `shared` provides name: a stub for it before the spread would fail with TS2783.
    const after = project.read('src/resolvers/Product.ts')!;
    // related is a composite field of an unmapped type: a stub that throws (see the test above).
    expect(markers(after)).toEqual(['Product.related']);
    expect(fromParent(after)).toEqual([]);
    expect(linesKeptInOrder(product, after)).toBe(true);

    // `fromShared` is imported: gqlambda cannot tell what it holds, so it adds nothing and says so.
    expect(project.read('src/resolvers/User.ts')).toBe(user);
    expect(plan.warnings).toEqual([
      {
        file: join(project.root, 'src/resolvers/User.ts'),
        ...locate(user, '...fromShared'),
        message: 'the file spreads `fromShared`, so gqlambda cannot tell which fields it provides; add stubs for User.name and User.avatar yourself if it lacks them.',
      },
    ]);
    expect(typecheck(project.root)).toEqual([]);
  }, 60_000);
});

describe('Federation subgraphs (fixtures/schemas/federation/inventory)', () => {
  const name = 'inventory/inventory.graphql';
  const text = readFileSync(join(repoRoot, 'fixtures/schemas/federation', name), 'utf8');

  /** What `gqlambda generate` does for a subgraph: federation-typed resolvers, then the stubs. */
  async function generateSubgraph(target: Project) {
    const { schema, document, federation } = buildSchemaFromFiles([{ path: join(target.root, name), name, text }]);
    const types = await generateResolverTypes(target.config, schema, document, true);
    target.write('.gqlambda/resolvers.generated.ts', types.content);
    const plan = planStubs({ schema, config: target.config, readFile: readIfExists, federation });
    for (const file of plan.files) target.write(file.path.slice(target.root.length + 1), file.content);
    return plan;
  }

  it('stubs __resolveReference of each resolvable entity, nothing for @external fields or the runtime’s own, and type-checks', async () => {
    project = makeProject({});
    const plan = await generateSubgraph(project);
    expect(plan.warnings).toEqual([]);
    expect(plan.files.map((file) => file.path.slice(project!.root.length + 1)).sort()).toEqual([
      '.gqlambda/resolver-map.generated.ts',
      'src/resolvers/Inventory.ts',
      'src/resolvers/OpenSourceInventory.ts',
      'src/resolvers/Product.ts',
      'src/resolvers/Query.ts',
    ]);
    expect(markers(project.read('src/resolvers/Query.ts')!)).toEqual(['Query.inventory']);
    expect(markers(project.read('src/resolvers/OpenSourceInventory.ts')!)).toEqual(['OpenSourceInventory.__resolveReference']);
    // An entity's parent may be the bare reference (key fields only): a field with arguments throws
    // rather than reading a `parent.delivery` the reference never has.
    expect(markers(project.read('src/resolvers/Product.ts')!)).toEqual(['Product.__resolveReference', 'Product.delivery']);
    expect(typecheck(project.root)).toEqual([]);
  });

  it('adds __resolveReference to an entity file the user already wrote, keeping every line', async () => {
    project = makeProject({});
    const own =
      "import type { ProductResolvers } from '../../.gqlambda/resolvers.generated.js';\n\n" +
      "export const Product: ProductResolvers = {\n  delivery: (_parent, args) => ({ estimatedDelivery: args.zip ?? null }),\n};\n";
    project.write('src/resolvers/Product.ts', own);
    await generateSubgraph(project);
    const after = project.read('src/resolvers/Product.ts')!;
    expect(isSubsequence(own, after)).toBe(true);
    expect(markers(after)).toEqual(['Product.__resolveReference']);
    expect(after).toContain('export const Product: ProductResolvers = {\n  __resolveReference: (_reference, _context) => {\n');
    expect(typecheck(project.root)).toEqual([]);
  });
});

describe('fields named like a member of every object (constructor, toString, valueOf, …)', () => {
  // Found by test/generate/regeneration-property.test.ts: TypeScript checks an object literal's own
  // `constructor: Function` (and `toString: () => string`, …) against the resolver type's optional
  // property of that name, so `Box: BoxResolvers = { label }` did not compile.
  it('get a resolver in a type that has a resolver object, so the project compiles', async () => {
    project = makeProject({});
    await generateInto(project, 'type Query { box: Box }\ntype Box { id: ID! constructor: Int valueOf: Boolean! label(upper: Boolean): String }\n');
    const box = project.read('src/resolvers/Box.ts')!;
    expect(box).toContain('constructor: (parent, _args, _context) => parent.constructor ?? null,');
    expect(box).toContain('valueOf: (parent, _args, _context) => parent.valueOf,');
    expect(box).toContain('// Box.constructor shares its name with a property every object has');
    expect(typecheck(project.root)).toEqual([]);
  }, 60_000);

  it('add nothing to a type without a resolver object', async () => {
    project = makeProject({});
    await generateInto(project, 'type Query { box: Box }\ntype Box { id: ID! constructor: Int }\n');
    expect(project.read('src/resolvers/Box.ts')).toBeUndefined();
    expect(typecheck(project.root)).toEqual([]);
  }, 60_000);
});
