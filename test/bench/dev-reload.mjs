/**
 * The `gqlambda dev` edit loop on the shop project: a resolver file is saved with new code, and the
 * clock runs until an HTTP request to the running dev server answers with it (watch event, esbuild's
 * incremental rebuild, import of the new bundle, swap). The server's own "reloaded in N ms" line is
 * kept too: the part of that time spent building.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gqlambdaProjectDir, ROOT } from './contenders.mjs';
import { summarize } from './measure.mjs';

const GQLAMBDA = join(ROOT, 'bin', 'gqlambda.js');
export const DEV_RELOAD_TARGET_MS = 300;

const QUERY = JSON.stringify({ query: '{ me { name } }' });

async function answer(url) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY });
  return (await response.json()).data?.me?.name;
}

async function until(check, why, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(why());
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export async function measureDevReload(rounds) {
  const project = gqlambdaProjectDir('shop');
  const file = join(project, 'src', 'resolvers', 'Query.ts');
  const original = readFileSync(file, 'utf8');
  if (!original.includes('me: shared.me,')) throw new Error(`${file} no longer has "me: shared.me,": update the edit in test/bench/dev-reload.mjs.`);
  const child = spawn(process.execPath, [GQLAMBDA, 'dev', '--port', '0'], { cwd: project, env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const loops = [];
  const reloads = [];
  try {
    const url = await until(() => /ready (\S+)/.exec(output)?.[1], () => `gqlambda dev did not start:\n${output}`, 120_000);
    for (let round = 0; round < rounds; round++) {
      const name = `edit ${round}`;
      const before = output.length;
      const started = performance.now();
      writeFileSync(file, original.replace('me: shared.me,', `me: () => ({ kind: 'User', id: 'u1', name: ${JSON.stringify(name)}, email: 'a@example.com', role: 'ADMIN' }),`));
      await until(async () => (await answer(url)) === name, () => `the edit was not served:\n${output.slice(before)}`);
      loops.push(performance.now() - started);
      const line = await until(() => /reloaded in ([\d.]+) (m?s)/.exec(output.slice(before)), () => `no "reloaded" line:\n${output.slice(before)}`);
      reloads.push(Number(line[1]) * (line[2] === 's' ? 1000 : 1));
      // Let the type check that follows each swap finish, so rounds do not overlap with it.
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  } finally {
    child.kill('SIGINT');
    writeFileSync(file, original);
  }
  return { loop: summarize(loops), reload: summarize(reloads) };
}
