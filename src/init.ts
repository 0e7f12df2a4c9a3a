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
import { glob } from 'tinyglobby';
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
  /**
   * Glob(s) of an existing schema, relative to `dir`: the project is scaffolded around it, without
   * the example's schema, data, mappers and resolvers.
   */
  schema?: string[];
}

/** The example's files, left out when the project brings its own schema. */
const EXAMPLE_FILES = new Set(['schema/schema.graphql', 'src/data.ts', 'src/resolvers/Book.ts', 'src/resolvers/Query.ts']);

export interface InitResult {
  root: string;
  name: string;
  /** Files written, relative to root, sorted, forward slashes. */
  files: string[];
  /** Files of the template that already existed (only with force) and were left as they were. */
  kept: string[];
  /** What init added to files that were already there (an existing package.json's dependencies, …). */
  changes: string[];
}

export async function initProject(options: InitOptions): Promise<InitResult> {
  const root = resolve(options.dir);
  const name = packageName(options.name, root);
  // A folder that holds the schema to scaffold around is not empty, and need not be.
  await checkTarget(root, options.force === true || options.schema !== undefined);

  if (options.schema) await checkSchema(root, options.schema);

  const files: string[] = [];
  const kept: string[] = [];
  const changes: string[] = [];
  for (const templateFile of await listFiles(INIT_TEMPLATE_DIR)) {
    const relativeName = templateFile
      .split('/')
      .map((part) => RENAMED[part] ?? part)
      .join('/');
    if (options.schema && EXAMPLE_FILES.has(relativeName)) continue;
    const target = join(root, relativeName);
    const source = join(INIT_TEMPLATE_DIR, templateFile);
    // Even with --force, a file the user already has is theirs: it is never replaced. Only an existing
    // package.json gains what the project needs to install and build, and init says what it added.
    if (existsSync(target)) {
      if (relativeName === 'package.json') changes.push(...(await addToPackageJson(target, await templatePackage(source, name))));
      else kept.push(relativeName);
      continue;
    }
    await mkdir(resolve(target, '..'), { recursive: true });
    if (relativeName === 'package.json') {
      await writeFileAtomic(target, `${JSON.stringify(await templatePackage(source, name), null, 2)}\n`);
    } else if (relativeName === 'gqlambda.config.ts' && options.schema) {
      await writeFileAtomic(target, configForSchema(await readFile(source, 'utf8'), options.schema));
    } else {
      await copyFile(source, target);
    }
    files.push(relativeName);
  }
  return { root, name, files: files.sort(), kept: kept.sort(), changes };
}

/** `--schema` must find .graphql files, or the project would have nothing to generate from. */
async function checkSchema(root: string, patterns: string[]): Promise<void> {
  const found = await glob(patterns, { cwd: root, ignore: ['**/node_modules/**'] });
  if (found.length === 0) {
    throw new GqlambdaError('USAGE', `--schema ${patterns.join(' ')} matches no file in ${displayPath(root) || '.'}`, {
      hint: 'give the path or glob of your .graphql files relative to the project folder, for example --schema "schema/**/*.graphql".',
    });
  }
}

/** The template's config, with the user's schema glob(s) and without the example's mapper. */
function configForSchema(text: string, patterns: string[]): string {
  const schemaLine = "  schema: ['schema/**/*.graphql'],";
  const mapperLine = "  mappers: { Book: './src/data.ts#BookRecord' },";
  if (!text.includes(schemaLine) || !text.includes(mapperLine)) throw new Error('templates/init/gqlambda.config.ts no longer has the schema and mappers lines init --schema replaces');
  return text.replace(schemaLine, `  schema: ${JSON.stringify(patterns.map(toPosix)).replace(/"/g, "'")},`).replace(mapperLine, '  mappers: {},');
}

/** Adds the template's dependencies and scripts that package.json lacks; returns what it added, for the user. */
async function addToPackageJson(path: string, wanted: TemplatePackage): Promise<string[]> {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new GqlambdaError('INIT', `${displayPath(path)} is not valid JSON: ${(error as Error).message}`, {
      file: displayPath(path),
      hint: 'fix package.json, then run init --force again (files already there are kept).',
    });
  }
  const changes: string[] = [];
  for (const section of ['dependencies', 'devDependencies', 'scripts'] as const) {
    const current = (pkg[section] ?? {}) as Record<string, string>;
    const added = Object.entries(wanted[section]).filter(([key]) => current[key] === undefined);
    const keptOwn = Object.keys(wanted[section]).filter((key) => current[key] !== undefined && current[key] !== wanted[section][key]);
    if (added.length > 0) {
      pkg[section] = { ...current, ...Object.fromEntries(added) };
      changes.push(`package.json: added ${section} ${added.map(([key, value]) => `${key} (${value})`).join(', ')}`);
    }
    if (keptOwn.length > 0) changes.push(`package.json: kept your ${section} ${keptOwn.join(', ')} (gqlambda's would be ${keptOwn.map((key) => `"${wanted[section][key]}"`).join(', ')})`);
  }
  if (changes.some((change) => change.includes(': added '))) await writeFileAtomic(path, `${JSON.stringify(pkg, null, 2)}\n`);
  return changes;
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

interface TemplatePackage {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
}

/**
 * package.json of the new project: its name, and gqlambda, graphql, typescript and @types/node at the
 * CLI's own versions, so that `npm install` gives the editor and `tsc` exactly what `gqlambda build` uses.
 */
async function templatePackage(templatePath: string, name: string): Promise<TemplatePackage> {
  const own = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const pkg = JSON.parse(await readFile(templatePath, 'utf8')) as TemplatePackage;
  const ownVersions: Record<string, string | undefined> = { ...own.devDependencies, ...own.dependencies, gqlambda: gqlambdaDependency(own.version) };
  pkg.name = name;
  for (const deps of [pkg.dependencies, pkg.devDependencies]) {
    for (const dep of Object.keys(deps)) deps[dep] = ownVersions[dep] ?? deps[dep]!;
  }
  return pkg;
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
