/**
 * generate's no-change path (src/generate/cache.ts): with nothing changed it answers from the last run;
 * every kind of input it reads, changed, makes it run in full again. To tell the two paths apart, the
 * test plants a warning in the stored report: only an answer from the store can carry it.
 */
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config-load.js';
import { generate, type GenerateReport } from '../../src/generate/index.js';
import { modulesLoadedBy, removeTempDirs, tempDir } from '../support/projects.js';

afterAll(removeTempDirs);

const PLANTED = 'planted in the stored report';
const CACHE = '.gqlambda/cache/generate.json';

let dir: string;
const path = (file: string): string => join(dir, file);
const read = (file: string): string => readFileSync(path(file), 'utf8');
const write = (file: string, text: string): void => writeFileSync(path(file), text);

async function run(check = false): Promise<GenerateReport> {
  return generate(await loadConfig({ cwd: dir }), { check });
}

/** Marks the stored report, so that an answer taken from it shows. */
function plant(): void {
  const entry = JSON.parse(read(CACHE)) as { warnings: unknown[] };
  entry.warnings.push({ message: PLANTED, file: 'schema/schema.graphql', line: 1, column: 1 });
  write(CACHE, JSON.stringify(entry));
}

const fromStore = (report: GenerateReport): boolean => report.warnings.some((warning) => warning.message === PLANTED);

beforeEach(async () => {
  dir = tempDir('gqlambda-generate-cache-');
  mkdirSync(path('schema'));
  mkdirSync(path('src'));
  write('schema/schema.graphql', 'type Query {\n  book(id: ID!): Book\n}\n\ntype Book {\n  id: ID!\n  title: String\n}\n');
  write('src/context.ts', 'export interface Context {\n  userId: string | null;\n}\n\nexport const createContext = () => ({ userId: null });\n');
  write('src/models.ts', 'export interface BookRow {\n  id: string;\n}\n');
  write('gqlambda.config.json', JSON.stringify({ server: null, mappers: { Book: './src/models.ts#BookRow' } }));
  await run();
  plant();
});

describe('generate with nothing changed', () => {
  it('answers from the last run, up to date, writing nothing (--check too)', async () => {
    const before = statSync(path('.gqlambda/resolvers.generated.ts')).mtimeMs;
    const report = await run();
    expect(fromStore(report)).toBe(true);
    expect(report.upToDate).toBe(true);
    expect(report.files.map((file) => file.status)).toContain('unchanged');
    expect(report.files.length).toBeGreaterThan(4);
    expect(fromStore(await run(true))).toBe(true);
    expect(statSync(path('.gqlambda/resolvers.generated.ts')).mtimeMs).toBe(before);
  });
});

