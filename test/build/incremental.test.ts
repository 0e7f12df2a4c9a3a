/**
 * A second build with nothing changed reuses the first (src/build/cache.ts): the zip stands, no step is
 * redone. Anything the build read or wrote, changed, makes it build again. The type check keeps a
 * .tsbuildinfo in the generated folder.
 */
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildSummary } from '../../src/build/index.js';
import { json, removeTempDirs, runCli, scaffold } from './support.js';
import { modulesLoadedBy } from '../support/projects.js';

type Summary = BuildSummary & { ok: boolean };

let root: string;
let first: Summary;

async function build(...flags: string[]): Promise<Summary> {
  const result = await runCli(['build', '--json', ...flags], root);
  return json<Summary>(result);
}

beforeAll(async () => {
  root = await scaffold();
  first = await build();
}, 120_000);
afterAll(removeTempDirs);

describe('gqlambda build, built before', () => {
  it('reuses the last build when nothing changed: same zip, every step "unchanged"', async () => {
    expect(first).toMatchObject({ ok: true, reused: false });
    const zip = readFileSync(join(root, first.zip));
    const again = await build();
    expect(again).toMatchObject({ ok: true, reused: true, sha256: first.sha256, bytes: first.bytes, stubs: first.stubs, smoke: first.smoke });
    expect(again.steps.map((step) => step.step)).toEqual(['generate', 'typecheck', 'bundle', 'smoke', 'zip']);
    expect(readFileSync(join(root, first.zip)).equals(zip)).toBe(true);
    expect(existsSync(join(root, '.gqlambda/cache/typecheck.tsbuildinfo'))).toBe(true);
    // It stamps files that exist: the type check's and the bundle's, not the names of the CLI's modules.
    const stored = JSON.parse(readFileSync(join(root, '.gqlambda/cache/build.json'), 'utf8')) as { inputs: Record<string, string> };
    expect(Object.keys(stored.inputs).length).toBeGreaterThan(50);
    expect(Object.entries(stored.inputs).filter(([, stamp]) => stamp === 'missing')).toEqual([]);
  }, 120_000);

  it('with nothing changed, never loads TypeScript (no type check worker is started)', () => {
    const loadsOf = (): string[] => {
      const { status, stderr, loaded } = modulesLoadedBy(['build', '--json'], root);
      expect(status, stderr).toBe(0);
      return loaded.filter((entry) => /\/dist\/(?:build\/typecheck|util\/typescript-code-cache)\.js$/.test(entry));
    };
    expect(loadsOf()).toEqual([]);
    // The recorder sees what a worker loads: with dist/ deleted, the build type-checks.
    rmSync(join(root, 'dist'), { recursive: true, force: true });
    expect(loadsOf()).toContainEqual(expect.stringMatching(/\/dist\/build\/typecheck\.js$/));
    expect(loadsOf()).toEqual([]);
  }, 120_000);

  it('builds again when a resolver changes, and a type error still fails the build', async () => {
    const file = join(root, 'src/resolvers/Query.ts');
    const source = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, `${source}\nexport const broken: number = 'not a number';\n`);
      const failed = await runCli(['build', '--json'], root);
      expect(failed.status).toBe(1);
      expect(json(failed)).toMatchObject({ ok: false, code: 'TYPECHECK' });
    } finally {
      writeFileSync(file, source);
    }
    writeFileSync(file, source.replace('Hello', 'Howdy'));
    const rebuilt = await build();
    expect(rebuilt.reused).toBe(false);
    expect(rebuilt.sha256).not.toBe(first.sha256);
    expect((await build()).reused).toBe(true);
    first = rebuilt;
  }, 180_000);

  it('builds again when the zip was deleted or altered', async () => {
    rmSync(join(root, first.zip));
    const rewritten = await build();
    expect(rewritten.reused).toBe(false);
    expect(rewritten.sha256).toBe(first.sha256);

    appendFileSync(join(root, first.zip), 'x');
    expect((await build()).reused).toBe(false);
    expect(readFileSync(join(root, first.zip)).byteLength).toBe(first.bytes);
  }, 180_000);

  it('builds again with other flags, or when a file the last build read was rewritten', async () => {
    const development = await build('--profile', 'development');
    expect(development).toMatchObject({ reused: false, profile: 'development' });
    expect((await build()).reused).toBe(false);

    // The bundle read the generated handler: touching it (same bytes, a new time) counts as a change.
    const handler = join(root, '.gqlambda/handler.ts');
    const text = readFileSync(handler);
    expect((await build()).reused).toBe(true);
    writeFileSync(handler, text);
    expect((await build()).reused).toBe(false);
  }, 240_000);
});
