/**
 * Bundles the generated handler into one file with esbuild's JS API, with Lambda's facts as defaults
 * (aws-cdk NodejsFunction): platform node, the target of the Lambda runtime, the AWS SDK v3 external
 * because the runtime provides it, and a fixed output name the handler string `index.handler` finds.
 */
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { BundleConfig, LambdaRuntime, Profile } from '../config.js';
import { GqlambdaError, type Problem } from '../errors.js';
import { packageRoot, toPosix } from '../util/paths.js';
import { locateSharedPackages, type PackageLocation, type SharedPackage } from './packages.js';
import { graphqlConstantsPlugin, type LoadCache } from './graphql-constants.js';
import { cliModuleNamer, sharedPackagesPlugin, stableMetafile } from './resolve-plugin.js';
import { nodeExportsPlugin } from './node-resolve.js';

export interface BundleOptions {
  /** The project folder: esbuild's working directory, so module names are relative to it. */
  root: string;
  /** The generated handler (absolute or relative to root). */
  entry: string;
  bundle: BundleConfig;
  profile: Profile;
  /** Whether the handler embeds trusted documents; without them the runtime's code for them is left out. @default false */
  trustedDocuments?: boolean;
  /** Folder the zip goes to; source maps name the sources relative to it. */
  outDir: string;
}

export interface BundleResult {
  /** `index.mjs` (ESM) or `index.js` (CJS): what the handler string `index.handler` resolves to. */
  fileName: string;
  code: Uint8Array;
  /** The external source map (`sourcemap: 'external'`), kept out of the zip. */
  sourceMap?: { fileName: string; text: string };
  metafile: esbuild.Metafile;
  /** Whether ESM output got a `require` for CommonJS dependencies that load externals or built-ins. */
  requireShim: boolean;
  warnings: Problem[];
}

/** `nodejs22.x` → `node22`, as CDK's `toTarget` does. */
export function esbuildTarget(runtime: LambdaRuntime): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) throw new GqlambdaError('CONFIG', `bundle.runtime: "${runtime}" is not a Node.js Lambda runtime.`, { hint: 'use "nodejs22.x" or "nodejs24.x".' });
  return `node${match[1]}`;
}

export function outputFileName(format: BundleConfig['format']): string {
  return format === 'esm' ? 'index.mjs' : 'index.js';
}

/**
 * In ESM output esbuild turns `require()` of an external or built-in module (made by bundled CommonJS
 * code) into a shim that throws "Dynamic require of "fs" is not supported"; a real `require` fixes it.
 */
const REQUIRE_BANNER = "import { createRequire as __gqlambdaCreateRequire } from 'node:module';\nconst require = __gqlambdaCreateRequire(import.meta.url);";

/** The project as esbuild sees it: its real folder, and which copies of the shared packages it bundles. */
interface Project {
  root: string;
  packages: Map<SharedPackage, PackageLocation>;
}

function projectAt(root: string): Project {
  const real = realpathSync(root);
  return { root: real, packages: locateSharedPackages(real) };
}

export async function bundle(options: BundleOptions): Promise<BundleResult> {
  const project = projectAt(options.root);
  let result = await runEsbuild(options, project, false);
  if (options.bundle.format === 'esm' && needsRequire(result.metafile)) result = await runEsbuild(options, project, true);
  assertSingleGraphql(result.metafile);
  return result;
}

/**
 * Whether the bundle's code can show a module's name: `// path` comments and wrapper keys when not minified,
 * source maps. Only then must the CLI's own files be loaded under stable names (resolve-plugin.ts). A legal
 * comment would show its file's path too, in any build; the CLI's own files have none (a test keeps it so).
 */
function namesReachCode(config: BundleConfig): boolean {
  return !config.minify || config.sourcemap !== false;
}

