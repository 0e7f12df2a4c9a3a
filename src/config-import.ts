/**
 * config-import
 *
 * Turns a config file into the value it exports, the way Node would run it in place: `import.meta.url`,
 * `__dirname` and `__filename` name the config's own file, relative imports, JSON imports and tsconfig
 * `paths` aliases are compiled in, and packages stay external, so Node loads them from the project's
 * node_modules (CommonJS ones included). This is what tsup and vite do; bundle-require is tsup's loader.
 *
 * Every load compiles to a new file name, so a changed config (or a file it imports) is read again
 * in the same process (`gqlambda dev`).
 */
import { bundleRequire } from 'bundle-require';
import type { Message, Plugin } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { GqlambdaError } from './errors.js';
import { displayPath, packageRoot } from './util/paths.js';

/** The value a config file exports: its default export (ESM) or `module.exports` (CommonJS). */
export async function importConfigFile(file: string): Promise<unknown> {
  if (extname(file) === '.json') return readJsonConfig(file);
  const format = moduleFormat(file);
  const module = await compileAndRun(file, format);
  // A CommonJS module written with `module.exports` is the config itself; one written with ESM syntax
  // (compiled to CommonJS for a .cts file, say) carries `__esModule` and a `default`.
  const writtenAsCommonJs = format === 'cjs' && !isEsModuleInterop(module);
  const exported = writtenAsCommonJs ? module : (module as { default?: unknown }).default;
  if (exported === undefined) {
    throw new GqlambdaError('CONFIG', writtenAsCommonJs ? 'the config file exports nothing' : 'the config file has no default export', {
      file: displayPath(file),
      hint: writtenAsCommonJs
        ? "export the config: `module.exports = defineConfig({ … })` with defineConfig from require('gqlambda')."
        : "export the config: `export default defineConfig({ … })` with defineConfig from 'gqlambda'.",
    });
  }
  return exported;
}

/**
 * ESM or CommonJS, as Node decides: by extension, and for .js and .ts by the nearest package.json
 * `"type"` (vite reads .ts configs the same way, and so does Node's own TypeScript support).
 */
export function moduleFormat(file: string): 'esm' | 'cjs' {
  const ext = extname(file);
  if (ext === '.mjs' || ext === '.mts') return 'esm';
  if (ext === '.cjs' || ext === '.cts') return 'cjs';
  return nearestPackageType(dirname(file)) === 'module' ? 'esm' : 'cjs';
}

