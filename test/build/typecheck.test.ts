/**
 * The in-process type check on small hand-written projects (no generate): which tsconfig it uses, where
 * gqlambda, graphql and @types come from when the project has not installed them, and how errors read.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTypechecker, typecheck } from '../../src/build/typecheck.js';
import { GqlambdaError } from '../../src/errors.js';
import { removeTempDirs, repoRoot, tempDir } from './support.js';

afterAll(removeTempDirs);

async function project(files: Record<string, string>): Promise<string> {
  const root = await tempDir('gqlambda-typecheck-test-');
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), text);
  }
  return root;
}

function failure(run: () => unknown): GqlambdaError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GqlambdaError);
    return error as GqlambdaError;
  }
  throw new Error('expected the type check to fail');
}

const tsconfig = (options: Record<string, unknown> = {}): string =>
  JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, skipLibCheck: true, noEmit: true, ...options }, include: ['src'] });

describe('typecheck', () => {
  it('checks against the CLI\'s own gqlambda and graphql when the project has no node_modules', async () => {
    const root = await project({
      'tsconfig.json': tsconfig(),
      'src/handler.ts': [
        "import { GraphQLSchema, GraphQLObjectType, GraphQLString } from 'graphql';",
        "import { defineServer, type ContextFactory } from 'gqlambda/runtime';",
        "import { defineConfig } from 'gqlambda';",
        "export const schema = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString } } }) });",
        'export const server = defineServer({});',
        "export const config = defineConfig({ schema: 'schema/*.graphql' });",
        'export const context: ContextFactory<{ id: string }> = (_event, _context, request) => ({ id: request.requestId });',
      ].join('\n'),
    });
    const result = typecheck({ root, entryFiles: [] });
    expect(result.files).toBe(1);
    // The CLI's own copies answered the imports: the project has no node_modules.
    expect(result.inputs).toContain(join(root, 'src/handler.ts'));
    expect(result.inputs).toContainEqual(expect.stringContaining(join(repoRoot, 'node_modules/graphql/')));
    expect(result.inputs).toContainEqual(expect.stringContaining(join(repoRoot, 'dist/runtime/')));
  });

  it('reports the first error at file:line:col with a code frame, and lists the others', async () => {
    const root = await project({
      'tsconfig.json': tsconfig(),
      'src/a.ts': "export const n: number = 'one';\nexport const s: string = 2;\n",
    });
    const error = failure(() => typecheck({ root, entryFiles: [] }));
    expect({ code: error.code, file: error.file, line: error.line, column: error.column }).toEqual({ code: 'TYPECHECK', file: 'src/a.ts', line: 1, column: 14 });
    expect(error.message).toBe("Type 'string' is not assignable to type 'number'.");
    expect(error.detail).toContain("> 1 | export const n: number = 'one';\n    |              ^\n");
    expect(error.detail).toContain("src/a.ts:2:14 - error TS2322: Type 'number' is not assignable to type 'string'.");
    // Each error once: the first is the message and the frame, not listed again.
    expect(error.detail).not.toContain('src/a.ts:1:14 - error');
    expect(error.hint).toContain('2 type errors');
  });

  it('checks the entry files even when the tsconfig does not include them', async () => {
    const root = await project({ 'tsconfig.json': tsconfig(), 'src/ok.ts': 'export {};\n', '.gen/handler.ts': 'export const x: number = "no";\n' });
    expect(typecheck({ root, entryFiles: [] }).files).toBe(1);
    expect(failure(() => typecheck({ root, entryFiles: ['.gen/handler.ts'] })).file).toBe('.gen/handler.ts');
  });

  it('uses strict defaults without a tsconfig.json', async () => {
    const root = await project({ 'handler.ts': 'export function f(a) { return a; }\n' });
    const error = failure(() => typecheck({ root, entryFiles: ['handler.ts'] }));
    expect(error.message).toBe("Parameter 'a' implicitly has an 'any' type.");
  });

  it('points at a broken tsconfig.json', async () => {
    const root = await project({ 'tsconfig.json': '{ "compilerOptions": { "strict": true, } oops }' });
    const error = failure(() => typecheck({ root, entryFiles: [] }));
    expect(error.file).toBe('tsconfig.json');
    expect(error.message).toMatch(/^tsconfig.json is not valid: /);
    expect(error.line).toBe(1);
  });

  it('falls back to the CLI\'s @types for a `types` entry the project has not installed', async () => {
    const root = await project({ 'tsconfig.json': tsconfig({ types: ['node'] }), 'src/env.ts': 'export const region: string | undefined = process.env.AWS_REGION;\n' });
    expect(typecheck({ root, entryFiles: [] }).files).toBe(1);
    const missing = await project({ 'tsconfig.json': tsconfig({ types: ['no-such-types'] }), 'src/a.ts': 'export {};\n' });
    expect(failure(() => typecheck({ root: missing, entryFiles: [] })).message).toContain("Cannot find type definition file for 'no-such-types'");
  });
});

/**
 * The build's worker parses and binds the project before generate has run, then checks it once generate
 * is done: what generate wrote in between must be what the check sees.
 */
describe('a check prepared before generate runs', () => {
  const job = (root: string) => ({ root, entryFiles: ['.gen/handler.ts'], buildInfoFile: join(root, '.gen/cache/typecheck.tsbuildinfo') });

  it('sees a generated file that did not exist when the project was prepared', async () => {
    const root = await project({
      'tsconfig.json': tsconfig(),
      'src/resolvers.ts': "import type { Answer } from '../.gen/types.js';\nexport const answer: Answer = 42;\n",
      '.gen/handler.ts': "export { answer } from '../src/resolvers.js';\n",
    });
    const checker = createTypechecker();
    checker.prepare(job(root));
    await writeFile(join(root, '.gen/types.ts'), 'export type Answer = number;\n');
    expect(checker.check(job(root)).files).toBe(3);
  });

  it('sees a file rewritten after it was prepared, and the rewrite after that', async () => {
    const root = await project({
      'tsconfig.json': tsconfig(),
      'src/resolvers.ts': "import type { Answer } from '../.gen/types.js';\nexport const answer: Answer = 42;\n",
      '.gen/types.ts': 'export type Answer = number;\n',
      '.gen/handler.ts': "export { answer } from '../src/resolvers.js';\n",
    });
    const checker = createTypechecker();
    checker.prepare(job(root));
    await writeFile(join(root, '.gen/types.ts'), 'export type Answer = string;\n');
    const error = failure(() => checker.check(job(root)));
    expect({ file: error.file, message: error.message }).toEqual({ file: 'src/resolvers.ts', message: "Type 'number' is not assignable to type 'string'." });
    // The dev server checks again in the same worker after each change.
    await writeFile(join(root, 'src/resolvers.ts'), "import type { Answer } from '../.gen/types.js';\nexport const answer: Answer = 'forty-two';\n");
    expect(checker.check(job(root)).files).toBe(3);
  });

  it('never fails itself: a broken project is reported by the check', async () => {
    const root = await project({ 'tsconfig.json': '{ oops', 'src/a.ts': 'export {};\n' });
    const checker = createTypechecker();
    expect(() => checker.prepare(job(root))).not.toThrow();
    expect(failure(() => checker.check(job(root))).message).toMatch(/^tsconfig.json is not valid: /);
  });
});
