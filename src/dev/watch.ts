/**
 * What `gqlambda dev` watches: the project's sources, schema files and config, and the schema files and
 * mapper models that live outside the project folder (a monorepo's shared schema), never generated or
 * installed files. chokidar rather than `fs.watch`: several roots, an ignore rule that skips whole
 * folders, a "ready" once the first scan is done, and a save made by renaming a new file over the old
 * reported as one change.
 */
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { watch } from 'chokidar';
import type { ResolvedConfig } from '../config.js';
import { generatedDir } from '../generate/paths.js';

const WATCHED = /\.(?:[cm]?[jt]sx?|graphqls?|gql|json)$/;
const IGNORED_NAMES = new Set(['node_modules', '.git']);

export interface ProjectWatcher {
  /** Resolves once every watched folder has been scanned: changes made after it are all seen. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Calls onChange with the absolute paths changed, after a short pause, one call at a time. */
export function watchProject(config: ResolvedConfig, onChange: (changed: string[]) => Promise<void>): ProjectWatcher {
  const ignoredDirs = [generatedDir(config), join(config.root, 'dist')];
  const ignored = (path: string, stats?: { isFile(): boolean }): boolean =>
    path.split(sep).some((part) => IGNORED_NAMES.has(part)) ||
    ignoredDirs.some((dir) => path === dir || path.startsWith(dir + sep)) ||
    (stats?.isFile() === true && !WATCHED.test(path));
  const watcher = watch(watchedRoots(config), { ignored, ignoreInitial: true });

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let changed = new Set<string>();
  watcher.on('all', (_event, path) => {
    if (!WATCHED.test(path)) return;
    changed.add(resolve(path));
    clearTimeout(timer);
    // Editors write a file in several steps; a short pause gathers them into one rebuild.
    timer = setTimeout(() => {
      const files = [...changed];
      changed = new Set();
      running = running.then(() => onChange(files));
    }, 20);
  });
  return {
    ready: new Promise((resolveReady) => watcher.once('ready', () => resolveReady())),
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** The project folder, plus the folders of schema globs and the mapper models that are outside it. */
function watchedRoots(config: ResolvedConfig): string[] {
  const roots = new Set([config.root]);
  const outside = (path: string): boolean => {
    const from = relative(config.root, path);
    return from.startsWith('..') || isAbsolute(from);
  };
  for (const pattern of config.schema) {
    // The part of the glob before its first wildcard is a folder to watch.
    const base = resolve(config.root, pattern.split(/[*?[{]/)[0]!);
    const folder = /[*?[{]/.test(pattern) ? base : dirname(base);
    if (outside(folder)) roots.add(folder);
  }
  for (const mapper of Object.values(config.mappers)) {
    const file = resolve(config.root, mapper.split('#')[0]!);
    if (outside(file)) roots.add(file);
  }
  return [...roots];
}