/** esbuild's options for one build: a separate typed object, never gqlambda's config minus some keys. */
function esbuildOptions(options: BundleOptions, { root, packages }: Project, requireShim: boolean, loads?: LoadCache): esbuild.BuildOptions & { metafile: true; write: false } {
  const { bundle: config, profile } = options;
  const external = [...(config.excludeAwsSdk ? ['@aws-sdk/*'] : []), ...config.external];
  return {
    absWorkingDir: root,
    entryPoints: [options.entry],
    outfile: join(options.outDir, outputFileName(config.format)),
    write: false,
    metafile: true,
    bundle: true,
    platform: 'node',
    target: esbuildTarget(config.runtime),
    format: config.format,
    // ESM builds of packages first: graphql-js's ESM build tree-shakes (about 40% smaller, twice as fast to load).
    mainFields: ['module', 'main'],
    minify: config.minify,
    sourcemap: config.sourcemap === false ? false : config.sourcemap,
    external,
    define: {
      __GQLAMBDA_PROFILE__: JSON.stringify(profile),
      __GQLAMBDA_TRUSTED_DOCUMENTS__: String(options.trustedDocuments === true),
      // graphql-js drops its cross-realm instanceof diagnostics in production (graphql/jsutils/instanceOf).
      'process.env.NODE_ENV': JSON.stringify(profile),
    },
    // License comments stay with the code they belong to, at the end of the file; they carry no paths.
    legalComments: 'eof',
    charset: 'utf8',
    banner: requireShim ? { js: REQUIRE_BANNER } : undefined,
    plugins: [
      sharedPackagesPlugin({ root, packages, format: config.format, stableNames: namesReachCode(config), loads }),
      nodeExportsPlugin({ external }),
      graphqlConstantsPlugin({ graphqlDir: packages.get('graphql')!.dir, loads }),
    ],
    logLevel: 'silent',
  };
}

async function runEsbuild(options: BundleOptions, project: Project, requireShim: boolean): Promise<BundleResult> {
  let result: esbuild.BuildResult<{ metafile: true; write: false }>;
  try {
    result = await esbuild.build(esbuildOptions(options, project, requireShim));
  } catch (error) {
    throw bundleError(error, project.root);
  }
  return bundleResult(result, options, project, requireShim);
}

export interface BundleContext {
  /** Bundles again, reading only what changed since the last build (esbuild's incremental context). */
  rebuild(): Promise<BundleResult>;
  dispose(): Promise<void>;
}

/**
 * An esbuild context for repeated builds of the same entry (`gqlambda dev`): each rebuild reparses only
 * the files that changed. The same checks as `bundle` apply to every result.
 */
export async function createBundleContext(options: BundleOptions): Promise<BundleContext> {
  const project = projectAt(options.root);
  let requireShim = false;
  const loads: LoadCache = new Map();
  let context = await esbuild.context(esbuildOptions(options, project, requireShim, loads));
  const rebuildOnce = async (): Promise<BundleResult> => {
    try {
      return bundleResult(await context.rebuild(), options, project, requireShim);
    } catch (error) {
      throw bundleError(error, project.root);
    }
  };
  return {
    async rebuild() {
      let result = await rebuildOnce();
      if (!requireShim && options.bundle.format === 'esm' && needsRequire(result.metafile)) {
        // The banner is fixed when a context is made: a code change that brings in a `require` needs a new one.
        requireShim = true;
        await context.dispose();
        context = await esbuild.context(esbuildOptions(options, project, requireShim, loads));
        result = await rebuildOnce();
      }
      assertSingleGraphql(result.metafile);
      return result;
    },
    dispose: () => context.dispose(),
  };
}

