/**
 * A project that installed packages of its own: its own graphql (which the CLI's runtime must then use
 * too: one copy in the bundle), an external dependency (left out of the zip, resolved from the
 * project's node_modules by the smoke step), and a CommonJS dependency that requires a Node built-in
 * (which ESM output can only load with a real `require`).
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildSummary } from '../../src/build/index.js';
import { graphqlCopies } from '../../src/build/bundle.js';
import { readZip } from '../../src/invoke/unzip.js';
import { invoke } from '../../src/invoke/index.js';
import { graphqlBytes, projectConfig, removeTempDirs, repoRoot, scaffold } from './support.js';

let root: string;
let summary: BuildSummary;
let code: string;

async function writePackage(name: string, files: Record<string, string>): Promise<void> {
  const dir = join(root, 'node_modules', name);
  await mkdir(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
}

beforeAll(async () => {
  root = await scaffold();
  await cp(join(repoRoot, 'node_modules/graphql'), join(root, 'node_modules/graphql'), { recursive: true });
  await writePackage('greeting-lib', {
    'package.json': JSON.stringify({ name: 'greeting-lib', version: '1.0.0', type: 'module', main: 'index.js', types: 'index.d.ts' }),
    'index.js': "export const greet = (name) => `Greetings, ${name}, from the project's node_modules`;\n",
    'index.d.ts': 'export declare function greet(name: string): string;\n',
  });
  await writePackage('cjs-newline', {
    'package.json': JSON.stringify({ name: 'cjs-newline', version: '1.0.0', main: 'index.js', types: 'index.d.ts' }),
    'index.js': "const os = require('node:os');\nmodule.exports.newlineLength = () => os.EOL.length;\n",
    'index.d.ts': 'export declare function newlineLength(): number;\n',
  });
  const queryFile = join(root, 'src/resolvers/Query.ts');
  const query = await readFile(queryFile, 'utf8');
  await writeFile(
    queryFile,
    `import { greet } from 'greeting-lib';\nimport { newlineLength } from 'cjs-newline';\n${query.replace("return `Hello ${context.userAgent ?? 'Anon'}!`;", "return `${greet(context.userAgent ?? 'Anon')} (${newlineLength()})`;")}`,
  );
  const configFile = join(root, 'gqlambda.config.ts');
  await writeFile(configFile, (await readFile(configFile, 'utf8')).replace("bundle: { runtime: 'nodejs22.x' }", "bundle: { runtime: 'nodejs22.x', external: ['greeting-lib'] }"));

  summary = await build(await projectConfig(root));
  const [entry] = await readZip(join(root, summary.zip));
  code = entry!.data.toString('utf8');
});
afterAll(removeTempDirs);

describe('a project with packages of its own', () => {
  it('bundles exactly one graphql: the project\'s, also for the CLI\'s runtime', async () => {
    const metafile = JSON.parse(await readFile(join(root, summary.metafile), 'utf8')) as Metafile;
    expect(graphqlCopies(metafile)).toEqual(['node_modules/graphql']);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs).toContain('node_modules/graphql/index.mjs');
    // Only graphql's ESM files: a deep import of `graphql/…/x.js` must not bring in its CommonJS twin.
    expect(inputs.filter((input) => /node_modules\/graphql\/.*\.js$/.test(input))).toEqual([]);
    expect(inputs.filter((input) => input.startsWith('gqlambda-cli:node_modules/graphql/'))).toEqual([]);
    // The runtime itself still comes from the CLI: the project did not install gqlambda.
    expect(inputs).toContain('gqlambda-cli:node_modules/gqlambda/dist/runtime/index.js');
    // The project's own graphql loses the tables nothing reads too (graphql-constants.ts).
    expect(graphqlBytes(metafile, 'validation/rules/PossibleTypeExtensionsRule.mjs')).toBe(0);
    expect(graphqlBytes(metafile, 'validation/rules/OverlappingFieldsCanBeMergedRule.mjs')).toBeGreaterThan(0);
  });

  it('leaves the external out of the zip, and the smoke step finds it in the project\'s node_modules', () => {
    expect(code).toMatch(/from\s*"greeting-lib"/);
    expect(code).not.toContain("from the project's node_modules");
    expect(summary.smoke?.sources).toHaveLength(5);
  });

  it('gives ESM output a real require for the CommonJS dependency that loads a built-in', async () => {
    expect(code).toContain('createRequire');
    const { result } = await invoke({ config: await projectConfig(root), query: '{ hello }' });
    const body = JSON.parse((result as { body: string }).body) as { data: { hello: string } };
    expect(body.data.hello).toBe("Greetings, gqlambda-invoke, from the project's node_modules (1)");
  });
});
