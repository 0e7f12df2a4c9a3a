/**
 * A build with nothing changed: when generate found its inputs as it left them (its fingerprint), the
 * build options are the same, every file the last type check and bundle read is as it was, and the zip
 * and the files beside it are as the last build wrote them, the last build's summary stands. The type
 * check, bundle, smoke test and zip are not redone (a second `build` of hello: 3.7 s before).
 * Stored in `<generated>/cache/build.json`; only a successful build is stored.
 */
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config.js';
import { cacheDir, codeStamp, fileStamp, readCacheEntry, stampsHold } from '../generate/cache.js';
import { writeFileAtomic } from '../util/fs.js';
import type { Problem } from '../errors.js';
import type { BuildSummary } from './index.js';

const CACHE_FILE = 'build.json';

interface BuildCacheEntry {
  key: string;
  /** Absolute path → size and modification time: what the type check and the bundle read. */
  inputs: Record<string, string>;
  /** The files the build wrote, relative to the project → size and modification time. */
  outputs: Record<string, string>;
  summary: Reused;
}

/** The last build's summary, and its bundle's warnings (the others are worked out again). */
export type Reused = Omit<BuildSummary, 'steps' | 'startupMs' | 'elapsedMs' | 'reused'> & { bundleWarnings: Problem[] };

/** What a build's result depends on besides the files: the inputs' fingerprint, the options and gqlambda's build code. */
export function buildKey(fingerprint: string, options: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify([fingerprint, codeStamp(import.meta.url), options])).digest('hex');
}

/**
 * Whether the files the last build read and wrote are as it left them, judged before the config is
 * loaded (so not its flags or settings): the CLI then does not start the type check's worker, which the
 * build will most likely not need.
 */
export async function lastBuildLooksCurrent(config: { root: string; generated: string }): Promise<boolean> {
  return (await lastBuild(config)) !== undefined;
}

/** The last build's summary, when everything it depended on and everything it wrote is as it was. */
export async function reusableBuild(config: ResolvedConfig, key: string): Promise<Reused | undefined> {
  const entry = await lastBuild(config, key);
  return entry?.summary;
}

/** The stored build, when (its key is `key` and) every file it read and wrote holds its stamp. */
async function lastBuild(config: { root: string; generated: string }, key?: string): Promise<BuildCacheEntry | undefined> {
  const entry = await readCacheEntry<BuildCacheEntry>(config, CACHE_FILE);
  if (!entry || (key !== undefined && entry.key !== key)) return undefined;
  // The few files it wrote first: a deleted dist/ is known without the hundreds of stamps of its inputs.
  return stampsHold(entry.outputs, config.root) && stampsHold(entry.inputs, config.root) ? entry : undefined;
}

export async function saveBuild(config: ResolvedConfig, key: string, inputs: readonly string[], summary: BuildSummary, bundleWarnings: Problem[]): Promise<void> {
  const { steps: _steps, startupMs: _startupMs, elapsedMs: _elapsedMs, reused: _reused, ...rest } = summary;
  const written = [summary.zip, summary.metafile, summary.template, summary.sourceMap, summary.documents].filter((path): path is string => path !== null);
  const entry: BuildCacheEntry = {
    key,
    inputs: Object.fromEntries([...new Set(inputs)].sort().map((path) => [path, fileStamp(path)])),
    outputs: Object.fromEntries(written.map((path) => [path, fileStamp(resolve(config.root, path))])),
    summary: { ...rest, bundleWarnings },
  };
  // generate's run made the folder and its .gitignore.
  await writeFileAtomic(join(cacheDir(config), CACHE_FILE), `${JSON.stringify(entry)}\n`);
}
