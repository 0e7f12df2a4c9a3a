/**
 * The type check of the user's project, with TypeScript's compiler API in this process (no `tsc` child:
 * the compiler is already loaded, and a spawn costs a second cold start).
 *
 * It uses the project's own tsconfig.json. `gqlambda` and `graphql` resolve to the same
 * copies the bundle will use (see packages.ts), so a project without node_modules type-checks against
 * the CLI's own copies, and `@types/*` a project names but has not installed fall back to the CLI's.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ts } from '../util/typescript.js';
import { GqlambdaError } from '../errors.js';
import { codeFrame } from '../util/code-frame.js';
import { packageRoot, toPosix } from '../util/paths.js';
import { locateSharedPackages, sharedPackageOf } from './packages.js';
import type { StubLocation } from './stubs.js';

export interface TypecheckOptions {
  /** The project folder (where tsconfig.json is). */
  root: string;
  /** Files checked even when the tsconfig's `include` misses them, such as the generated handler. */
  entryFiles: string[];
  /**
   * Where TypeScript keeps what it learnt (a .tsbuildinfo in the generated folder): the next check
   * re-checks only the files that changed and those depending on them.
   */
  buildInfoFile?: string;
  /** The resolvers folder, relative to root: its stubs that still throw are listed too (TypeScript is loaded here already). */
  stubsDir?: string;
}

export interface TypecheckResult {
  /** Number of the project's own source files checked (lib and node_modules files not counted). */
  files: number;
  /** Every file the program read, lib and node_modules files included (what a later build compares). */
  inputs: string[];
  /** With `stubsDir`: the stubs that still throw "Not implemented". */
  stubs?: StubLocation[];
}

/** Used when the project has no tsconfig.json: the scaffold's settings. */
const FALLBACK_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
};

/** "No inputs were found in config file": the generated entry files are added afterwards. */
const NO_INPUTS = 18003;

/**
 * Type checks that keep what they learnt: a file whose text has not changed is not parsed, bound or
 * checked again by the next check. The build's worker prepares the project while `generate` runs, so
 * that the check proper redoes only what generate changed; the dev server checks again after each change.
 */
export interface Typechecker {
  /**
   * Reads the project as it is now and, when all its imports resolve, checks it ahead; never fails
   * (the check proper reports what is wrong).
   */
  prepare(options: TypecheckOptions): void;
  check(options: TypecheckOptions): TypecheckResult;
  /** The syntax tree a check made of `path`, while the file still holds `text`: not parsed twice. */
  parsedFile(path: string, text: string): ts.SourceFile | undefined;
}

