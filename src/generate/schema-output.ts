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

export function generateSchemaOutputs(config: ResolvedConfig, document: DocumentNode, sdl: string): GeneratedFile[] {
  const outDir = generatedDir(config);
  const json = JSON.stringify(document, (key, value: unknown) => (key === 'loc' ? undefined : value));
  const module =
    `${generatedHeader('//')}\n` +
    `import type { DocumentNode } from 'graphql';\n\n` +
    `export const typeDefs: DocumentNode = JSON.parse('${singleQuoted(json)}');\n`;
  return [
    { path: join(outDir, SCHEMA_SDL_FILE), content: `${generatedHeader('#')}\n${sdl.trimEnd()}\n` },
    { path: join(outDir, SCHEMA_MODULE_FILE), content: module },
  ];
}

/** JSON text as the body of a '…' literal: JSON has few single quotes, so this escapes far less than "…". */
function singleQuoted(text: string): string {
  return text.replace(/[\\']/g, (char) => `\\${char}`);
}
