/**
 * Build time: `gqlambda build` (generate, type-check, bundle, smoke-invoke, zip) against what a user
 * would run by hand for the same project: `tsc --noEmit`, then the esbuild CLI on the generated handler
 * with the peers' settings, then a zip.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gqlambdaProjectDir, ROOT, SCHEMAS, workDir, zipFile } from './contenders.mjs';
import { run, summarize } from './measure.mjs';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ESBUILD = join(ROOT, 'node_modules', 'esbuild', 'bin', 'esbuild');
const GQLAMBDA = join(ROOT, 'bin', 'gqlambda.js');

async function timed(command, args, cwd) {
  const result = await run(command, args, { env: { ...process.env, NO_COLOR: '1' }, cwd, stdout: 'pipe' });
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.code}) in ${cwd}:\n${result.stdout}${result.stderr}`);
  }
  return result;
}

async function byHand(schema) {
  const project = gqlambdaProjectDir(schema);
  const out = join(workDir.path, 'build', `by-hand-${schema}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const tscMs = (await timed(process.execPath, [TSC, '--noEmit', '-p', project], project)).wallMs;
  const esbuildMs = (await timed(
    ESBUILD,
    [
      '.gqlambda/handler.ts',
      '--bundle',
      '--platform=node',
      '--target=node22',
      '--format=esm',
      '--minify',
      '--main-fields=module,main',
      '--define:__GQLAMBDA_PROFILE__="production"',
      `--outfile=${join(out, 'index.mjs')}`,
      '--log-level=warning',
    ],
    project,
  )).wallMs;
  const zipStart = performance.now();
  await zipFile(join(out, 'index.mjs'), 'index.mjs', join(out, 'lambda.zip'));
  return { tscMs, esbuildMs, totalMs: tscMs + esbuildMs + (performance.now() - zipStart) };
}

export async function measureBuildTimes(rounds) {
  const samples = {};
  const add = (key, value) => (samples[key] ??= []).push(value);
  for (let round = 0; round < rounds; round++) {
    for (const schema of SCHEMAS) {
      // The by-hand steps need the generated files, which the first gqlambda build has written.
      const gqlambda = await timed(process.execPath, [GQLAMBDA, 'build', '--json'], gqlambdaProjectDir(schema));
      add(`gqlambda-${schema}`, gqlambda.wallMs);
      // `--json` reports each step's duration; what is left is starting node and loading the CLI.
      const { steps = [] } = JSON.parse(gqlambda.stdout);
      for (const { step, ms } of steps) add(`gqlambda-${schema}-${step}`, ms);
      add(`gqlambda-${schema}-startup`, gqlambda.wallMs - steps.reduce((sum, { ms }) => sum + ms, 0));
      const hand = await byHand(schema);
      add(`by-hand-${schema}`, hand.totalMs);
      add(`tsc-${schema}`, hand.tscMs);
      add(`esbuild-${schema}`, hand.esbuildMs);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, summarize(values)]));
}