describe('generate notices every kind of input change', () => {
  const noticed = async (): Promise<GenerateReport> => {
    const report = await run();
    expect(fromStore(report)).toBe(false);
    return report;
  };

  it('a schema file edited', async () => {
    write('schema/schema.graphql', `${read('schema/schema.graphql')}\nextend type Query {\n  shelf: [Book!]!\n}\n`);
    await noticed();
    expect(read('src/resolvers/Query.ts')).toContain('Not implemented: Query.shelf');
  });

  it('a schema file added', async () => {
    write('schema/more.graphql', 'extend type Query {\n  ping: Boolean\n}\n');
    await noticed();
    expect(read('src/resolvers/Query.ts')).toContain('Not implemented: Query.ping');
  });

  it('the config changed', async () => {
    write('gqlambda.config.json', JSON.stringify({ server: null }));
    await noticed();
    expect(read('.gqlambda/resolvers.generated.ts')).not.toContain('BookRow');
  });

  it('a mapper’s model changed', async () => {
    expect(read('src/resolvers/Book.ts')).not.toContain('Book.id');
    write('src/models.ts', 'export interface BookRow {\n  isbn: string;\n}\n');
    await noticed();
    expect(read('src/resolvers/Book.ts')).toContain('Not implemented: Book.id');
  });

  it('a stub file edited, or deleted', async () => {
    const query = read('src/resolvers/Query.ts');
    write('src/resolvers/Query.ts', query.replace(/^ {2}book: [^]*?\n {2}},\n/m, ''));
    expect(read('src/resolvers/Query.ts')).not.toContain('Query.book');
    await noticed();
    expect(read('src/resolvers/Query.ts')).toContain('Not implemented: Query.book');

    plant();
    rmSync(path('src/resolvers/Query.ts'));
    await noticed();
    expect(read('src/resolvers/Query.ts')).toBe(query);
  });

  it('a generated file edited, or deleted', async () => {
    const handler = read('.gqlambda/handler.ts');
    write('.gqlambda/handler.ts', `${handler}// edited\n`);
    expect((await noticed()).files.find((file) => file.path.endsWith('handler.ts'))?.status).toBe('updated');
    expect(read('.gqlambda/handler.ts')).toBe(handler);

    plant();
    rmSync(path('.gqlambda/resolvers.generated.ts'));
    await noticed();
    expect(read('.gqlambda/resolvers.generated.ts')).toContain('export type Resolvers');
  });

  it('the context module changed', async () => {
    write('src/context.ts', 'export interface Context {\n  userId: string | null;\n}\n');
    const report = await noticed();
    expect(report.warnings.map((warning) => warning.message)).toContainEqual(expect.stringMatching(/^context\.factory: src\/context\.ts does not export `createContext`/));
  });

  it('gqlambda itself changed (its generate code rebuilt)', async () => {
    const code = fileURLToPath(new URL('../../src/generate/cache.ts', import.meta.url));
    const { atime, mtime } = statSync(code);
    try {
      utimesSync(code, atime, new Date(Date.now() + 60_000));
      await noticed();
    } finally {
      utimesSync(code, atime, mtime);
    }
  });
});

describe("codegen's output, remembered apart", () => {
  const TYPES = '.gqlambda/cache/resolvers.generated.ts.json';
  /** Marks the remembered resolver types, so that output taken from memory shows. */
  const plantTypes = (): void => {
    const entry = JSON.parse(read(TYPES)) as { content: string };
    write(TYPES, JSON.stringify({ ...entry, content: `${entry.content}// planted\n` }));
  };

  it('serves a run that only a resolver edit caused, without running codegen', async () => {
    plantTypes();
    write('src/resolvers/Query.ts', `${read('src/resolvers/Query.ts')}// edited\n`);
    const report = await run();
    expect(fromStore(report)).toBe(false);
    expect(read('.gqlambda/resolvers.generated.ts')).toMatch(/\/\/ planted\n$/);
  });

  it('loads none of codegen for a run that only a resolver edit caused', async () => {
    // A process of its own, as users run it, with every module it loads recorded.
    const codegenLoads = (): string[] => {
      const { status, stderr, loaded } = modulesLoadedBy(['generate'], dir);
      expect(status, stderr).toBe(0);
      return loaded.filter((entry) => entry.includes('/@graphql-codegen/'));
    };
    // The CLI's own first run: the store written by the tests' in-process runs is not its (another build of gqlambda).
    codegenLoads();
    write('src/resolvers/Query.ts', `${read('src/resolvers/Query.ts')}// edited\n`);
    expect(codegenLoads()).toEqual([]);
    // The recorder sees codegen when it runs: the schema changed.
    write('schema/schema.graphql', `${read('schema/schema.graphql')}\nextend type Query {\n  ping: Boolean\n}\n`);
    expect(codegenLoads()).not.toEqual([]);
  });

  it('is not used once the schema or the config changed', async () => {
    plantTypes();
    write('schema/schema.graphql', `${read('schema/schema.graphql')}\nextend type Query {\n  ping: Boolean\n}\n`);
    await run();
    expect(read('.gqlambda/resolvers.generated.ts')).not.toContain('// planted');
    expect(read('.gqlambda/resolvers.generated.ts')).toContain('ping');

    plantTypes();
    write('gqlambda.config.json', JSON.stringify({ server: null, scalars: {}, mappers: {} }));
    await run();
    expect(read('.gqlambda/resolvers.generated.ts')).not.toContain('// planted');
  });
});
