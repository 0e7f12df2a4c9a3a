/**
 * Every way a build can fail points at the cause: a type error at its file:line:col, an import that
 * does not resolve, a handler that cannot answer, a stub left unimplemented, a zip over budget, a bad
 * setting. A failed build never leaves a new zip behind.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/index.js';
import { asUserError } from '../../src/cli/fs-error.js';
import { GqlambdaError } from '../../src/errors.js';
import { json, projectConfig, removeTempDirs, runCli, scaffold } from './support.js';

afterAll(removeTempDirs);

async function edit(root: string, file: string, change: (text: string) => string): Promise<void> {
  const path = join(root, file);
  await writeFile(path, change(await readFile(path, 'utf8')));
}

async function buildError(root: string, options: Parameters<typeof build>[1] = {}): Promise<GqlambdaError> {
  const failure = await build(await projectConfig(root), options).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(GqlambdaError);
  expect(existsSync(join(root, 'dist/lambda.zip'))).toBe(false);
  return failure as GqlambdaError;
}

/** 1-based line and column of `needle` in `text`. */
function position(text: string, needle: string): { line: number; column: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe('build failures', () => {
  it('fails on a type error in a resolver with its file:line:col, as a JSON error object with --json', async () => {
    const root = await scaffold();
    await edit(root, 'src/resolvers/Query.ts', (text) => text.replace("return `Hello ${context.userAgent ?? 'Anon'}!`;", 'return context.userAgent?.length ?? 0;'));
    const source = await readFile(join(root, 'src/resolvers/Query.ts'), 'utf8');
    const result = await runCli(['build', '--json'], root);
    expect(result.status).toBe(1);
    const error = json<{ ok: boolean; code: string; message: string; file: string; line: number; column: number; hint: string }>(result);
    expect(error).toMatchObject({ ok: false, code: 'TYPECHECK', file: 'src/resolvers/Query.ts', ...position(source, 'hello:') });
    expect(error.message).toMatch(/^typecheck: .*not assignable/s);
    expect(error.hint).toContain('--no-typecheck');
    expect(existsSync(join(root, 'dist/lambda.zip'))).toBe(false);

    // Without --json the same error is one line with the location, then the code frame.
    const human = await runCli(['build', '--no-smoke'], root);
    expect(human.status).toBe(1);
    expect(human.stderr).toMatch(/^✓ generate \d+(\.\d+)? m?s {2}up to date$/m);
    expect(human.stderr).toMatch(/^✗ typecheck failed \d+(\.\d+)? m?s$/m);
    expect(human.stderr).toContain(`error src/resolvers/Query.ts:${error.line}:${error.column}: typecheck:`);
    expect(human.stderr).toContain(`${error.line} |   hello: (_parent, _args, context) => {`);

    // --no-typecheck skips the check: esbuild only strips the types.
    const skipped = await runCli(['build', '--no-typecheck', '--json'], root);
    expect(skipped.status, skipped.stdout).toBe(0);
    expect(json<{ steps: Array<{ step: string; skipped?: string }> }>(skipped).steps).toContainEqual({ step: 'typecheck', ms: 0, skipped: '--no-typecheck' });
  });

  it('fails on an import that does not resolve, at the import, with a hint', async () => {
    const root = await scaffold();
    await edit(root, 'src/resolvers/Book.ts', (text) => `import { slugify } from 'slugify-not-installed';\n${text.replace('const all =', 'void slugify;\n    const all =')}`);
    const error = await buildError(root, { typecheck: false });
    expect(error.code).toBe('BUNDLE');
    expect(error.message).toBe('bundle: Could not resolve "slugify-not-installed"');
    expect({ file: error.file, line: error.line, column: error.column }).toEqual({ file: 'src/resolvers/Book.ts', line: 1, column: 25 });
    expect(error.hint).toContain('npm install slugify-not-installed');
  });

  it('fails the smoke step when the handler cannot start, with the cause and its stack', async () => {
    const root = await scaffold();
    await edit(root, 'src/data.ts', (text) => `${text}\nif (books.length > 0) throw new Error('the catalogue is unreachable');\n`);
    const error = await buildError(root);
    expect(error.code).toBe('SMOKE');
    expect(error.message).toBe('smoke: the handler failed to start: Error: the catalogue is unreachable');
    expect(error.detail).toContain('at ');

    // --no-smoke is the way out when that is expected (the zip is then the user's responsibility).
    const summary = await build(await projectConfig(root), { smoke: false });
    expect(summary.smoke).toBeNull();
  });

  it('a type error wins over the smoke failure it may explain (the smoke test runs beside the check)', async () => {
    const root = await scaffold();
    await edit(root, 'src/data.ts', (text) => `${text}\nif (books.length > 0) throw new Error('the catalogue is unreachable');\n`);
    await edit(root, 'src/resolvers/Query.ts', (text) => text.replace("return `Hello ${context.userAgent ?? 'Anon'}!`;", 'return context.userAgent?.length ?? 0;'));
    const result = await runCli(['build', '--json'], root);
    expect(result.status).toBe(1);
    expect(json<{ code: string; file: string }>(result)).toMatchObject({ code: 'TYPECHECK', file: 'src/resolvers/Query.ts' });
    expect(existsSync(join(root, 'dist/lambda.zip'))).toBe(false);
  });

  it('fails the smoke step when the handler does not answer, naming the event source', async () => {
    const root = await scaffold();
    await edit(root, 'src/context.ts', (text) => text.replace('=> ({', '=> {\n  throw new Error(`no user for ${request.requestId}`);\n  return {').replace(/\n\}\);\s*$/, '\n};\n}'));
    const error = await buildError(root);
    expect(error.code).toBe('SMOKE');
    expect(error.message).toMatch(/^smoke: the handler did not answer a API Gateway REST API \(v1\) event: expected status 200 with data.__typename, got status 500/);
  });

  it('explains a smoke failure caused by the server\'s setup hook', async () => {
    const root = await scaffold();
    await edit(root, 'src/server.ts', (text) => text.replace('limits: { maxDepth: 10 },', "limits: { maxDepth: 10 },\n  setup: async () => {\n    throw new Error('database unreachable');\n  },"));
    const error = await buildError(root, { typecheck: false });
    expect(error.code).toBe('SMOKE');
    expect(error.message).toMatch(/got status 500 with .*SETUP_FAILED/);
    expect(error.hint).toContain("the server's setup hook failed in the smoke process");
  });

  it('--strict-stubs fails while a stub still throws "Not implemented", at the throw', async () => {
    const root = await scaffold();
    await edit(root, 'schema/schema.graphql', (text) => text.replace('  hello: String!', '  hello: String!\n  goodbye: String!'));
    const error = await buildError(root, { strictStubs: true });
    expect(error.code).toBe('STUBS');
    const source = await readFile(join(root, 'src/resolvers/Query.ts'), 'utf8');
    expect(source).toContain("throw new Error('Not implemented: Query.goodbye')");
    expect({ file: error.file, ...{ line: error.line, column: error.column } }).toEqual({ file: 'src/resolvers/Query.ts', ...position(source, "throw new Error('Not implemented: Query.goodbye')") });
    expect(error.message).toBe('strict stubs: 1 resolver still throw "Not implemented" (Query.goodbye).');

    // Without the flag the build goes through: an unimplemented field fails only when it is asked for.
    expect((await build(await projectConfig(root), { smoke: false, typecheck: false })).bytes).toBeGreaterThan(0);
  });

  it('reports a mapper typo, a missing context module and a renamed factory at their key in gqlambda.config.ts, on every build', async () => {
    const root = await scaffold();
    const original = await readFile(join(root, 'gqlambda.config.ts'), 'utf8');
    const cases: Array<[from: string, to: string, key: string, message: RegExp]> = [
      ['#BookRecord', '#BookRecrd', 'Book: ', /^mappers\.Book: .*`BookRecrd`/],
      ["module: 'src/context.ts'", "module: 'src/ctx.ts'", "module: 'src/ctx.ts'", /^context\.module: src\/ctx\.ts does not exist/],
      ["factory: 'createContext'", "factory: 'makeContext'", "factory: 'makeContext'", /^context\.factory: src\/context\.ts does not export `makeContext`/],
    ];
    for (const [from, to, key, message] of cases) {
      const config = original.replace(from, to);
      await writeFile(join(root, 'gqlambda.config.ts'), config);
      // Twice: the second build's generate has nothing new to write, and must still name the cause.
      for (const attempt of [1, 2]) {
        const result = await runCli(['build', '--no-smoke', '--json'], root);
        const error = json<{ code: string; file: string; line: number; column: number; message: string }>(result);
        expect(error.code, `${to} #${attempt}`).toBe('CONFIG');
        expect({ file: error.file, line: error.line, column: error.column }).toEqual({ file: 'gqlambda.config.ts', ...position(config, key) });
        expect(error.message).toMatch(message);
        expect(error.file).not.toContain('.gqlambda');
      }
    }
  }, 120_000);

  it('an output folder that is a file, or not writable, is a user error naming the path, not a bug', async () => {
    const root = await scaffold();
    await writeFile(join(root, 'dist'), 'in the way');
    const result = await runCli(['build', '--no-smoke', '--no-typecheck'], root);
    expect(result.status).toBe(1);
    expect(result.stderr).not.toContain('bug in gqlambda');
    expect(result.stderr).toMatch(/error dist\/[\w.]+: cannot use dist\/[\w.]+: dist is a file, not a folder \(ENOTDIR\)/);
    expect(result.stderr).toContain('hint: remove or rename dist');

    const denied = Object.assign(new Error("EACCES: permission denied, open '/srv/app/dist/lambda.zip'"), { code: 'EACCES', path: '/srv/app/dist/lambda.zip' });
    const error = asUserError(denied) as GqlambdaError;
    expect(error).toBeInstanceOf(GqlambdaError);
    expect(error.message).toBe('permission denied for /srv/app/dist/lambda.zip (EACCES)');
    expect(error.hint).toContain('make /srv/app/dist writable');
  });

  it('every build says how many stubs still throw and where; --json lists them', async () => {
    const root = await scaffold();
    await edit(root, 'schema/schema.graphql', (text) => text.replace('  hello: String!', '  hello: String!\n  goodbye: String!\n  later: Int'));
    await runCli(['generate'], root);
    const source = await readFile(join(root, 'src/resolvers/Query.ts'), 'utf8');
    const at = (field: string) => position(source, `throw new Error('Not implemented: Query.${field}')`);

    const human = await runCli(['build', '--no-smoke', '--no-typecheck'], root);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('! 2 resolver stubs still throw "Not implemented" (--strict-stubs fails the build on them):');
    expect(human.stdout).toContain(`  src/resolvers/Query.ts:${at('goodbye').line}:${at('goodbye').column}  Query.goodbye\n`);
    expect(human.stdout).toContain(`  src/resolvers/Query.ts:${at('later').line}:${at('later').column}  Query.later\n`);

    const summary = json<{ stubs: unknown[] }>(await runCli(['build', '--no-smoke', '--no-typecheck', '--json'], root));
    expect(summary.stubs).toEqual([
      { file: 'src/resolvers/Query.ts', ...at('goodbye'), field: 'Query.goodbye' },
      { file: 'src/resolvers/Query.ts', ...at('later'), field: 'Query.later' },
    ]);
  });

  it('fails over the --max-size budget, naming the largest contributors', async () => {
    const root = await scaffold();
    const error = await buildError(root, { maxSize: 10 * 1024, smoke: false, typecheck: false });
    expect(error.code).toBe('SIZE');
    expect(error.message).toMatch(/^zip: the zip is \d+\.\d KB \(\d+ bytes\), over the budget of 10\.0 KB \(10240 bytes\)\. The largest contributors: graphql /);

    const cli = await runCli(['build', '--max-size', 'lots', '--json'], root);
    expect(cli.status).toBe(2);
    expect(json(cli)).toMatchObject({ ok: false, code: 'USAGE', message: '--max-size: "lots" is not a size.' });
  });

  it('warns, without failing, when code embeds the project\'s absolute path', async () => {
    const root = await scaffold();
    await edit(root, 'src/data.ts', (text) => `${text}\nexport const cacheFile = ${JSON.stringify(`${root}/cache.json`)};\n`);
    await edit(root, 'src/resolvers/Query.ts', (text) => text.replace("import { books } from '../data.js';", "import { books, cacheFile } from '../data.js';").replace("?? 'Anon'}!`", "?? 'Anon'}! ${cacheFile}`"));
    const summary = await build(await projectConfig(root), { typecheck: false, smoke: false });
    expect(summary.warnings).toEqual([
      {
        file: 'index.mjs',
        line: null,
        column: null,
        message: expect.stringMatching(new RegExp(`^index\\.mjs contains the absolute path "${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/"`)),
        code: 'ABSOLUTE_PATH',
      },
    ]);
  });

  it('--json lists every error and every warning as { file, line, column, message, code }', async () => {
    const root = await scaffold();
    await edit(root, 'src/resolvers/Query.ts', (text) => text.replace("return `Hello ${context.userAgent ?? 'Anon'}!`;", 'return 1;').replace('return author ?', 'const n: string = 2;\n    return author ?'));
    const source = await readFile(join(root, 'src/resolvers/Query.ts'), 'utf8');
    const failed = json<{ errors: unknown[] }>(await runCli(['build', '--json'], root));
    expect(failed.errors).toEqual([
      { file: 'src/resolvers/Query.ts', ...position(source, 'hello:'), message: expect.stringMatching(/not assignable/), code: 'TYPECHECK' },
      { file: 'src/resolvers/Query.ts', ...position(source, 'n: string'), message: "Type 'number' is not assignable to type 'string'.", code: 'TS2322' },
    ]);

    // A warning from generate, at the mapper in the config: the model type cannot be read there.
    const fixed = await scaffold();
    await edit(fixed, 'src/data.ts', (text) => `${text}\nexport type Loose = Record<string, unknown> & BookRecord;\n`);
    await edit(fixed, 'gqlambda.config.ts', (text) => text.replace('#BookRecord', '#Loose'));
    const config = await readFile(join(fixed, 'gqlambda.config.ts'), 'utf8');
    const summary = json<{ warnings: unknown[] }>(await runCli(['build', '--no-smoke', '--no-typecheck', '--json'], fixed));
    expect(summary.warnings).toEqual([
      { file: 'gqlambda.config.ts', ...position(config, 'Book: '), message: expect.stringMatching(/^mappers\.Book: /), code: 'GENERATE' },
    ]);
  }, 120_000);

  it('fails on a schema error before anything is bundled, at the schema line', async () => {
    const root = await scaffold();
    await edit(root, 'schema/schema.graphql', (text) => text.replace('  hello: String!', '  hello: Strin!'));
    const error = await buildError(root);
    expect(error.message).toMatch(/^generate: /);
    expect(error.file).toMatch(/schema\/schema\.graphql$/);
    expect(error.line).toBe(3);
  });

  it('refuses a reserved Lambda environment variable before doing any work', async () => {
    const root = await scaffold();
    await edit(root, 'gqlambda.config.ts', (text) => text.replace("bundle: { runtime: 'nodejs22.x' },", "bundle: { runtime: 'nodejs22.x' },\n  function: { environment: { AWS_REGION: 'eu-west-1' } },"));
    const error = await buildError(root);
    expect(error.code).toBe('CONFIG');
    expect(error.message).toBe('gqlambda.config.ts: function.environment.AWS_REGION: is reserved: Lambda sets it itself.');
    expect(existsSync(join(root, '.gqlambda'))).toBe(false);
  });
});
