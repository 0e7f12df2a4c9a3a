/**
 * Helpers for the resolver-stub tests: a project in a temp folder, the real codegen output for it,
 * planStubs run against the folder, and an in-process `tsc --strict` over the result.
 *
 * Test files using it mock `graphql` with its CommonJS build: under vitest, `graphql`
 * imported from TypeScript resolves to its ESM build while the codegen plugins (loaded by Node) get
 * the CommonJS one, and graphql-js rejects schema objects from another instance. Outside vitest
 * (the built CLI) there is only the CommonJS one.
 */
import { buildSchema, parse, type GraphQLSchema } from 'graphql';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { defaultConfig, type ResolvedConfig } from '../../src/config.js';
import { planStubs, type StubPlan } from '../../src/generate/stubs.js';
import { generateResolverTypes } from '../../src/generate/types.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const editedFixture = join(repoRoot, 'fixtures/projects/edited');

export interface Project {
  root: string;
  config: ResolvedConfig;
  read(rel: string): string | undefined;
  write(rel: string, text: string): void;
  remove(rel: string): void;
  cleanup(): void;
}

/** A project folder under os.tmpdir(): the given files, or a copy of a fixture. */
export function makeProject(options: { from?: string; files?: Record<string, string>; config?: Partial<ResolvedConfig> }): Project {
  const root = mkdtempSync(join(tmpdir(), 'gqlambda-stubs-'));
  if (options.from) cpSync(options.from, root, { recursive: true });
  for (const [rel, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  if (!options.files?.['src/context.ts'] && !options.from) {
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'src/context.ts'), 'export interface Context {\n  userAgent?: string;\n}\n');
  }
  const config: ResolvedConfig = { ...defaultConfig(), server: null, ...options.config, root };
  return {
    root,
    config,
    read: (rel) => readIfExists(join(root, rel)),
    write: (rel, text) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    },
    remove: (rel) => rmSync(join(root, rel), { force: true }),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * What `gqlambda generate` does for the stub step: codegen's resolvers.generated.ts, then
 * planStubs, then every planned file written. Returns the plan.
 */
export async function generateInto(project: Project, sdl: string): Promise<StubPlan & { schema: GraphQLSchema }> {
  const schema = buildSchema(sdl);
  const types = await generateResolverTypes(project.config, schema, parse(sdl));
  writeAt(types.path, types.content);
  const plan = planStubs({ schema, config: project.config, readFile: readIfExists });
  for (const file of plan.files) writeAt(file.path, file.content);
  return { ...plan, schema };
}

function writeAt(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/**
 * Type-checks every .ts file of the project the way a strict user project would
 * (strict, no unused locals or parameters, Bundler resolution), with this repository's graphql,
 * @types/node and gqlambda linked in as the project's own. Returns the diagnostics as `file:line:col message` lines.
 */
export function typecheck(root: string): string[] {
  const modules = join(root, 'node_modules');
  mkdirSync(modules, { recursive: true });
  // gqlambda itself (for the generated handler's `gqlambda/runtime`) is this repository, dist/ built.
  const links: Array<[string, string]> = [['graphql', join(repoRoot, 'node_modules/graphql')], ['@types/node', join(repoRoot, 'node_modules/@types/node')], ['gqlambda', repoRoot]];
  for (const [name, target] of links) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    try {
      symlinkSync(target, join(modules, name), 'dir');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  };
  const program = ts.createProgram({ rootNames: tsFiles(root), options });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${relative(root, diagnostic.file.fileName)}:${line + 1}:${character + 1} ${message}`;
  });
}

function tsFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...tsFiles(path));
    else if (entry.name.endsWith('.ts')) found.push(path);
  }
  return found.sort();
}

/** True when `needle`'s characters all appear in `haystack` in order (only insertions happened). */
export function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (let j = 0; j < haystack.length && i < needle.length; j++) if (needle[i] === haystack[j]) i++;
  return i === needle.length;
}

/** True when every line of `before` is in `after`, byte for byte and in order (lines were only inserted). */
export function linesKeptInOrder(before: string, after: string): boolean {
  const afterLines = after.split('\n');
  let j = 0;
  for (const line of before.split('\n')) {
    while (j < afterLines.length && afterLines[j] !== line) j++;
    if (j === afterLines.length) return false;
    j++;
  }
  return true;
}

/** 1-based line and column of the first occurrence of `needle`. */
export function locate(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index === -1) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: (before[before.length - 1] as string).length + 1 };
}
