/** `gqlambda dev` spawned as a user runs it: serving, request lines, reload on change, last good handler, errors. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliPath, removeTempDirs, runCli, scaffold, tempDir } from '../build/support.js';

interface Dev { child: ChildProcess; output: () => string; url: string }
const running: ChildProcess[] = [];

async function startDev(cwd: string, args: string[] = []): Promise<Dev> {
  const child = spawn(process.execPath, [cliPath, 'dev', '--port', '0', ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  running.push(child);
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const url = await until(() => /ready (\S+)/.exec(text)?.[1], () => `no "ready" line: ${text}`);
  return { child, output: () => text, url };
}

/** Polls (no fixed sleeps) until check gives a value. */
async function until<T>(check: () => T | undefined | Promise<T | undefined>, why: () => string, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function post(url: string, query: string, variables?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': 'dev-test' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: await response.json() };
}

async function exitOf(cwd: string, args: string[] = []): Promise<{ code: number | null; text: string }> {
  const child = spawn(process.execPath, [cliPath, 'dev', '--port', '0', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  running.push(child);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, text };
}

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});
afterAll(removeTempDirs);

describe('gqlambda dev', () => {
  it('serves the handler over HTTP and prints one line per request', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    const answer = await post(dev.url, 'query Greeting { hello }');
    expect(answer).toEqual({ status: 200, body: { data: { hello: 'Hello dev-test!' } } });
    await post(dev.url, '{ nope }');
    await until(() => /POST Greeting 200 \d+ ms/.test(dev.output()) && /POST \(anonymous\) 200 \d+ ms Cannot query field "nope"/.test(dev.output()), dev.output);
  });

  it('reloads a resolver edit, keeps the last good handler while a change breaks, and says when it is fixed', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    const file = join(root, 'src/resolvers/Query.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('`Hello ${', '`Hi there ${'));
    await until(async () => (await post(dev.url, '{ hello }')).body.data?.hello === 'Hi there dev-test!', dev.output);

    writeFileSync(file, original.replace('hello: (_parent', 'hello: ((_parent'));
    await until(() => dev.output().includes('rebuild failed'), dev.output);
    expect(dev.output()).toMatch(/Query\.ts:\d+:\d+/);
    expect((await post(dev.url, '{ hello }')).body).toEqual({ data: { hello: 'Hi there dev-test!' } });

    writeFileSync(file, original.replace('`Hello ${', '`Fixed ${'));
    await until(async () => (await post(dev.url, '{ hello }')).body.data?.hello === 'Fixed dev-test!', dev.output);
  });

  it('answers a field added to the schema', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    const schema = join(root, 'schema/schema.graphql');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('type Query {', 'type Query {\n  version: String'));
    await until(async () => 'version' in ((await post(dev.url, '{ version }')).body.data ?? {}), dev.output);
  });

  it('regenerates change after change without waiting for itself, and holds the project lock only while generating', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    const schema = join(root, 'schema/schema.graphql');
    for (const field of ['one', 'two', 'three']) {
      writeFileSync(schema, readFileSync(schema, 'utf8').replace('type Query {', `type Query {\n  ${field}: String`));
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await until(async () => 'three' in ((await post(dev.url, '{ three }')).body.data ?? {}), dev.output);
    expect(dev.output()).not.toContain('waiting for');
    // Once the rebuilds are done the lock is released (not left behind), and a terminal's generate runs.
    await until(() => (existsSync(join(root, '.gqlambda/.lock')) ? undefined : true), () => `the lock is still held:\n${dev.output()}`);
    const terminal = await runCli(['generate'], root);
    expect(terminal.stderr).not.toContain('another gqlambda');
    expect(terminal.status).toBe(0);
  });

  it('puts --authorizer-claims where the JWT authorizer would', async () => {
    const root = await scaffold();
    writeFileSync(join(root, 'claims.json'), JSON.stringify({ sub: 'user-7' }));
    const file = join(root, 'src/context.ts');
    const context = readFileSync(file, 'utf8');
    expect(context).toContain("request.http.headers['user-agent'] || undefined");
    writeFileSync(file, context.replace("request.http.headers['user-agent'] || undefined", "(_event as any).requestContext?.authorizer?.jwt?.claims?.sub"));
    const dev = await startDev(root, ['--authorizer-claims', 'claims.json']);
    expect((await post(dev.url, '{ hello }')).body).toEqual({ data: { hello: 'Hello user-7!' } });
  });

  it('says a port is in use, how to pick another, and exits without a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const root = await scaffold();
    const child = spawn(process.execPath, [cliPath, 'dev', '--port', String(port)], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    let text = '';
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    blocker.close();
    expect(code).not.toBe(0);
    expect(text).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(text).toContain(`--port ${port + 1}`);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('says what is wrong, without a stack trace, for a missing config and a broken schema at start', async () => {
    const empty = await tempDir();
    const missing = await exitOf(empty);
    expect(missing.code).not.toBe(0);
    expect(missing.text).toMatch(/matches no files/);
    const root = await scaffold();
    const schema = join(root, 'schema/schema.graphql');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('hello: String!', 'hello: Strin!'));
    const broken = await exitOf(root);
    expect(broken.code).not.toBe(0);
    expect(broken.text).toMatch(/schema\.graphql:\d+:\d+/);
    for (const { text } of [missing, broken]) expect(text).not.toMatch(/\n\s+at /);
  });

  it('stops cleanly on Ctrl-C', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    dev.child.kill('SIGINT');
    const code = await new Promise((resolve) => dev.child.on('exit', resolve));
    expect(code).toBe(0);
    expect(dev.output()).toContain('stopping the dev server');
    expect(dev.output()).not.toMatch(/\n\s+at /);
  });
});
