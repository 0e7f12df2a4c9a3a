/**
 * Package `exports` maps resolved by Node's own resolver, so the bundle gets the file Node would load:
 * conditions (`import`/`require`/`node`/`default`, nested, in the package's order; not bundlers'
 * `module`), fallback arrays, `*` patterns and `null` exclusions.
 *
 * `require` conditions come from `createRequire(…).resolve`. `import` conditions need
 * `import.meta.resolve(specifier, parent)`, which Node 20 only offers behind
 * `--experimental-import-meta-resolve`; a worker thread started with that flag answers those, started on
 * the first package whose `exports` map names an `import` or `require` condition (the others resolve
 * alike either way) and shared by every build of the process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportKind, Plugin } from 'esbuild';
import { findPackageDir } from './packages.js';

export type ResolveMode = 'import' | 'require';

/** How esbuild's import kinds map to Node's: `require()` gets `require` conditions, every other form `import`. */
export function resolveModeOf(kind: ImportKind): ResolveMode {
  return kind === 'require-call' || kind === 'require-resolve' ? 'require' : 'import';
}

/** The file Node resolves `specifier` to from a module in `fromDir`; Node's error when it cannot. */
export async function resolveLikeNode(specifier: string, fromDir: string, mode: ResolveMode): Promise<string> {
  // The conditions `import` and `require` are all that sets the two resolvers apart: for a package whose
  // exports name neither (gqlambda's own), require's answers `import` too, without the resolver thread.
  if (mode === 'require' || !namesImportOrRequire(exportsOf(packageNameOf(specifier), fromDir))) return createRequire(join(fromDir, 'noop.js')).resolve(specifier);
  return fileURLToPath(await importResolver().resolve(specifier, pathToFileURL(join(fromDir, 'noop.js')).href));
}

/** The `exports` Node reads for `name` from `fromDir`: the package's own when `fromDir` is inside it, else its node_modules copy's. */
function exportsOf(name: string, fromDir: string): unknown {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const manifest = readJson(join(dir, 'package.json')) as (Manifest & { name?: string }) | undefined;
    if (manifest?.name === name) return manifest.exports;
    if (manifest) {
      const installed = findPackageDir(name, fromDir);
      return installed === undefined ? undefined : readJson(join(installed, 'package.json'))?.exports;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function readJson(file: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Whether an exports map (unknown: undefined) may answer `import` and `require` differently. */
function namesImportOrRequire(exports: unknown): boolean {
  return exports === undefined || /"(?:import|require|module-sync)":/.test(JSON.stringify(exports));
}

/** `lodash-es/debounce` → `lodash-es`, `@scope/pkg/x` → `@scope/pkg`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

interface Manifest {
  exports?: unknown;
  sideEffects?: unknown;
}

/** Read once per build: `gqlambda dev` sees a package installed or updated between two builds. */
function readManifest(manifests: Map<string, Manifest | undefined>, packageDir: string): Manifest | undefined {
  if (!manifests.has(packageDir)) {
    const file = join(packageDir, 'package.json');
    let manifest: Manifest | undefined;
    try {
      manifest = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : undefined;
    } catch {
      manifest = undefined;
    }
    manifests.set(packageDir, manifest);
  }
  return manifests.get(packageDir);
}

/**
 * Bare imports of packages that have an `exports` map, resolved by Node. Packages without one stay with
 * esbuild, whose `mainFields` prefer the ESM build (`module`) over Node's `main` on purpose: it tree-shakes.
 * Externals (the config's and the AWS SDK) are left alone.
 */
export function nodeExportsPlugin(options: { external: readonly string[] }): Plugin {
  const isExternal = externalMatcher(options.external);
  const builtins = new Set(builtinModules);
  const manifests = new Map<string, Manifest | undefined>();
  return {
    name: 'gqlambda-node-exports',
    setup(build) {
      build.onResolve({ filter: /^[^./#]/ }, async (args) => {
        const name = packageNameOf(args.path);
        if (args.path.includes(':') || builtins.has(name) || isExternal(args.path) || args.resolveDir === '') return undefined;
        const packageDir = findPackageDir(name, args.resolveDir);
        const manifest = packageDir && readManifest(manifests, packageDir);
        if (!manifest || manifest.exports === undefined) return undefined;
        try {
          const path = await resolveLikeNode(args.path, args.resolveDir, resolveModeOf(args.kind));
          return { path, sideEffects: manifest.sideEffects === false ? false : undefined };
        } catch (error) {
          // Node names the folder it resolved from as a made-up importer; esbuild shows the real import.
          const reason = (error as Error).message.replace(/ imported from \S+$/, '');
          const text =
            (error as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'
              ? `"${args.path}" is not exported by the package "${name}": ${reason}`
              : `Could not resolve "${args.path}": ${reason}`;
          return { errors: [{ text }] };
        }
      });
    },
  };
}

/** esbuild's `external` semantics: a name also covers its subpaths, and `*` is a wildcard. */
function externalMatcher(patterns: readonly string[]): (specifier: string) => boolean {
  const regexps = patterns.map((pattern) => {
    const body = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    return new RegExp(`^${body}(?:/.*)?$`);
  });
  return (specifier) => regexps.some((regexp) => regexp.test(specifier));
}

// ---------------------------------------------------------------------------------------------------------
// The import-conditions resolver thread.

interface ImportResolver {
  resolve(specifier: string, parentUrl: string): Promise<string>;
}

const WORKER_SOURCE = `
import { parentPort } from 'node:worker_threads';
parentPort.on('message', ({ id, specifier, parent }) => {
  try {
    parentPort.postMessage({ id, url: import.meta.resolve(specifier, parent) });
  } catch (error) {
    parentPort.postMessage({ id, message: error.message, code: error.code });
  }
});`;

let resolver: ImportResolver | undefined;

function importResolver(): ImportResolver {
  resolver ??= startImportResolver();
  return resolver;
}

function startImportResolver(): ImportResolver {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`), { execArgv: ['--experimental-import-meta-resolve'] });
  const pending = new Map<number, { resolve: (url: string) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  // The thread must not keep the CLI alive; it is referenced only while an answer is awaited.
  worker.unref();
  worker.on('message', (answer: { id: number; url?: string; message?: string; code?: string }) => {
    const waiter = pending.get(answer.id);
    pending.delete(answer.id);
    if (pending.size === 0) worker.unref();
    if (answer.url !== undefined) waiter?.resolve(answer.url);
    else waiter?.reject(Object.assign(new Error(answer.message), { code: answer.code }));
  });
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
    resolver = undefined;
  });
  return {
    resolve: (specifier, parent) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, specifier, parent });
      }),
  };
}
