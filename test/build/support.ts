/** Helpers of the build and invoke tests: scaffolded projects under os.tmpdir() and the real CLI. */
import type { Metafile } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initProject } from '../../src/init.js';
import { loadConfig } from '../../src/config-load.js';
import type { ResolvedConfig } from '../../src/config.js';

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');
export const cliPath = join(repoRoot, 'bin/gqlambda.js');
export const fixtureEvents = join(repoRoot, 'fixtures/events');

const made: string[] = [];

export async function tempDir(prefix = 'gqlambda-build-test-'): Promise<string> {
  const dir = realpathSync(await mkdtemp(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** `gqlambda init` into a fresh temp folder: a project with no node_modules of its own. */
export async function scaffold(name = 'app', parent?: string): Promise<string> {
  const { root } = await initProject({ dir: join(parent ?? (await tempDir()), name) });
  return root;
}

export function projectConfig(root: string): Promise<ResolvedConfig> {
  return loadConfig({ cwd: root });
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/gqlambda.js …` as a user would (no colour), optionally under another umask. */
export function runCli(args: string[], cwd: string, options: { env?: Record<string, string>; umask?: string; stdin?: string } = {}): Promise<CliResult> {
  const command = options.umask
    ? spawn('/bin/sh', ['-c', `umask ${options.umask} && exec "$0" "$@"`, process.execPath, cliPath, ...args], { cwd, env: cliEnv(options.env) })
    : spawn(process.execPath, [cliPath, ...args], { cwd, env: cliEnv(options.env) });
  let stdout = '';
  let stderr = '';
  command.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  command.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  command.stdin.end(options.stdin ?? '');
  return new Promise((resolvePromise) => command.on('close', (status) => resolvePromise({ status, stdout, stderr })));
}

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  delete env.FORCE_COLOR;
  return env;
}

/** The --json output of a command. */
export function json<T = Record<string, unknown>>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Bytes the bundle holds of one graphql-js module (0 when tree-shaken away), by its path inside graphql. */
export function graphqlBytes(metafile: Metafile, file: string): number {
  let bytes = 0;
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) if (input.endsWith(`node_modules/graphql/${file}`)) bytes += bytesInOutput;
  }
  return bytes;
}
