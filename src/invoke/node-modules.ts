import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest `node_modules` folder at or above the project folder, as Node's lookup would find it. */
export function findPackageRootModules(projectRoot: string): string | undefined {
  for (let dir = resolve(projectRoot); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
