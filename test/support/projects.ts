/** Shared by the init/generate/config/schema tests: temp folders outside the repo and the real CLI. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
export const cliPath = join(repoRoot, 'bin/gqlambda.js');
export const fixtures = join(repoRoot, 'fixtures');

const made: string[] = [];

/** A fresh folder under os.tmpdir(), outside this repository and its node_modules. */
export function tempDir(prefix = 'gqlambda-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/gqlambda.js …` as a user would, without colour. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the CLI as `runCli` does, with every module the process and its worker threads load recorded
 * (test/support/record-loads.mjs): their paths or URLs, in `loaded`. A file of the bundled CLI
 * (dist/bundle/) also stands for every module bundled into it, as `file://` URLs of tsc's output or of
 * the package under node_modules, so that a test can name the module it means. The record is kept
 * outside `cwd`, where a new file would be a change to the project.
 */
export function modulesLoadedBy(args: string[], cwd: string): CliResult & { loaded: string[] } {
  const folder = mkdtempSync(join(tmpdir(), 'gqlambda-loads-'));
  const record = join(folder, 'loads.txt');
  writeFileSync(record, '');
  try {
    const result = spawnSync(process.execPath, ['--import', join(repoRoot, 'test/support/record-loads.mjs'), cliPath, ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, GQLAMBDA_RECORD_LOADS: record },
    });
    const loaded = readFileSync(record, 'utf8').split('\n').filter(Boolean);
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, loaded: [...loaded, ...loaded.flatMap(bundledModules)] };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** esbuild heads each module of an unminified bundle with a comment naming it: `// dist/build/typecheck.js`. */
function bundledModules(entry: string): string[] {
  const bundle = join(repoRoot, 'dist/bundle');
  const path = entry.startsWith('file://') ? fileURLToPath(entry) : entry;
  if (!path.startsWith(`${bundle}/`)) return [];
  return [...readFileSync(path, 'utf8').matchAll(/^\/\/ ((?:dist|node_modules)\/\S+)$/gm)].map(([, module]) => pathToFileURL(join(repoRoot, module!)).href);
}

/**
 * Type-checks a project the way a user without node_modules would get it checked: `gqlambda`,
 * `gqlambda/runtime` and `graphql` resolve to this repository's copies (dist/ must be built),
 * through a temporary tsconfig that extends the project's own.
 */
export function typecheck(projectDir: string, extraOptions: Record<string, unknown> = {}): { status: number | null; output: string } {
  const config = {
    extends: './tsconfig.json',
    compilerOptions: {
      paths: {
        gqlambda: [join(repoRoot, 'dist/index.d.ts')],
        'gqlambda/runtime': [join(repoRoot, 'dist/runtime/index.d.ts')],
        graphql: [join(repoRoot, 'node_modules/graphql/index.d.ts')],
        'graphql/*': [join(repoRoot, 'node_modules/graphql/*')],
      },
      types: [],
      ...extraOptions,
    },
  };
  const file = join(projectDir, 'tsconfig.gqlambda-test.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  try {
    const result = spawnSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', file, '--pretty', 'false'], {
      cwd: projectDir,
      encoding: 'utf8',
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(file, { force: true });
  }
}

/** A new temporary folder holding these files (paths relative to it, folders made as needed). */
export function projectWith(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Every file under dir, relative with forward slashes, sorted. */
export function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}
