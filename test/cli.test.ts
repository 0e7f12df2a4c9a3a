/**
 * The real CLI, spawned as users run it: `node bin/gqlambda.js …` (dist/ must be built: `npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, listFiles, modulesLoadedBy, removeTempDirs, repoRoot, runCli, tempDir, typecheck } from './support/projects.js';

afterAll(removeTempDirs);

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'dist/bundle/cli.js'))) throw new Error('dist/ is missing: run `npm run build` first.');
});

const ESC = '\u001b[';
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };

/** A scaffolded project (init runs generate too). */
function scaffold(): string {
  const parent = tempDir();
  const result = runCli(['init', 'api'], parent);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return join(parent, 'api');
}

/** A project whose schema folder holds the given files. */
function projectWithSchema(files: Record<string, string>, config?: string): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'schema'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'schema', name), text);
  if (config !== undefined) writeFileSync(join(dir, 'gqlambda.config.json'), config);
  return dir;
}

function fixture(path: string): string {
  return readFileSync(join(fixtures, 'schemas', path), 'utf8');
}

describe('gqlambda --help and --version', () => {
  it.each([
    [[], ['init', 'generate', '--version', '--verbose']],
    [['init'], ['--name <name>', '--force', '[dir]']],
    [['generate'], ['--check', '--config <path>']],
  ])('%j --help lists its options and exits 0', (command, expected) => {
    const result = runCli([...command, '--help'], tempDir());
    expect(result.status).toBe(0);
    for (const text of expected) expect(result.stdout).toContain(text);
  });

  it('prints its version', () => {
    const result = runCli(['--version'], tempDir());
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it.each([[['--version']], [['--help']], [['build', '--help']], [['dev', '--help']], [['invoke', '--help']]])(
    '%j loads none of typescript, esbuild, the codegen packages, the config loader or graphql',
    (args) => {
      const { status, loaded } = modulesLoadedBy(args, tempDir());
      expect(status).toBe(0);
      // The recorder works: the CLI's own modules and commander are in the list.
      expect(loaded.some((entry) => entry.endsWith('/dist/cli.js'))).toBe(true);
      expect(loaded.some((entry) => entry.includes('/node_modules/commander/'))).toBe(true);
      const heavy = loaded.filter((entry) => /\/node_modules\/(?:typescript|esbuild|@graphql-codegen|graphql|bundle-require|yaml|zod)\/|\/dist\/config-load\.js$/.test(entry));
      expect(heavy).toEqual([]);
    },
  );

  it.each([
    [['generate', '--bogus'], "unknown option '--bogus'"],
    [['init', 'a', 'b'], 'too many arguments'],
    [['frobnicate'], "unknown command 'frobnicate'"],
  ])('%j is a usage error: exit 2', (args, message) => {
    const result = runCli(args, tempDir());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});

describe('gqlambda init', () => {
  it('scaffolds a complete project, then generate finds it up to date', () => {
    const dir = scaffold();
    // .gqlambda/cache/ is generate's memory of its last run, kept out of git by its own .gitignore.
    expect(readFileSync(join(dir, '.gqlambda/cache/.gitignore'), 'utf8')).toBe('*\n');
    expect(listFiles(dir).filter((file) => !file.startsWith('.gqlambda/cache/'))).toEqual([
      '.gitignore',
      '.gqlambda/handler.ts',
      '.gqlambda/resolver-map.generated.ts',
      '.gqlambda/resolvers.generated.ts',
      '.gqlambda/schema.generated.ts',
      '.gqlambda/schema.graphql',
      'gqlambda.config.ts',
      'package.json',
      'schema/schema.graphql',
      'src/context.ts',
      'src/data.ts',
      'src/resolvers/Book.ts',
      'src/resolvers/Query.ts',
      'src/server.ts',
      'tsconfig.json',
    ]);
    const again = runCli(['generate'], dir);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe('✓ up to date: 7 files checked, none changed\n');
    expect(runCli(['generate', '--check'], dir).status).toBe(0);
  });

  it('refuses a non-empty folder with one line, a hint and exit 1; --force proceeds', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'README.md'), '# mine\n');
    const refused = runCli(['init'], dir);
    expect(refused.status).toBe(1);
    const [first, hint, ...rest] = refused.stderr.split('\n');
    expect(first).toMatch(/^error the folder .* is not empty \(README\.md\)$/);
    expect(hint).toMatch(/^hint: .*--force/);
    expect(rest.join('')).toBe('');
    expect(listFiles(dir)).toEqual(['README.md']);

    writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
    const forced = runCli(['init', '--force', '--name', 'forced-api'], dir);
    expect(forced.status).toBe(0);
    expect(forced.stdout).toContain('  kept    tsconfig.json (already there)');
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toBe('{}\n');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# mine\n');
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: 'forced-api' });
  });

  it('rejects an invalid --name with exit 2', () => {
    const result = runCli(['init', 'x', '--name', 'Not Valid'], tempDir());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--name "Not Valid" is not a valid npm package name');
  });
});

