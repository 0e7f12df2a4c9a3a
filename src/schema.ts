/**
 * schema
 *
 * Reads every .graphql file the config's globs match, parses each as a named `Source` (so every error
 * knows its file:line:col), merges them into one document (`extend type` across files works because
 * graphql-js applies extensions when it builds the whole document), then validates the SDL and the schema.
 */
import {
  buildASTSchema,
  type GraphQLError,
  Kind,
  parse,
  printSchema,
  Source,
  validateSchema,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { validateSDL } from 'graphql/validation/validate.js';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { ResolvedConfig } from './config.js';
import { GqlambdaError } from './errors.js';
import { addFederation, FEDERATION_HINT, type Federation } from './federation.js';
import { findSchemaFiles } from './schema-files.js';

export { findSchemaFiles };
import { codeFrame } from './util/code-frame.js';
import { displayPath, toPosix } from './util/paths.js';

export interface SchemaFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the project root, forward slashes: the `Source` name graphql-js reports. */
  name: string;
  text: string;
}

export interface LoadedSchema {
  /** The validated, executable-shape schema (no resolvers). */
  schema: GraphQLSchema;
  /** Every file's definitions in one document, in file order, with locations. */
  document: DocumentNode;
  /** The merged schema printed as SDL (extensions folded into their types). */
  sdl: string;
  /** The files read, sorted by path so every run sees them in the same order. */
  files: SchemaFile[];
  /** Set for a Federation 2 subgraph, whose `document` and `schema` then hold the federation definitions. */
  federation?: Federation;
}

/** Globs, reads, merges and validates the project's schema. */
export async function loadSchema(config: Pick<ResolvedConfig, 'root' | 'schema'>): Promise<LoadedSchema> {
  const paths = await findSchemaFiles(config.root, config.schema);
  const files = await Promise.all(
    paths.map(async (path) => ({ path, name: toPosix(relative(config.root, path)), text: await readFile(path, 'utf8') })),
  );
  return buildSchemaFromFiles(files);
}

/** Parses, merges and validates already-read schema files. */
export function buildSchemaFromFiles(files: readonly SchemaFile[]): LoadedSchema {
  const byName = new Map(files.map((file) => [file.name, file]));
  let definitions: DefinitionNode[] = [];
  for (const file of files) {
    // An empty file (or one with only comments) adds nothing; graphql-js would call it a syntax error.
    if (stripComments(file.text).trim() === '') continue;
    try {
      definitions.push(...parse(new Source(file.text, file.name)).definitions);
    } catch (error) {
      throw toSchemaError(error, byName);
    }
  }
  if (definitions.length === 0) {
    throw new GqlambdaError('SCHEMA', 'the schema files define no types', {
      file: files[0] ? displayPath(files[0].path) : undefined,
      hint: 'add at least `type Query { hello: String! }`.',
    });
  }
  let federation: Federation | undefined;
  try {
    const subgraph = addFederation(definitions);
    if (subgraph) {
      definitions = subgraph.definitions;
      federation = subgraph.federation;
    }
  } catch (error) {
    throw toSchemaError(error, byName);
  }
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions };

  const sdlErrors = validateSDL(document);
  if (sdlErrors.length > 0) throw toSchemaError(sdlErrors, byName);
  let schema: GraphQLSchema;
  try {
    schema = buildASTSchema(document, { assumeValidSDL: true });
  } catch (error) {
    throw toSchemaError(error, byName);
  }
  const schemaErrors = validateSchema(schema);
  if (schemaErrors.length > 0) throw toSchemaError(schemaErrors, byName);

  return { schema, document, sdl: printSchema(schema), files: [...files], ...(federation && { federation }) };
}

