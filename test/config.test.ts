import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config.js';
import { findConfigFile, loadConfig, mergeConfig, validateConfig } from '../src/config-load.js';
import { GqlambdaError } from '../src/errors.js';
import { projectWith, removeTempDirs } from './support/projects.js';

afterAll(removeTempDirs);

const project = projectWith;

async function loadError(dir: string, configPath?: string): Promise<GqlambdaError> {
  const error: unknown = await loadConfig({ cwd: dir, configPath }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GqlambdaError);
  return error as GqlambdaError;
}

describe('loadConfig', () => {
  it('uses the defaults, rooted at the working directory, when there is no config file', async () => {
    const dir = project({});
    const config = await loadConfig({ cwd: dir });
    expect(config).toEqual({ ...defaultConfig(), root: dir });
  });

  it('loads a TypeScript config that imports defineConfig from gqlambda without node_modules', async () => {
    const dir = project({
      'gqlambda.config.ts': [
        "import { defineConfig } from 'gqlambda';",
        "const folder: string = 'graphql';",
        'export default defineConfig({',
        '  schema: `${folder}/*.graphql`,',
        "  scalars: { DateTime: 'string' },",
        "  bundle: { runtime: 'nodejs24.x', minify: false },",
        '  function: { memorySize: 1024 },',
        '});',
      ].join('\n'),
    });
    const config = await loadConfig({ cwd: dir });
    const defaults = defaultConfig();
    expect(config.configFile).toBe(join(dir, 'gqlambda.config.ts'));
    expect(config.root).toBe(dir);
    expect(config.schema).toEqual(['graphql/*.graphql']);
    expect(config.scalars).toEqual({ DateTime: 'string' });
    // Nested objects are merged key by key over the defaults.
    expect(config.bundle).toEqual({ ...defaults.bundle, runtime: 'nodejs24.x', minify: false });
    expect(config.function).toEqual({ ...defaults.function, memorySize: 1024 });
    expect(config.context).toEqual(defaults.context);
  });

  it('walks up from a subfolder to find the config', async () => {
    const dir = project({ 'gqlambda.config.json': '{ "resolvers": "lib/resolvers" }', 'src/deep/x.txt': '' });
    const config = await loadConfig({ cwd: join(dir, 'src/deep') });
    expect(config.root).toBe(dir);
    expect(config.resolvers).toBe('lib/resolvers');
    expect(findConfigFile(join(dir, 'src'))).toBe(join(dir, 'gqlambda.config.json'));
  });

  it('loads .mjs configs and an explicit --config path', async () => {
    const dir = project({ 'config/custom.mjs': "export default { generated: 'gen', server: null };" });
    const config = await loadConfig({ cwd: dir, configPath: 'config/custom.mjs' });
    expect(config.generated).toBe('gen');
    expect(config.server).toBeNull();
    expect(config.root).toBe(join(dir, 'config'));
  });

  it('accepts every key of the defaults, so a key added to config.ts cannot be rejected as unknown', () => {
    const full = { ...defaultConfig(), bundle: { ...defaultConfig().bundle, maxSize: 5_000_000 } };
    const validated = validateConfig(full, '/p/gqlambda.config.json');
    expect(mergeConfig(defaultConfig(), validated)).toEqual(full);
  });

  it('names the file, the key path, the allowed values and the value given', async () => {
    const dir = project({ 'gqlambda.config.ts': "export default { bundle: { runtime: 'nodejs18.x' } };" });
    const error = await loadError(dir);
    expect(error.code).toBe('CONFIG');
    expect(error.file).toMatch(/gqlambda\.config\.ts$/);
    expect(error.message).toBe('bundle.runtime: expected one of nodejs22.x, nodejs24.x, got "nodejs18.x"');
    expect(error.hint).toContain('bundle.runtime');
  });

  it('checks operations: a glob or a list of globs, a single glob made a list', async () => {
    const error = await loadError(project({ 'gqlambda.config.json': '{ "operations": 5 }' }));
    expect(error.message).toMatch(/^operations: expected a glob or a list of globs, such as "client\/\*\*\/\*\.graphql"/);
    const dir = project({ 'gqlambda.config.json': '{ "operations": "client/*.graphql" }' });
    expect((await loadConfig({ cwd: dir })).operations).toEqual(['client/*.graphql']);
  });

  it('rejects unknown keys at any depth and lists the valid ones', async () => {
    const top = await loadError(project({ 'gqlambda.config.json': '{ "schemas": "x.graphql" }' }));
    expect(top.message).toBe('schemas: unknown key (did you mean "schema"?)');
    expect(top.hint).toContain('schema, resolvers, generated');
    const nested = await loadError(project({ 'gqlambda.config.json': '{ "function": { "memory": 256 } }' }));
    expect(nested.message).toBe('function.memory: unknown key');
    const far = await loadError(project({ 'gqlambda.config.json': '{ "bundle": { "zip": true } }' }));
    expect(far.message).toBe('bundle.zip: unknown key');
    expect(nested.hint).toContain('memorySize');
  });

  it.each([
    ['{ "schema": [] }', 'schema: expected a non-empty list of globs, got []'],
    ['{ "schema": 3 }', 'schema: expected a glob or a non-empty list of globs, such as "schema/**/*.graphql", got 3'],
    ['{ "function": { "memorySize": 64 } }', 'function.memorySize: expected a whole number of MB between 128 and 10240, got 64'],
    ['{ "function": { "timeout": 901 } }', 'function.timeout: expected a whole number of seconds between 1 and 900, got 901'],
    ['{ "bundle": { "minify": "yes" } }', 'bundle.minify: expected true or false, got "yes"'],
    ['{ "bundle": { "sourcemap": true } }', 'bundle.sourcemap: expected false, "external" or "inline", got true'],
    ['{ "mappers": { "Book": "./models.ts" } }', 'mappers.Book: expected a "path#Export" string'],
    ['{ "scalars": { "DateTime": 1 } }', 'scalars.DateTime: expected a TypeScript type, such as "string", got 1'],
    ['{ "context": { "type": "" } }', 'context.type: expected the name of an exported type, got ""'],
    ['[1, 2]', '(config): expected an object'],
  ])('%s is rejected with a message naming the key', async (json, message) => {
    const error = await loadError(project({ 'gqlambda.config.json': json }));
    expect(error.message.startsWith(message)).toBe(true);
    expect(error.file).toMatch(/gqlambda\.config\.json$/);
  });

  it('points at the line and column of a JSON syntax error', async () => {
    const error = await loadError(project({ 'gqlambda.config.json': '{\n  "resolvers": "src/r",\n}\n' }));
    expect(error.message).toMatch(/^invalid JSON: /);
    expect([error.line, error.column]).toEqual([3, 1]);
  });

  it('reports a TypeScript syntax error in the config with its position', async () => {
    const error = await loadError(project({ 'gqlambda.config.ts': 'export default {\n  schema: ,\n};\n' }));
    expect(error.message).toMatch(/^cannot compile the config: /);
    expect(error.line).toBe(2);
  });

  it('reports a config without a default export', async () => {
    const error = await loadError(project({ 'gqlambda.config.ts': 'export const config = {};\n' }));
    expect(error.message).toBe('the config file has no default export');
  });

  it('reports a missing --config file', async () => {
    const error = await loadError(project({}), 'nope.ts');
    expect(error.message).toBe('config file not found: nope.ts');
  });
});
