/**
 * graphql-js's ESM files build a few tables at module level with `Object.freeze([...])`. esbuild cannot know
 * that such a call has no side effect, so it keeps every table, and whatever the table lists, even when the
 * bundle never reads it. `specifiedSDLRules` alone brings eight SDL validation rules (about 1.1 KB of the
 * zip) that only building a schema from SDL needs, which gqlambda does at build time, not in the function.
 * Marking these calls pure lets esbuild drop the tables nothing reads; a table that is read stays as it
 * was, frozen.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OnLoadArgs, OnLoadResult, Plugin } from 'esbuild';

/** A graphql-js ESM file by the CLI namespace's stable name (resolve-plugin.ts loads those itself). */
export const GRAPHQL_ESM_FILE = /(?:^|[\\/])node_modules[\\/]graphql[\\/].+\.mjs$/;

/** A file's bytes with its frozen tables marked; the many files without one go on as read, never decoded. */
export function markFrozenConstantsPure(bytes: Buffer): Uint8Array | string {
  if (!bytes.includes('Object.freeze(')) return bytes;
  return bytes.toString('utf8').replace(/=(\s*)Object\.freeze\(/g, '=$1/* @__PURE__ */ Object.freeze(');
}

/**
 * The same for the graphql esbuild loads by path: a project's own, or the CLI's in a build that leaves it
 * to esbuild (resolve-plugin.ts). Only the few files that hold a frozen table go through the plugin, each
 * a round trip to esbuild; they are found by reading graphql's ESM files once, a few milliseconds
 * against a hundred round trips.
 */
export function graphqlConstantsPlugin(options: { graphqlDir: string; loads?: LoadCache }): Plugin {
  const filter = frozenTableFiles(options.graphqlDir);
  return {
    name: 'gqlambda-graphql-constants',
    setup(build) {
      if (!filter) return;
      build.onLoad({ filter, namespace: 'file' }, memoizeLoads(options.loads, async (args) => ({
        contents: markFrozenConstantsPure(readFileSync(args.path)),
        loader: 'js',
        resolveDir: dirname(args.path),
      })));
    },
  };
}

/** A filter for exactly the ESM files of graphql (its real folder) that hold `Object.freeze(`; undefined for none. */
function frozenTableFiles(graphqlDir: string): RegExp | undefined {
  const files = readdirSync(graphqlDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.mjs'))
    .map((name) => join(graphqlDir, name))
    .filter((path) => readFileSync(path).includes('Object.freeze('));
  if (files.length === 0) return undefined;
  return new RegExp(`^(?:${files.map((path) => path.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|')})$`);
}

export type LoadCache = Map<string, Promise<OnLoadResult>>;

/**
 * esbuild's incremental rebuild skips parsing a file it read itself when the file has not changed, but
 * calls a plugin's onLoad again every time. Package files do not change while `gqlambda dev` runs, so
 * the same object is given back, without reading the file again.
 */
export function memoizeLoads(loads: LoadCache | undefined, load: (args: OnLoadArgs) => Promise<OnLoadResult>): (args: OnLoadArgs) => Promise<OnLoadResult> {
  if (!loads) return load;
  return (args) => {
    const key = `${args.namespace}:${args.path}`;
    let loaded = loads.get(key);
    if (!loaded) loads.set(key, (loaded = load(args)));
    return loaded;
  };
}
