/** `gqlambda dev` as a child process, as a user runs it; shared by the dev, browser and client tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { cliPath } from '../build/support.js';

export interface Dev { child: ChildProcess; output: () => string; url: string }
const running: ChildProcess[] = [];

/** Starts `gqlambda dev --port 0 …` in cwd and waits for its "ready <url>" line. */
export async function startDev(cwd: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Dev> {
  const child = spawn(process.execPath, [cliPath, 'dev', '--port', '0', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env } });
  running.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const url = await until(() => /ready (\S+)/.exec(text)?.[1], () => `no "ready" line: ${text}`);
  return { child, output: () => text, url };
}

/** Runs `gqlambda dev` until it exits by itself. */
export async function exitOf(cwd: string, args: string[] = []): Promise<{ code: number | null; text: string }> {
  const child = spawn(process.execPath, [cliPath, 'dev', '--port', '0', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  running.push(child);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, text };
}

/** For afterEach: ends every dev server a test started. */
export function stopDevServers(): void {
  for (const child of running.splice(0)) child.kill('SIGKILL');
}

/** Polls (no fixed sleeps) until check gives a value. */
export async function until<T>(check: () => T | undefined | Promise<T | undefined>, why: () => string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function post(url: string, query: string, variables?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'dev-test' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: await response.json() };
}
