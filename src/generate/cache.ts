/**
 * The no-change path of `generate`: a fingerprint of everything it reads, stored beside its outputs
 * (`<generated>/cache/generate.json`, gitignored by its own .gitignore), so that a run whose inputs and
 * outputs are as the last run left them answers from there without loading graphql-js, codegen or
 * TypeScript (GitHub's schema: 2 s of work redone for nothing).
 *
 * Inputs: the gqlambda version and code, the resolved config, and every file of the project folder
 * (config, schema, stubs, models, context, server, operations, tsconfig, …) but node_modules,
 * dot-folders, the generated folder and the zip's folder; plus what the `schema` and `operations` globs
 * match and the modules the config names, where they lie outside the project folder. Outputs: every
 * file the last run planned. Files are compared by size and modification time (fileStamp). Any
 * difference, and generate runs in full.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolvedConfig } from '../config.js';
import { writeFileAtomic } from '../util/fs.js';
import { packageRoot, toPosix } from '../util/paths.js';
import type { GeneratedFile } from './types.js';
import type { GenerateReport, GenerateWarning } from './index.js';
import { generatedDir } from './paths.js';

const CACHE_FILE = 'generate.json';

interface CacheEntry {
  inputs: string;
  /** Every planned file, relative to the project, and its size and modification time. */
  outputs: Record<string, string>;
  /** The warnings a run with these inputs gives again (not the one-off change notices), files relative. */
  warnings: GenerateWarning[];
  documents?: GenerateReport['documents'];
}

export function cacheDir(config: { root: string; generated: string }): string {
  return join(generatedDir(config), 'cache');
}

/**
 * Size and modification time (nanosecond resolution where the file system has it): reading and hashing
 * every stub and GitHub's 6 MB of generated code took longer than the 300 ms the whole run may take.
 * An editor, `git checkout` or a tool that changes a file changes its time.
 */
export function fileStamp(path: string): string {
  const stats = statSync(path, { throwIfNoEntry: false, bigint: true });
  return stats?.isFile() ? `${stats.size}:${stats.mtimeNs}` : 'missing';
}

/** Whether every file is as its stamp says (paths absolute, or relative to `root`). */
export function stampsHold(stamps: Record<string, string>, root: string): boolean {
  return Object.entries(stamps).every(([path, stamp]) => fileStamp(resolve(root, path)) === stamp);
}

/** An entry of `<generated>/cache/`, or undefined when it is missing or unreadable (then the work is redone). */
export async function readCacheEntry<T>(config: { root: string; generated: string }, name: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(join(cacheDir(config), name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The fingerprint of generate's inputs as they are now, or undefined when they cannot be listed (the full run explains why). */
export async function inputFingerprint(config: ResolvedConfig): Promise<string | undefined> {
  const stamps = await inputStamps(config);
  return stamps && fingerprintOf(config, stamps);
}

/** Each input file's stamp (size and modification time) by its path from the root; undefined when they cannot be listed. */
export async function inputStamps(config: ResolvedConfig): Promise<Map<string, string> | undefined> {
  let files: string[];
  try {
    files = [...new Set([...projectFiles(config), ...(await outsideFiles(config))])].sort();
  } catch {
    return undefined;
  }
  return new Map(files.map((file) => [toPosix(relative(config.root, file)), fileStamp(file)]));
}

export function fingerprintOf(config: ResolvedConfig, stamps: ReadonlyMap<string, string>): string {
  const hash = createHash('sha256');
  hash.update(`gqlambda ${codeStamp()}\n`);
  // The config with its folder taken out: a moved project keeps its cache.
  hash.update(`${JSON.stringify(config).split(JSON.stringify(config.root).slice(1, -1)).join('<root>')}\n`);
  for (const [file, stamp] of stamps) hash.update(`${file}\0${stamp}\n`);
  return hash.digest('hex');
}

/** Whether no file but the run's own outputs was added, removed or changed between the two listings. */
export function changedOnlyByRun(config: ResolvedConfig, before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, written: readonly string[]): boolean {
  const own = new Set(written.map((path) => toPosix(relative(config.root, path))));
  for (const [file, stamp] of after) if (!own.has(file) && before.get(file) !== stamp) return false;
  for (const file of before.keys()) if (!own.has(file) && !after.has(file)) return false;
  return true;
}

/** The report of a run with these inputs, when the last run had the same and left its outputs as they are. */
export async function cachedReport(config: ResolvedConfig, inputs: string, check: boolean): Promise<GenerateReport | undefined> {
  const entry = await readCacheEntry<CacheEntry>(config, CACHE_FILE);
  if (entry?.inputs !== inputs || !stampsHold(entry.outputs, config.root)) return undefined;
  return {
    files: Object.keys(entry.outputs).map((name) => ({ path: resolve(config.root, name), status: 'unchanged' as const })),
    warnings: entry.warnings.map((warning) => ({ ...warning, file: resolve(config.root, warning.file) })),
    documents: entry.documents,
    upToDate: true,
    check,
  };
}

export async function saveCache(
  config: ResolvedConfig,
  entry: { inputs: string; planned: readonly GeneratedFile[]; warnings: readonly GenerateWarning[]; documents?: GenerateReport['documents'] },
): Promise<void> {
  const rel = (path: string): string => toPosix(relative(config.root, path));
  const outputs = Object.fromEntries([...entry.planned].sort((a, b) => (a.path < b.path ? -1 : 1)).map((file) => [rel(file.path), fileStamp(file.path)]));
  const saved: CacheEntry = { inputs: entry.inputs, outputs, warnings: entry.warnings.map((warning) => ({ ...warning, file: rel(warning.file) })), documents: entry.documents };
  await ensureCacheDir(config);
  await writeFileAtomic(join(cacheDir(config), CACHE_FILE), `${JSON.stringify(saved)}\n`);
}

/**
 * The gqlambda version and when the code in `moduleUrl`'s folder last changed: a rebuilt or updated
 * CLI invalidates every cache.
 */
export function codeStamp(moduleUrl = import.meta.url): string {
  const here = dirname(fileURLToPath(moduleUrl));
  const newest = Math.max(...readdirSync(here).map((name) => statSync(join(here, name)).mtimeMs));
  const { version } = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  return `${version} ${newest}`;
}

/** Every file of the project folder but node_modules, dot-folders, the generated folder and the zip's. */
function projectFiles(config: ResolvedConfig): string[] {
  const skip = new Set([generatedDir(config), dirname(resolve(config.root, config.bundle.outfile))]);
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.') || skip.has(path)) continue;
        walk(path);
      } else if (entry.isFile()) files.push(path);
    }
  };
  walk(config.root);
  return files;
}

