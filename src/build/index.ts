/**
 * build
 *
 * The pipeline behind `gqlambda build`, written out as its list of steps (CDK's createBundlingSteps):
 *   0. check the config and flags, before any work
 *   1. generate       the schema, types, stubs and handler (schema errors fail the build)
 *   2. stubs          --strict-stubs: no resolver may still throw "Not implemented" (without it, the
 *                     type check worker lists them: TypeScript is loaded there already)
 *   3. typecheck      the project's own tsconfig, in process
 *   4. bundle         esbuild: one file, index.mjs or index.js (runs alongside 3.)
 *   5. smoke          load the bundle in a Lambda-like process, one event per source
 *   6. zip            byte-reproducible, checked against Lambda's limits and --max-size
 *   7. write          the zip, the source map and metafile beside it, the SAM template, and with
 *                     `operations` the trusted documents' manifest for clients (persisted-documents.json)
 * When generate changed nothing and nothing else the last build read or wrote changed either, 3. to 7.
 * are not redone: the last build's summary stands (cache.ts).
 * Each error carries the step that raised it (`bundle: Could not resolve "pg"`).
 */
import { realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Profile, ResolvedConfig } from '../config.js';
import { inStep, type Problem } from '../errors.js';
import { generate } from '../generate/index.js';
import { inputFingerprint } from '../generate/cache.js';
import { projectLock } from '../generate/paths.js';
import { withLock } from '../util/lock.js';
import { removeStaleTempFiles, writeFileAtomic } from '../util/fs.js';
import { toPosix } from '../util/paths.js';
import { bundle, outputFileName } from './bundle.js';
import { type Progress, type StepTiming, createProgress } from './progress.js';
import { type Contributor, checkSize, formatBytes, sizeReport } from './size-report.js';
import { type SmokeReport, smoke } from './smoke.js';
import { buildTypecheckJob, startTypecheckWorker, type TypecheckWorker } from './typecheck-worker.js';
import { configCause } from './config-cause.js';
import type { StubLocation } from './stubs.js';
import { validateBuild } from './validate.js';
import { createZip } from './zip.js';
import { isFileName } from './resolve-plugin.js';
import { buildKey, reusableBuild, saveBuild } from './cache.js';

export interface BuildOptions {
  /** @default true */
  typecheck?: boolean;
  /** @default true */
  smoke?: boolean;
  /** Write the SAM template. @default config.function.samTemplate */
  sam?: boolean;
  /** Fail while a stub still throws "Not implemented". @default false */
  strictStubs?: boolean;
  /** @default 'production' */
  profile?: Profile;
  /** Bytes. @default config.bundle.maxSize */
  maxSize?: number;
  progress?: Progress;
  /**
   * A type check worker the caller started early (the CLI starts it first thing, with the project
   * folder to prepare, while it loads the config); the build ends it. @default started here
   */
  checker?: TypecheckWorker;
}

export interface BuildSummary {
  /** Paths are relative to the project root, with forward slashes. */
  zip: string;
  bytes: number;
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  sha256: string;
  unzippedBytes: number;
  entries: Array<{ name: string; bytes: number }>;
  handler: 'index.handler';
  runtime: string;
  architecture: string;
  format: 'esm' | 'cjs';
  profile: Profile;
  sourceMap: string | null;
  metafile: string;
  template: string | null;
  /** The trusted documents' manifest (`sha256:<hex>` → document) for clients, or null without operations. */
  documents: string | null;
  largest: Contributor[];
  smoke: SmokeReport | null;
  steps: StepTiming[];
  /** Every warning as { file, line, column, message, code } (file relative to the project, or null). */
  warnings: Problem[];
  /** Resolver stubs that still throw "Not implemented", where they are. */
  stubs: StubLocation[];
  /** Milliseconds from the process's start to the pipeline's: starting Node, loading the CLI and the config. */
  startupMs: number;
  /** Milliseconds from the process's start to the build's end: what "built in" reports. */
  elapsedMs: number;
  /** True when nothing had changed since the last build, whose outputs stand. */
  reused: boolean;
}

