/**
 * Bundle and function settings from the config reach the zip and the SAM template: CommonJS output, an
 * external source map kept out of the zip, the development profile, nodejs24.x, x86_64, memory,
 * timeout, environment, another output path; inline source maps turn on --enable-source-maps.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../../src/build/index.js';
import { invoke } from '../../src/invoke/index.js';
import { readZip } from '../../src/invoke/unzip.js';
import { parse as parseYaml } from 'yaml';
import { projectConfig, removeTempDirs, repoRoot, scaffold } from './support.js';

let root: string;
let summary: BuildSummary;

async function setBundle(bundle: string, fn = ''): Promise<void> {
  const file = join(root, 'gqlambda.config.ts');
  const text = (await readFile(file, 'utf8')).replace(/ {2}bundle: \{[^\n]*\},\n(?: {2}function: \{[^\n]*\},\n)?/, `  bundle: ${bundle},\n${fn ? `  function: ${fn},\n` : ''}`);
  await writeFile(file, text);
}

beforeAll(async () => {
  root = await scaffold();
  await setBundle(
    "{ runtime: 'nodejs24.x', format: 'cjs', sourcemap: 'external', outfile: 'out/fn.zip' }",
    "{ architecture: 'x86_64', memorySize: 1024, timeout: 20, environment: { TABLE: 'books', GREETING: 'say \"hi\": #1' } }",
  );
  summary = await build(await projectConfig(root), { profile: 'development' });
});
afterAll(removeTempDirs);

/** The function's properties in a SAM template, read as the SAM CLI reads YAML (1.1). */
async function samFunction(file: string): Promise<Record<string, unknown>> {
  const template = parseYaml(await readFile(join(root, file), 'utf8'), { version: '1.1' }) as { Resources: { GraphQLFunction: { Properties: Record<string, unknown> } } };
  return template.Resources.GraphQLFunction.Properties;
}

describe('build settings', () => {
  it('writes CommonJS index.js into the zip and the external source map beside it, not in it', async () => {
    expect(summary).toMatchObject({ zip: 'out/fn.zip', format: 'cjs', runtime: 'nodejs24.x', profile: 'development', sourceMap: 'out/index.js.map' });
    const entries = await readZip(join(root, 'out/fn.zip'));
    expect(entries.map((entry) => entry.name)).toEqual(['index.js']);
    expect(entries[0]!.data.toString()).not.toContain('sourceMappingURL');
    const map = JSON.parse(await readFile(join(root, 'out/index.js.map'), 'utf8')) as { sources: string[] };
    expect(map.sources).toContain('../src/resolvers/Query.ts');
    expect(map.sources).toContain('gqlambda-cli:node_modules/gqlambda/dist/runtime/index.js');
    expect(map.sources.filter((source) => source.startsWith('/') || source.includes(repoRoot))).toEqual([]);
  });

  it('bakes in the development profile: introspection answers; and the node24 bundle loads on this Node', async () => {
    const { result } = await invoke({ config: await projectConfig(root), query: '{ __schema { queryType { name } } }' });
    expect(JSON.parse((result as { body: string }).body)).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('writes the function settings into the SAM template, values quoted', async () => {
    expect(await samFunction('out/template.yaml')).toMatchObject({
      CodeUri: 'fn.zip',
      Handler: 'index.handler',
      Runtime: 'nodejs24.x',
      Architectures: ['x86_64'],
      MemorySize: 1024,
      Timeout: 20,
      Environment: { Variables: { GREETING: 'say "hi": #1', TABLE: 'books' } },
    });
    expect(await samFunction('out/template.yaml')).not.toHaveProperty(['Environment', 'Variables', 'NODE_OPTIONS']);
  });

  it('passes the function environment to the smoke step and invoke', async () => {
    await writeFile(join(root, 'src/resolvers/Query.ts'), (await readFile(join(root, 'src/resolvers/Query.ts'), 'utf8')).replace("?? 'Anon'}!`", "?? 'Anon'}! ${(globalThis as { process?: { env: Record<string, string> } }).process?.env.TABLE}`"));
    await build(await projectConfig(root), { typecheck: false, smoke: false });
    const { result } = await invoke({ config: await projectConfig(root) });
    expect(JSON.parse((result as { body: string }).body)).toEqual({ data: { hello: 'Hello gqlambda-invoke! books' } });
  });

  it('with an inline source map, sets NODE_OPTIONS=--enable-source-maps; --no-sam writes no template', async () => {
    await setBundle("{ sourcemap: 'inline' }");
    const inline = await build(await projectConfig(root), { typecheck: false });
    expect(inline.sourceMap).toBeNull();
    const [entry] = await readZip(join(root, 'dist/lambda.zip'));
    expect(entry!.data.toString()).toContain('//# sourceMappingURL=data:application/json;base64,');
    expect((await samFunction('dist/template.yaml')).Environment).toMatchObject({ Variables: { NODE_OPTIONS: '--enable-source-maps' } });

    await rm(join(root, 'dist/template.yaml'));
    const noSam = await build(await projectConfig(root), { typecheck: false, smoke: false, sam: false });
    expect(noSam.template).toBeNull();
    expect(existsSync(join(root, 'dist/template.yaml'))).toBe(false);
  });
});
