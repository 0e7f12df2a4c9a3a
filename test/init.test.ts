import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config-load.js';
import { GqlambdaError } from '../src/errors.js';
import { generate } from '../src/generate/index.js';
import { gqlambdaDependency, INIT_TEMPLATE_DIR, initProject } from '../src/init.js';
import { listFiles, removeTempDirs, repoRoot, runCli, tempDir, typecheck } from './support/projects.js';

afterAll(removeTempDirs);

const ownPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

async function initError(dir: string, options: { name?: string; force?: boolean; schema?: string[] } = {}): Promise<GqlambdaError> {
  const error: unknown = await initProject({ dir, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GqlambdaError);
  return error as GqlambdaError;
}

describe('initProject', () => {
  it('copies templates/init byte for byte, renaming _gitignore', async () => {
    const dir = join(tempDir(), 'my-api');
    const result = await initProject({ dir });
    const templateFiles = listFiles(INIT_TEMPLATE_DIR);
    const expected = templateFiles.map((file) => (file === '_gitignore' ? '.gitignore' : file)).sort();
    expect(result.files).toEqual(expected);
    expect(listFiles(dir)).toEqual(expected);
    for (const file of templateFiles) {
      if (file === 'package.json') continue;
      const written = file === '_gitignore' ? '.gitignore' : file;
      expect(readFileSync(join(dir, written)), file).toEqual(readFileSync(join(INIT_TEMPLATE_DIR, file)));
    }
  });

  it('writes package.json with the folder name, gqlambda linked to the CLI in use, Node\'s types and the scripts', async () => {
    const dir = join(tempDir(), 'My Shop API');
    await initProject({ dir });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.name).toBe('my-shop-api');
    expect(pkg.type).toBe('module');
    expect(pkg.scripts).toEqual({ generate: 'gqlambda generate', build: 'gqlambda build', typecheck: 'tsc -p .' });
    expect(pkg.dependencies).toEqual({ gqlambda: `file:${repoRoot.split('\\').join('/')}`, graphql: ownPackage.dependencies.graphql });
    expect(pkg.devDependencies).toEqual({ '@types/node': ownPackage.devDependencies['@types/node'], typescript: ownPackage.dependencies.typescript });
  });

  it('on a new project, reports every file as created and none as "unchanged"', () => {
    const dir = join(tempDir(), 'fresh');
    const init = runCli(['init', dir], repoRoot);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).not.toContain('unchanged');
    expect(init.stdout).toMatch(/✓ generated: 5 files written\n/);
  });

  it('asks for a version range once gqlambda is installed from a registry', () => {
    expect(gqlambdaDependency('1.2.3', '/home/me/.npm/_npx/abc/node_modules/gqlambda')).toBe('^1.2.3');
    expect(gqlambdaDependency('1.2.3', '/home/me/src/gqlambda')).toBe('file:/home/me/src/gqlambda');
  });

  it('installs with npm and type-checks with its own tsc, Node\'s globals included (reaches the npm registry)', () => {
    const dir = join(tempDir(), 'installable');
    const init = runCli(['init', dir], repoRoot);
    expect(init.status, init.stderr).toBe(0);
    // A resolver using Node's globals needs @types/node, which the scaffold must bring.
    writeFileSync(join(dir, 'src/node-globals.ts'), 'export const later: string = Buffer.from("x").toString("base64");\nsetTimeout(() => {}, 1);\n');
    const install = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8' });
    expect(install.status, `${install.stdout}${install.stderr}`).toBe(0);
    const tsc = spawnSync('npm', ['exec', '--offline', '--', 'tsc', '-p', '.'], { cwd: dir, encoding: 'utf8' });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  }, 180_000);

  it('uses --name when given and rejects an invalid one as a usage error', async () => {
    const dir = tempDir();
    await initProject({ dir: join(dir, 'a'), name: '@acme/books-api' });
    expect(JSON.parse(readFileSync(join(dir, 'a/package.json'), 'utf8'))).toMatchObject({ name: '@acme/books-api' });
    const error = await initError(join(dir, 'b'), { name: 'Books API' });
    expect(error.code).toBe('USAGE');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe('--name "Books API" is not a valid npm package name');
    expect(error.hint).toContain('books-api');
  });

  it('refuses a non-empty folder without --force; with it, adds the scaffold and keeps the user\'s files', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const error = await initError(dir);
    expect(error.code).toBe('INIT');
    expect(error.message).toMatch(/is not empty \(notes\.txt\)$/);
    expect(error.hint).toContain('--force');
    expect(listFiles(dir)).toEqual(['notes.txt']);

    // --force adds the scaffold but never replaces a file the user has, even one with a template's name.
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'src/context.ts'), 'export interface Context { mine: true }\n');
    const forced = await initProject({ dir, force: true });
    expect(forced.kept).toEqual(['src/context.ts']);
    expect(forced.files).not.toContain('src/context.ts');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
    expect(readFileSync(join(dir, 'src/context.ts'), 'utf8')).toBe('export interface Context { mine: true }\n');
    expect(listFiles(dir)).toContain('gqlambda.config.ts');
  });

  it('--schema scaffolds around an existing schema, without the example, and the project type-checks', async () => {
    const dir = tempDir();
    cpSync(join(repoRoot, 'fixtures/schemas/shop'), join(dir, 'api'), { recursive: true });
    const result = await initProject({ dir, schema: ['api/*.graphql'] });
    for (const example of ['schema/schema.graphql', 'src/data.ts', 'src/resolvers/Book.ts', 'src/resolvers/Query.ts']) {
      expect(result.files).not.toContain(example);
    }
    const config = readFileSync(join(dir, 'gqlambda.config.ts'), 'utf8');
    expect(config).toContain("  schema: ['api/*.graphql'],");
    expect(config).toContain('  mappers: {},');
    expect(config).not.toContain('BookRecord');
    await generate(await loadConfig({ cwd: dir }));
    expect(readFileSync(join(dir, 'src/resolvers/Query.ts'), 'utf8')).toContain("throw new Error('Not implemented: Query.");
    expect(listFiles(dir)).not.toContain('src/resolvers/Book.ts');
    const { status, output } = typecheck(dir);
    expect(output).toBe('');
    expect(status).toBe(0);

    const missing = await initError(join(dir, 'other'), { schema: ['nothing/*.graphql'] });
    expect(missing.code).toBe('USAGE');
    expect(missing.message).toMatch(/^--schema nothing\/\*\.graphql matches no file in /);
  });

  it('--force into a folder with a package.json adds the dependencies and scripts it lacks, keeps the user\'s, and says so', async () => {
    const dir = tempDir();
    const mine = { name: 'mine', version: '1.0.0', scripts: { build: 'make' }, dependencies: { 'left-pad': '1.0.0', graphql: '16.0.0' } };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(mine));
    const result = await initProject({ dir, force: true });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as typeof mine & { devDependencies: Record<string, string> };
    expect(pkg.name).toBe('mine');
    expect(pkg.scripts).toEqual({ build: 'make', generate: 'gqlambda generate', typecheck: 'tsc -p .' });
    expect(pkg.dependencies).toEqual({ 'left-pad': '1.0.0', graphql: '16.0.0', gqlambda: `file:${repoRoot.split('\\').join('/')}` });
    expect(Object.keys(pkg.devDependencies)).toEqual(['@types/node', 'typescript']);
    expect(result.kept).not.toContain('package.json');
    expect(result.changes).toEqual([
      `package.json: added dependencies gqlambda (file:${repoRoot.split('\\').join('/')})`,
      `package.json: kept your dependencies graphql (gqlambda's would be "${ownPackage.dependencies.graphql}")`,
      `package.json: added devDependencies @types/node (${ownPackage.devDependencies['@types/node']}), typescript (${ownPackage.dependencies.typescript})`,
      'package.json: added scripts generate (gqlambda generate), typecheck (tsc -p .)',
      `package.json: kept your scripts build (gqlambda's would be "gqlambda build")`,
    ]);
  });

  it('treats a folder holding only .git as empty', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, '.git/HEAD'), 'ref: refs/heads/main\n');
    await initProject({ dir });
    expect(listFiles(dir)).toContain('schema/schema.graphql');
  });

  it('refuses a path that is a file', async () => {
    const file = join(tempDir(), 'taken');
    writeFileSync(file, '');
    const error = await initError(file);
    expect(error.message).toMatch(/exists and is not a folder$/);
  });
});

