/**
 * Trusted documents end to end: a scaffold with client operations, built by the real CLI with
 * `--operations`, whose zip is then invoked by documentId over POST and GET, and by Apollo's hash.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../src/invoke/index.js';
import type { ResolvedConfig } from '../../src/config.js';
import { json, projectConfig, removeTempDirs, runCli, scaffold } from './support.js';

let root: string;
let config: ResolvedConfig;
let summary: { documents: string | null };
let manifest: Record<string, string>;

const SERVER = `import { defineServer } from 'gqlambda/runtime';
export default defineServer({ trustedDocumentsOnly: true, trustedDocumentsCacheControl: 'public, max-age=60' });
`;

beforeAll(async () => {
  root = await scaffold();
  await mkdir(join(root, 'client'));
  await writeFile(join(root, 'client/hello.graphql'), 'query Hello { hello }\n');
  await writeFile(join(root, 'client/greeting.graphql'), 'query Greeting { ...Greet }\nfragment Greet on Query { hello }\n');
  await writeFile(join(root, 'src/server.ts'), SERVER);
  const result = await runCli(['build', '--json', '--no-typecheck', '--operations', 'client/**/*.graphql'], root);
  expect(result.status, result.stderr + result.stdout).toBe(0);
  summary = json(result);
  config = await projectConfig(root);
  manifest = JSON.parse(await readFile(join(root, 'dist/persisted-documents.json'), 'utf8')) as Record<string, string>;
}, 120_000);
afterAll(removeTempDirs);

const idOf = (text: string) => Object.keys(manifest).find((id) => manifest[id]!.includes(text))!;

function httpApi(method: 'GET' | 'POST', options: { body?: unknown; rawQueryString?: string } = {}) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString: options.rawQueryString ?? '',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    requestContext: { http: { method, path: '/graphql', sourceIp: '203.0.113.9', userAgent: 'vitest' }, requestId: 'r', stage: '$default' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    isBase64Encoded: false,
  };
}

async function send(event: unknown) {
  const { result } = await invoke({ config, event });
  const response = result as { statusCode: number; headers: Record<string, string>; body: string };
  return { status: response.statusCode, headers: response.headers, body: JSON.parse(response.body) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } };
}

describe('gqlambda build --operations', () => {
  it('writes a manifest of sha256 ids and printed documents beside the zip, each operation with its fragments', async () => {
    expect(summary.documents).toBe('dist/persisted-documents.json');
    expect(Object.values(manifest).sort()).toEqual([manifest[idOf('Greeting')], manifest[idOf('Hello')], '{ __typename }'].sort());
    const { createHash } = await import('node:crypto');
    for (const [id, text] of Object.entries(manifest)) expect(id).toBe(`sha256:${createHash('sha256').update(text).digest('hex')}`);
    expect(manifest[idOf('Greeting')]).toContain('fragment Greet on Query');
  });

  it('answers a documentId over POST, and over GET with the configured Cache-Control', async () => {
    const posted = await send(httpApi('POST', { body: { documentId: idOf('Hello') } }));
    expect(posted.status).toBe(200);
    expect(posted.body.data).toEqual({ hello: expect.stringMatching(/^Hello/) });
    const got = await send(httpApi('GET', { rawQueryString: `documentId=${encodeURIComponent(idOf('Greeting'))}` }));
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual({ hello: expect.stringMatching(/^Hello/) });
    expect(got.headers['cache-control']).toBe('public, max-age=60');
  });

  it('answers Apollo’s extensions.persistedQuery.sha256Hash', async () => {
    const hash = idOf('Hello').slice('sha256:'.length);
    const answer = await send(httpApi('POST', { body: { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } } }));
    expect(answer.body.data).toEqual({ hello: expect.stringMatching(/^Hello/) });
  });

  it('with trustedDocumentsOnly refuses a query text with 400, and an unknown id with 404', async () => {
    const text = await send(httpApi('POST', { body: { query: '{ hello }' } }));
    expect(text.status).toBe(400);
    expect(text.body.errors?.[0]?.message).toMatch(/^This API answers trusted documents only/);
    const unknown = await send(httpApi('POST', { body: { documentId: 'sha256:0000' } }));
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Unknown document id "sha256:0000"/), extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
  });

  it('fails the build on an operation the schema cannot serve, naming file:line:col with a code frame', async () => {
    await writeFile(join(root, 'client/bad.graphql'), 'query Bad {\n  hello\n  nope\n}\n');
    const result = await runCli(['build', '--no-typecheck', '--no-smoke', '--operations', 'client/**/*.graphql'], root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('client/bad.graphql:3:3');
    expect(result.stderr).toMatch(/Cannot query field "nope" on type "Query"/);
    expect(result.stderr).toMatch(/> 3 \|\s+nope/);
  }, 120_000);
});
