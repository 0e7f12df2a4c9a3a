/**
 * Build time: `gqlambda build` (generate, type-check, bundle, smoke-invoke, zip) against what a user
 * would run by hand for the same project: `tsc --noEmit`, then the esbuild CLI on the generated handler
 * with the peers' settings, then a zip. Four gqlambda builds a round, each a fresh process:
 *   - clean: without .gqlambda/cache/ and dist/ (generate runs in full, the type check starts cold);
 *   - dist/ deleted: generate finds nothing to do, the type check is incremental (its .tsbuildinfo),
 *     bundle, smoke and zip run: the work the by-hand path does;
 *   - nothing changed: straight after, the last build stands;
 *   - a resolver edited (a comment added to src/resolvers/Query.ts): generate runs again, then the rest.
 * And `gqlambda generate` with nothing changed. Projects: the bench's hello and shop, and GitHub's public
 * schema scaffolded with `gqlambda init --schema` (fixtures/schemas/real/github, 1,600 types).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gqlambdaProjectDir, ROOT, workDir, zipFile } from './contenders.mjs';
import { run, summarize } from './measure.mjs';

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ESBUILD = join(ROOT, 'node_modules', 'esbuild', 'bin', 'esbuild');
const GQLAMBDA = join(ROOT, 'bin', 'gqlambda.js');
const CPU_TIME = join(ROOT, 'test', 'bench', 'cpu-time.mjs');

/** The projects timed: the bench's two and the large public schema. */
export const BUILD_SCHEMAS = ['hello', 'shop', 'github'];

/** The build-speed targets of issue 13 (full bench only: a busy 2-core machine makes them noisy). */
export const BUILD_TARGETS = { byHandRatio: 1.2, rebuildMs: 500, generateMs: 300 };

/** Wall and CPU time of one command (CPU: it and its children, measured by cpu-time.mjs). */
async function timed(command, args, cwd) {
  const result = await run(process.execPath, [CPU_TIME, command, ...args], { env: { ...process.env, NO_COLOR: '1' }, cwd, stdout: 'pipe', report: true });
  if (result.code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.code}) in ${cwd}:\n${result.stdout}${result.stderr}`);
  }
  return { ...result, wallMs: result.report.wallMs, cpuMs: result.report.cpuMs };
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
  const tsc = await timed(process.execPath, [TSC, '--noEmit', '-p', project], project);
  const esbuild = await timed(
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
  );
  const zipStart = performance.now();
  const cpuStart = process.cpuUsage();
  await zipFile(join(out, 'index.mjs'), 'index.mjs', join(out, 'lambda.zip'));
  const zipCpu = process.cpuUsage(cpuStart);
  return {
    tscMs: tsc.wallMs,
    esbuildMs: esbuild.wallMs,
    totalMs: tsc.wallMs + esbuild.wallMs + (performance.now() - zipStart),
    totalCpuMs: tsc.cpuMs + esbuild.cpuMs + (zipCpu.user + zipCpu.system) / 1000,
  };
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
    add(`gqlambda-${kind}-${schema}-cpu`, result.cpuMs);
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
      if ((await build(schema, 'redo')).reused) throw new Error(`${schema}: the build after dist/ was deleted reused the last one`);
      if (!(await build(schema, 'rebuild')).reused) throw new Error(`${schema}: a build with nothing changed did not reuse the last one`);
      const generate = await timed(process.execPath, [GQLAMBDA, 'generate'], project);
      add(`generate-${schema}`, generate.wallMs);
      add(`generate-${schema}-cpu`, generate.cpuMs);
      const resolver = join(project, 'src', 'resolvers', 'Query.ts');
      const source = readFileSync(resolver, 'utf8');
      writeFileSync(resolver, `${source}// edited by the benchmark\n`);
      try {
        await build(schema, 'edit');
      } finally {
        writeFileSync(resolver, source);
      }
      // The by-hand steps need the generated files, which the gqlambda builds have written.
      const hand = await byHand(schema);
      add(`by-hand-${schema}`, hand.totalMs);
      add(`by-hand-${schema}-cpu`, hand.totalCpuMs);
      add(`tsc-${schema}`, hand.tscMs);
      add(`esbuild-${schema}`, hand.esbuildMs);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, summarize(values)]));
}
