/**
 * operations
 *
 * Trusted documents (`gqlambda build --operations`, config key `operations`): every client operation is
 * validated against the schema at build time, with file:line:col and a code frame as schema errors are,
 * then becomes one document (the operation and the fragments it spreads, printed) under the id
 * `sha256:<hex of that text>`, as the GraphQL-over-HTTP persisted documents appendix names them. The
 * manifest is embedded in the handler and written beside the zip for clients.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { GraphQLError, Kind, Source, parse, print, specifiedRules, validate, visit } from 'graphql';
import type { DefinitionNode, DocumentNode, FragmentDefinitionNode, GraphQLSchema, ValidationRule } from 'graphql';
import { GqlambdaError } from '../errors.js';
import { type SchemaFile, findSchemaFiles, toSchemaError } from '../schema.js';
import { toPosix } from '../util/paths.js';
import { SMOKE_QUERY } from '../build/smoke-events.js';

/** `sha256:<hex>` → document text. */
export type DocumentManifest = Record<string, string>;

/** Trusted documents skip run-time validation, so none may reach what a production server hides. */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(new GraphQLError(`Trusted operations cannot query "${node.name.value}": introspection is not for clients' operations.`, { nodes: node }));
    }
  },
});

/** The generated module the handler imports the manifest from. */
export function documentsModule(manifest: DocumentManifest): string {
  return `export const documents: Record<string, string> = ${JSON.stringify(manifest, null, 2)};\n`;
}

export async function loadOperations(root: string, patterns: readonly string[], schema: GraphQLSchema): Promise<DocumentManifest> {
  const paths = await findSchemaFiles(root, patterns, 'operations');
  const files: SchemaFile[] = await Promise.all(paths.map(async (path) => ({ path, name: toPosix(relative(root, path)), text: await readFile(path, 'utf8') })));
  const byName = new Map(files.map((file) => [file.name, file]));
  const definitions: DefinitionNode[] = [];
  for (const file of files) {
    try {
      definitions.push(...parse(new Source(file.text, file.name)).definitions);
    } catch (error) {
      throw operationError(toSchemaError(error, byName));
    }
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const manifest: DocumentManifest = {};
  const add = (text: string) => (manifest[`sha256:${createHash('sha256').update(text).digest('hex')}`] = text);
  // The build's smoke test sends it to every bundle, trustedDocumentsOnly or not; it reveals nothing.
  add(SMOKE_QUERY);
  for (const operation of definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) {
      if (operation.kind !== Kind.FRAGMENT_DEFINITION) throw operationError(toSchemaError(new GraphQLError('Operation files hold operations and fragments only.', { nodes: operation }), byName));
      continue;
    }
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...spreadFragments(operation, fragments)] };
    const errors = validate(schema, document, [...specifiedRules, noIntrospection]);
    if (errors.length > 0) throw operationError(toSchemaError(errors, byName));
    add(print(document));
  }
  return manifest;
}

/** The fragments an operation spreads, directly or through other fragments, in the order first met. */
function spreadFragments(root: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: DefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(spread.name.value)) {
          found.set(spread.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(root);
  return [...found.values()];
}

/** Schema errors' machinery, with the hint an operation needs. */
function operationError(error: unknown): unknown {
  if (!(error instanceof GqlambdaError)) return error;
  return new GqlambdaError('SCHEMA', `operations: ${error.message}`, { ...error, hint: 'fix the operation to match the schema, or the schema to serve it.' });
}