export async function build(config: ResolvedConfig, options: BuildOptions = {}): Promise<BuildSummary> {
  const startupMs = performance.now();
  const progress = options.progress ?? createProgress('silent');
  const profile = options.profile ?? 'production';
  const maxSize = options.maxSize ?? config.bundle.maxSize;
  const writeSam = options.sam ?? config.function.samTemplate;
  const root = config.root;
  const zipPath = resolve(root, config.bundle.outfile);
  const outDir = dirname(zipPath);
  const rel = (path: string): string => toPosix(relative(root, path));
  // Ended in the finally below whatever happens: a running worker thread would keep the process alive.
  let checker = options.checker;
  const typecheckJob = buildTypecheckJob(config);
  const startChecker = (): void => {
    if (options.typecheck !== false) checker ??= startTypecheckWorker({ prepare: typecheckJob });
  };
  try {
    // 0. Bad combinations are refused before anything runs (CDK's constructor checks).
    const configFile = config.configFile ? rel(config.configFile) : null;
    const warnings: Problem[] = validateBuild(config, { maxSize }).map((message) => ({ file: configFile, line: null, column: null, message, code: 'CONFIG' }));
    // Lambda only honours source maps with this flag; inline maps are in the zip, so turn it on for them.
    const buildEnvironment: Record<string, string> =
      config.bundle.sourcemap === 'inline' ? { NODE_OPTIONS: [config.function.environment.NODE_OPTIONS, '--enable-source-maps'].filter(Boolean).join(' ') } : {};

    // Whether the last build may stand is known before a type check worker started here would load TypeScript.
    const fingerprint = await inputFingerprint(config);
    const keyOptions = { typecheck: options.typecheck !== false, smoke: options.smoke !== false, writeSam, strictStubs: options.strictStubs === true, profile, maxSize, operations: config.operations };
    const key = fingerprint && buildKey(fingerprint, keyOptions);
    const reusable = key ? await reusableBuild(config, key) : undefined;
    if (!reusable) startChecker();
    // 1.
    const generated = await progress.run('generate', () => inStep('generate', () => generate(config, { fingerprint })), (report) => {
      const changed = report.files.filter((file) => file.status !== 'unchanged').length;
      return changed === 0 ? 'up to date' : `${changed} file${changed === 1 ? '' : 's'} written`;
    });
    for (const warning of generated.warnings) warnings.push({ file: rel(warning.file), line: warning.line, column: warning.column, message: warning.message, code: 'GENERATE' });
    if (reusable && generated.upToDate) {
      const unchanged = (): string => 'unchanged since the last build';
      const steps: Array<[step: string, skipped: string | false]> = [
        ['typecheck', options.typecheck === false && '--no-typecheck'],
        ['bundle', false],
        ['smoke', options.smoke === false && '--no-smoke'],
        ['zip', false],
      ];
      for (const [step, skipped] of steps) {
        if (skipped) progress.skip(step, skipped);
        else await progress.run(step, async () => undefined, unchanged);
      }
      const { bundleWarnings, ...summary } = reusable;
      return { ...summary, warnings: [...warnings, ...bundleWarnings], steps: progress.timings, startupMs, elapsedMs: performance.now(), reused: true };
    }
    startChecker();

    // 2. Every build counts the stubs that still throw (a user should not deploy one unawares).
    const listStubs = async (): Promise<StubLocation[]> => inStep('stubs', async () => (await import('./stubs.js')).findUnimplementedStubs(root, config.resolvers));
    let stubs: StubLocation[] | undefined;
    if (options.strictStubs) {
      stubs = await listStubs();
      const { assertNoStubs } = await import('./stubs.js');
      await progress.run('stubs', () => inStep('strict stubs', async () => assertNoStubs(stubs!)), () => 'all implemented');
    }

    // 3. beside 4., 5. and 6.: the type check runs on a worker thread while esbuild bundles (its plugin
    // callbacks need this thread), the bundle is smoke-tested and zipped. A type error still wins, and
    // the zip is then thrown away.
    const [entry] = typecheckJob.entryFiles as [string];
    // Each timed on its own: they run alongside the type check, so a step's wait would show only what is left of it.
    const bundleStarted = performance.now();
    let bundleMs = 0;
    const bundling = inStep('bundle', () => bundle({ root, entry, bundle: config.bundle, profile, outDir, trustedDocuments: generated.documents !== undefined })).finally(() => {
      bundleMs = performance.now() - bundleStarted;
    });
    bundling.catch(() => undefined);
    let smokeMs = 0;
    const smoking =
      options.smoke === false
        ? undefined
        : bundling.then((bundled) => {
            const smokeStarted = performance.now();
            return inStep('smoke', () => smoke({ root, files: [[bundled.fileName, bundled.code]], runtime: config.bundle.runtime, fn: config.function, nodeOptions: buildEnvironment.NODE_OPTIONS })).finally(() => {
              smokeMs = performance.now() - smokeStarted;
            });
          });
    smoking?.catch(() => undefined);
    let zipMs = 0;
    const zipping = (smoking ?? bundling).then(async () => {
      const bundled = await bundling;
      const zipStarted = performance.now();
      return inStep('zip', async () => {
        const zip = await createZip([{ name: bundled.fileName, data: bundled.code }]);
        const report = sizeReport(bundled.metafile);
        checkSize({ zipBytes: zip.bytes.byteLength, unzippedBytes: zip.unzippedSize, maxSize, report });
        return { ...zip, report };
      }).finally(() => {
        zipMs = performance.now() - zipStarted;
      });
    });
    zipping.catch(() => undefined);
    // The files beside the zip, rendered while this thread waits for the type check (not at start-up,
    // when loading the template's YAML writer would slow the check down); written once it passed.
    const outPath = (fileName: string): string => join(outDir, fileName);
    const metafilePath = join(outDir, `${basename(zipPath, '.zip')}.meta.json`);
    const templatePath = writeSam ? join(outDir, 'template.yaml') : undefined;
    const documentsPath = generated.documents ? join(outDir, 'persisted-documents.json') : undefined;
    const rendering = zipping.then(async () => {
      const bundled = await bundling;
      const files: Array<[path: string, text: string]> = [];
      if (bundled.sourceMap) files.push([outPath(bundled.sourceMap.fileName), bundled.sourceMap.text]);
      files.push([metafilePath, `${JSON.stringify(bundled.metafile, null, 2)}\n`]);
      if (templatePath) {
        const { samTemplate } = await import('./sam.js');
        files.push([templatePath, samTemplate({ runtime: config.bundle.runtime, fn: config.function, codeUri: toPosix(relative(outDir, zipPath)), buildEnvironment })]);
      }
      if (documentsPath) files.push([documentsPath, `${JSON.stringify(generated.documents, null, 2)}\n`]);
      return files;
    });
    rendering.catch(() => undefined);
    let typecheckInputs: string[] = [];
    if (options.typecheck === false) progress.skip('typecheck', '--no-typecheck');
    else {
      await progress
        .run('typecheck', () => inStep('typecheck', () => checker!.run({ ...typecheckJob, stubsDir: stubs ? undefined : config.resolvers })), (result) => `${result.files} files`)
        .then((result) => {
          typecheckInputs = result.inputs;
          stubs ??= result.stubs;
        })
        .catch((error: unknown) => Promise.reject(configCause(error, config, generated.warnings)));
    }
    stubs ??= await listStubs();

    const bundled = await progress.run('bundle', () => bundling, (result) => `${result.fileName} ${formatBytes(result.code.byteLength)} (${profile})`, () => bundleMs);
    warnings.push(...bundled.warnings);

    let smoked: SmokeReport | null = null;
    if (!smoking) progress.skip('smoke', '--no-smoke');
    else smoked = await progress.run('smoke', () => smoking, (report) => `${report.sources.length} event sources answered`, () => smokeMs);

    const zipped = await progress.run('zip', () => zipping, (zip) => `${formatBytes(zip.bytes.byteLength)}`, () => zipMs);

    // 7. The zip last, so that a failed step never leaves a new zip behind. Under the project's lock,
    // so that two builds finishing together leave one build's files, not a mix of both.
    const besideZip = await rendering;
    const mapPath = bundled.sourceMap ? outPath(bundled.sourceMap.fileName) : undefined;
    await withLock(projectLock(config), async () => {
      await removeStaleTempFiles(outDir);
      for (const format of ['esm', 'cjs'] as const) {
        const stale = outPath(`${outputFileName(format)}.map`);
        if (stale !== mapPath) await rm(stale, { force: true });
      }
      for (const [path, text] of besideZip) await writeFileAtomic(path, text);
      await writeFileAtomic(zipPath, zipped.bytes);
    });

    const summary: BuildSummary = {
      zip: rel(zipPath),
      bytes: zipped.bytes.byteLength,
      sha256: zipped.sha256,
      unzippedBytes: zipped.unzippedSize,
      entries: [{ name: bundled.fileName, bytes: bundled.code.byteLength }],
      handler: 'index.handler',
      runtime: config.bundle.runtime,
      architecture: config.function.architecture,
      format: config.bundle.format,
      profile,
      sourceMap: mapPath ? rel(mapPath) : null,
      metafile: rel(metafilePath),
      template: templatePath ? rel(templatePath) : null,
      documents: documentsPath ? rel(documentsPath) : null,
      largest: zipped.report.contributors,
      smoke: smoked,
      steps: progress.timings,
      warnings,
      stubs,
      startupMs,
      elapsedMs: 0,
      reused: false,
    };
    // Keyed by the inputs as generate left them, which are what the type check and the bundle read.
    if (generated.fingerprint) {
      const bundleRoot = realpathSync(root);
      // The CLI's own modules under their stable names are no files: its code is in the key (codeStamp).
      const bundleInputs = Object.keys(bundled.metafile.inputs).filter(isFileName).map((input) => resolve(bundleRoot, input));
      await saveBuild(config, buildKey(generated.fingerprint, keyOptions), [...typecheckInputs, ...bundleInputs], summary, bundled.warnings);
    }
    return { ...summary, elapsedMs: performance.now() };
  } finally {
    await checker?.dispose();
  }
}
