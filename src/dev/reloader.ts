/**
 * The dev server's build pipeline: regenerate (only when the schema, config or a mapper model changed),
 * rebuild through one esbuild context kept for the session (incremental: only changed files are read
 * again), and import the result as a new module, so the next request runs the new code.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Profile, ResolvedConfig } from '../config.js';
import { generate } from '../generate/index.js';
import { generatedDir } from '../generate/paths.js';
import { createBundleContext, type BundleContext } from '../build/bundle.js';

export type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface Reloader {
  /**
   * Builds the handler for the files that changed (absolute paths), or for everything at start.
   * Throws the generate or bundle error; nothing is swapped then.
   */
  build(changed: readonly string[] | 'all'): Promise<LambdaHandler>;
  dispose(): Promise<void>;
}

const SCHEMA_FILE = /\.(?:graphqls?|gql)$/;

/** For the whole process, not per reloader: a reloader made after a config change must not reuse a URL. */
let generation = 0;

export function createReloader(config: ResolvedConfig, profile: Profile): Reloader {
  const cacheDir = join(generatedDir(config), 'dev');
  const entry = join(generatedDir(config), 'handler.ts');
  const mapperModules = new Set(Object.values(config.mappers).map((mapper) => resolve(config.root, mapper.split('#')[0]!)));
  let context: BundleContext | undefined;

  // Stubs and types follow the schema, the config and mapper models only: a resolver edit must not be
  // regenerated under the user's cursor, and skipping it keeps the edit-to-answer loop short.
  const needsGenerate = (changed: readonly string[] | 'all'): boolean =>
    changed === 'all' || changed.some((file) => SCHEMA_FILE.test(file) || file === config.configFile || extname(file) === '.json' || mapperModules.has(file));

  return {
    async build(changed) {
      if (needsGenerate(changed)) await generate(config);
      context ??= await createBundleContext({ root: config.root, entry, bundle: config.bundle, profile, outDir: cacheDir, trustedDocuments: config.operations.length > 0 });
      const result = await context.rebuild();
      await mkdir(cacheDir, { recursive: true });
      // A new file name each time: Node caches modules by URL, so the same name would load the old code.
      const file = join(cacheDir, `handler-${++generation}${config.bundle.format === 'esm' ? '.mjs' : '.cjs'}`);
      await writeFile(file, result.code);
      try {
        const module = (await import(pathToFileURL(file).href)) as { handler?: LambdaHandler; default?: { handler?: LambdaHandler } };
        const handler = module.handler ?? module.default?.handler;
        if (typeof handler !== 'function') throw new Error(`${file} exports no handler function`);
        return handler;
      } finally {
        await rm(file, { force: true });
      }
    },
    async dispose() {
      await context?.dispose();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}
