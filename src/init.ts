/**
 * init
 *
 * Scaffolds a project from templates/init, a real project that works on its own (create-vite's way):
 * every file is copied byte for byte, except that `_gitignore` becomes `.gitignore` (npm does not
 * publish files named .gitignore) and package.json is edited as JSON.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { GqlambdaError } from './errors.js';
import { writeFileAtomic } from './util/fs.js';
import { displayPath, packageRoot, templatesDir, toPosix } from './util/paths.js';

export const INIT_TEMPLATE_DIR = join(templatesDir, 'init');

/** Template file names that are not the names written. */
const RENAMED: Record<string, string> = { _gitignore: '.gitignore' };

export interface InitOptions {
  /** Target folder; created when missing. */
  dir: string;
  /** package.json name. @default the folder's name, made a valid package name */
  name?: string;
  /** Write into a non-empty folder. Files already there are kept, never replaced. @default false */
  force?: boolean;
}

export interface InitResult {
  root: string;
  name: string;
  /** Files written, relative to root, sorted, forward slashes. */
  files: string[];
  /** Files of the template that already existed (only with force) and were left as they were. */
  kept: string[];
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const root = resolve(options.dir);
  const name = packageName(options.name, root);
  await checkTarget(root, options.force === true);

  const files: string[] = [];
  const kept: string[] = [];
  for (const templateFile of await listFiles(INIT_TEMPLATE_DIR)) {
    const relativeName = templateFile
      .split('/')
      .map((part) => RENAMED[part] ?? part)
      .join('/');
    const target = join(root, relativeName);
    // Even with --force, a file the user already has is theirs: it is never replaced.
    if (existsSync(target)) {
      kept.push(relativeName);
      continue;
    }
    await mkdir(resolve(target, '..'), { recursive: true });
    if (relativeName === 'package.json') {
      await writeFileAtomic(target, await projectPackageJson(join(INIT_TEMPLATE_DIR, templateFile), name));
    } else {
      await copyFile(join(INIT_TEMPLATE_DIR, templateFile), target);
    }
    files.push(relativeName);
  }
  return { root, name, files: files.sort(), kept: kept.sort() };
}

/** Every file under `dir`, relative, forward slashes, sorted. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => toPosix(relative(dir, join(entry.parentPath, entry.name))))
    .sort();
}

async function checkTarget(root: string, force: boolean): Promise<void> {
  let entries: string[];
  try {
    const info = await stat(root);
    if (!info.isDirectory()) {
      throw new GqlambdaError('INIT', `${displayPath(root)} exists and is not a folder`, {
        hint: 'choose another path for the project.',
      });
    }
    entries = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  // A fresh `git init` leaves .git behind; that folder still counts as empty (create-vite does the same).
  const others = entries.filter((entry) => entry !== '.git');
  if (others.length > 0 && !force) {
    throw new GqlambdaError('INIT', `the folder ${displayPath(root) || '.'} is not empty (${describeEntries(others)})`, {
      hint: 'pick an empty or new folder, or pass --force to add the scaffold to it (files already there are kept).',
    });
  }
}

function describeEntries(entries: string[]): string {
  const shown = entries.sort().slice(0, 3).join(', ');
  return entries.length > 3 ? `${shown} and ${entries.length - 3} more` : shown;
}

/**
 * package.json of the new project: its name, and gqlambda, graphql, typescript and @types/node at the
 * CLI's own versions, so that `npm install` gives the editor and `tsc` exactly what `gqlambda build` uses.
 */
async function projectPackageJson(templatePath: string, name: string): Promise<string> {
  const own = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const pkg = JSON.parse(await readFile(templatePath, 'utf8')) as {
    name: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const ownVersions: Record<string, string | undefined> = { ...own.devDependencies, ...own.dependencies, gqlambda: gqlambdaDependency(own.version) };
  pkg.name = name;
  for (const deps of [pkg.dependencies, pkg.devDependencies]) {
    for (const dep of Object.keys(deps)) deps[dep] = ownVersions[dep] ?? deps[dep]!;
  }
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * How the project depends on gqlambda. A CLI installed from a registry lives in a node_modules folder:
 * the project asks for its version range. Any other CLI (a git checkout, `npm link`, a tarball unpacked
 * by hand) is not on a registry, so the project links to that very folder with `file:`, which npm
 * installs as a symlink: the project then type-checks and builds against the CLI that scaffolded it.
 */
export function gqlambdaDependency(version: string, root = packageRoot): string {
  const installed = toPosix(root).split('/').includes('node_modules');
  return installed ? `^${version}` : `file:${toPosix(root)}`;
}

// npm's rules: lower case, URL-safe, no leading dot or underscore, at most 214 characters.
const VALID_NAME = /^(?:@[a-z0-9-*~][a-z0-9-*._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;

function packageName(explicit: string | undefined, root: string): string {
  if (explicit !== undefined) {
    if (!VALID_NAME.test(explicit) || explicit.length > 214) {
      throw new GqlambdaError('USAGE', `--name "${explicit}" is not a valid npm package name`, {
        hint: `use lower-case letters, digits and - . _ ~ (for example "${toValidName(explicit)}").`,
      });
    }
    return explicit;
  }
  return toValidName(basename(root));
}

function toValidName(text: string): string {
  const name = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/^[._]+/, '')
    .replace(/[^a-z0-9-~._]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 214);
  return name === '' ? 'gqlambda-app' : name;
}
