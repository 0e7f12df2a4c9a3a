/**
 * The esbuild plugin that makes every import of `gqlambda` and `graphql` land on one
 * copy (the project's when it has one, else the CLI's; see packages.ts), and that keeps the CLI's own
 * install location out of the bundle.
 *
 * Why the second part: esbuild names each module by its path relative to `absWorkingDir`, and those
 * names end up in the output (`__esm({"../../usr/lib/…"(){…}})` keys and `// path` comments when not
 * minified, source map `sources`, the metafile). For the CLI's copies that path depends on where the
 * CLI and the project happen to live, which would make two checkouts of one project build different
 * zips. So modules from the CLI's copies are loaded in a namespace of their own under a stable name,
 * `node_modules/<package>/<file>`, as if the project had installed them. That costs a round trip to
 * esbuild for every import and every file of graphql-js (about 700, most of a small bundle's time), so
 * a build whose code cannot show a name (minified, without a source map) leaves the CLI's files to
 * esbuild and renames them in the metafile only (`stableMetafile`).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import type { ImportKind, Loader, Metafile, OnResolveResult, Plugin, PluginBuild } from 'esbuild';
import { packageRoot, toPosix } from '../util/paths.js';
import { GRAPHQL_ESM_FILE, type LoadCache, markFrozenConstantsPure, memoizeLoads } from './graphql-constants.js';
import { resolveLikeNode, resolveModeOf } from './node-resolve.js';
import { type PackageLocation, type SharedPackage, sharedPackageOf } from './packages.js';

/** The namespace of modules that come from the CLI's own install. */
export const CLI_NAMESPACE = 'gqlambda-cli';

interface Inner {
  gqlambdaInner: true;
}

/** A stable name for a file of the CLI's install (`node_modules/graphql/index.mjs`), or undefined for every other file. */
export function cliModuleNamer(root: string, packages: Map<SharedPackage, PackageLocation>): (path: string) => string | undefined {
  // Most specific first: a CLI-owned package may live outside the CLI's folder (npx hoists them).
  const cliAreas = [
    ...[...packages.values()].filter((p) => p.owner === 'cli' && p.name !== 'gqlambda').map((p) => ({ dir: p.dir, name: `node_modules/${p.name}` })),
    { dir: packageRoot, name: 'node_modules/gqlambda' },
  ];
  return (path) => {
    if (isInside(path, root)) return undefined;
    const area = cliAreas.find((candidate) => isInside(path, candidate.dir));
    return area && `${area.name}/${toPosix(relative(area.dir, path))}`;
  };
}

/**
 * The metafile of a build that left the CLI's files to esbuild, named as the namespace would have named
 * them: the same size report, the same `dist/lambda.meta.json`, wherever the CLI lives.
 */
export function stableMetafile(metafile: Metafile, root: string, cliName: (path: string) => string | undefined): Metafile {
  // What the namespace holds: the CLI's files that an import of gqlambda or graphql leads to, and the
  // CLI's files those import in turn; not, say, a project's own file that happens to lie in the CLI's folder.
  const stable = new Map<string, string>();
  const enter = (name: string): void => {
    if (stable.has(name) || !isFileName(name)) return;
    const cliFile = cliName(resolve(root, name));
    if (cliFile === undefined) return;
    stable.set(name, `${CLI_NAMESPACE}:${cliFile}`);
    for (const entry of metafile.inputs[name]?.imports ?? []) if (!entry.external) enter(entry.path);
  };
  for (const input of Object.values(metafile.inputs)) {
    for (const entry of input.imports) if (!entry.external && entry.original !== undefined && sharedPackageOf(entry.original)) enter(entry.path);
  }
  const rename = (name: string): string => stable.get(name) ?? name;
  const inputs = Object.entries(metafile.inputs).map(([name, input]) => [rename(name), { ...input, imports: input.imports.map((entry) => (entry.external ? entry : { ...entry, path: rename(entry.path) })) }]);
  const outputs = Object.entries(metafile.outputs).map(([name, output]) => [name, { ...output, inputs: Object.fromEntries(Object.entries(output.inputs).map(([input, bytes]) => [rename(input), bytes])) }]);
  return { ...metafile, inputs: Object.fromEntries(inputs), outputs: Object.fromEntries(outputs) };
}

/** Whether a metafile name is a file's (relative to the project) rather than `namespace:…`, which names no file. */
export function isFileName(name: string): boolean {
  return !/^[\w-]+:/.test(name);
}