function stripComments(text: string): string {
  return text.replace(/#[^\n\r]*/g, '');
}

interface Place {
  file: SchemaFile;
  line: number;
  column: number;
}

/** Every place a GraphQL error points at, in the order graphql-js lists them. */
function placesOf(error: GraphQLError, byName: Map<string, SchemaFile>): Place[] {
  const places: Place[] = [];
  const nodes = error.nodes ?? [];
  if (nodes.length > 0) {
    for (const node of nodes) {
      const file = node.loc ? byName.get(node.loc.source.name) : undefined;
      if (!file || !node.loc) continue;
      const { line, column } = lineColumnOf(file.text, node.loc.start);
      places.push({ file, line, column });
    }
    return places;
  }
  const file = error.source ? byName.get(error.source.name) : undefined;
  const location = error.locations?.[0];
  if (file && location) places.push({ file, line: location.line, column: location.column });
  return places;
}

function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * One GqlambdaError for one or more graphql-js errors: the first error is the message, its place is the
 * location (for a duplicate definition, the later one, with the earlier named in the message), and
 * the detail holds a code frame plus any further errors.
 */
export function toSchemaError(errors: unknown, byName: Map<string, SchemaFile>): unknown {
  const list = Array.isArray(errors) ? errors : [errors];
  const first: unknown = list[0];
  if (!isGraphQLError(first)) return first;

  const places = placesOf(first, byName);
  // graphql-js lists the first definition before the duplicate; point at the duplicate.
  const isDuplicate = /^There can be only one |can only be defined once\.$/.test(first.message) && places.length > 1;
  const main = isDuplicate ? places[places.length - 1] : places[0];
  const others = places.filter((place) => place !== main);

  let message = first.message;
  if (isDuplicate && others.length > 0) {
    message += ` It is also defined at ${others.map((p) => `${displayPath(p.file.path)}:${p.line}:${p.column}`).join(', ')}.`;
  }
  const frames: string[] = [];
  if (main) frames.push(codeFrame(main.file.text, main.line, main.column));
  for (const other of isDuplicate ? others : []) {
    frames.push(`${displayPath(other.file.path)}:${other.line}:${other.column}:\n${codeFrame(other.file.text, other.line, other.column)}`);
  }
  const more = list.slice(1).filter(isGraphQLError);
  if (more.length > 0) {
    frames.push(
      `and ${more.length} more:\n` +
        more
          .map((e) => {
            const place = placesOf(e, byName)[0];
            return `  ${place ? `${displayPath(place.file.path)}:${place.line}:${place.column}: ` : ''}${e.message}`;
          })
          .join('\n'),
    );
  }
  return new GqlambdaError('SCHEMA', message, {
    file: main ? displayPath(main.file.path) : undefined,
    line: main?.line,
    column: main?.column,
    detail: frames.length > 0 ? frames.join('\n\n') : undefined,
    hint: hintFor(first.message),
    cause: first,
  });
}

/**
 * Duck-typed on purpose: `validateSDL` comes from a deep import, which a bundler or test runner may
 * resolve to a different copy of graphql-js than the main entry, so `instanceof` could say no.
 */
function isGraphQLError(value: unknown): value is GraphQLError {
  return value instanceof Error && value.name === 'GraphQLError' && 'locations' in value;
}

function hintFor(message: string): string {
  if (/ is not imported from Federation/.test(message)) return 'a subgraph may use the federation directives its @link imports, and the prefixed names of the others.';
  if (/Federation/.test(message)) return FEDERATION_HINT;
  if (message.startsWith('Syntax Error')) return 'fix the GraphQL syntax at the marked position.';
  if (/^There can be only one type named/.test(message)) return 'define the type once; use `extend type` to add fields from another file.';
  if (/^There can be only one|can only be defined once/.test(message)) return 'remove one of the two definitions.';
  if (/^Unknown (type|directive)/.test(message)) return 'define it in a schema file, or fix the spelling.';
  if (/Query root type must be provided/.test(message)) return 'add `type Query { … }` to a schema file.';
  return 'fix the schema at the marked position.';
}