describe('the scaffolded project', () => {
  let dir: string;

  beforeAll(async () => {
    dir = join(tempDir(), 'hello-api');
    await initProject({ dir });
    await generate(await loadConfig({ cwd: dir }));
  });

  it('is complete after generate and already up to date with its own stubs', async () => {
    expect(listFiles(dir)).toEqual(
      expect.arrayContaining([
        '.gqlambda/handler.ts',
        '.gqlambda/resolver-map.generated.ts',
        '.gqlambda/resolvers.generated.ts',
        '.gqlambda/schema.generated.ts',
        '.gqlambda/schema.graphql',
      ]),
    );
    // The template's own resolver files already have every field the stubs would add.
    expect(readFileSync(join(dir, 'src/resolvers/Query.ts'))).toEqual(readFileSync(join(INIT_TEMPLATE_DIR, 'src/resolvers/Query.ts')));
    expect(readFileSync(join(dir, 'src/resolvers/Book.ts'))).toEqual(readFileSync(join(INIT_TEMPLATE_DIR, 'src/resolvers/Book.ts')));
    expect(readFileSync(join(dir, 'src/resolvers/Query.ts'), 'utf8')).not.toContain('Not implemented');
  });

  it('type-checks under tsc --strict with the CLI\'s own gqlambda and graphql', () => {
    const { status, output } = typecheck(dir);
    expect(output).toBe('');
    expect(status).toBe(0);
    const strictest = typecheck(dir, { exactOptionalPropertyTypes: true, noUnusedLocals: true, noUnusedParameters: true });
    expect(strictest.output).toBe('');
  });

  it('fails the type check when a resolver returns the wrong type (the check is real)', () => {
    const file = join(dir, 'src/resolvers/Book.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('return all.length <= words', 'return 42; return all.length <= words'));
    try {
      const { status, output } = typecheck(dir);
      expect(status).not.toBe(0);
      expect(output).toMatch(/src\/resolvers\/Book\.ts\(\d+,\d+\): error TS2322/);
    } finally {
      writeFileSync(file, original);
    }
  });

  /** The generated handler, bundled the way a build would, with this repository's runtime (once). */
  let bundled: Promise<(event: unknown, context: unknown) => Promise<unknown>> | undefined;
  function bundledHandler(): Promise<(event: unknown, context: unknown) => Promise<unknown>> {
    bundled ??= bundleHandler();
    return bundled;
  }

  async function bundleHandler(): Promise<(event: unknown, context: unknown) => Promise<unknown>> {
    const outfile = join(tempDir(), 'handler.mjs');
    await build({
      entryPoints: [join(dir, '.gqlambda/handler.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
      alias: { 'gqlambda/runtime': join(repoRoot, 'dist/runtime/index.js') },
      nodePaths: [join(repoRoot, 'node_modules')],
    });
    const { handler } = (await import(pathToFileURL(outfile).href)) as {
      handler: (event: unknown, context: unknown) => Promise<unknown>;
    };
    return handler;
  }

  it('answers queries out of the box: hello greets the User-Agent, or Anon', async () => {
    const handler = (await bundledHandler()) as (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    const lambdaContext = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 };
    const httpApiEvent = (headers: Record<string, string>, query: string) => ({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/graphql',
      rawQueryString: '',
      headers: { 'content-type': 'application/json', ...headers },
      requestContext: {
        http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: headers['user-agent'] ?? '' },
        requestId: 'req-1',
        routeKey: '$default',
        stage: '$default',
      },
      body: JSON.stringify({ query }),
      isBase64Encoded: false,
    });

    const withAgent = await handler(httpApiEvent({ 'user-agent': 'curl/8.5.0' }, '{ hello }'), lambdaContext);
    expect(withAgent.statusCode).toBe(200);
    expect(JSON.parse(withAgent.body)).toEqual({ data: { hello: 'Hello curl/8.5.0!' } });

    const anonymous = await handler(httpApiEvent({}, '{ hello }'), lambdaContext);
    expect(JSON.parse(anonymous.body)).toEqual({ data: { hello: 'Hello Anon!' } });

    const books = await handler(
      httpApiEvent({}, '{ books(author: "Octavia E. Butler") { title year excerpt(words: 3) } book(id: "nope") { id } }'),
      lambdaContext,
    );
    expect(JSON.parse(books.body)).toEqual({
      data: { books: [{ title: 'Kindred', year: 1979, excerpt: 'A writer in …' }], book: null },
    });
  });

  it.each(['rest-api-post', 'http-api-post', 'function-url-post', 'alb-post-multi-value', 'direct'])(
    'greets the caller whatever the event source: %s',
    async (name) => {
      const handler = await bundledHandler();
      const event = JSON.parse(readFileSync(join(repoRoot, 'fixtures/events', `${name}.json`), 'utf8')) as Record<string, unknown>;
      // Header names arrive in the caller's case on REST APIs and ALBs ("User-Agent").
      const headerValue = (headers: unknown): unknown =>
        Object.entries((headers ?? {}) as Record<string, unknown>).find(([key]) => key.toLowerCase() === 'user-agent')?.[1];
      const multi = headerValue(event.multiValueHeaders) as string[] | undefined;
      const agent = (headerValue(event.headers) as string | undefined) ?? multi?.[0];
      const request =
        name === 'direct' ? { query: '{ hello }' } : { ...event, body: JSON.stringify({ query: '{ hello }' }), isBase64Encoded: false };
      const result = (await handler(request, { awsRequestId: 'req-2', getRemainingTimeInMillis: () => 30_000 })) as
        | { statusCode: number; body: string }
        | { data: unknown };
      const payload = 'body' in result ? (JSON.parse(result.body) as unknown) : result;
      expect(payload).toEqual({ data: { hello: `Hello ${agent ?? 'Anon'}!` } });
    },
  );
});
