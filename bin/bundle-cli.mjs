/**
 * `npm run build`, after tsc: bundles the command line and its type check worker into dist/bundle/, so that a
 * command starts by loading a few files instead of about 180 modules (zod alone is 95, yaml 73). Node's
 * module loader costs most of the start-up, and during a build that start-up competes with the type check
 * for the CPU. dist/*.js (tsc's output) stays as it is: the package's exports and the tests use it.
 *
 * Bundled: pure-JavaScript packages the CLI imports. Left as imports: packages that must be one shared copy
 * (graphql and codegen), are loaded lazily and are large (TypeScript, loaded from V8's code cache), run a
 * binary (esbuild), or read their own files at run time (the dev server's GraphiQL).
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const BUNDLED = new Set(['commander', 'zod', 'yaml', 'picocolors', 'tinyglobby', 'picomatch', 'fdir', 'yazl', 'buffer-crc32']);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });

await esbuild.build({
  absWorkingDir: root,
  // The entry names are the files' names in dist/bundle/: typecheck-worker.ts starts `./typecheck-worker.js` beside itself.
  entryPoints: { cli: 'dist/cli.js', 'typecheck-worker': 'dist/build/typecheck-worker.js' },
  outdir,
  bundle: true,
  // Commands and steps loaded on use stay loaded on use: `gqlambda --version` loads no build code.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Bundled CommonJS (yazl) requires Node's built-ins: give it a real `require`.
  banner: { js: "import { createRequire as __gqlambdaCreateRequire } from 'node:module';\nconst require = __gqlambdaCreateRequire(import.meta.url);" },
  // Chunk paths must stay two folders below the package root: util/paths.ts finds the root from its own file.
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-packages',
      setup(build) {
        build.onResolve({ filter: /^[^./]/ }, ({ path }) => {
          const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
          return BUNDLED.has(name) ? undefined : { external: true };
        });
      },
    },
  ],
});
