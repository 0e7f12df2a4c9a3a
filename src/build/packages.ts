/**
 * Where the packages that the generated handler shares with the runtime come from.
 *
 * A freshly scaffolded project has no node_modules: it type-checks and bundles against the CLI's own
 * copies of `gqlambda` and `graphql`. A project that installed its own copies uses
 * those. Either way every importer (user code, generated code, the runtime) must see the same copy:
 * two copies of graphql in one bundle break its `instanceof` checks ("Cannot use GraphQLSchema … from
 * another module or realm").
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../util/paths.js';

export const SHARED_PACKAGES = ['gqlambda', 'graphql'] as const;
export type SharedPackage = (typeof SHARED_PACKAGES)[number];

export interface PackageLocation {
  name: SharedPackage;
  /** Real path of the package folder (symlinks resolved). */
  dir: string;
  /** Whose copy: the project's own node_modules or the CLI's. */
  owner: 'project' | 'cli';
}

/** `gqlambda/runtime` → `gqlambda`, `graphql/language/index.js` → `graphql`, anything else → undefined. */
export function sharedPackageOf(specifier: string): SharedPackage | undefined {
  const name = specifier.split('/')[0];
  return (SHARED_PACKAGES as readonly string[]).includes(name ?? '') ? (name as SharedPackage) : undefined;
}

/** Node's lookup: `node_modules/<name>` in the folder and each of its parents. */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = resolve(fromDir);
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The CLI's own copy of a shared package; `gqlambda` is the CLI itself. */
function cliPackageDir(name: SharedPackage): string {
  if (name === 'gqlambda') return realpathSync(packageRoot);
  const dir = findPackageDir(name, packageRoot);
  if (!dir) throw new Error(`gqlambda's own dependency "${name}" is not installed next to ${packageRoot}.`);
  return dir;
}

/** One location per shared package: the project's copy when it has one, else the CLI's. */
export function locateSharedPackages(projectRoot: string): Map<SharedPackage, PackageLocation> {
  const locations = new Map<SharedPackage, PackageLocation>();
  for (const name of SHARED_PACKAGES) {
    const own = findPackageDir(name, projectRoot);
    locations.set(name, own ? { name, dir: own, owner: 'project' } : { name, dir: cliPackageDir(name), owner: 'cli' });
  }
  return locations;
}
