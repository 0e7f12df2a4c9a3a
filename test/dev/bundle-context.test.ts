/**
 * The dev server's incremental esbuild context: each rebuild after an edit gives exactly the bytes a
 * fresh `gqlambda build` bundle would, so what `dev` serves is what ships.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, createBundleContext, type BundleOptions } from '../../src/build/bundle.js';
import { generate } from '../../src/generate/index.js';
import { generatedDir } from '../../src/generate/paths.js';
import { projectConfig, removeTempDirs, scaffold } from '../build/support.js';

afterAll(removeTempDirs);

describe('createBundleContext', () => {
  it('rebuilds an edit to the same bytes as a fresh bundle', async () => {
    const root = await scaffold();
    const config = await projectConfig(root);
    await generate(config);
    const options: BundleOptions = { root, entry: join(generatedDir(config), 'handler.ts'), bundle: config.bundle, profile: 'development', outDir: join(root, 'dist') };
    const context = await createBundleContext(options);
    try {
      const first = await context.rebuild();
      expect(Buffer.from(first.code)).toEqual(Buffer.from((await bundle(options)).code));

      const file = join(root, 'src/resolvers/Query.ts');
      await writeFile(file, (await readFile(file, 'utf8')).replace('`Hello ${', '`Rebuilt ${'));
      const second = await context.rebuild();
      expect(Buffer.from(second.code).toString()).toContain('Rebuilt ');
      expect(Buffer.from(second.code)).toEqual(Buffer.from((await bundle(options)).code));
    } finally {
      await context.dispose();
    }
  });
});
