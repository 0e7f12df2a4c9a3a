/**
 * A freshly scaffolded project, with no node_modules of its own, built once by the real CLI; then the
 * zip is taken apart and invoked with every fixture event.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { open, type Entry } from 'yauzl';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metafile } from 'esbuild';
import { graphqlCopies } from '../../src/build/bundle.js';
import { invoke } from '../../src/invoke/index.js';
import type { BuildSummary } from '../../src/build/index.js';
import type { ResolvedConfig } from '../../src/config.js';
import { fixtureEvents, graphqlBytes, json, projectConfig, removeTempDirs, repoRoot, runCli, scaffold } from './support.js';

let root: string;
let config: ResolvedConfig;
let summary: BuildSummary & { ok: boolean };
let zipBytes: Buffer;

beforeAll(async () => {
  root = await scaffold();
  const result = await runCli(['build', '--json'], root);
  summary = json(result);
  expect(result.status, result.stderr).toBe(0);
  config = await projectConfig(root);
  zipBytes = await readFile(join(root, 'dist/lambda.zip'));
});
afterAll(removeTempDirs);

function zipEntries(): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    open(join(root, 'dist/lambda.zip'), { lazyEntries: false }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries: Entry[] = [];
      zip.on('entry', (entry: Entry) => entries.push(entry));
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
    });
  });
}

describe('gqlambda build of a scaffold without node_modules', () => {
  it('needs no install: the project really has no node_modules', () => {
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
    expect(summary.ok).toBe(true);
  });

  it('reports the zip, its size and its CodeSha256 (base64 SHA-256) as the file really is', () => {
    expect(summary.zip).toBe('dist/lambda.zip');
    expect(summary.bytes).toBe(zipBytes.byteLength);
    expect(summary.sha256).toBe(createHash('sha256').update(zipBytes).digest('base64'));
    expect(summary).toMatchObject({ handler: 'index.handler', runtime: 'nodejs22.x', architecture: 'arm64', format: 'esm', profile: 'production' });
    expect(summary.steps.map((step) => step.step)).toEqual(['generate', 'typecheck', 'bundle', 'smoke', 'zip']);
    expect(summary.smoke?.sources.map((source) => source.source)).toEqual([
      'API Gateway REST API (v1)',
      'API Gateway HTTP API (v2)',
      'Lambda Function URL',
      'Application Load Balancer',
      'direct invocation',
    ]);
  });

  it('zips index.mjs alone, with fixed time and mode and no extra fields', async () => {
    const entries = await zipEntries();
    expect(entries.map((entry) => entry.fileName)).toEqual(['index.mjs']);
    const [entry] = entries as [Entry];
    expect((entry.externalFileAttributes >>> 16) & 0o777).toBe(0o644);
    expect(entry.extraFields).toEqual([]);
    // DOS date 1980-01-01, time 12:00:00.
    expect(entry.lastModFileDate).toBe((0 << 9) | (1 << 5) | 1);
    expect(entry.lastModFileTime).toBe(12 << 11);
    expect(entry.compressionMethod).toBe(8);
  });

  it('keeps the metafile and the template out of the zip, beside it', () => {
    expect(readdirSync(join(root, 'dist')).sort()).toEqual(['lambda.meta.json', 'lambda.zip', 'template.yaml']);
  });

  it('bundles exactly one graphql, the CLI\'s own copy, under a path that does not depend on the machine', async () => {
    const metafile = JSON.parse(await readFile(join(root, summary.metafile), 'utf8')) as Metafile;
    expect(graphqlCopies(metafile)).toEqual(['node_modules/graphql']);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('gqlambda-cli:node_modules/gqlambda/dist/runtime/index.js');
    // Only graphql's ESM files: a deep import of `graphql/…/x.js` must not bring in its CommonJS twin.
    expect(inputs.filter((input) => /node_modules\/graphql\/.*\.js$/.test(input))).toEqual([]);
    expect(inputs.filter((input) => input.includes('..') || input.startsWith('/'))).toEqual([]);
    expect(summary.largest[0]?.name).toBe('graphql');
  });

  it('leaves out the graphql-js tables nothing reads: the SDL validation rules go, the query rules stay', async () => {
    const metafile = JSON.parse(await readFile(join(root, summary.metafile), 'utf8')) as Metafile;
    expect(graphqlBytes(metafile, 'validation/rules/PossibleTypeExtensionsRule.mjs')).toBe(0);
    expect(graphqlBytes(metafile, 'validation/rules/UniqueTypeNamesRule.mjs')).toBe(0);
    expect(graphqlBytes(metafile, 'validation/rules/OverlappingFieldsCanBeMergedRule.mjs')).toBeGreaterThan(0);
  });

  it('leaves the runtime’s trusted-documents code out of a project without operations', async () => {
    const { readZip } = await import('../../src/invoke/unzip.js');
    const [entry] = await readZip(join(root, 'dist/lambda.zip'));
    expect(entry!.data.toString('utf8')).not.toContain('PERSISTED_QUERY_NOT_FOUND');
    expect(summary.documents).toBeNull();
  });

  it('writes no absolute path into the bundle', async () => {
    const { readZip } = await import('../../src/invoke/unzip.js');
    const [entry] = await readZip(join(root, 'dist/lambda.zip'));
    const code = entry!.data.toString('utf8');
    for (const path of [root, repoRoot, tmpdir()]) expect(code).not.toContain(path);
  });

  it('writes a SAM template from the config: runtime, arm64, memory, timeout, handler, the zip, an HTTP API and the basic role', async () => {
    const template = parseYaml(await readFile(join(root, 'dist/template.yaml'), 'utf8'), { version: '1.1' }) as {
      Transform: string;
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    expect(template.Transform).toBe('AWS::Serverless-2016-10-31');
    expect(template.Resources.GraphQLFunction!.Properties).toMatchObject({
      CodeUri: 'lambda.zip',
      Handler: 'index.handler',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 10,
      Events: { GraphQL: { Type: 'HttpApi' } },
    });
    expect(template.Resources.GraphQLFunctionRole!.Properties.ManagedPolicyArns).toEqual([
      { 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' },
    ]);
    expect(template.Resources.GraphQLFunctionRole!.Properties).not.toHaveProperty('Policies');
    expect(template.Resources.GraphQLFunction!.Properties).not.toHaveProperty('Environment');
  });
});

describe('gqlambda invoke of the built zip', () => {
  it('answers the default event (an HTTP API v2 POST of { hello }) and prints the durations', async () => {
    const result = await runCli(['invoke'], root);
    expect(result.status, result.stderr).toBe(0);
    const response = JSON.parse(result.stdout) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ data: { hello: 'Hello gqlambda-invoke!' } });
    expect(result.stderr).toMatch(/init \d+(\.\d+)? m?s · invoke \d+(\.\d+)? m?s · request id [0-9a-f-]{36}/);
  });

  const events = readdirSync(fixtureEvents).filter((name) => name.endsWith('.json')).sort();
  /**
   * What each fixture event gets from the scaffold: the GETs and some POSTs ask for `{ hello }`; the others
   * were written for a schema with `hello(name:)` and a `rename` mutation, which the scaffold does not have,
   * so they get validation errors (200 under application/json) or, for a mutation, `data: null`.
   */
  const FIXTURE_OUTCOMES: Record<string, [status: number | undefined, keys: string]> = {
    'alb-get.json': [200, 'data'],
    'alb-post-multi-value.json': [200, 'data'],
    'direct.json': [undefined, 'errors'],
    'function-url-post.json': [200, 'data'],
    'http-api-get.json': [200, 'data'],
    'http-api-post-base64.json': [200, 'errors'],
    'http-api-post.json': [200, 'data,errors'],
    'rest-api-get.json': [200, 'data'],
    'rest-api-post-base64.json': [200, 'data'],
    'rest-api-post.json': [200, 'data,errors'],
  };
  it('knows the outcome of every fixture event', () => expect(Object.keys(FIXTURE_OUTCOMES)).toEqual(events));

  it.each(events)('answers the fixture event %s in the shape of its source', async (name) => {
    const event = JSON.parse(await readFile(join(fixtureEvents, name), 'utf8')) as Record<string, unknown>;
    const { result, error } = await invoke({ config, event });
    expect(error).toBeUndefined();
    if (name.startsWith('direct')) {
      expect(Object.keys(result as object).join()).toBe(FIXTURE_OUTCOMES[name]![1]);
      return;
    }
    const response = result as { statusCode: number; body: string; statusDescription?: string; multiValueHeaders?: unknown; headers?: unknown; isBase64Encoded?: boolean };
    const body = response.isBase64Encoded ? Buffer.from(response.body, 'base64').toString('utf8') : response.body;
    // Every fixture is a well-formed request for the scaffold's schema: a 200 with data and no errors.
    const [status, outcome] = FIXTURE_OUTCOMES[name]!;
    expect(response.statusCode).toBe(status);
    expect(Object.keys(JSON.parse(body)).sort().join()).toBe(outcome);
    if (name.startsWith('alb')) expect(response.statusDescription).toMatch(/^\d{3} /);
    if (name === 'alb-post-multi-value.json') expect(response.multiValueHeaders).toBeDefined();
  });

  it('runs the production profile: introspection is refused', async () => {
    const { result } = await invoke({ config, query: '{ __schema { queryType { name } } }' });
    const body = JSON.parse((result as { body: string }).body) as { data?: unknown; errors?: Array<{ message: string }> };
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
  });
});
