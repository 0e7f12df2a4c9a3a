/**
 * Loads TypeScript's 9 MB compiler from a V8 code cache, so that a build does not compile it again every
 * time: with the cache, TypeScript loads in about 70 ms instead of 190 ms, and the parser and checker
 * start compiled (another 60–100 ms of a small project's check). Node 22 does the same for tsc with
 * module.enableCompileCache; this works on Node 20 too. The v8-compile-cache library records its cache
 * when the file is compiled, before any function ran, which leaves the parser and checker out and
 * saves about half as much; this cache is recorded after a type check (`saveTypeScriptCodeCache`).
 *
 * Imported for its effect, before any `import ts = require('typescript')`: the module is put in
 * require's cache, so that every later require of TypeScript gets this copy. Anything unexpected falls
 * back to a plain require; NODE_DISABLE_COMPILE_CACHE (Node's own switch) turns it off.
 */
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const require = createRequire(import.meta.url);

interface Loaded {
  script: Script;
  cacheFile: string;
  /** The cache was missing or V8 refused it (another Node, other flags): record a new one. */
  stale: boolean;
  fromCache: boolean;
}

let loaded: Loaded | undefined;
if (!process.env.NODE_DISABLE_COMPILE_CACHE) {
  try {
    loaded = loadFromCodeCache(require.resolve('typescript'));
  } catch {
    loaded = undefined;
  }
}

function loadFromCodeCache(filename: string): Loaded | undefined {
  if (require.cache[filename]) return undefined;
  const dir = cacheFolder();
  if (!dir) return undefined;
  const { version } = JSON.parse(readFileSync(join(dirname(filename), '..', 'package.json'), 'utf8')) as { version: string };
  const { size, mtimeMs } = statSync(filename);
  // V8 checks the source and its own version and flags; the name keeps caches of different copies apart.
  const cacheFile = join(dir, `typescript-${version}-${size}-${Math.trunc(mtimeMs)}-${process.version}-${process.arch}.v8cache`);
  const cachedData = readOwnFile(cacheFile);
  const script = new Script(Module.wrap(readSource(filename)), { filename, cachedData });
  const module = new Module(filename);
  module.filename = filename;
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  module.loaded = true;
  require.cache[filename] = module;
  const fromCache = cachedData !== undefined && script.cachedDataRejected !== true;
  return { script, cacheFile, stale: !fromCache, fromCache };
}

/** The compiler's source. It is all ASCII, so read as Latin-1 it is the same string, in half the time UTF-8's checked decoding takes. */
function readSource(filename: string): string {
  const bytes = readFileSync(filename);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/**
 * A folder only this user can write to: V8 runs what a cache holds, so a cache another user could plant
 * must never be read (nor a folder reached through a link someone else made).
 */
function cacheFolder(): string | undefined {
  const uid = process.getuid?.();
  const dir = join(tmpdir(), `gqlambda-code-cache${uid === undefined ? '' : `-${uid}`}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory() || (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0))) return undefined;
  return dir;
}

function readOwnFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const uid = process.getuid?.();
    if (uid !== undefined && fstatSync(fd).uid !== uid) return undefined;
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** How TypeScript was loaded: from the code cache, compiled from its source (the cache is recorded later), or by a plain require. */
export function typeScriptLoadedFrom(): 'code cache' | 'source' | 'require' {
  if (!loaded) return 'require';
  return loaded.fromCache ? 'code cache' : 'source';
}

/**
 * Records the code cache once TypeScript has done a check (its functions are compiled by then), when
 * there is none yet or V8 refused the one there was. Best effort: a cache that cannot be written only
 * makes the next load slower.
 */
export function saveTypeScriptCodeCache(): void {
  if (!loaded?.stale) return;
  const { script, cacheFile } = loaded;
  loaded.stale = false;
  const temp = `${cacheFile}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
    renameSync(temp, cacheFile);
  } catch {
    // The cache is only a speed-up.
    rmSync(temp, { force: true });
  }
}
