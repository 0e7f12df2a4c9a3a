/**
 * `gqlambda invoke` against small hand-made zips: how the handler string is resolved (ESM and CommonJS,
 * .js/.mjs/.cjs), the context object, callback handlers, timeouts, and the errors for bad input.
 */
import { readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, type ResolvedConfig } from '../../src/config.js';
import { GqlambdaError } from '../../src/errors.js';
import { createZip } from '../../src/build/zip.js';
import { invoke, readEvent } from '../../src/invoke/index.js';
import { defaultQuery } from '../../src/invoke/default-event.js';
import { fixtureEvents, removeTempDirs, runCli, scaffold, tempDir } from '../build/support.js';

afterAll(removeTempDirs);

async function project(files: Record<string, string>, fn: Partial<ResolvedConfig['function']> = {}): Promise<ResolvedConfig> {
  const root = await tempDir('gqlambda-invoke-test-');
  const zip = await createZip(Object.entries(files).map(([name, text]) => ({ name, data: Buffer.from(text) })));
  await writeFile(join(root, 'lambda.zip'), zip.bytes);
  const config = defaultConfig();
  return { ...config, root, function: { ...config.function, ...fn }, bundle: { ...config.bundle, outfile: 'lambda.zip' } };
}

const echoContext = `
  const answer = (event, context) => ({
    event,
    requestId: context.awsRequestId,
    functionName: context.functionName,
    memory: context.memoryLimitInMB,
    arn: context.invokedFunctionArn,
    remaining: context.getRemainingTimeInMillis(),
    taskRoot: process.env.LAMBDA_TASK_ROOT === process.cwd(),
    region: process.env.AWS_REGION,
    handlerEnv: process.env._HANDLER,
    tz: process.env.TZ,
  });`;

