import { Command, Option } from 'commander';
import { configOption } from './options.js';
import { pc } from './colors.js';
import type { Profile } from '../config.js';
import type { BuildSummary } from '../build/index.js';
import { createProgress, formatMs, progressMode } from '../build/progress.js';
import { formatBytes, parseSize } from '../build/size-report.js';
import { printJsonError } from './json.js';
import type { TypecheckWorker } from '../build/typecheck-worker.js';

interface BuildFlags {
  config?: string;
  typecheck: boolean;
  smoke: boolean;
  sam: boolean;
  strictStubs?: boolean;
  profile: Profile;
  maxSize?: string;
  operations?: string[];
  json?: boolean;
}

export function buildCommand(): Command {
  return new Command('build')
    .description('generate, type-check, bundle, smoke-test and zip the function (dist/lambda.zip, handler index.handler)')
    .addOption(configOption())
    .option('--no-typecheck', 'skip the type check')
    .option('--no-smoke', 'skip loading and invoking the bundle before zipping it')
    .option('--no-sam', 'do not write dist/template.yaml')
    .option('--strict-stubs', 'fail while a resolver stub still throws "Not implemented"')
    .addOption(new Option('--profile <profile>', 'runtime defaults baked into the bundle').choices(['production', 'development']).default('production'))
    .option('--max-size <size>', 'fail when the zip is larger (bytes, or with a unit: 300kb, 1mb)')
    .option('--operations <globs...>', 'client operations (.graphql) to validate and serve as trusted documents (config key `operations`)')
    .option('--json', 'print a machine-readable summary (or error) on stdout instead of progress')
    .action(async (flags: BuildFlags) => {
      const json = flags.json === true;
      try {
        const maxSize = flags.maxSize === undefined ? undefined : parseSize(flags.maxSize);
        // First of all: the type check worker loads TypeScript and reads the project while this thread
        // loads the pipeline and the config, and generates (unless the last build is likely to stand).
        const checker = flags.typecheck ? await startChecker(flags.config) : undefined;
        // The build ends the worker; until it takes it over, a config that fails to load must end it.
        const { build, config } = await loadPipeline(flags).catch(async (error: unknown) => {
          await checker?.dispose();
          throw error;
        });
        const progress = createProgress(progressMode({ json }));
        const summary = await build(config, {
          typecheck: flags.typecheck,
          smoke: flags.smoke,
          sam: flags.sam ? undefined : false,
          strictStubs: flags.strictStubs === true,
          profile: flags.profile,
          maxSize,
          progress,
          checker,
        });
        if (json) process.stdout.write(`${JSON.stringify({ ok: true, ...summary }, null, 2)}\n`);
        else printSummary(summary);
      } catch (error) {
        if (!json) throw error;
        printJsonError(error);
      }
    });
}

async function loadPipeline(flags: BuildFlags) {
  // Loaded on use: the pipeline pulls in codegen, TypeScript and esbuild, which `--help` does not need.
  const [{ loadConfig }, { build }] = await Promise.all([import('../config-load.js'), import('../build/index.js')]);
  const loaded = await loadConfig({ configPath: flags.config });
  return { build, config: flags.operations ? { ...loaded, operations: flags.operations } : loaded };
}

async function startChecker(configPath: string | undefined): Promise<TypecheckWorker | undefined> {
  const [{ projectRootOf }, { defaultConfig }, { lastBuildLooksCurrent }, { buildTypecheckJob, startTypecheckWorker }] = await Promise.all([
    import('../config-find.js'),
    import('../config.js'),
    import('../build/cache.js'),
    import('../build/typecheck-worker.js'),
  ]);
  // The config is not loaded yet: the default generated folder is a guess, right for most projects
  // (a wrong one costs only the head start, or the build starts the worker itself).
  const project = { root: projectRootOf(process.cwd(), configPath), generated: defaultConfig().generated };
  return (await lastBuildLooksCurrent(project)) ? undefined : startTypecheckWorker({ prepare: buildTypecheckJob(project) });
}

function printSummary(summary: BuildSummary): void {
  const out = process.stdout;
  for (const warning of summary.warnings) {
    const where = warning.file === null ? '' : `${[warning.file, warning.line, warning.column].filter((part) => part !== null).join(':')}: `;
    process.stderr.write(`${pc.yellow('warning')} ${where}${warning.message}\n`);
  }
  // The whole wall time, Node's start and the CLI's included; the steps overlap (the bundle runs beside the type check).
  const how = summary.reused ? ' (nothing changed since the last build)' : '';
  out.write(`${pc.green('✓')} built ${pc.bold(summary.zip)} in ${formatMs(summary.elapsedMs)}${how}: ${formatBytes(summary.bytes)} zipped, ${formatBytes(summary.unzippedBytes)} unzipped\n`);
  out.write(`  CodeSha256 ${summary.sha256}\n`);
  out.write(`  handler ${summary.handler} · ${summary.runtime} · ${summary.architecture} · ${summary.format} · ${summary.profile} profile\n`);
  if (summary.largest.length > 0) {
    out.write(`  largest: ${summary.largest.slice(0, 5).map((c) => `${c.name} ${formatBytes(c.bytes)}`).join(', ')}\n`);
  }
  out.write(`  metafile ${summary.metafile} (what is in the bundle: https://esbuild.github.io/analyze/)\n`);
  if (summary.sourceMap) out.write(`  source map ${summary.sourceMap} (not in the zip)\n`);
  if (summary.documents) out.write(`  trusted documents ${summary.documents} (for clients: send their ids as documentId)\n`);
  if (summary.template) out.write(`  SAM template ${summary.template}: sam deploy --guided --template-file ${summary.template}\n`);
  printStubs(summary.stubs);
}

/** The stubs that still throw: every one, so that none reaches production unnoticed. */
function printStubs(stubs: BuildSummary['stubs']): void {
  if (stubs.length === 0) return;
  const count = `${stubs.length} resolver stub${stubs.length === 1 ? '' : 's'}`;
  process.stdout.write(`${pc.yellow('!')} ${count} still throw${stubs.length === 1 ? 's' : ''} "Not implemented" (--strict-stubs fails the build on them):\n`);
  for (const stub of stubs) process.stdout.write(`  ${stub.file}:${stub.line}:${stub.column}  ${stub.field}\n`);
}