/** Inputs the walk does not see: glob matches and named modules outside the project folder. */
async function outsideFiles(config: ResolvedConfig): Promise<string[]> {
  const outside = (path: string): boolean => {
    const rel = relative(config.root, path);
    return rel.startsWith('..') || isAbsolute(rel);
  };
  // A glob that stays inside the project matches nothing the walk has not seen (and tinyglobby takes 80 ms to load).
  const reachesOut = (pattern: string): boolean => pattern.replace(/^!/, '').startsWith('..') || isAbsolute(pattern.replace(/^!/, ''));
  const filesOutside = async (patterns: readonly string[], key?: 'operations'): Promise<string[]> =>
    patterns.some(reachesOut) ? (await import('../schema-files.js')).findSchemaFiles(config.root, patterns, key) : [];
  const matched = [...(await filesOutside(config.schema)), ...(await filesOutside(config.operations, 'operations'))];
  const modules = [config.context.module, config.server, config.configFile, ...Object.values(config.mappers).map((mapper) => mapper.split('#')[0]!)]
    .filter((path): path is string => typeof path === 'string' && (path.startsWith('.') || isAbsolute(path)))
    .map((path) => resolve(config.root, path))
    .flatMap((path) => [path, path.replace(/\.js$/, '.ts'), `${path}.ts`]);
  const resolversDir = resolve(config.root, config.resolvers);
  const stubs = outside(resolversDir) && existsSync(resolversDir) ? (await readdir(resolversDir)).map((name) => join(resolversDir, name)) : [];
  return [...matched, ...modules, ...stubs].filter((path) => outside(path) || path === config.configFile).filter((path) => existsSync(path));
}

/**
 * One output remembered under a key of everything it depends on (`<generated>/cache/<name>.json`), for a
 * step whose inputs are a subset of generate's: the resolver types do not depend on the resolver files.
 */
export function rememberedKey(parts: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify([codeStamp(), ...parts])).digest('hex');
}

export async function recall(config: ResolvedConfig, name: string, key: string): Promise<string | undefined> {
  const entry = await readCacheEntry<{ key: string; content: string }>(config, `${name}.json`);
  return entry?.key === key ? entry.content : undefined;
}

export async function remember(config: ResolvedConfig, name: string, key: string, content: string): Promise<void> {
  await ensureCacheDir(config);
  await writeFileAtomic(join(cacheDir(config), `${name}.json`), JSON.stringify({ key, content }));
}

async function ensureCacheDir(config: ResolvedConfig): Promise<void> {
  const dir = cacheDir(config);
  await mkdir(dir, { recursive: true });
  // The cache is this machine's: never committed with the generated code.
  if (!existsSync(join(dir, '.gitignore'))) await writeFile(join(dir, '.gitignore'), '*\n');
}
