/**
 * The same sources give the same zip, byte for byte: two copies of a project at different paths (one
 * nested deeper), built under different time zones and umasks, and in the unminified, source-mapped
 * setting where esbuild writes module paths into the output.
 */
import { createHash } from 'node:crypto';
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createZip } from '../../src/build/zip.js';
import { json, removeTempDirs, repoRoot, runCli, scaffold, tempDir } from './support.js';

afterAll(removeTempDirs);

async function twoCopies(configEdit?: (text: string) => string): Promise<[string, string]> {
  const first = await scaffold('app');
  if (configEdit) {
    const configPath = join(first, 'gqlambda.config.ts');
    await writeFile(configPath, configEdit(await readFile(configPath, 'utf8')));
  }
  const second = join(await tempDir('gqlambda-repro-other-'), 'some', 'deeper', 'place', 'copy');
  await cp(first, second, { recursive: true });
  return [first, second];
}

async function buildBoth([first, second]: [string, string], extraArgs: string[]): Promise<[Buffer, Buffer, string]> {
  const a = await runCli(['build', '--json', ...extraArgs], first, { env: { TZ: 'UTC' }, umask: '022' });
  const b = await runCli(['build', '--json', ...extraArgs], second, { env: { TZ: 'Pacific/Auckland' }, umask: '077' });
  expect(a.status, a.stdout + a.stderr).toBe(0);
  expect(b.status, b.stdout + b.stderr).toBe(0);
  expect(json<{ sha256: string }>(a).sha256).toBe(json<{ sha256: string }>(b).sha256);
  return [await readFile(join(first, 'dist/lambda.zip')), await readFile(join(second, 'dist/lambda.zip')), json<{ sha256: string }>(a).sha256];
}

describe('byte-reproducible zips', () => {
  it('builds the same bytes at another path, in another time zone, under another umask', async () => {
    const [a, b, sha256] = await buildBoth(await twoCopies(), ['--no-smoke']);
    expect(a.equals(b)).toBe(true);
    expect(createHash('sha256').update(a).digest('base64')).toBe(sha256);
  });

  it('stays reproducible unminified with an inline source map and CommonJS output, where module paths are printed', async () => {
    const copies = await twoCopies((text) => text.replace("bundle: { runtime: 'nodejs22.x' }", "bundle: { runtime: 'nodejs22.x', minify: false, sourcemap: 'inline', format: 'cjs' }"));
    const [a, b] = await buildBoth(copies, ['--no-typecheck', '--no-smoke', '--no-sam']);
    expect(a.equals(b)).toBe(true);
  });

  it("finds no legal comment in the CLI's own files that a bundle takes in, which a minified build would print with the file's path", async () => {
    // A minified build without a source map leaves the CLI's files to esbuild, under paths that depend on
    // where the CLI lives (resolve-plugin.ts); esbuild prints such a path only above a legal comment
    // (`/*!`, `//!`, `@license`, `@preserve`) in its "Bundled license information". A runtime module or a
    // graphql update that brings one needs the stable names again (bundle.ts, namesReachCode).
    const legal = /\/\*!|\/\/!|@license|@preserve/;
    const graphqlDir = join(repoRoot, 'node_modules/graphql');
    const files = [
      ...(await readdir(join(repoRoot, 'dist/runtime'), { recursive: true })).filter((name) => name.endsWith('.js')).map((name) => join(repoRoot, 'dist/runtime', name)),
      ...(await readdir(graphqlDir, { recursive: true })).filter((name) => name.endsWith('.mjs')).map((name) => join(graphqlDir, name)),
    ];
    expect(files.length).toBeGreaterThan(100);
    const withLegalComments: string[] = [];
    for (const file of files) if (legal.test(await readFile(file, 'utf8'))) withLegalComments.push(file);
    expect(withLegalComments).toEqual([]);
  });

  it('does not depend on the order the files are given in, or on the time zone of the zipping process', async () => {
    const files = [
      { name: 'index.mjs', data: Buffer.from('export const handler = async () => 1;\n') },
      { name: 'lib/a.mjs', data: Buffer.from('export default 1;\n') },
    ];
    const forward = await createZip(files);
    const backward = await createZip([...files].reverse());
    expect(forward.bytes.equals(backward.bytes)).toBe(true);

    // TZ is read once per process, so the other time zone needs another process.
    const dir = await tempDir();
    const script = join(dir, 'zip.mjs');
    const zipModule = new URL('../../dist/build/zip.js', import.meta.url).href;
    await writeFile(script, `import { createZip } from ${JSON.stringify(zipModule)};\nconst files = ${JSON.stringify(files.map((f) => ({ name: f.name, text: f.data.toString() })))};\nconst zip = await createZip(files.map((f) => ({ name: f.name, data: Buffer.from(f.text) })));\nprocess.stdout.write(zip.sha256);\n`);
    const { spawnSync } = await import('node:child_process');
    const hashes = ['UTC', 'Pacific/Auckland', 'America/St_Johns'].map((tz) => spawnSync(process.execPath, [script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }).stdout);
    expect(new Set(hashes)).toEqual(new Set([forward.sha256]));
    await rm(script);
  });
});
