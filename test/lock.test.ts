/**
 * Two runs on one project (an editor's watcher and a terminal): the second waits for the first or
 * says who holds the project, a lock left by a killed run is taken over, and calls within one
 * process (`gqlambda dev`) take turns without waiting for themselves. The other process is real.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { withLock } from '../src/util/lock.js';
import { repoRoot, removeTempDirs, runCli, tempDir, cliPath } from './support/projects.js';

afterAll(removeTempDirs);

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function project(): string {
  const dir = tempDir('gqlambda-lock-');
  mkdirSync(join(dir, 'schema'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'schema/schema.graphql'), 'type Query {\n  hello: String\n}\n');
  writeFileSync(join(dir, 'src/context.ts'), 'export interface Context {}\nexport const createContext = (): Context => ({});\n');
  writeFileSync(join(dir, 'gqlambda.config.json'), JSON.stringify({ server: null }));
  return dir;
}

/**
 * Another process holding the project's lock through the built module, as `gqlambda generate --watch`
 * would: it prints "held" once it has it, and releases it when told to (a line on its stdin), then
 * prints "released <ms since epoch>".
 */
function holdLock(dir: string): Promise<{ child: ChildProcess; release: () => Promise<number> }> {
  const script = join(dir, 'holder.mjs');
  writeFileSync(
    script,
    `import { once } from 'node:events';\n` +
      `import { withLock } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/util/lock.js')).href)};\n` +
      `await withLock(${JSON.stringify(join(dir, '.gqlambda/.lock'))}, async () => {\n` +
      `  process.stdout.write('held\\n');\n` +
      `  await once(process.stdin, 'data');\n` +
      `});\n` +
      `process.stdout.write('released ' + Date.now() + '\\n');\n` +
      `process.exit(0);\n`,
  );
  const child = spawn(process.execPath, [script, 'generate', '--watch'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  let output = '';
  const released = new Promise<number>((resolve) => child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const at = /released (\d+)/.exec(output);
    if (at) resolve(Number(at[1]));
  }));
  const release = () => {
    child.stdin!.write('release\n');
    return released;
  };
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', () => output.includes('held') && resolve({ child, release }));
    child.once('exit', (code) => reject(new Error(`the holder exited (${code}) before taking the lock`)));
  });
}

/** Runs the CLI without blocking; `onStderr` sees its stderr as it comes. */
function runCliAsync(args: string[], cwd: string, onStderr: (text: string) => void = () => undefined): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => onStderr((stderr += chunk.toString())));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}

describe('two runs on one project', () => {
  it('fails at once with GQLAMBDA_LOCK_WAIT=0, naming the other process (pid, command, since) and what to do; nothing is written', async () => {
    const dir = project();
    const { child } = await holdLock(dir);

    const result = runCli(['generate'], dir, { GQLAMBDA_LOCK_WAIT: '0' });

    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`another gqlambda is writing this project: pid ${child.pid} (\`gqlambda generate --watch\`, since 20`);
    expect(result.stderr).toContain('.gqlambda/.lock');
    expect(result.stderr).toMatch(/wait for it to finish \(or stop it\), then run this again/);
    expect(existsSync(join(dir, '.gqlambda/resolvers.generated.ts'))).toBe(false);
    expect(existsSync(join(dir, 'src/resolvers/Query.ts'))).toBe(false);
  });

  it('by default waits for the other run to finish, says so, then writes after it', async () => {
    const dir = project();
    const { child, release } = await holdLock(dir);
    let releasedAt: Promise<number> | undefined;

    // The holder lets go once this run says it is waiting (however long start-up takes under load).
    const result = await runCliAsync(['generate'], dir, (stderr) => {
      if (!releasedAt && stderr.includes('waiting for')) releasedAt = release();
    });

    expect(result.stderr).toContain(`waiting for pid ${child.pid} (\`gqlambda generate --watch\``);
    expect(result.status).toBe(0);
    expect(statSync(join(dir, '.gqlambda/resolvers.generated.ts')).mtimeMs).toBeGreaterThanOrEqual((await releasedAt!) - 5);
    expect(existsSync(join(dir, '.gqlambda/.lock'))).toBe(false);
  });

  it('takes over a lock whose process is gone (a killed run), and says so', () => {
    const dir = project();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(join(dir, '.gqlambda'));
    writeFileSync(join(dir, '.gqlambda/.lock'), JSON.stringify({ pid: gone, command: 'gqlambda build', since: new Date().toISOString(), host: hostname(), token: 'x' }));

    const result = runCli(['generate'], dir, { GQLAMBDA_LOCK_WAIT: '0' });

    expect(result.stderr).toContain(`was left by pid ${gone}, which is no longer running; took it over`);
    expect(result.status).toBe(0);
    expect(existsSync(join(dir, 'src/resolvers/Query.ts'))).toBe(true);
    expect(existsSync(join(dir, '.gqlambda/.lock'))).toBe(false);
  });

  it('takes over a lock older than ten minutes even when its pid is alive (a reused pid)', () => {
    const dir = project();
    mkdirSync(join(dir, '.gqlambda'));
    const since = new Date(Date.now() - 11 * 60_000).toISOString();
    writeFileSync(join(dir, '.gqlambda/.lock'), JSON.stringify({ pid: process.pid, command: 'gqlambda build', since, host: hostname(), token: 'x' }));

    const result = runCli(['generate'], dir, { GQLAMBDA_LOCK_WAIT: '0' });

    expect(result.stderr).toContain(`older than 10 minutes; took it over`);
    expect(result.status).toBe(0);
  });

  it('two generates started together both succeed and leave the same files as one', async () => {
    const dir = project();
    const [a, b] = await Promise.all([runCliAsync(['generate'], dir), runCliAsync(['generate'], dir)]);
    expect([a.status, b.status]).toEqual([0, 0]);
    const once = project();
    expect(runCli(['generate'], once).status).toBe(0);
    for (const file of ['.gqlambda/resolvers.generated.ts', '.gqlambda/handler.ts', 'src/resolvers/Query.ts']) {
      expect(readFileSync(join(dir, file), 'utf8')).toBe(readFileSync(join(once, file), 'utf8'));
    }
    expect(existsSync(join(dir, '.gqlambda/.lock'))).toBe(false);
  });
});

describe('within one process (gqlambda dev)', () => {
  it('calls take turns, a nested call does not wait for itself, and the lock is gone afterwards', async () => {
    const lock = join(tempDir('gqlambda-lock-'), '.gqlambda/.lock');
    const events: string[] = [];
    const run = (name: string) =>
      withLock(lock, async () => {
        events.push(`${name} in`);
        expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ pid: process.pid });
        await withLock(lock, async () => events.push(`${name} nested`), { waitMs: 0 });
        await new Promise((resolve) => setTimeout(resolve, 30));
        events.push(`${name} out`);
      }, { waitMs: 0 });

    await Promise.all([run('a'), run('b'), run('c')]);

    expect(events).toEqual(['a in', 'a nested', 'a out', 'b in', 'b nested', 'b out', 'c in', 'c nested', 'c out']);
    expect(existsSync(lock)).toBe(false);
  });

  it('a failing call releases the lock for the next one', async () => {
    const lock = join(tempDir('gqlambda-lock-'), '.gqlambda/.lock');
    await expect(withLock(lock, async () => Promise.reject(new Error('schema error')), { waitMs: 0 })).rejects.toThrow('schema error');
    await expect(withLock(lock, async () => 'next', { waitMs: 0 })).resolves.toBe('next');
    expect(existsSync(lock)).toBe(false);
  });
});
