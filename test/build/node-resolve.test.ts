/**
 * Packages with an `exports` map bundle the file Node itself would load: conditions in the package's
 * order (not bundlers' `module`), nested conditions, fallback arrays, `*` patterns and `null` exclusions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../src/build/bundle.js';
import { resolveLikeNode } from '../../src/build/node-resolve.js';
import { defaultConfig } from '../../src/config.js';
import { removeTempDirs, tempDir } from '../support/projects.js';

let root: string;

/** A package whose every file exports its own name, so the bundle shows which one was picked. */
function writePackage(name: string, exportsMap: unknown, files: string[]): void {
  const dir = join(root, 'node_modules', name);
  writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', exports: exportsMap }));
  for (const file of files) {
    const cjs = file.endsWith('.cjs');
    writeFile(join(dir, file), cjs ? `exports.picked = ${JSON.stringify(`${name}/${file}`)};\n` : `export const picked = ${JSON.stringify(`${name}/${file}`)};\n`);
  }
}

function writeFile(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(() => {
  root = tempDir();
  writeFile(join(root, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  writePackage(
    'conditions',
    // Bundlers add a `module` condition; Node does not, and takes the first key that matches, in order.
    { '.': { module: './module.js', node: { import: { default: './node-import.mjs' }, require: './node-require.cjs' }, default: './default.js' } },
    ['module.js', 'node-import.mjs', 'node-require.cjs', 'default.js'],
  );
  writePackage('fallbacks', { '.': [{ worker: './worker.js' }, 'not-relative.js', './main.js'] }, ['worker.js', 'not-relative.js', 'main.js']);
  writePackage('left-out', { '.': './index.js' }, ['index.js']);
  writePackage('@aws-sdk/client-s3', { '.': './index.js' }, ['index.js']);
  writePackage('patterns', { './*': './dist/*.js', './internal/*': null, './package.json': './package.json' }, ['dist/feature.js', 'dist/deep/leaf.js', 'dist/internal/secret.js']);
});
afterAll(removeTempDirs);

describe('resolveLikeNode', () => {
  it('takes conditions in the package order, nested, with import or require as Node does', async () => {
    expect(await resolveLikeNode('conditions', root, 'import')).toBe(join(root, 'node_modules/conditions/node-import.mjs'));
    expect(await resolveLikeNode('conditions', root, 'require')).toBe(join(root, 'node_modules/conditions/node-require.cjs'));
  });

  it('skips fallback entries that match no condition or are not valid targets', async () => {
    for (const mode of ['import', 'require'] as const) expect(await resolveLikeNode('fallbacks', root, mode)).toBe(join(root, 'node_modules/fallbacks/main.js'));
  });

  it('expands * patterns and refuses what the map excludes with null', async () => {
    expect(await resolveLikeNode('patterns/feature', root, 'import')).toBe(join(root, 'node_modules/patterns/dist/feature.js'));
    expect(await resolveLikeNode('patterns/deep/leaf', root, 'require')).toBe(join(root, 'node_modules/patterns/dist/deep/leaf.js'));
    await expect(resolveLikeNode('patterns/internal/secret', root, 'import')).rejects.toMatchObject({ code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  });
});

describe('the bundle', () => {
  it('contains the files Node would load, keeps externals external, and names a path the package does not export', async () => {
    writeFile(
      join(root, 'src/entry.ts'),
      [
        "import { picked as a } from 'conditions';",
        "import { picked as b } from 'fallbacks';",
        "import { picked as c } from 'patterns/feature';",
        "import { picked as d } from 'patterns/deep/leaf';",
        "const { picked: e } = require('conditions');",
        "import { picked as f } from 'left-out';",
        "import { picked as g } from '@aws-sdk/client-s3';",
        'export const handler = () => [a, b, c, d, e, f, g];',
      ].join('\n'),
    );
    const options = { root, entry: 'src/entry.ts', bundle: { ...defaultConfig().bundle, minify: false, external: ['left-out'] }, profile: 'production' as const, outDir: join(root, 'dist') };
    const result = await bundle(options);
    const packageFiles = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('node_modules/')).sort();
    expect(packageFiles).toEqual([
      'node_modules/conditions/node-import.mjs',
      'node_modules/conditions/node-require.cjs',
      'node_modules/fallbacks/main.js',
      'node_modules/patterns/dist/deep/leaf.js',
      'node_modules/patterns/dist/feature.js',
    ]);
    // Externals, the config's and the AWS SDK, stay imports for Lambda to resolve.
    const code = Buffer.from(result.code).toString('utf8');
    expect(code).toMatch(/from "left-out"/);
    expect(code).toMatch(/from "@aws-sdk\/client-s3"/);

    writeFile(join(root, 'src/entry.ts'), "import { picked } from 'patterns/internal/secret';\nexport const handler = () => picked;\n");
    await expect(bundle(options)).rejects.toMatchObject({
      message: expect.stringMatching(/^"patterns\/internal\/secret" is not exported by the package "patterns": Package subpath '\.\/internal\/secret' is not defined by "exports" in \S+package\.json$/),
      file: 'src/entry.ts',
      line: 1,
    });
  });
});
