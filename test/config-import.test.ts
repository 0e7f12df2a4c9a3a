/**
 * Config files run as Node would run them in place: their own paths, the project's packages (CommonJS
 * ones too), JSON imports, tsconfig aliases and every module extension; errors point into the config.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from '../src/config.js';
import { projectWith, removeTempDirs, repoRoot } from './support/projects.js';

afterAll(removeTempDirs);

const esmPackage = JSON.stringify({ name: 'app', private: true, type: 'module' });

const project = projectWith;

interface LoadFailure {
  message: string;
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
}
type Loaded = { config: ResolvedConfig; error?: undefined } | { config?: undefined; error: LoadFailure };

/**
 * loadConfig from dist/, in a Node process of its own as the CLI runs it (under vitest, `import()` goes
 * through vite's module runner, which loads files its own way). Before each load it writes one set of edits.
 */
function loadInNode(cwd: string, edits: Array<Record<string, string>> = [{}]): Loaded[] {
  const script = `
    import { writeFileSync } from 'node:fs';
    const { loadConfig } = await import(${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/config-load.js')).href)});
    const results = [];
    for (const files of JSON.parse(process.env.EDITS)) {
      for (const [name, text] of Object.entries(files)) writeFileSync(name, text);
      try {
        results.push({ config: await loadConfig() });
      } catch (e) {
        results.push({ error: { message: e.message, file: e.file, line: e.line, column: e.column, hint: e.hint } });
      }
    }
    process.stdout.write(JSON.stringify(results));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8', env: { ...process.env, EDITS: JSON.stringify(edits) } });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout) as Loaded[];
}

function loadConfig({ cwd }: { cwd: string }): ResolvedConfig {
  const [result] = loadInNode(cwd);
  if (result?.error) throw new Error(`expected the config to load: ${result.error.message}`);
  return result!.config!;
}

function loadError(cwd: string): LoadFailure {
  const [result] = loadInNode(cwd);
  expect(result?.error).toBeDefined();
  return result!.error!;
}

describe('config files load like Node loads them', () => {
  it('import.meta.url, import.meta.dirname and __dirname name the config file itself', () => {
    const dir = project({
      'package.json': esmPackage,
      'gqlambda.config.ts': [
        "import { fileURLToPath } from 'node:url';",
        "const here: string = fileURLToPath(new URL('.', import.meta.url));",
        'export default {',
        "  resolvers: here + 'src/resolvers',",
        "  generated: import.meta.dirname + '/gen',",
        "  server: __dirname + '/src/server.ts',",
        '};',
      ].join('\n'),
    });
    const config = loadConfig({ cwd: dir });
    expect(config.resolvers).toBe(join(dir, 'src/resolvers'));
    expect(config.generated).toBe(join(dir, 'gen'));
    expect(config.server).toBe(join(dir, 'src/server.ts'));
  });

  it('runs a CommonJS package from the project node_modules in place, not compiled into the config', () => {
    const dir = project({
      'package.json': esmPackage,
      // Like chalk 4 or debug: CommonJS that requires a Node built-in and reads its own __dirname.
      'node_modules/cjs-paths/package.json': JSON.stringify({ name: 'cjs-paths', version: '1.0.0', main: 'index.js' }),
      'node_modules/cjs-paths/index.js': "const tty = require('tty');\nexports.folder = typeof tty.isatty === 'function' ? __dirname : 'no tty';\n",
      'gqlambda.config.ts': "import paths from 'cjs-paths';\nexport default { resolvers: paths.folder };\n",
    });
    const config = loadConfig({ cwd: dir });
    expect(config.resolvers).toBe(join(dir, 'node_modules/cjs-paths'));
  });

  it('imports JSON files, without an import attribute as in TypeScript and vite', () => {
    const dir = project({
      'package.json': esmPackage,
      'settings.json': '{ "resolvers": "lib/resolvers" }',
      'gqlambda.config.mjs': "import settings from './settings.json';\nexport default { resolvers: settings.resolvers };\n",
    });
    expect((loadConfig({ cwd: dir })).resolvers).toBe('lib/resolvers');
  });

  it('follows tsconfig "paths" aliases, even from a .js config', () => {
    const dir = project({
      'package.json': esmPackage,
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@settings/*': ['config/*'] } } }),
      'config/folders.ts': "export const generated: string = 'from-alias';\n",
      'gqlambda.config.js': "import { generated } from '@settings/folders';\nexport default { generated };\n",
    });
    expect((loadConfig({ cwd: dir })).generated).toBe('from-alias');
  });

  it.each([
    ['gqlambda.config.mts', 'export default { resolvers: import.meta.dirname + "/r" };\n', undefined],
    ['gqlambda.config.cts', 'import { join } from "node:path";\nexport default { resolvers: join(__dirname, "r") };\n', undefined],
    ['gqlambda.config.mjs', 'export default { resolvers: import.meta.dirname + "/r" };\n', undefined],
    ['gqlambda.config.cjs', 'module.exports = { resolvers: require("node:path").join(__dirname, "r") };\n', undefined],
    ['gqlambda.config.ts', 'module.exports = { resolvers: require("node:path").join(__dirname, "r") };\n', '{ "type": "commonjs" }'],
    ['gqlambda.config.js', 'module.exports = { resolvers: __dirname + "/r" };\n', undefined],
    ['gqlambda.config.json', '{ "resolvers": "r" }', undefined],
  ])('finds and loads %s', (name, text, manifest) => {
    const dir = project({ [name]: text, ...(manifest ? { 'package.json': manifest } : {}), 'src/deep/.keep': '' });
    const config = loadConfig({ cwd: join(dir, 'src/deep') });
    expect(config.configFile).toBe(join(dir, name));
    expect(config.resolvers).toBe(name.endsWith('.json') ? 'r' : join(dir, 'r'));
  });

  it('reads a changed config and the files it imports again in the same process (gqlambda dev)', () => {
    const dir = project({
      'package.json': esmPackage,
      'folders.mjs': "export const resolvers = 'first';\n",
      'gqlambda.config.mjs': "import { resolvers } from './folders.mjs';\nexport default { resolvers, generated: 'gen-1' };\n",
    });
    const [first, second] = loadInNode(dir, [
      {},
      {
        'folders.mjs': "export const resolvers = 'second';\n",
        'gqlambda.config.mjs': "import { resolvers } from './folders.mjs';\nexport default { resolvers, generated: 'gen-2' };\n",
      },
    ]);
    expect(first?.config).toMatchObject({ resolvers: 'first', generated: 'gen-1' });
    expect(second?.config).toMatchObject({ resolvers: 'second', generated: 'gen-2' });
  });

  it('leaves no compiled file behind in the project', () => {
    const dir = project({ 'package.json': esmPackage, 'node_modules/.keep': '', 'gqlambda.config.ts': "export default { resolvers: 'r' };\n" });
    loadConfig({ cwd: dir });
    // Nor when the config throws.
    const failing = project({ 'package.json': esmPackage, 'node_modules/.keep': '', 'gqlambda.config.ts': "throw new Error('boom');\n" });
    expect(loadError(failing).message).toBe('the config file failed to load: boom');
    for (const folder of [dir, failing]) {
      expect(readdirSync(folder).sort()).toEqual(['gqlambda.config.ts', 'node_modules', 'package.json']);
      expect(readdirSync(join(folder, 'node_modules/.gqlambda-temp'))).toEqual([]);
    }
  });
});

describe('errors in a config file', () => {
  it('a throwing config: the line and column of the throw, in the config file', () => {
    const dir = project({
      'package.json': esmPackage,
      'gqlambda.config.ts': "const port: number = 1;\nif (port) {\n  throw new Error('DATABASE_URL is not set');\n}\nexport default {};\n",
    });
    const error = loadError(dir);
    expect(error.message).toBe('the config file failed to load: DATABASE_URL is not set');
    expect(error.file).toBe('gqlambda.config.ts');
    expect([error.line, error.column]).toEqual([3, 9]);
    expect(error.hint).toMatch(/fix the error it throws/);
  });

  it('a throw on the first line of a CommonJS-run config: the column in the file as written', () => {
    const error = loadError(project({ 'gqlambda.config.ts': "throw new TypeError('no DB');\n" }));
    expect([error.message, error.file, error.line, error.column]).toEqual(['the config file failed to load: no DB', 'gqlambda.config.ts', 1, 7]);
  });

  it('top-level await in a config that runs as CommonJS: says how to make it ESM', () => {
    const error = loadError(project({ 'gqlambda.config.ts': "const folder = await Promise.resolve('r');\nexport default { resolvers: folder };\n" }));
    expect(error.message).toMatch(/^cannot compile the config: Top-level await/);
    expect(error.hint).toContain('"type": "module"');
    expect(error.hint).toContain('gqlambda.config.mts');
  });

  it('a broken tsconfig.json next to the config: names tsconfig.json', () => {
    const error = loadError(project({ 'package.json': esmPackage, 'tsconfig.json': '{ "compilerOptions": { , } }', 'gqlambda.config.ts': 'export default {};\n' }));
    expect([error.file, error.line]).toEqual(['tsconfig.json', 1]);
    expect(error.hint).toContain('tsconfig.json');
  });

  it('a syntax error: file, line and column, also on the first line', () => {
    const dir = project({ 'package.json': esmPackage, 'gqlambda.config.ts': 'export default { schema: , };\n' });
    const error = loadError(dir);
    expect(error.message).toMatch(/^cannot compile the config: Unexpected ","/);
    expect([error.file, error.line, error.column]).toEqual(['gqlambda.config.ts', 1, 26]);
  });

  it('a package that is not installed: names the package and the config, not a compiled temp file', () => {
    const dir = project({ 'package.json': esmPackage, 'gqlambda.config.mjs': "import 'not-installed-anywhere';\nexport default {};\n" });
    const error = loadError(dir);
    expect(error.message).toContain("Cannot find package 'not-installed-anywhere' imported from ");
    expect(error.message).toContain(join(dir, 'gqlambda.config.mjs'));
    expect(error.message).not.toMatch(/gqlambda\.config\.[\w-]+\.mjs/);
    expect([error.file, error.line, error.column]).toEqual(['gqlambda.config.mjs', 1, 8]);
    expect(error.hint).toMatch(/install the package/);
  });

  it('a CommonJS config that requires a missing package (no require stack) or exports nothing', () => {
    const missing = loadError(project({ 'gqlambda.config.cjs': "module.exports = require('not-installed-anywhere');\n" }));
    expect(missing.message).toBe("the config file failed to load: Cannot find module 'not-installed-anywhere'");
    const nothing = loadError(project({ 'gqlambda.config.cjs': 'module.exports = undefined;\n' }));
    expect(nothing.message).toBe('the config file exports nothing');
    expect(nothing.hint).toContain('module.exports = defineConfig');
  });
});
