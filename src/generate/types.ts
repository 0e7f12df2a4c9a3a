/**
 * types
 *
 * `resolvers.generated.ts`: GraphQL Code Generator's `typescript` and `typescript-resolvers` plugins,
 * called through `codegen()` with a static plugin map (never resolved by name), so the plugin versions
 * are the ones gqlambda pins and any error is ours to explain.
 */
import { isScalarType, isSpecifiedScalarType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { GqlambdaError } from '../errors.js';
import { displayPath } from '../util/paths.js';
import { fileStamp, recall, remember, rememberedKey } from './cache.js';
import { generatedHeader } from './header.js';
import { generatedDir, importSpecifier } from './paths.js';
import { CONVERTED_CODEGEN_NAMES, safeTypeName } from './type-names.js';

export const RESOLVER_TYPES_FILE = 'resolvers.generated.ts';

export interface GeneratedFile {
  /** Absolute path. */
  path: string;
  content: string;
}

/**
 * Renders `resolvers.generated.ts` for the schema. `memo`: the schema files' texts, to key the last
 * rendering by (cache.ts's remembered output): the types depend on the schema and the config, not on
 * the resolver files, so editing a resolver does not run codegen again (a second on GitHub's schema).
 */
export async function generateResolverTypes(
  config: ResolvedConfig,
  schema: GraphQLSchema,
  document: DocumentNode,
  federation = false,
  memo?: { schemaText: string; save: boolean },
): Promise<GeneratedFile> {
  checkTypeNames(config, schema);
  const outDir = generatedDir(config);
  const path = join(outDir, RESOLVER_TYPES_FILE);
  const key = memo ? rememberedKey(['resolver types', config, federation, memo.schemaText, ...codegenStamps()]) : undefined;
  const remembered = key ? await recall(config, RESOLVER_TYPES_FILE, key) : undefined;
  if (remembered !== undefined) return { path, content: remembered };
  const file = await runCodegen(config, document, path, outDir, federation);
  if (key && memo?.save) await remember(config, RESOLVER_TYPES_FILE, key, file.content);
  return file;
}

/** The installed codegen packages, by their entry files: an update of one renders anew. */
function codegenStamps(): string[] {
  const require = createRequire(import.meta.url);
  return CODEGEN_PACKAGES.map((name) => `${name} ${fileStamp(require.resolve(name))}`);
}

const CODEGEN_PACKAGES = ['@graphql-codegen/core', '@graphql-codegen/typescript', '@graphql-codegen/typescript-resolvers', '@graphql-codegen/visitor-plugin-common'];

async function runCodegen(config: ResolvedConfig, document: DocumentNode, path: string, outDir: string, federation: boolean): Promise<GeneratedFile> {
  // Loaded here: only a changed schema or config needs them.
  const [{ codegen }, typescriptPlugin, resolversPlugin] = await Promise.all([
    import('@graphql-codegen/core'),
    import('@graphql-codegen/typescript'),
    import('@graphql-codegen/typescript-resolvers'),
  ]);
  const contextType = `${importSpecifier(outDir, resolve(config.root, config.context.module))}#${config.context.type}`;

  const shared = {
    scalars: config.scalars,
    // `import type` keeps the file valid under verbatimModuleSyntax / isolatedModules.
    useTypeImports: true,
    // String unions rather than TS enums: resolvers may return 'ACTIVE' as the schema spells it.
    enumsAsTypes: true,
    // A schema type named `Record`, `Maybe` or `Resolvers` must not redeclare what the file uses.
    namingConvention: await safeTypeName(config.context.type),
  };
  let output: string;
  try {
    output = await codegen({
      filename: path,
      // The document, not the GraphQLSchema: codegen builds its own schema with its own copy of
      // graphql-js. Handing it ours fails with "Cannot use GraphQLObjectType from another module"
      // whenever the two resolve to different copies (the ESM and CJS builds, under a test runner).
      schema: document,
      documents: [],
      config: shared,
      plugins: [
        { typescript: {} },
        {
          'typescript-resolvers': {
            contextType,
            mappers: mapperSpecifiers(config, outDir),
            // Without it every resolver map accepts any key, and a typo in a field name compiles.
            useIndexSignature: false,
            // A subgraph's entities get a typed `__resolveReference` (its reference: the key fields and
            // `__typename`), and `@external` fields no resolver.
            federation,
          },
        },
      ],
      pluginMap: { typescript: typescriptPlugin, 'typescript-resolvers': resolversPlugin },
    });
  } catch (error) {
    throw new GqlambdaError('GENERATE', `GraphQL Code Generator failed: ${(error as Error).message}`, {
      hint: 'check `scalars` and `mappers` in the config; if they look right, this is a bug in gqlambda.',
      cause: error,
    });
  }
  return { path, content: `${generatedHeader('//')}\n${output.trimEnd()}\n` };
}

/**
 * Mappers are written relative to the config file (`./src/models.ts#Book`); the generated file
 * imports them relative to itself. A bare specifier (`@prisma/client#User`) is a package and stays.
 */
function mapperSpecifiers(config: ResolvedConfig, outDir: string): Record<string, string> {
  const mappers: Record<string, string> = {};
  for (const [typeName, value] of Object.entries(config.mappers)) {
    const hash = value.lastIndexOf('#');
    const module = value.slice(0, hash);
    const exported = value.slice(hash + 1);
    const isPath = module.startsWith('.') || module.startsWith('/');
    mappers[typeName] = `${isPath ? importSpecifier(outDir, resolve(config.root, module)) : module}#${exported}`;
  }
  return mappers;
}

/** `scalars` and `mappers` keys must name types in the schema; a typo would silently do nothing. */
function checkTypeNames(config: ResolvedConfig, schema: GraphQLSchema): void {
  const file = config.configFile ? displayPath(config.configFile) : undefined;
  for (const name of Object.keys(config.scalars)) {
    const type = schema.getType(name);
    if (!type || !isScalarType(type) || isSpecifiedScalarType(type)) {
      throw new GqlambdaError('CONFIG', `scalars.${name}: the schema has no custom scalar named "${name}"`, {
        file,
        hint: `declare \`scalar ${name}\` in the schema, or remove the key.`,
      });
    }
  }
  for (const name of Object.keys(schema.getTypeMap())) {
    if (CONVERTED_CODEGEN_NAMES.has(name)) {
      throw new GqlambdaError('SCHEMA', `the schema type "${name}" has the name of a type GraphQL Code Generator declares for the resolver map`, {
        hint: `rename the type (for example to "${name}Entry"); every other name, Record, Promise or Maybe included, is fine.`,
      });
    }
  }
  for (const name of Object.keys(config.mappers)) {
    if (!schema.getType(name) || name.startsWith('__')) {
      throw new GqlambdaError('CONFIG', `mappers.${name}: the schema has no type named "${name}"`, {
        file,
        hint: 'use the name of an object, interface or union type from the schema, or remove the key.',
      });
    }
  }
}
