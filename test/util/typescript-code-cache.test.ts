/**
 * TypeScript loaded from a V8 code cache, as a fresh process of the CLI loads it (dist/, in a child
 * process with its own TMPDIR): the first load records the cache, the next ones use it, a damaged cache
 * is replaced, and a folder that other users could write to is never read.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, scaffold } from '../build/support.js';

const loader = pathToFileURL(join(import.meta.dirname, '../../dist/util/typescript-code-cache.js')).href;

// What a type check does with the compiler, then the cache recorded as the worker records it.
const childScript = `
const { saveTypeScriptCodeCache, typeScriptLoadedFrom } = await import(${JSON.stringify(loader)});
const { createRequire } = await import('node:module');
const ts = createRequire(${JSON.stringify(loader)})('typescript');
const file = ts.createSourceFile('a.ts', 'export const answer: number = 42;', ts.ScriptTarget.ES2022);
saveTypeScriptCodeCache();
console.log(JSON.stringify({ from: typeScriptLoadedFrom(), statements: file.statements.length }));
`;

let temp: string;
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'gqlambda-code-cache-test-'));
});
afterEach(() => {
  rmSync(temp, { recursive: true, force: true });
});

function loadTypeScript(env: Record<string, string> = {}): { from: string; statements: number } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', childScript], { env: { ...process.env, TMPDIR: temp, ...env }, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { from: string; statements: number };
}

const cacheFolder = (): string => join(temp, readdirSync(temp).find((name) => name.startsWith('gqlambda-code-cache'))!);
const cacheFiles = (): string[] => readdirSync(cacheFolder());

describe('TypeScript from a V8 code cache', () => {
  it('compiles TypeScript once, records the cache, and loads from it afterwards', () => {
    expect(loadTypeScript()).toEqual({ from: 'source', statements: 1 });
    expect(cacheFiles()).toEqual([expect.stringMatching(/^typescript-[\d.]+-\d+-\d+-v[\d.]+-\w+\.v8cache$/)]);
    expect(loadTypeScript()).toEqual({ from: 'code cache', statements: 1 });
    expect(loadTypeScript()).toEqual({ from: 'code cache', statements: 1 });
  });

  it('replaces a damaged cache instead of failing', () => {
    loadTypeScript();
    const [file] = cacheFiles();
    writeFileSync(join(cacheFolder(), file!), 'not a code cache');
    expect(loadTypeScript()).toEqual({ from: 'source', statements: 1 });
    expect(loadTypeScript()).toEqual({ from: 'code cache', statements: 1 });
  });

  it('never reads a cache folder that other users can write to (V8 would run what it holds), nor one behind a link', () => {
    loadTypeScript();
    chmodSync(cacheFolder(), 0o777);
    expect(loadTypeScript()).toEqual({ from: 'require', statements: 1 });

    const folder = cacheFolder();
    chmodSync(folder, 0o700);
    const elsewhere = join(temp, 'elsewhere');
    renameSync(folder, elsewhere);
    symlinkSync(elsewhere, folder);
    expect(loadTypeScript()).toEqual({ from: 'require', statements: 1 });
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, as Node\'s own compile cache is', () => {
    expect(loadTypeScript({ NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual({ from: 'require', statements: 1 });
    expect(readdirSync(temp)).toEqual([]);
  });

  it('is what the CLI as built loads TypeScript from: its first type check records the cache', async () => {
    // The CLI runs from a bundle: the cache must still load before the compiler there.
    const root = await scaffold('app', temp);
    const built = await runCli(['build', '--json', '--no-smoke'], root, { env: { TMPDIR: temp } });
    expect(built.status, built.stderr).toBe(0);
    expect(cacheFiles()).toEqual([expect.stringMatching(/^typescript-.*\.v8cache$/)]);
  }, 120_000);
});
