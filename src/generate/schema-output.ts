/**
 * schema-output
 *
 * Two copies of the merged schema in the generated folder:
 * - `schema.graphql`, printed SDL for client tooling (GraphiQL, IDE plugins, client codegen);
 * - `schema.generated.ts`, the validated document the handler gives the runtime. It is the AST without
 *   `loc`, inlined as `JSON.parse('…')`: V8 parses a JSON string faster than the equivalent object
 *   literal and far faster than graphql-js parses SDL, which matters on a cold start.
 */
import type { DocumentNode } from 'graphql';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { generatedHeader } from './header.js';
import { generatedDir } from './paths.js';
import type { GeneratedFile } from './types.js';

export const SCHEMA_SDL_FILE = 'schema.graphql';
export const SCHEMA_MODULE_FILE = 'schema.generated.ts';

/** `subgraphSdl`: a Federation subgraph's own SDL, exported for `_service { sdl }`. */
export function generateSchemaOutputs(config: ResolvedConfig, document: DocumentNode, sdl: string, subgraphSdl?: string): GeneratedFile[] {
  const outDir = generatedDir(config);
  const json = schemaDocumentJson(document);
  const module =
    `${generatedHeader('//')}\n` +
    `import type { DocumentNode } from 'graphql';\n\n` +
    `export const typeDefs: DocumentNode = JSON.parse('${singleQuoted(json)}');\n` +
    (subgraphSdl === undefined ? '' : `\nexport const subgraphSdl = ${JSON.stringify(subgraphSdl)};\n`);
  return [
    { path: join(outDir, SCHEMA_SDL_FILE), content: `${generatedHeader('#')}\n${sdl.trimEnd()}\n` },
    { path: join(outDir, SCHEMA_MODULE_FILE), content: module },
  ];
}

/**
 * Leaves out what graphql-js's AST types mark optional and the runtime does not need: locations,
 * `block: false`, and the empty lists that are optional wherever they appear (not `values` or `fields`:
 * a list or object default value needs its empty `[]`).
 */
export function schemaDocumentJson(document: DocumentNode): string {
  return JSON.stringify(document, leanNode);
}

const OPTIONAL_LISTS = new Set(['directives', 'arguments', 'interfaces']);
function leanNode(key: string, value: unknown): unknown {
  if (key === 'loc' || (key === 'block' && value === false)) return undefined;
  if (OPTIONAL_LISTS.has(key) && Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

/** JSON text as the body of a '…' literal: JSON has few single quotes, so this escapes far less than "…". */
function singleQuoted(text: string): string {
  return text.replace(/[\\']/g, (char) => `\\${char}`);
}
