/**
 * graphql-js's ESM files build a few tables at module level with `Object.freeze([...])`. esbuild cannot know
 * that such a call has no side effect, so it keeps every table, and whatever the table lists, even when the
 * bundle never reads it. `specifiedSDLRules` alone brings eight SDL validation rules (about 1.1 KB of the
 * zip) that only building a schema from SDL needs, which gqlambda does at build time, not in the function.
 * Marking these calls pure lets esbuild drop the tables nothing reads; a table that is read stays as it
 * was, frozen.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';

/** A graphql-js ESM file, by real path (project installs) or by the CLI namespace's stable name. */
export const GRAPHQL_ESM_FILE = /(?:^|[\\/])node_modules[\\/]graphql[\\/].+\.mjs$/;

export function markFrozenConstantsPure(source: string): string {
  return source.replace(/=(\s*)Object\.freeze\(/g, '=$1/* @__PURE__ */ Object.freeze(');
}

/** The same for a graphql installed in the project (the CLI's own copy is loaded by resolve-plugin.ts). */
export function graphqlConstantsPlugin(): Plugin {
  return {
    name: 'gqlambda-graphql-constants',
    setup(build) {
      build.onLoad({ filter: GRAPHQL_ESM_FILE, namespace: 'file' }, async (args) => ({
        contents: markFrozenConstantsPure(await readFile(args.path, 'utf8')),
        loader: 'js',
        resolveDir: dirname(args.path),
      }));
    },
  };
}