describe('invoke resolves index.handler the way the Lambda Node.js runtime does', () => {
  it('loads an ESM index.mjs and passes a Lambda-like context', async () => {
    const config = await project({ 'index.mjs': `${echoContext}\nexport const handler = async (event, context) => answer(event, context);` });
    const result = await invoke({ config, event: { ping: 1 } });
    const answer = result.result as Record<string, unknown>;
    expect(result.error).toBeUndefined();
    expect(answer.event).toEqual({ ping: 1 });
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(answer.requestId).toBe(result.requestId);
    expect(answer.functionName).toBe('gqlambda-invoke');
    expect(answer.memory).toBe('512');
    expect(answer.arn).toMatch(/^arn:aws:lambda:us-east-1:\d{12}:function:gqlambda-invoke$/);
    expect(answer.remaining).toBeGreaterThan(8_000);
    expect(answer.remaining).toBeLessThanOrEqual(10_000);
    expect(answer).toMatchObject({ taskRoot: true, region: 'us-east-1', handlerEnv: 'index.handler', tz: ':UTC' });
    expect(result.initMs).toBeGreaterThan(0);
  });

  it('loads a CommonJS index.js, and a callback-style handler', async () => {
    const config = await project({ 'index.js': `exports.handler = function (event, context, callback) { setTimeout(() => callback(null, { cjs: typeof module, got: event.n }), 5); };` });
    const result = await invoke({ config, event: { n: 7 } });
    expect(result.result).toEqual({ cjs: 'object', got: 7 });
  });

  it('loads index.js as ESM when the zip says "type": "module", and index.cjs with require', async () => {
    const esm = await project({ 'package.json': '{"type":"module"}', 'index.js': 'export const handler = async () => import.meta.url.startsWith("file:");' });
    expect((await invoke({ config: esm, event: {} })).result).toBe(true);
    const cjs = await project({ 'index.cjs': 'module.exports.handler = async () => "from cjs";' });
    expect((await invoke({ config: cjs, event: {} })).result).toBe('from cjs');
  });

  it('sees the function environment from the config and nothing of the caller\'s', async () => {
    process.env.GQLAMBDA_TEST_LEAK = 'leaked';
    try {
      const config = await project({ 'index.mjs': 'export const handler = async () => [process.env.TABLE, process.env.GQLAMBDA_TEST_LEAK ?? null];' }, { environment: { TABLE: 'books' } });
      expect((await invoke({ config, event: {} })).result).toEqual(['books', null]);
    } finally {
      delete process.env.GQLAMBDA_TEST_LEAK;
    }
  });

  it('reports a handler that is not exported, with Lambda\'s error type', async () => {
    const config = await project({ 'index.mjs': 'export const main = async () => 1;' });
    const failure = await invoke({ config, event: {} }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GqlambdaError);
    expect((failure as GqlambdaError).code).toBe('INVOKE');
    expect((failure as GqlambdaError).message).toContain('Runtime.HandlerNotFound: index.handler is undefined or not exported');
  });

  it('reports a zip without an index file', async () => {
    const config = await project({ 'main.mjs': 'export const handler = async () => 1;' });
    const failure = (await invoke({ config, event: {} }).catch((error: unknown) => error)) as GqlambdaError;
    expect(failure.message).toContain("Runtime.ImportModuleError: Error: Cannot find module 'index'");
    expect(failure.hint).toContain('index.js, index.mjs or index.cjs');
  });

  it('reports a package that is neither in the zip nor installed as Lambda does', async () => {
    const config = await project({ 'index.mjs': "import pg from 'pg-not-installed';\nexport const handler = async () => pg;" });
    const failure = (await invoke({ config, event: {} }).catch((error: unknown) => error)) as GqlambdaError;
    expect(failure.message).toMatch(/^the handler failed to start: Runtime\.ImportModuleError: Error: Cannot find package 'pg-not-installed'/);
  });

  it('reports code that throws at load, with its log', async () => {
    const config = await project({ 'index.mjs': 'console.log("starting"); throw new Error("no database");' });
    const failure = (await invoke({ config, event: {} }).catch((error: unknown) => error)) as GqlambdaError;
    expect(failure.message).toBe('the handler failed to start: Error: no database');
    expect(failure.detail).toContain('starting');
  });

  it('returns the error payload of a handler that throws, and times out like Lambda', async () => {
    const throwing = await project({ 'index.mjs': 'export const handler = async () => { throw new TypeError("bad input"); };' });
    const thrown = await invoke({ config: throwing, event: {} });
    expect(thrown.error).toMatchObject({ errorType: 'TypeError', errorMessage: 'bad input' });

    const slow = await project({ 'index.mjs': 'export const handler = () => new Promise(() => {});' }, { timeout: 1 });
    const timedOut = await invoke({ config: slow, event: {} });
    expect(timedOut.error).toMatchObject({ errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 1.00 seconds' });
  });
});

describe('invoke input errors', () => {
  it('names a missing zip and a file that is not a zip', async () => {
    const config = await project({ 'index.mjs': 'export const handler = async () => 1;' });
    await expect(invoke({ config, zip: join(config.root, 'nope.zip'), event: {} })).rejects.toThrow(/no zip at .*nope\.zip/);
    await writeFile(join(config.root, 'broken.zip'), 'this is not a zip');
    await expect(invoke({ config, zip: join(config.root, 'broken.zip'), event: {} })).rejects.toThrow(/broken\.zip is not a valid zip file/);
  });

  it('points at the line and column of bad event JSON, from a file or stdin', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'event.json'), '{\n  "body": "x",\n  oops\n}');
    const failure = (await readEvent(join(dir, 'event.json')).catch((error: unknown) => error)) as GqlambdaError;
    expect(failure.code).toBe('INVOKE');
    expect(failure.message).toMatch(/^the event is not valid JSON/);
    expect({ line: failure.line, column: failure.column }).toEqual({ line: 3, column: 3 });

    const cli = await runCli(['invoke', '--event', '-', '--json'], dir, { stdin: '[1, 2,' });
    expect(cli.status).toBe(1);
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: false, code: 'INVOKE', file: '<stdin>' });
  });

  it('refuses --event together with --query as a usage error', async () => {
    const dir = await tempDir();
    const cli = await runCli(['invoke', '--event', 'x.json', '--query', '{ a }'], dir);
    expect(cli.status).toBe(2);
    expect(cli.stderr).toContain('--event and --query cannot be used together');
  });
});

