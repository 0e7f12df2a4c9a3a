/**
 * Where a project's config file is, found without loading it: the build starts its type check from
 * this before the config loader (and its dependencies) is even imported.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Config file extensions, in the order gqlambda looks for them. */
export const CONFIG_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'] as const;

export const CONFIG_FILE_NAMES = CONFIG_EXTENSIONS.map((ext) => `gqlambda.config${ext}`);

/** The nearest config file in `from` or one of its parents. */
export function findConfigFile(from: string): string | undefined {
  let folder = resolve(from);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(folder, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** The project root `loadConfig` will settle on, when the config is valid: its folder, or cwd without one. */
export function projectRootOf(cwd: string, configPath: string | undefined): string {
  const configFile = configPath === undefined ? findConfigFile(cwd) : resolve(cwd, configPath);
  return configFile === undefined ? resolve(cwd) : dirname(configFile);
}
