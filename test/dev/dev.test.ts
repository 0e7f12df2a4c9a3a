/** `gqlambda dev` spawned as a user runs it: serving, request lines, reload on change, last good handler, errors. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cliPath, removeTempDirs, runCli, scaffold, tempDir } from '../build/support.js';
import { exitOf, post, startDev, stopDevServers, until } from './dev-process.js';

afterEach(stopDevServers);
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
    expect(dev.output()).toMatch(/rebuild failed, the last good handler keeps serving:\nerror src\/resolvers\/Query\.ts:\d+:\d+: /);
    // esbuild's code frame: the line with its number, the error marked under it.
    expect(dev.output()).toMatch(/src\/resolvers\/Query\.ts:\d+:\d+:\n +\d+ │ /);
    expect((await post(dev.url, '{ hello }')).body).toEqual({ data: { hello: 'Hi there dev-test!' } });

    writeFileSync(file, original.replace('`Hello ${', '`Fixed ${'));
    await until(async () => (await post(dev.url, '{ hello }')).body.data?.hello === 'Fixed dev-test!', dev.output);
    expect(dev.output()).toMatch(/fixed: reloaded in \d/);
  });

  it('reloads saves that rename a new file over the old, and a request in flight finishes on the handler it started with', async () => {
    const root = await scaffold();
    const file = join(root, 'src/resolvers/Query.ts');
    const original = readFileSync(file, 'utf8');
    // The old code answers its first request only once the test lets it (a file without a watched
    // extension), so that request is surely in flight while the new handler is swapped in.
    // Only the first request is held: the test's polls must get answers from whichever handler serves.
    const waitForRelease = "if (!existsSync('started.flag')) { writeFileSync('started.flag', ''); await new Promise<void>((done) => { const poll = () => (existsSync('release.flag') ? done() : setTimeout(poll, 10)); poll(); }); }";
    // Lambda's deadline (the config's timeout) must not end the held request first.
    const config = join(root, 'gqlambda.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace("bundle: {", 'function: { timeout: 600 },\n  bundle: {'));
    writeFileSync(file, `import { existsSync, writeFileSync } from 'node:fs';\n${original.replace('hello: (_parent', `hello: async (_parent`).replace('return `Hello ${', `${waitForRelease}\n    return \`Old \${`)}`);
    const dev = await startDev(root);
    const inFlight = post(dev.url, '{ hello }');
    await until(() => existsSync(join(root, 'started.flag')), dev.output);

    // As `sed -i` and editors with "atomic save" do: a new file under a temporary name, renamed over the old.
    const saveByRename = (text: string): void => {
      writeFileSync(join(root, 'src/resolvers/sedtmp'), text);
      renameSync(join(root, 'src/resolvers/sedtmp'), file);
    };
    for (const word of ['New', 'Newer', 'Newest']) {
      saveByRename(original.replace('`Hello ${', `\`${word} \${`));
      await until(async () => (await post(dev.url, '{ hello }')).body.data?.hello === `${word} dev-test!`, dev.output);
    }

    writeFileSync(join(root, 'release.flag'), '');
    expect(await inFlight).toEqual({ status: 200, body: { data: { hello: 'Old dev-test!' } } });
  });

  it('runs the type check beside: a type error is reported with file:line:col and a code frame, the new code still serves, and the fix is announced', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    const file = join(root, 'src/resolvers/Query.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('return `Hello ${context.userAgent ?? \'Anon\'}!`;', 'return 42;'));
    await until(() => dev.output().includes('type errors'), dev.output);
    expect(dev.output()).toMatch(/type errors, the new code is serving anyway/);
    expect(dev.output()).toMatch(/src\/resolvers\/Query\.ts:\d+:\d+: Type .* is not assignable/);
    expect(dev.output()).toMatch(/Type 'number' is not assignable to type/);
    expect(dev.output()).toMatch(/> +\d+ \| +hello: /);
    expect(dev.output().match(/type errors, the new code/g)).toHaveLength(1);
    expect((await post(dev.url, '{ hello }')).body).toEqual({ data: { hello: '42' } });

    writeFileSync(file, original);
    await until(() => dev.output().includes('fixed: no type errors'), dev.output);
  });

  it('with --strict, a type error keeps the last good handler serving until it is fixed', async () => {
    const root = await scaffold();
    const dev = await startDev(root, ['--strict']);
    const file = join(root, 'src/resolvers/Query.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('return `Hello ${context.userAgent ?? \'Anon\'}!`;', 'return 42;'));
    await until(() => dev.output().includes('type errors'), dev.output);
    expect(dev.output()).toMatch(/type errors, the last good handler keeps serving \(--strict\)/);
    expect(dev.output()).toMatch(/src\/resolvers\/Query\.ts:\d+:\d+/);
    expect((await post(dev.url, '{ hello }')).body).toEqual({ data: { hello: 'Hello dev-test!' } });

    writeFileSync(file, original.replace('`Hello ${', '`Strict ${'));
    await until(async () => (await post(dev.url, '{ hello }')).body.data?.hello === 'Strict dev-test!', dev.output);
    expect(dev.output()).toContain('fixed: no type errors');
  });

  it('with --strict, refuses to start on a type error, naming it', async () => {
    const root = await scaffold();
    const file = join(root, 'src/resolvers/Query.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('return `Hello ${context.userAgent ?? \'Anon\'}!`;', 'return 42;'));
    const { code, text } = await exitOf(root, ['--strict']);
    expect(code).toBe(1);
    expect(text).toMatch(/error src\/resolvers\/Query\.ts:\d+:\d+: Type /);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('answers a field added to the schema, through the stub it generates and then the code written in it', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    const schema = join(root, 'schema/schema.graphql');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('type Query {', 'type Query {\n  version: String'));
    // Polled, not timed: the benchmark measures the reload; this machine is shared.
    const stub = await until(async () => {
      const { body } = await post(dev.url, '{ version }');
      return body.errors?.[0]?.message.startsWith('Not implemented: Query.version') ? body : undefined;
    }, dev.output, 15_000);
    expect(stub.data).toEqual({ version: null });
    const file = join(root, 'src/resolvers/Query.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/version: \([^)]*\) => \{[^}]*\}/, "version: () => '1.0'"));
    await until(async () => (await post(dev.url, '{ version }')).body.data?.version === '1.0', dev.output, 15_000);
  });

  it('reloads the config when it changes: a new context factory takes effect', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    const context = join(root, 'src/context.ts');
    writeFileSync(context, `${readFileSync(context, 'utf8')}\nexport const localContext: ContextFactory<Context> = (_event, _lambdaContext, request) => ({ userAgent: 'config reloaded', requestId: request.requestId });\n`);
    const config = join(root, 'gqlambda.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace("factory: 'createContext'", "factory: 'localContext'"));
    await until(async () => (await post(dev.url, '{ hello }')).body.data?.hello === 'Hello config reloaded!', dev.output);
  });

  it('watches schema files outside the project folder (a shared schema in a monorepo)', async () => {
    const parent = await tempDir();
    const root = await scaffold('api', parent);
    mkdirSync(join(parent, 'shared'));
    renameSync(join(root, 'schema/schema.graphql'), join(parent, 'shared/schema.graphql'));
    const config = join(root, 'gqlambda.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace("schema: ['schema/**/*.graphql']", "schema: ['../shared/*.graphql']"));
    const dev = await startDev(root);
    const schema = join(parent, 'shared/schema.graphql');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('type Query {', 'type Query {\n  version: String'));
    await until(async () => 'version' in ((await post(dev.url, '{ version }')).body.data ?? {}), dev.output);
  });

  it('reads gqlambda.config.ts again when it changes: a schema glob added there is served', async () => {
    const root = await scaffold();
    const dev = await startDev(root);
    mkdirSync(join(root, 'extra'));
    writeFileSync(join(root, 'extra/more.graphql'), 'extend type Query {\n  extra: String\n}\n');
    const config = join(root, 'gqlambda.config.ts');
    writeFileSync(config, readFileSync(config, 'utf8').replace("schema: ['schema/**/*.graphql']", "schema: ['schema/**/*.graphql', 'extra/*.graphql']"));
    // The new field exists (its stub throws "Not implemented", which clients see masked).
    await until(async () => !JSON.stringify((await post(dev.url, '{ extra }')).body).includes('Cannot query field'), dev.output);
    expect(readFileSync(join(root, 'src/resolvers/Query.ts'), 'utf8')).toContain('Not implemented: Query.extra');
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

  it.each([
    ['alb', 'alb'],
    ['function-url', 'gqlambdadevxmplfunctionurl0000.lambda-url.us-east-1.on.aws'],
  ])('--event-source %s sends the event that source would, GET and POST', async (kind, seen) => {
    const root = await scaffold();
    const file = join(root, 'src/context.ts');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace("request.http.headers['user-agent'] || undefined", "(_event as any).requestContext?.elb ? 'alb' : (_event as any).requestContext?.domainName"),
    );
    const dev = await startDev(root, ['--event-source', kind]);
    expect(await post(dev.url, '{ hello }')).toEqual({ status: 200, body: { data: { hello: `Hello ${seen}!` } } });
    // ALB passes query strings on undecoded; the runtime decodes them.
    const get = await fetch(`${dev.url}?query=%7B%20hello%20%7D`, { headers: { accept: 'application/json' } });
    expect(await get.json()).toEqual({ data: { hello: `Hello ${seen}!` } });
  });

  it('refuses --authorizer-claims with a source that has no JWT authorizer', async () => {
    const root = await scaffold();
    const { code, text } = await exitOf(root, ['--event-source', 'alb', '--authorizer-claims', 'claims.json']);
    expect(code).toBe(2);
    expect(text).toContain('--authorizer-claims: a alb event has no JWT authorizer');
  });

  it('--open without a browser opener on the machine says so and keeps serving', async () => {
    const root = await scaffold();
    // A PATH with nothing on it: no xdg-open (the CLI itself runs from node's absolute path).
    const dev = await startDev(root, ['--open'], { PATH: await tempDir() });
    await until(() => dev.output().includes(`--open: no xdg-open on this machine to open a browser with; open ${dev.url} yourself.`), dev.output);
    expect((await post(dev.url, '{ hello }')).status).toBe(200);
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
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => dev.child.on('exit', (...exit) => resolve(exit)));
    // The output is in the failure message when the process did not exit by itself.
    expect({ code, signal, output: code === 0 ? '' : dev.output() }).toEqual({ code: 0, signal: null, output: '' });
    expect(dev.output()).toContain('stopping the dev server');
    expect(dev.output()).not.toMatch(/\n\s+at /);
    // The type check still running at that moment is dropped, not reported as a failure.
    expect(dev.output()).not.toMatch(/error|type errors/);
  });
});