describe('the default event', () => {
  it('asks for the first Query field that needs no arguments and no selection', () => {
    expect(defaultQuery('type Query { book(id: ID!): String  hello: String! }')).toBe('{ hello }');
    expect(defaultQuery('type Query { books(author: String): [String!]!  hello: String }')).toBe('{ books }');
    expect(defaultQuery('type Query { me: User } type User { id: ID! }')).toBe('{ __typename }');
    expect(defaultQuery(undefined)).toBe('{ __typename }');
  });

  it('is an HTTP API v2 POST, as the SAM template deploys it', async () => {
    const config = await project({ 'index.mjs': 'export const handler = async (event) => ({ version: event.version, method: event.requestContext.http.method, body: JSON.parse(event.body) });' });
    const result = await invoke({ config });
    expect(result.result).toEqual({ version: '2.0', method: 'POST', body: { query: '{ __typename }' } });
  });
});

describe('invoke tells the author what a client would not see', () => {
  it('shows the unmasked resolver error, exits 1 on GraphQL errors unless --allow-errors, and warns about a stale zip', async () => {
    const root = await scaffold();
    const schema = join(root, 'schema/schema.graphql');
    await writeFile(schema, (await readFile(schema, 'utf8')).replace('  hello: String!', '  hello: String!\n  goodbye: String'));
    expect((await runCli(['build', '--no-smoke', '--no-typecheck'], root)).status).toBe(0);

    const failed = await runCli(['invoke', '--query', '{ goodbye }'], root);
    expect(failed.stdout).toContain('Unexpected error.');
    expect(failed.stderr).toContain('resolver error at goodbye: Error: Not implemented: Query.goodbye (clients see "Unexpected error.")');
    expect(failed.stderr).toContain('error the answer has 1 GraphQL error (pass --allow-errors to exit 0 anyway)');
    expect(failed.status).toBe(1);
    expect((await runCli(['invoke', '--allow-errors', '--query', '{ goodbye }'], root)).status).toBe(0);
    const json = JSON.parse((await runCli(['invoke', '--json', '--query', '{ goodbye }'], root)).stdout) as Record<string, unknown>;
    expect(json.resolverErrors).toEqual([{ path: 'goodbye', message: 'Error: Not implemented: Query.goodbye' }]);
    expect(json.failure).toBe('the answer has 1 GraphQL error');

    const clean = await runCli(['invoke', '--query', '{ hello }'], root);
    expect(clean.status).toBe(0);
    expect(clean.stderr).not.toMatch(/resolver error|warning/);

    // A source edited after the build: the zip does not hold it.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(root, 'src/resolvers/Query.ts'), later, later);
    const stale = await runCli(['invoke', '--query', '{ hello }'], root);
    expect(stale.stderr).toContain('warning src/resolvers/Query.ts is newer than the zip: run `gqlambda build` to invoke the current code.');
    expect(stale.status).toBe(0);
  }, 120_000);

  it('exits 1 on an HTTP 4xx answer', async () => {
    const root = await scaffold();
    expect((await runCli(['build', '--no-smoke', '--no-typecheck'], root)).status).toBe(0);
    const event = JSON.parse(await readFile(join(fixtureEvents, 'http-api-post.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(root, 'bad.json'), JSON.stringify({ ...event, body: '{ not json', isBase64Encoded: false }));
    const notFound = await runCli(['invoke', '--event', 'bad.json'], root);
    expect(notFound.stderr).toMatch(/error the answer has status 4\d\d/);
    expect(notFound.status).toBe(1);
  }, 120_000);
});