export function sharedPackagesPlugin(options: {
  root: string;
  packages: Map<SharedPackage, PackageLocation>;
  format: 'esm' | 'cjs';
  /** Load the CLI's files under their stable names (see above); without, esbuild loads them by path. @default true */
  stableNames?: boolean;
  /** Loaded package files kept across the rebuilds of one esbuild context (see `memoizeLoads`). */
  loads?: LoadCache;
}): Plugin {
  const { root, packages } = options;
  const cliName = options.stableNames === false ? () => undefined : cliModuleNamer(root, packages);
  const realPaths = new Map<string, string>();
  // The `sideEffects` of the package.json nearest to each folder, as esbuild reads it: `false` lets it
  // drop unused modules (graphql-js's ESM build), which is what keeps the bundle small.
  const folderSideEffects = new Map<string, boolean | undefined>();
  /** What esbuild's own resolver would say of a file's side effects; undefined when only it can say (a list of globs). */
  const sideEffectsOf = (path: string): boolean | undefined => {
    const folder = dirname(path);
    if (folderSideEffects.has(folder)) return folderSideEffects.get(folder);
    let answer: boolean | undefined;
    let manifest: string | undefined;
    try {
      manifest = readFileSync(join(folder, 'package.json'), 'utf8');
    } catch {
      manifest = undefined;
    }
    if (manifest !== undefined) {
      let declared: unknown;
      try {
        declared = (JSON.parse(manifest) as { sideEffects?: unknown }).sideEffects;
      } catch {
        declared = [];
      }
      answer = declared === false ? false : declared === undefined || declared === true ? true : undefined;
    } else {
      answer = dirname(folder) === folder ? true : sideEffectsOf(folder);
    }
    folderSideEffects.set(folder, answer);
    return answer;
  };
  // Within one esbuild context (`gqlambda dev`), the CLI's files and what they import stay put.
  const resolved = options.loads && new Map<string, OnResolveResult>();

  const wrap = (result: { path: string; external: boolean; sideEffects: boolean; namespace: string; suffix: string }): OnResolveResult => {
    const name = result.namespace === 'file' && !result.external ? cliName(result.path) : undefined;
    if (name === undefined) {
      return { path: result.path, external: result.external, sideEffects: result.sideEffects, namespace: result.namespace, suffix: result.suffix };
    }
    realPaths.set(name, result.path);
    return { path: name, namespace: CLI_NAMESPACE, sideEffects: result.sideEffects, suffix: result.suffix };
  };

  const resolveShared = async (build: PluginBuild, specifier: string, pkg: SharedPackage, kind: ImportKind): Promise<OnResolveResult> => {
    const location = packages.get(pkg)!;
    if (pkg === 'gqlambda') {
      // Node's resolver, through gqlambda's exports map; the CLI's own copy answers to its own name.
      let target: string;
      try {
        target = await resolveLikeNode(specifier, location.owner === 'project' ? root : location.dir, resolveModeOf(kind));
      } catch (error) {
        return { errors: [{ text: `"${specifier}" is not exported by gqlambda (see its package.json "exports"): ${(error as Error).message}` }] };
      }
      return wrap({ path: target, external: false, sideEffects: true, namespace: 'file', suffix: '' });
    }
    const resolveDir = location.owner === 'project' ? root : dirname(dirname(location.dir));
    // graphql 16 ships each module twice, `x.js` (CommonJS) and `x.mjs`, with no exports map: a deep ESM
    // import such as `graphql/jsutils/inspect.js` would bundle a second, CommonJS copy beside the one the
    // package's ESM entry already brought in.
    if (pkg === 'graphql' && options.format === 'esm') specifier = specifier.replace(/\.js$/, '.mjs');
    const result = await build.resolve(specifier, { kind, resolveDir, pluginData: { gqlambdaInner: true } satisfies Inner });
    if (result.errors.length > 0) return { errors: result.errors };
    return wrap(result);
  };

  return {
    name: 'gqlambda-shared-packages',
    setup(build) {
      build.onResolve({ filter: /^(?:gqlambda|graphql)(?:\/|$)/ }, async (args) => {
        if ((args.pluginData as Inner | undefined)?.gqlambdaInner) return undefined;
        return resolveShared(build, args.path, sharedPackageOf(args.path)!, args.kind);
      });

      // Imports made by the CLI's own modules: resolved from their real folder, then renamed again.
      build.onResolve({ filter: /.*/, namespace: CLI_NAMESPACE }, async (args) => {
        const key = `${args.resolveDir}\0${args.path}\0${args.kind}`;
        const known = resolved?.get(key);
        if (known) return known;
        const direct = relativeModule(args.path, args.resolveDir);
        if (direct !== undefined) {
          const sideEffects = sideEffectsOf(direct);
          if (sideEffects !== undefined) return wrap({ path: direct, external: false, sideEffects, namespace: 'file', suffix: '' });
        }
        const result = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { gqlambdaInner: true } satisfies Inner });
        if (result.errors.length > 0) return { errors: result.errors };
        const answer = wrap(result);
        resolved?.set(key, answer);
        return answer;
      });

      build.onLoad({ filter: /.*/, namespace: CLI_NAMESPACE }, memoizeLoads(options.loads, async (args) => {
        const realPath = realPaths.get(args.path);
        if (!realPath) return { errors: [{ text: `gqlambda: lost track of ${args.path}` }] };
        // Read synchronously: a few hundred small files, each a trip through libuv's thread pool otherwise.
        const contents = GRAPHQL_ESM_FILE.test(args.path) ? markFrozenConstantsPure(readFileSync(realPath)) : readFileSync(realPath);
        return { contents, loader: loaderFor(realPath), resolveDir: dirname(realPath) };
      }));
    },
  };
}

/**
 * graphql-js's ESM build and gqlambda's own modules import each other by relative path with the file's
 * extension: resolved here, each saves a round trip through esbuild (about 300 ms of a 400 ms bundle).
 * Anything else (bare names, paths without an extension, folders) goes to esbuild's resolver.
 */
function relativeModule(specifier: string, resolveDir: string): string | undefined {
  if (!/^\.\.?\//.test(specifier) || !/\.(?:m?js|json)$/.test(specifier)) return undefined;
  const path = resolve(resolveDir, specifier);
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function loaderFor(path: string): Loader {
  const extension = extname(path);
  if (extension === '.json') return 'json';
  if (extension === '.ts' || extension === '.mts' || extension === '.cts') return 'ts';
  if (extension === '.tsx') return 'tsx';
  if (extension === '.jsx') return 'jsx';
  return 'js';
}
