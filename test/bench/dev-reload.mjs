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
    // Every 10 ms: polling harder would load the server being measured while it rebuilds.
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the process has used no CPU for half a second (Linux /proc), or 5 s where that cannot be read. */
async function untilIdle(pid) {
  const ticks = () => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return undefined;
    }
  };
  const end = Date.now() + 60_000;
  let last = ticks();
  if (last === undefined) return new Promise((resolve) => setTimeout(resolve, 5000));
  for (let quiet = 0; quiet < 2 && Date.now() < end; ) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = ticks();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
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
    await untilIdle(child.pid);
    for (let round = 0; round < rounds; round++) {
      const name = `edit ${round}`;
      const before = output.length;
      const started = performance.now();
      writeFileSync(file, original.replace('me: shared.me,', `me: () => ({ kind: 'User', id: 'u1', name: ${JSON.stringify(name)}, email: 'a@example.com', role: 'ADMIN' }),`));
      await until(async () => (await answer(url)) === name, () => `the edit was not served:\n${output.slice(before)}`);
      loops.push(performance.now() - started);
      const line = await until(() => /reloaded in ([\d.]+) (m?s)/.exec(output.slice(before)), () => `no "reloaded" line:\n${output.slice(before)}`);
      reloads.push(Number(line[1]) * (line[2] === 's' ? 1000 : 1));
      // Let the type check that follows each swap finish, so that an edit does not compete with the check of the one before.
      await untilIdle(child.pid);
    }
  } finally {
    child.kill('SIGINT');
    writeFileSync(file, original);
  }
  return { loop: summarize(loops), reload: summarize(reloads) };
}

/** The "## Dev reload" section of BENCHMARKS.md, up to the next "## " heading or the end. */
export const DEV_RELOAD_SECTION = /^## Dev reload\n[\s\S]*?(?=^## |(?![\s\S]))/m;

export function devReloadSection({ loop, reload }) {
  const ms = (value) => value.toFixed(0);
  const range = (s) => `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})`;
  const verdict = loop.median <= DEV_RELOAD_TARGET_MS ? '✅' : '❌';
  return `## Dev reload

\`gqlambda dev\` on the shop project: a resolver file (src/resolvers/Query.ts) is saved with new code, and the clock runs until a request to the running server answers with it (file watch, esbuild's incremental rebuild, import of the new bundle, swap; the type check runs beside and is not waited for). Next to it, the server's own "reloaded in" figure (from the change being seen to the swap). ${loop.n} edits, each once the server is idle again (its type check done); milliseconds: median (min–max).

| edit → new answer | reloaded in (server) | target |
|---|---|---|
| ${range(loop)} | ${range(reload)} | ≤ ${DEV_RELOAD_TARGET_MS} ms ${verdict} |

\`\`\`sh
npm run bench -- --dev-reload   # only this section (the full run measures it too)
\`\`\`
`;
}

/** Puts the section in place of the old one, or before "## Command". */
export function spliceDevReloadSection(text, section) {
  if (DEV_RELOAD_SECTION.test(text)) return text.replace(DEV_RELOAD_SECTION, `${section}\n`);
  const at = text.indexOf('## Command');
  return at === -1 ? `${text.trimEnd()}\n\n${section}` : `${text.slice(0, at)}${section}\n${text.slice(at)}`;
}
