/**
 * Build time: `gqlambda build` (generate, type-check, bundle, smoke-invoke, zip) against what a user
 * would run by hand for the same project: `tsc --noEmit`, then the esbuild CLI on the generated handler
 * with the peers' settings, then a zip. Three gqlambda builds a round, each a fresh process:
 *   - clean: without .gqlambda/cache/ and dist/ (generate runs in full, the type check starts cold);
 *   - after an edit: dist/ deleted, generate up to date, the type check incremental (its .tsbuildinfo);
 *   - nothing changed: straight after, the last build stands.
 * And `gqlambda generate` with nothing changed. Projects: the bench's hello and shop, and GitHub's public
 * schema scaffolded with `gqlambda init --schema` (fixtures/schemas/real/github, 1,600 types).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gqlambdaProjectDir, ROOT, workDir, zipFile } from './contenders.mjs';
import { run, summarize } from './measure.mjs';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ESBUILD = join(ROOT, 'node_modules', 'esbuild', 'bin', 'esbuild');
const GQLAMBDA = join(ROOT, 'bin', 'gqlambda.js');

/** The projects timed: the bench's two and the large public schema. */
export const BUILD_SCHEMAS = ['hello', 'shop', 'github'];

/** The build-speed targets of issue 13 (full bench only: a busy 2-core machine makes them noisy). */
export const BUILD_TARGETS = { byHandRatio: 1.2, rebuildMs: 500, generateMs: 300 };

async function timed(command, args, cwd) {
  const result = await run(command, args, { env: { ...process.env, NO_COLOR: '1' }, cwd, stdout: 'pipe' });
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.code}) in ${cwd}:\n${result.stdout}${result.stderr}`);
  }
  return result;
}

/** GitHub's schema as a user brings it: `gqlambda init --schema`, which generates too. */
function prepareLargeProject() {
  const project = gqlambdaProjectDir('github');
  if (existsSync(join(project, '.gqlambda'))) return;
  rmSync(project, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [GQLAMBDA, 'init', project, '--schema', join(ROOT, 'fixtures/schemas/real/github/schema.graphql')], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0) throw new Error(`gqlambda init --schema (GitHub's schema) failed:\n${result.stdout}${result.stderr}`);
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
  prepareLargeProject();
  const samples = {};
  const add = (key, value) => (samples[key] ??= []).push(value);
  const build = async (schema, kind) => {
    const project = gqlambdaProjectDir(schema);
    const result = await timed(process.execPath, [GQLAMBDA, 'build', '--json'], project);
    const summary = JSON.parse(result.stdout);
    add(`gqlambda-${kind}-${schema}`, result.wallMs);
    // --json reports each step's own duration (the bundle's overlaps the type check) and the start-up.
    for (const { step, ms } of summary.steps) add(`gqlambda-${kind}-${schema}-${step}`, ms);
    add(`gqlambda-${kind}-${schema}-startup`, summary.startupMs);
    return summary;
  };
  for (let round = 0; round < rounds; round++) {
    for (const schema of BUILD_SCHEMAS) {
      const project = gqlambdaProjectDir(schema);
      rmSync(join(project, '.gqlambda', 'cache'), { recursive: true, force: true });
      rmSync(join(project, 'dist'), { recursive: true, force: true });
      await build(schema, 'clean');
      rmSync(join(project, 'dist'), { recursive: true, force: true });
      const edited = await build(schema, 'edit');
      if (edited.reused) throw new Error(`${schema}: the build after dist/ was deleted reused the last one`);
      const again = await build(schema, 'rebuild');
      if (!again.reused) throw new Error(`${schema}: a build with nothing changed did not reuse the last one`);
      add(`generate-${schema}`, (await timed(process.execPath, [GQLAMBDA, 'generate'], project)).wallMs);
      // The by-hand steps need the generated files, which the gqlambda builds have written.
      const hand = await byHand(schema);
      add(`by-hand-${schema}`, hand.totalMs);
      add(`tsc-${schema}`, hand.tscMs);
      add(`esbuild-${schema}`, hand.esbuildMs);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, summarize(values)]));
}