export function createTypechecker(): Typechecker {
  const parsed = new Map<string, { text: string; parsedAs: string; file: ts.SourceFile }>();
  // The last program and what its check learnt, reused as TypeScript's watch mode reuses them: an
  // unchanged file keeps its resolved imports and its result. Not kept when an import failed to
  // resolve: the file it names (a generated one) may exist by the next check.
  let last: { program: ts.Program; builder?: ts.EmitAndSemanticDiagnosticsBuilderProgram } | undefined;

  const programFor = ({ root, entryFiles, buildInfoFile }: TypecheckOptions) => {
    const { options: projectOptions, fileNames } = readProjectConfig(root);
    const options = buildInfoFile ? { ...projectOptions, incremental: true, tsBuildInfoFile: buildInfoFile } : projectOptions;
    const rootNames = [...new Set([...fileNames, ...entryFiles.map((file) => resolve(root, file))])];
    const host = ts.createIncrementalCompilerHost(options);
    // As tsc does: JSDoc in TypeScript files has no bearing on type errors, and parsing it is a tenth of the check.
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    // Each file is read once for this program: comparing it with the last program, then parsing it if it changed.
    const read = host.readFile.bind(host);
    const texts = new Map<string, string | undefined>();
    host.readFile = (fileName) => {
      if (!texts.has(fileName)) texts.set(fileName, read(fileName));
      return texts.get(fileName);
    };
    const parse = host.getSourceFile;
    host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNew) => {
      const known = parsed.get(fileName);
      const parsedAs = typeof languageVersionOrOptions === 'object' ? `${languageVersionOrOptions.languageVersion}:${languageVersionOrOptions.impliedNodeFormat}:${languageVersionOrOptions.jsDocParsingMode}` : `${languageVersionOrOptions}`;
      if (known && !shouldCreateNew && known.parsedAs === parsedAs && host.readFile(fileName) === known.text) return known.file;
      const file = parse.call(host, fileName, languageVersionOrOptions, onError, shouldCreateNew);
      if (file) parsed.set(fileName, { text: file.text, parsedAs, file });
      return file;
    };
    const resolution = redirectResolution(host, options, root);
    const previous = last;
    last = undefined;
    // Nothing changed since the last program (the build's case when generate had nothing to do): it
    // stands as it is, with its type checker and what was checked already.
    if (previous && isCurrent(previous.program, rootNames, options, host)) return { ...previous, resolution };
    const program = ts.createProgram({ rootNames, options, host, oldProgram: previous?.program });
    // The first builder starts from what the .tsbuildinfo recorded.
    const builder = buildInfoFile ? ts.createEmitAndSemanticDiagnosticsBuilderProgram(program, host, previous?.builder ?? ts.readBuilderProgram(options, host)) : undefined;
    return { program, builder, resolution };
  };

  const errorsOf = ({ program, builder }: { program: ts.Program; builder?: ts.EmitAndSemanticDiagnosticsBuilderProgram }): ts.Diagnostic[] =>
    (builder ? [...builder.getConfigFileParsingDiagnostics(), ...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics(), ...builder.getSyntacticDiagnostics(), ...builder.getSemanticDiagnostics()] : ts.getPreEmitDiagnostics(program))
      .filter((d) => d.category === ts.DiagnosticCategory.Error);

  return {
    prepare(options) {
      try {
        const prepared = programFor(options);
        if (prepared.resolution.failures > 0) {
          // Generate has yet to write what the project imports: checking now would be wasted, but binding
          // (most of a small project's check) is not: a bound file stays bound in the next program.
          prepared.program.getTypeChecker();
          return;
        }
        // Checked ahead: a file generate leaves alone keeps its result.
        errorsOf(prepared);
        last = prepared;
      } catch {
        // The check proper reads the project again and reports the problem.
      }
    },
    parsedFile(path, text) {
      const known = parsed.get(path);
      return known?.text === text ? known.file : undefined;
    },
    check(checkOptions) {
      const checked = programFor(checkOptions);
      const { program, builder, resolution } = checked;
      const errors = errorsOf(checked);
      // Written whatever the outcome: the files that were fine need no check next time either.
      builder?.emit();
      if (resolution.failures === 0) last = { program, builder };
      if (errors.length > 0) throw typeErrors(errors, checkOptions.root);

      const files = program.getSourceFiles().filter((file) => !program.isSourceFileFromExternalLibrary(file) && !program.isSourceFileDefaultLibrary(file) && !file.fileName.includes('/node_modules/'));
      return { files: files.length, inputs: program.getSourceFiles().map((file) => file.fileName) };
    },
  };
}

function isCurrent(program: ts.Program, rootNames: readonly string[], options: ts.CompilerOptions, host: ts.CompilerHost): boolean {
  const before = program.getRootFileNames();
  return (
    before.length === rootNames.length &&
    before.every((name, index) => name === rootNames[index]) &&
    JSON.stringify(program.getCompilerOptions()) === JSON.stringify(options) &&
    program.getSourceFiles().every((file) => host.readFile(file.fileName) === file.text)
  );
}

/** One check, nothing kept. */
export function typecheck(options: TypecheckOptions): TypecheckResult {
  return createTypechecker().check(options);
}

function readProjectConfig(root: string): { options: ts.CompilerOptions; fileNames: string[] } {
  const configPath = join(root, 'tsconfig.json');
  if (!existsSync(configPath)) return { options: { ...FALLBACK_OPTIONS }, fileNames: [] };

  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw typeErrors([read.error], root, 'tsconfig.json is not valid');
  // Nothing is emitted, so the settings that only matter for emit must not fail the check.
  const overrides: ts.CompilerOptions = { noEmit: true, composite: false, incremental: false, declaration: false, emitDeclarationOnly: false };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, overrides, configPath);
  const errors = parsed.errors.filter((d) => d.code !== NO_INPUTS && d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) throw typeErrors(errors, root, 'tsconfig.json is not valid');
  return { options: { ...parsed.options, ...overrides, tsBuildInfoFile: undefined }, fileNames: parsed.fileNames };
}

/**
 * Shared packages resolve to the one copy the bundle uses, whoever imports them (the user's code, the
 * generated files or gqlambda's own declaration files); `@types` the project lacks come from the CLI.
 */
