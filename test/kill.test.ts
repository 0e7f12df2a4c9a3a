/**
 * `gqlambda generate` killed at random points (SIGKILL: Ctrl-C twice, an editor's watcher restarting
 * it, a CI timeout) on a project whose schema change rewrites some fifty files. After every kill each
 * file is wholly the old version or wholly the new one: never lost, never empty, never a mix. What a
 * kill may leave is the killed run's hidden temporary files (`.Query.ts.<pid>.<hex>.tmp`) and its
 * lock; the next `generate` takes over the lock, clears the temporary files and completes correctly.
 *
 * Half the kills fall at a random time in the whole run (start-up, planning, writing); the other half
 * a random time after the first file is renamed into place, so that many land mid-write.
 * A seeded run in `npm test`; `KILL_RUNS=300 KILL_SEED=n npx vitest run test/kill.test.ts` for a long one.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, listFiles, removeTempDirs, runCli, tempDir } from './support/projects.js';

afterAll(removeTempDirs);

const RUNS = Number(process.env.KILL_RUNS ?? 12);
const SEED = Number(process.env.KILL_SEED ?? 20261205);
const TYPES = 24;
/** The completed run after a kill is checked every this many kills (and after the last). */
const COMPLETE_EVERY = 8;

/** Type i has a field with arguments (so it gets a stub file); version 2 adds one more to each type and the Query. */
function schema(version: 1 | 2): string {
  const lines = ['type Query {', ...Array.from({ length: TYPES }, (_, i) => `  t${i}(id: ID!): T${i}`), ...(version === 2 ? ['  count(of: String): Int'] : []), '}', ''];
  for (let i = 0; i < TYPES; i++) {
    lines.push(`type T${i} {`, '  id: ID!', `  name(upper: Boolean): String`);
    if (version === 2) lines.push(`  related(first: Int = 10): [T${(i + 1) % TYPES}!]!`);
    lines.push('}', '');
  }
  return lines.join('\n');
}

const TEMP = /(^|\/)\.[^/]+\.\d+\.[0-9a-f]{8}\.tmp$/;
const LOCK = '.gqlambda/.lock';
/** generate's own cache: it records file stamps (modification times), so no two runs write the same bytes. */
const CACHE = /^\.gqlambda\/cache\//;

/** The project's files, generate's cache aside (checked on its own: whole JSON). */
function projectFiles(dir: string): string[] {
  return listFiles(dir).filter((file) => !CACHE.test(file));
}

function snapshot(dir: string): Map<string, string> {
  return new Map(projectFiles(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

function generateOrFail(dir: string): void {
  const result = runCli(['generate'], dir);
  if (result.status !== 0) throw new Error(`generate failed in ${dir}:\n${result.stderr}`);
}

describe('generate killed at random points', () => {
  it(`leaves every file wholly old or wholly new (${RUNS} kills, seed ${SEED})`, async () => {
    // State A: generated from schema 1, then the user saves schema 2. State B: what generate makes of it.
    const before = tempDir('gqlambda-kill-');
    mkdirSync(join(before, 'schema'));
    mkdirSync(join(before, 'src'));
    writeFileSync(join(before, 'src/context.ts'), 'export interface Context {}\nexport const createContext = (): Context => ({});\n');
    writeFileSync(join(before, 'gqlambda.config.json'), JSON.stringify({ server: null }));
    writeFileSync(join(before, 'schema/schema.graphql'), schema(1));
    generateOrFail(before);
    writeFileSync(join(before, 'schema/schema.graphql'), schema(2));
    const old = snapshot(before);

    const after = tempDir('gqlambda-kill-');
    cpSync(before, after, { recursive: true });
    const started = performance.now();
    generateOrFail(after);
    const fullRunMs = performance.now() - started;
    const fresh = snapshot(after);
    const rewritten = [...fresh].filter(([file, text]) => old.get(file) !== text).length;
    expect(rewritten).toBeGreaterThan(TYPES);

    const plans = fc.sample(fc.record({ afterFirstWrite: fc.boolean(), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }), { seed: SEED, numRuns: RUNS });
    const tally = { beforeAnyWrite: 0, midWrite: 0, allWritten: 0, exitedFirst: 0 };
    for (const [run, plan] of plans.entries()) {
      const dir = tempDir('gqlambda-kill-');
      cpSync(before, dir, { recursive: true });
      const exited = await killGenerate(dir, plan.afterFirstWrite ? { afterFirstWrite: plan.fraction * 300 } : { afterStart: plan.fraction * fullRunMs });
      if (exited) tally.exitedFirst++;

      const label = `run ${run} (seed ${SEED}, ${JSON.stringify(plan)})`;
      const files = projectFiles(dir);
      for (const file of listFiles(dir).filter((name) => CACHE.test(name) && name.endsWith('.json') && !TEMP.test(name))) {
        expect(() => JSON.parse(readFileSync(join(dir, file), 'utf8')), `${label}: ${file} is not whole`).not.toThrow();
      }
      let newer = 0;
      for (const file of files) {
        if (TEMP.test(file) || file === LOCK) continue;
        const text = readFileSync(join(dir, file), 'utf8');
        expect([old.get(file), fresh.get(file)], `${label}: ${file} is neither the old nor the new version`).toContain(text);
        expect(text.length, `${label}: ${file} is empty`).toBeGreaterThan(0);
        if (text !== old.get(file)) newer++;
      }
      for (const file of old.keys()) expect(files, `${label}: ${file} was lost`).toContain(file);
      if (newer === 0) tally.beforeAnyWrite++;
      else if (newer === rewritten) tally.allWritten++;
      else tally.midWrite++;

      if ((run + 1) % COMPLETE_EVERY === 0 || run === RUNS - 1) {
        generateOrFail(dir);
        expect(snapshot(dir), `${label}: the run after the kill`).toEqual(fresh);
      }
    }
    // Figures for the record (and proof that kills did land while files were being written).
    console.log(`kill test: ${RUNS} kills, seed ${SEED}, full run ${Math.round(fullRunMs)} ms, ${rewritten} files rewritten per run:`, tally);
    if (RUNS >= 100) expect(tally.midWrite).toBeGreaterThan(0);
  }, 60_000 + RUNS * 5_000);
});

/**
 * Starts `gqlambda generate` in `dir` and SIGKILLs it `afterStart` ms after the spawn, or
 * `afterFirstWrite` ms after the first file is renamed into place. Resolves true when it exited by itself first.
 */
function killGenerate(dir: string, when: { afterStart?: number; afterFirstWrite?: number }): Promise<boolean> {
  const child = spawn(process.execPath, [cliPath, 'generate'], { cwd: dir, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const watchers: Array<ReturnType<typeof watch>> = [];
  const kill = (delay: number) => setTimeout(() => child.kill('SIGKILL'), delay);
  let timer: NodeJS.Timeout | undefined;
  if (when.afterStart !== undefined) timer = kill(when.afterStart);
  else {
    for (const folder of ['.gqlambda', 'src/resolvers']) {
      // A rename into place shows as an event for a name that is not a temporary file.
      watchers.push(watch(join(dir, folder), (_event, name) => {
        if (timer || !name || TEMP.test(name) || name.startsWith('.lock')) return;
        timer = kill(when.afterFirstWrite!);
      }));
    }
  }
  return new Promise((resolve) => {
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      resolve(signal === null);
    });
  });
}