describe('gqlambda generate', () => {
  it('--check lists the files that would change, writes nothing and exits 1', () => {
    const dir = scaffold();
    const schemaFile = join(dir, 'schema/schema.graphql');
    writeFileSync(schemaFile, readFileSync(schemaFile, 'utf8').replace('type Query {', 'type Query {\n  version: String!'));
    const before = listFiles(dir).map((file) => readFileSync(join(dir, file), 'utf8'));
    const result = runCli(['generate', '--check'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual([
      '  would update .gqlambda/resolvers.generated.ts',
      '  would update .gqlambda/schema.generated.ts',
      '  would update .gqlambda/schema.graphql',
      '  would update src/resolvers/Query.ts',
    ]);
    expect(result.stderr).toContain('error 4 files are out of date with the schema and config');
    expect(result.stderr).toContain('hint: run `gqlambda generate`');
    expect(listFiles(dir).map((file) => readFileSync(join(dir, file), 'utf8'))).toEqual(before);
  });

  it('keeps every line the user wrote while the schema changes, and the project still type-checks', () => {
    const dir = scaffold();
    const queryFile = join(dir, 'src/resolvers/Query.ts');
    // The user's edits: an import, a helper, a comment, a changed body.
    const edited = readFileSync(queryFile, 'utf8')
      .replace("import { books } from '../data.js';", "import { books } from '../data.js';\nimport type { BookRecord } from '../data.js';")
      .replace('export const Query', '// Newest first, as the front page wants them.\nfunction newestFirst(list: readonly BookRecord[]): BookRecord[] {\n  return [...list].sort((a, b) => b.year - a.year);\n}\n\nexport const Query')
      .replace('[...books]', 'newestFirst(books)');
    writeFileSync(queryFile, edited);
    const schemaFile = join(dir, 'schema/schema.graphql');
    writeFileSync(
      schemaFile,
      readFileSync(schemaFile, 'utf8')
        .replace('  book(id: ID!): Book\n', '  randomBook: Book\n') // removes book, adds randomBook
        .concat('\nunion SearchResult = Book\n\nextend type Query {\n  search(term: String!): [SearchResult!]!\n}\n'),
    );

    const result = runCli(['generate'], dir);
    expect(result.status).toBe(0);
    const after = readFileSync(queryFile, 'utf8');
    // Every line the user had is still there, in the same order.
    const afterLines = after.split('\n');
    let cursor = 0;
    for (const line of edited.split('\n')) {
      const found = afterLines.indexOf(line, cursor);
      expect(found, `line kept: ${line}`).toBeGreaterThanOrEqual(cursor);
      cursor = found + 1;
    }
    expect(after).toContain("throw new Error('Not implemented: Query.randomBook');");
    expect(after).toContain("throw new Error('Not implemented: Query.search');");
    expect(readFileSync(join(dir, 'src/resolvers/SearchResult.ts'), 'utf8')).toContain('Not implemented: SearchResult.__resolveType');
    // The removed field is reported with its place, and the type check names it too.
    const bookLine = afterLines.findIndex((line) => line.startsWith('  book:')) + 1;
    expect(result.stderr).toMatch(new RegExp(`^warning src/resolvers/Query\\.ts:${bookLine}:3: Query\\.book is no longer in the schema`, 'm'));
    const check = typecheck(dir);
    expect(check.status).not.toBe(0);
    expect(check.output).toMatch(/src\/resolvers\/Query\.ts\(\d+,\d+\): error TS\d+: .*'book'/);
  });

  it.each([
    ['a syntax error', { 'schema.graphql': fixture('broken/syntax/schema.graphql') }, /^error schema\/schema\.graphql:4:1: load schema: Syntax Error: Expected "\]", found "\}"\.$/m],
    [
      'a type defined in two files',
      { 'a.graphql': fixture('broken/duplicate/a.graphql'), 'b.graphql': fixture('broken/duplicate/b.graphql') },
      /^error schema\/b\.graphql:2:6: load schema: There can be only one type named "Book"\. It is also defined at schema\/a\.graphql:5:6\.$/m,
    ],
    ['an unknown type', { 'schema.graphql': fixture('broken/unknown-type/schema.graphql') }, /^error schema\/schema\.graphql:3:11: load schema: Unknown type "Autor"\. Did you mean "Author"\?$/m],
  ])('%s: file:line:col, a code frame, a hint and exit 1', (_name, files, message) => {
    const dir = projectWithSchema(files);
    const result = runCli(['generate'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^> +\d+ \| /m); // the code frame
    expect(result.stderr).toMatch(/^hint: /m);
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack without --verbose
    expect(listFiles(dir).some((file) => file.startsWith('.gqlambda/'))).toBe(false);
  });

  it('a glob that matches nothing is named', () => {
    const dir = projectWithSchema({ 'a.graphql': 'type Query { a: Int }\n' }, '{ "schema": ["schema/*.graphql", "more/**/*.graphql"] }');
    const result = runCli(['generate'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe('error load schema: the schema glob "more/**/*.graphql" matches no files');
  });

  it.each([
    ['{ "bundle": { "runtime": "nodejs18.x" } }', 'error gqlambda.config.json: bundle.runtime: expected one of nodejs22.x, nodejs24.x, got "nodejs18.x"'],
    ['{ "resolver": "src/r" }', 'error gqlambda.config.json: resolver: unknown key (did you mean "resolvers"?)'],
    ['{ "schema": "schema/*.graphql", }', 'error gqlambda.config.json:1:33: invalid JSON: Expected double-quoted property name'],
  ])('config %s is named with its key and exits 1', (config, firstLine) => {
    const dir = projectWithSchema({ 'a.graphql': 'type Query { a: Int }\n' }, config);
    const result = runCli(['generate'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(firstLine);
  });

  it('--config points at a config elsewhere; a missing one is an error', () => {
    const dir = projectWithSchema({ 'a.graphql': 'type Query { a: Int }\n' });
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/gql.json'), '{ "schema": "../schema/*.graphql", "generated": "../gen", "resolvers": "../src/resolvers" }');
    const ok = runCli(['generate', '--config', 'config/gql.json'], dir);
    // Paths in a config are relative to its folder, the context module included.
    expect(ok.stderr).toMatch(/^warning config\/gql\.json:1:1: context\.module: src\/context\.ts does not exist/);
    expect(ok.status).toBe(0);
    expect(listFiles(dir)).toContain('gen/handler.ts');
    const missing = runCli(['generate', '--config', 'nope.json'], dir);
    expect(missing.status).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe('error config file not found: nope.json');
  });

  it('prints a stack only with --verbose', () => {
    const dir = projectWithSchema({ 'a.graphql': 'type Query { a: Strin }\n' });
    const plain = runCli(['generate'], dir);
    expect(plain.stderr).not.toMatch(/^\s+at /m);
    // Without a config file the defaults apply, and the CLI says so.
    expect(plain.stderr).toMatch(/^note: no gqlambda\.config\.\{ts,mjs,js,json\} here or in a parent folder: using the defaults/m);
    const verbose = runCli(['generate', '--verbose'], dir);
    expect(verbose.status).toBe(1);
    expect(verbose.stderr).toMatch(/^\s+at /m);
  });

  it('uses colour only when asked for and never with NO_COLOR', () => {
    const dir = projectWithSchema({ 'a.graphql': 'type Query { a: Strin }\n' });
    // Not a TTY (spawned with pipes) and not CI: plain text.
    expect(runCli(['generate'], dir, { NO_COLOR: '', CI: '' }).stderr).not.toContain(ESC);
    expect(runCli(['generate'], dir, { NO_COLOR: '', FORCE_COLOR: '1' }).stderr).toContain(ESC);
    expect(runCli(['generate'], dir, { NO_COLOR: '1', FORCE_COLOR: '1' }).stderr).not.toContain(ESC);
  });
});

describe('npm run demo', () => {
  it('uses the CLI that `npm ci` built (no second build when dist/ is current) and still runs init → build → invoke', () => {
    const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.demo).not.toMatch(/npm run build/);
    expect(scripts.prepare).toBe(scripts.build);
    const demo = spawnSync(process.execPath, [join(repoRoot, 'test/demo.mjs')], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(demo.status).toBe(0);
    expect(demo.stdout).not.toContain('building the CLI first');
    expect(demo.stdout).toContain('The answer (status 200)');
  }, 120_000);
});