function bundleResult(result: esbuild.BuildResult<{ metafile: true; write: false }>, options: BundleOptions, { root, packages }: Project, requireShim: boolean): BundleResult {
  const fileName = outputFileName(options.bundle.format);
  const code = result.outputFiles.find((file) => !file.path.endsWith('.map'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
  if (!code) throw new Error('esbuild wrote no JavaScript output.');
  const pathWarnings = [
    ...absolutePathWarnings(code.text, [root, packageRoot], fileName),
    ...(map ? absolutePathWarnings(map.text, [root, packageRoot], `${fileName}.map`) : []),
  ];

  return {
    fileName,
    code: code.contents,
    sourceMap: map ? { fileName: `${fileName}.map`, text: map.text } : undefined,
    metafile: namesReachCode(options.bundle) ? result.metafile : stableMetafile(result.metafile, root, cliModuleNamer(root, packages)),
    requireShim,
    warnings: [
      ...result.warnings.map((warning): Problem => ({
        file: warning.location?.file ?? null,
        line: warning.location?.line ?? null,
        column: warning.location ? warning.location.column + 1 : null,
        message: warning.text,
        code: warning.id || 'BUNDLE',
      })),
      ...pathWarnings,
    ],
  };
}

function needsRequire(metafile: esbuild.Metafile): boolean {
  return Object.values(metafile.outputs).some((output) =>
    output.imports.some((entry) => entry.external && (entry.kind === 'require-call' || entry.kind === 'require-resolve')),
  );
}

/**
 * A build must not depend on where it ran: the same sources at another path give the same bytes.
 * esbuild's own module names are kept relative (see resolve-plugin.ts); what remains is code that
 * embeds a path itself. A warning, not an error: a project at `/app` may well contain the text `/app/`.
 */
function absolutePathWarnings(text: string, paths: string[], fileName: string): Problem[] {
  const warnings: Problem[] = [];
  for (const path of new Set(paths.map((p) => `${toPosix(p)}/`))) {
    const at = text.indexOf(path);
    if (at === -1) continue;
    warnings.push({
      file: fileName,
      line: null,
      column: null,
      message: `${fileName} contains the absolute path "${path}" (…${text.slice(Math.max(0, at - 40), at + path.length + 40)}…), so it will differ when built elsewhere; look for __dirname, __filename or a path string in your code or its dependencies.`,
      code: 'ABSOLUTE_PATH',
    });
  }
  return warnings;
}

/**
 * The metafile lists every module in the bundle. Two `node_modules/graphql/` folders mean two copies of
 * graphql-js, which break its `instanceof` checks at run time.
 */
export function graphqlCopies(metafile: esbuild.Metafile): string[] {
  const copies = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(?:[^:]*:)?(.*?node_modules\/graphql)\//.exec(input);
    if (match) copies.add(match[1]!);
  }
  return [...copies].sort();
}

export function assertSingleGraphql(metafile: esbuild.Metafile): void {
  const copies = graphqlCopies(metafile);
  if (copies.length <= 1) return;
  throw new GqlambdaError('BUNDLE', `the bundle holds ${copies.length} copies of graphql (${copies.join(', ')}); two copies break graphql-js's instanceof checks.`, {
    hint: 'make every package depend on one graphql version (npm ls graphql shows who pulls in which), or run `npm dedupe`.',
  });
}

function bundleError(error: unknown, root: string): unknown {
  const failure = error as Partial<esbuild.BuildFailure>;
  if (!Array.isArray(failure.errors) || failure.errors.length === 0) return error;
  const [first] = failure.errors;
  const text = first!.text;
  const unresolved = /^Could not resolve "([^"]+)"/.exec(text);
  return new GqlambdaError('BUNDLE', text, {
    file: first!.location ? toPosix(first!.location.file) : undefined,
    line: first!.location?.line,
    column: first!.location ? first!.location.column + 1 : undefined,
    detail: esbuild.formatMessagesSync(failure.errors, { kind: 'error', color: false }).join('').trim(),
    hint: unresolved
      ? `install "${unresolved[1]}" in the project (npm install ${unresolved[1]}), or list it in bundle.external in the gqlambda config if the Lambda runtime provides it.`
      : `fix the code at the location above; esbuild bundles from ${root}.`,
  });
}
