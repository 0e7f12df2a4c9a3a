/**
 * Builds every contender for every schema into .bench/ (gitignored) and unzips it into a folder a child
 * process can load: the three peers with one esbuild configuration, gqlambda with `gqlambda build`.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import yauzl from 'yauzl';
import yazl from 'yazl';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * Where a run builds (gitignored): .bench/full or .bench/quick, so that a `--quick` check started by
 * someone else during a full run does not delete the bundles it is timing. Set by run.mjs.
 */
export const workDir = { path: join(ROOT, '.bench', 'full') };
export const SCHEMAS = ['hello', 'shop'];
/**
 * The peers built by the harness; each is a `createHandler(typeDefs, resolvers)` in fixtures/bench/peers/.
 * `floor-cjs` is floor bundled the CommonJS way (CJS output, esbuild's default `main` before `module`),
 * to show what ESM-first bundling is worth. `floor-jit` is floor-cached with graphql-jit's executor; it
 * needs one plugin, since graphql-jit `require`s graphql's CommonJS files by path
 * (`graphql/execution/execute.js`), a second copy of graphql next to the ESM one, which graphql's
 * instanceof checks refuse.
 */
export const PEERS = ['floor', 'floor-cjs', 'floor-cached', 'floor-jit', 'apollo', 'yoga'];
const VARIANTS = {
  'floor-cjs': { source: 'floor', file: 'index.cjs', options: { format: 'cjs', mainFields: ['main', 'module'], banner: undefined } },
  'floor-jit': { options: { plugins: [{ name: 'graphql-esm-only', setup: esmGraphqlPaths }] } },
};

/** Resolves `graphql/…/x.js` to the `x.mjs` file beside it, so that the bundle holds one graphql. */
function esmGraphqlPaths(build) {
  build.onResolve({ filter: /^graphql\/.+\.js$/ }, ({ path, kind, resolveDir }) =>
    build.resolve(path.replace(/\.js$/, '.mjs'), { kind, resolveDir }),
  );
}

const FIXTURES = join(ROOT, 'fixtures', 'bench');

/**
 * The one esbuild configuration of the peers, as the issue fixes it: platform node, target node22,
 * minified, one file, ESM-first package resolution. ESM output like gqlambda's default; the banner gives
 * the CommonJS packages inside the bundle the `require` that ESM lacks (what AWS CDK users add).
 */
export const PEER_ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  mainFields: ['module', 'main'],
  loader: { '.graphql': 'text' },
  banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
};

/** The entry of one peer for one schema: its handler factory applied to the shared schema and resolvers. */
function peerEntry(peer, schema) {
  return [
    `import { createHandler } from './peers/${peer}.ts';`,
    `import typeDefs from './shared/${schema}.graphql';`,
    `import { resolvers } from './shared/${schema}.ts';`,
    'export const handler = createHandler(typeDefs, resolvers);',
  ].join('\n');
}

/** Bundles one peer and zips it the way gqlambda does (fixed dates and modes), returning where it is. */
export async function buildPeer(peer, schema) {
  const { source = peer, file = 'index.mjs', options = {} } = VARIANTS[peer] ?? {};
  const dir = join(workDir.path, 'build', `${peer}-${schema}`);
  rmSync(dir, { recursive: true, force: true });
  await esbuild.build({
    ...PEER_ESBUILD_OPTIONS,
    ...options,
    stdin: { contents: peerEntry(source, schema), resolveDir: FIXTURES, sourcefile: `${peer}-${schema}.ts`, loader: 'ts' },
    outfile: join(dir, file),
  });
  const zip = `${dir}.zip`;
  await zipFile(join(dir, file), file, zip);
  return { name: peer, schema, dir, zip, zipBytes: statSync(zip).size };
}

/**
 * A one-entry zip with a fixed date and mode and the deflate level `gqlambda build` uses (9), so that
 * zip sizes compare bundles, not compressors.
 */
export function zipFile(file, name, zipPath) {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    zip.addBuffer(readFileSync(file), name, { mtime: new Date(Date.UTC(1980, 0, 1)), mode: 0o100644, compressionLevel: 9 });
    zip.end();
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolve).on('error', reject);
  });
}

/**
 * The gqlambda fixture projects are built from a copy under .bench/, next to a copy of the shared module
 * they import. Each also gets a `-nolog` twin whose src/server.ts turns the request log line off, to
 * measure what that line costs.
 */
export function prepareGqlambdaProjects() {
  const work = join(workDir.path, 'fixtures');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const copy = (from, to) =>
    cpSync(join(FIXTURES, from), join(work, to), { recursive: true, filter: (src) => !/[\\/](node_modules|dist|\.gqlambda)$/.test(src) });
  copy('shared', 'shared');
  for (const schema of SCHEMAS) {
    copy(`gqlambda-${schema}`, `gqlambda-${schema}`);
    copy(`gqlambda-${schema}`, `gqlambda-${schema}-nolog`);
    writeFileSync(
      join(work, `gqlambda-${schema}-nolog`, 'src', 'server.ts'),
      "import { defineServer } from 'gqlambda/runtime';\nimport type { Context } from './context.js';\n\nexport default defineServer<Context>({ logger: false });\n",
    );
  }
  // Installed dependencies, as in a user's project: gqlambda itself (this repository) and its graphql.
  // `tsc` and esbuild run by hand need them; `gqlambda build` would fall back to its own copies anyway.
  mkdirSync(join(work, 'node_modules'));
  symlinkSync(ROOT, join(work, 'node_modules', 'gqlambda'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', 'graphql'), join(work, 'node_modules', 'graphql'), 'dir');
  return work;
}

export function gqlambdaProjectDir(schema, variant = '') {
  return join(workDir.path, 'fixtures', `gqlambda-${schema}${variant}`);
}

/** `gqlambda build` with the default config; throws with its output when it fails. */
export function runGqlambdaBuild(project) {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'gqlambda.js'), 'build'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`gqlambda build failed for ${relative(ROOT, project)} (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Builds a gqlambda fixture project (`variant` '' or '-nolog') and unzips its zip for the child processes. */
export async function buildGqlambda(schema, variant = '') {
  const project = gqlambdaProjectDir(schema, variant);
  runGqlambdaBuild(project);
  const zip = join(project, 'dist', 'lambda.zip');
  const dir = join(workDir.path, 'build', `gqlambda${variant}-${schema}`);
  rmSync(dir, { recursive: true, force: true });
  await unzip(zip, dir);
  return { name: `gqlambda${variant}`, schema, dir, zip, zipBytes: statSync(zip).size };
}

function unzip(zipPath, into) {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('error', reject).on('end', resolve).on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks = [];
          stream.on('data', (chunk) => chunks.push(chunk)).on('end', () => {
            const file = join(into, entry.fileName);
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(file, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}