function nearestPackageType(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type;
      } catch {
        return undefined;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

function isEsModuleInterop(module: unknown): boolean {
  return module !== null && typeof module === 'object' && (module as { __esModule?: unknown }).__esModule === true;
}

async function compileAndRun(file: string, format: 'esm' | 'cjs'): Promise<unknown> {
  const root = dirname(file);
  let outfile = '';
  try {
    const { mod } = await bundleRequire({
      filepath: file,
      cwd: root,
      format,
      // `#imports` resolve through the project's package.json, which the compiled file may not sit under.
      notExternal: [/^#/],
      esbuildOptions: {
        target: 'node20',
        logLevel: 'silent',
        // Node 20.11's spellings of __dirname and __filename, bound to each source file like those two.
        define: { 'import.meta.dirname': '__injected_dirname__', 'import.meta.filename': '__injected_filename__' },
        // Stack traces name the config's own files: source paths are made absolute for Node's source maps.
        sourceRoot: `${pathToFileURL(root).href}/`,
        plugins: [ownGqlambdaPlugin(root)],
      },
      getOutputFile: (_input, outFormat) => (outfile = compiledFileName(root, outFormat)),
      require: (path, { format: outFormat }) => runCompiled(path, outFormat),
    });
    return mod;
  } catch (error) {
    throw explainLoadError(error, file, outfile);
  }
}

/**
 * Where the compiled config is run from. Bare imports resolve from its folder, so it goes into the nearest
 * node_modules (vite's `node_modules/.vite-temp`); a project without one has no package to find, so it goes
 * to the temp folder and never into the user's tree. The file is removed once it has run.
 */
function compiledFileName(root: string, format: 'esm' | 'cjs'): string {
  const nodeModules = nearestNodeModules(root);
  let folder = tmpdir();
  if (nodeModules !== undefined) {
    try {
      mkdirSync(join(nodeModules, '.gqlambda-temp'), { recursive: true });
      folder = join(nodeModules, '.gqlambda-temp');
    } catch {
      // A node_modules we may not write to (a shared or read-only install): packages then cannot be found
      // from the compiled file, and the error names the missing one.
    }
  }
  const id = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  return join(folder, `gqlambda.config.${id}.${format === 'esm' ? 'mjs' : 'cjs'}`);
}

function nearestNodeModules(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate) && statSync(candidate).isDirectory()) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Runs the compiled config with source maps on, so an error's stack points into the user's files. */
async function runCompiled(path: string, format: 'esm' | 'cjs'): Promise<unknown> {
  // process.sourceMapsEnabled is new in Node 20.7: before, it reads undefined.
  const sourceMapsWereEnabled = process.sourceMapsEnabled === true;
  process.setSourceMapsEnabled(true);
  try {
    if (format === 'esm') return await import(path);
    const require = createRequire(import.meta.url);
    try {
      return require(path);
    } finally {
      // Each load has a file name of its own: keeping them would only grow the cache in `gqlambda dev`.
      delete require.cache[path];
    }
  } catch (error) {
    // Read the stack now: it is formatted on first access, and only while source maps are on.
    void (error as Error | undefined)?.stack;
    throw error;
  } finally {
    process.setSourceMapsEnabled(sourceMapsWereEnabled);
  }
}

/**
 * `import … from 'gqlambda'` in a project that has not installed gqlambda (a fresh `gqlambda init`, or npx)
 * gets this CLI's own copy, compiled in (it is two small files). A project with its own copy keeps it.
 */
function ownGqlambdaPlugin(root: string): Plugin {
  return {
    name: 'gqlambda-own-copy',
    setup(build) {
      build.onResolve({ filter: /^gqlambda$/ }, () => {
        try {
          createRequire(join(root, 'noop.js')).resolve('gqlambda');
          return undefined;
        } catch {
          return { path: resolve(packageRoot, 'dist/index.js') };
        }
      });
    },
  };
}

function explainLoadError(error: unknown, file: string, outfile: string): GqlambdaError {
  const compileError = (error as { errors?: Message[] }).errors?.[0];
  if (compileError) {
    const location = compileError.location;
    const where = location ? resolve(dirname(file), location.file) : file;
    return new GqlambdaError('CONFIG', `cannot compile the config: ${compileError.text}`, {
      file: displayPath(where),
      line: location?.line,
      column: location ? userColumn(where, location.line, location.column + 1) : undefined,
      hint: compileError.text.startsWith('Top-level await')
        ? `this config runs as CommonJS (the nearest package.json has no "type": "module"): add that, or rename it to ${basename(file).replace(/\.[cm]?[jt]s$/, extname(file).endsWith('ts') ? '.mts' : '.mjs')}.`
        : `fix the error at this place in ${where === file ? 'the config file' : displayPath(where)}.`,
      cause: error,
    });
  }
  // CommonJS adds the chain of requiring files, which is the config and gqlambda itself: noise here.
  const message = withoutCompiledPath((error as Error)?.message ?? String(error), outfile, file).replace(/\nRequire stack:\n[\s\S]*$/, '');
  const missingPackage = (error as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' || (error as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND';
  const where: { file: string; line?: number; column?: number } = throwSite(error, dirname(file)) ?? (missingPackage ? importSite(message, file) : undefined) ?? { file };
  return new GqlambdaError('CONFIG', `the config file failed to load: ${message}`, {
    file: displayPath(where.file),
    line: where.line,
    column: where.column,
    hint: missingPackage
      ? 'install the package the config imports (npm install it in the project), or fix the import.'
      : 'the config runs when gqlambda starts; fix the error it throws.',
    cause: error,
  });
}

/**
 * bundle-require puts `const __injected_filename__ = …;` declarations (and two more) in front of the first
 * line of every file, so positions on that line are off by their length.
 */
function injectedPrefixLength(path: string): number {
  const names = { filename: path, dirname: dirname(path), import_meta_url: pathToFileURL(path).href };
  return Object.entries(names).reduce((length, [name, value]) => length + `const __injected_${name}__ = ${JSON.stringify(value)};`.length, 0);
}

/** A 1-based column in the user's file, from one in the file bundle-require compiled. */
function userColumn(path: string, line: number, column: number): number {
  return line === 1 ? Math.max(1, column - injectedPrefixLength(path)) : column;
}

/** Node names the compiled file in messages ("imported from …/gqlambda.config.123.mjs"); users know the config. */
function withoutCompiledPath(message: string, outfile: string, file: string): string {
  if (outfile === '') return message;
  return message.split(pathToFileURL(outfile).href).join(file).split(outfile).join(file);
}

/** The first stack frame in the project's own files (outside node_modules), after source mapping. */
function throwSite(error: unknown, root: string): { file: string; line: number; column: number } | undefined {
  const stack = (error as Error | undefined)?.stack;
  if (typeof stack !== 'string') return undefined;
  for (const match of stack.matchAll(/(file:\/\/\/[^\s()]+|\/[^\s():]+):(\d+):(\d+)/g)) {
    const path = match[1]!.startsWith('file:') ? fileURLToPath(match[1]!) : match[1]!;
    if (path.startsWith(root + sep) && !path.includes(`${sep}node_modules${sep}`)) {
      const line = Number(match[2]);
      return { file: path, line, column: userColumn(path, line, Number(match[3])) };
    }
  }
  return undefined;
}

/** ESM reports a missing package while linking, with no stack frame: the import is found in the text. */
function importSite(message: string, file: string): { file: string; line: number; column: number } | undefined {
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(message)?.[1];
  if (name === undefined) return undefined;
  const text = readFileSync(file, 'utf8');
  const offset = [`'${name}'`, `"${name}"`].map((quoted) => text.indexOf(quoted)).filter((index) => index >= 0).sort((a, b) => a - b)[0];
  return offset === undefined ? undefined : { file, ...lineAndColumn(text, offset) };
}

async function readJsonConfig(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // V8 reports "… in JSON at position N"; without a position the input ended early.
    const position = /at position (\d+)/.exec(message)?.[1];
    const { line, column } = lineAndColumn(text, position === undefined ? text.length : Number(position));
    throw new GqlambdaError('CONFIG', `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`, {
      file: displayPath(file),
      line,
      column,
      hint: 'fix the JSON syntax (no trailing commas or comments in a .json config).',
    });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}