function redirectResolution(host: ts.CompilerHost, options: ts.CompilerOptions, root: string): { failures: number } {
  // Imports of the project's own files that found nothing (library files' imports of ambient modules,
  // such as undici-types' `stream`, never resolve to a file, and generate writes no library).
  const counted = { failures: 0 };
  const count = (resolution: ts.ResolvedModuleWithFailedLookupLocations, containingFile: string): ts.ResolvedModuleWithFailedLookupLocations => {
    if (!resolution.resolvedModule && !containingFile.includes('/node_modules/')) counted.failures++;
    return resolution;
  };
  const packages = locateSharedPackages(root);
  const cache = ts.createModuleResolutionCache(root, (name) => name, options);
  const cliProbe = join(packageRoot, '__gqlambda_typecheck__.ts');
  const projectProbe = join(root, '__gqlambda_typecheck__.ts');
  const exportsAware: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };

  const resolveOne = (name: string, containingFile: string, mode: ts.ResolutionMode, redirected?: ts.ResolvedProjectReference): ts.ResolvedModuleWithFailedLookupLocations => {
    const shared = sharedPackageOf(name);
    const location = shared && packages.get(shared);
    if (location?.owner === 'cli' && location.name === 'gqlambda') {
      // gqlambda's exports map read by TypeScript itself, whatever moduleResolution the project uses.
      const own = ts.resolveModuleName(name, cliProbe, exportsAware, host, undefined, undefined, mode).resolvedModule;
      // A package's own name is not under node_modules, but it is a library: not the project's to check.
      if (own) return { resolvedModule: { ...own, isExternalLibraryImport: true } };
    }
    const from = location ? (location.owner === 'cli' ? cliProbe : projectProbe) : containingFile;
    return ts.resolveModuleName(name, from, options, host, location ? undefined : cache, redirected, mode);
  };

  host.resolveModuleNameLiterals = (literals, containingFile, redirected, compilerOptions, containingSourceFile) =>
    literals.map((literal) =>
      count(resolveOne(literal.text, containingFile, ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions), redirected), containingFile),
    );

  const cliTypeRoots = { ...options, typeRoots: [join(packageRoot, 'node_modules', '@types')] };
  host.resolveTypeReferenceDirectiveReferences = (references, containingFile, redirected, compilerOptions, containingSourceFile) =>
    references.map((reference) => {
      const name = typeof reference === 'string' ? reference : reference.fileName.toLowerCase();
      const mode = typeof reference === 'string' ? undefined : ts.getModeForFileReference(reference, containingSourceFile?.impliedNodeFormat);
      const own = ts.resolveTypeReferenceDirective(name, containingFile, compilerOptions, host, redirected, undefined, mode);
      if (own.resolvedTypeReferenceDirective) return own;
      const fallback = ts.resolveTypeReferenceDirective(name, cliProbe, cliTypeRoots, host, redirected, undefined, mode);
      return fallback.resolvedTypeReferenceDirective ? fallback : own;
    });
  return counted;
}

function typeErrors(diagnostics: readonly ts.Diagnostic[], root: string, summary?: string): GqlambdaError {
  const [first] = diagnostics;
  const where = first ? locate(first, root) : {};
  const message = first ? ts.flattenDiagnosticMessageText(first.messageText, '\n') : 'unknown type error';
  const count = diagnostics.length;
  // The first error is the message and its frame: the list holds the others, so each is printed once.
  const lines = diagnostics.slice(1, 20).map((d) => {
    const at = locate(d, root);
    const prefix = at.file ? `${at.file}:${at.line}:${at.column} - ` : '';
    return `${prefix}error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n  ')}`;
  });
  if (count > 20) lines.push(`… and ${count - 20} more`);
  const frame = first ? diagnosticFrame(first) : undefined;
  const others = diagnostics.slice(1).map((d) => {
    const at = locate(d, root);
    return { file: at.file ?? null, line: at.line ?? null, column: at.column ?? null, message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), code: `TS${d.code}` };
  });
  return new GqlambdaError('TYPECHECK', summary ? `${summary}: ${message}` : message, {
    ...where,
    others,
    detail: [frame, count > 1 ? lines.join('\n') : undefined].filter(Boolean).join('\n\n') || undefined,
    hint:
      count > 1
        ? `fix the ${count} type errors above (run \`npx tsc --noEmit\` to see them in your editor's format), or build with --no-typecheck to skip the check.`
        : 'fix the type error, or build with --no-typecheck to skip the check.',
  });
}

function locate(diagnostic: ts.Diagnostic, root: string): { file?: string; line?: number; column?: number } {
  if (!diagnostic.file || diagnostic.start === undefined) {
    return diagnostic.file ? { file: toPosix(relative(root, diagnostic.file.fileName)) } : {};
  }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return { file: toPosix(relative(root, diagnostic.file.fileName)), line: line + 1, column: character + 1 };
}

/** The offending line and its neighbours, the error's span underlined. */
function diagnosticFrame(diagnostic: ts.Diagnostic): string | undefined {
  const file = diagnostic.file;
  if (!file || diagnostic.start === undefined) return undefined;
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
  return codeFrame(file.text, line + 1, character + 1, { length: diagnostic.length ?? 1 });
}

