/**
 * The pipeline behind `gqlambda generate`, as a list of steps (gqlgen's api/generate.go): every step
 * only plans file contents; the last one writes the files whose bytes changed. Each error is prefixed
 * with the step that raised it (`resolver stubs: …`). Loaded only when the inputs changed (cache.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { GqlambdaError, inStep } from '../errors.js';
import { loadSchema } from '../schema.js';
import { readTextIfExists, removeStaleTempFiles, writeFileAtomic } from '../util/fs.js';
import { displayPath } from '../util/paths.js';
import { DOCUMENTS_FILE, generateHandler } from './handler.js';
import { documentsModule, loadOperations } from './operations.js';
import { generatedDir } from './paths.js';
import { changeNotices } from './notices.js';
import { generateSchemaOutputs, SCHEMA_SDL_FILE } from './schema-output.js';
import { planStubs } from './stubs.js';
import { configKeyPosition, exportedNames, moduleSource } from './model-fields.js';
import { generateResolverTypes, type GeneratedFile } from './types.js';
import type { FileResult, FileStatus, GenerateReport, GenerateWarning } from './index.js';

export interface PipelineResult {
  report: GenerateReport;
  /** Every file planned, with its content. */
  planned: GeneratedFile[];
  /** The warnings a second run with the same inputs gives again: all but the one-off change notices. */
  recurring: GenerateWarning[];
}

export async function runGenerate(config: ResolvedConfig, check: boolean): Promise<PipelineResult> {

  const { schema, document, sdl, federation, files: schemaFiles } = await inStep('load schema', () => loadSchema(config));
  const schemaText = JSON.stringify(schemaFiles.map((file) => [file.name, file.text]));
  const types = await inStep('resolver types', () => generateResolverTypes(config, schema, document, federation !== undefined, { schemaText, save: !check }));
  // Stub files are the user's: planStubs keeps every line they wrote and adds only what is missing.
  // It also plans the resolver map that imports every stub.
  const stubs = await inStep('resolver stubs', () => planStubs({ schema, config, readFile: readIfExists, federation }));
  const documents = config.operations.length > 0 ? await inStep('operations', () => loadOperations(config.root, config.operations, schema)) : undefined;
  const handler = await inStep('handler', () => generateHandler(config, documents !== undefined, federation));
  const schemaOutputs = inStep('schema outputs', () => generateSchemaOutputs(config, document, sdl, federation?.sdl));

  const planned = [types, ...stubs.files, handler, ...schemaOutputs];
  if (documents) planned.push({ path: join(generatedDir(config), DOCUMENTS_FILE), content: documentsModule(documents) });
  // Read before writing: the previous run's files are the state the schema and config changed from.
  const planFor = new Map(planned.map((file) => [file.path, file.content]));
  const notices = changeNotices({
    config,
    schema,
    previousSdl: readIfExists(join(generatedDir(config), SCHEMA_SDL_FILE)),
    previousTypes: readIfExists(types.path),
    readFile: (path) => planFor.get(path) ?? readIfExists(path),
  });
  const files = await inStep('write files', () => writeChanged(planned, check));
  const recurring = [...missingModules(config), ...stubs.warnings];
  return {
    report: { files, warnings: [...recurring, ...notices], documents, upToDate: files.every((file) => file.status === 'unchanged'), check },
    planned,
    recurring,
  };
}

/**
 * The handler and the resolver types import the context module (its type and factory) and the server
 * module. When one is missing, or does not export that name, the build's type check would fail later
 * inside .gqlambda/; say it now, at the config key to change.
 */
function missingModules(config: ResolvedConfig): GenerateWarning[] {
  const configFile = config.configFile;
  const configText = configFile ? readIfExists(configFile) : undefined;
  const warnings: GenerateWarning[] = [];
  const warn = (key: string, message: string, fallback: string): void => {
    const at = configFile ? configKeyPosition(configText, configFile, key.split('.')) : { line: 1, column: 1 };
    warnings.push({ message: `${key}: ${message}`, file: configFile ?? resolve(config.root, fallback), ...at });
  };
  const modules: Array<[key: string, path: string | null, names: Array<[key: string, name: string]>, fix: string]> = [
    ['context.module', config.context.module, [['context.type', config.context.type], ['context.factory', config.context.factory]], `export \`${config.context.type}\` and \`${config.context.factory}\` from it`],
    ['server', config.server, [], 'export default defineServer({ … }) from it, or set `server: null` in the config'],
  ];
  for (const [key, path, names, fix] of modules) {
    if (path === null) continue;
    let source: ReturnType<typeof moduleSource>;
    try {
      source = moduleSource(resolve(config.root, path), readIfExists);
    } catch {
      source = undefined;
    }
    if (!source) {
      warn(key, `${path} does not exist; the generated handler imports it (${fix})`, path);
      continue;
    }
    const exported = exportedNames(source.text, source.path);
    for (const [nameKey, name] of exported ? names : []) {
      if (exported!.has(name)) continue;
      warn(nameKey, `${path} does not export \`${name}\`; the generated code imports it (export it, or set ${nameKey} to the name it has)`, path);
    }
  }
  return warnings;
}

/** Writes (atomically) only the files whose content differs from what is on disk. */
async function writeChanged(planned: readonly GeneratedFile[], check: boolean): Promise<FileResult[]> {
  const sorted = [...planned].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const results: FileResult[] = [];
  // A run that was killed mid-write (Ctrl-C, an editor's watcher restarting it) leaves its temporary
  // files behind; every file it wrote is whole, and this run clears the rest.
  if (!check) for (const folder of new Set(sorted.map((file) => dirname(file.path)))) await removeStaleTempFiles(folder);
  for (const [index, file] of sorted.entries()) {
    if (sorted[index - 1]?.path === file.path) throw new Error(`two generate steps planned the same file: ${file.path}`);
    const current = await explainFsError(file.path, 'read', () => readTextIfExists(file.path));
    const status: FileStatus = current === undefined ? 'created' : current === file.content ? 'unchanged' : 'updated';
    if (status !== 'unchanged' && !check) await explainFsError(file.path, 'write', () => writeFileAtomic(file.path, file.content));
    results.push({ path: file.path, status });
  }
  return results;
}

async function explainFsError<T>(path: string, verb: 'read' | 'write', run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'an error';
    throw new GqlambdaError('GENERATE', `cannot ${verb} ${displayPath(path)} (${code})`, {
      hint: 'check that the folder is writable and that no file or folder with that name is in the way.',
      cause: error,
    });
  }
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
