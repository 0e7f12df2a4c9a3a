import { Command } from 'commander';
import { configOption } from './options.js';
import { pc } from './colors.js';
import { GqlambdaError } from '../errors.js';
import type { GenerateReport } from '../generate/index.js';
import { displayPath } from '../util/paths.js';

export function generateCommand(): Command {
  return new Command('generate')
    .description('generate resolver types, resolver stubs and the Lambda handler from the schema')
    .option('--check', 'write nothing; fail when a generated file is out of date (for CI)')
    .addOption(configOption())
    .action(async (options: { check?: boolean; config?: string }) => {
      // Loaded on use: codegen, TypeScript and esbuild would slow down every `gqlambda --help`.
      const [{ loadConfig }, { generate }] = await Promise.all([import('../config-load.js'), import('../generate/index.js')]);
      const config = await loadConfig({ configPath: options.config });
      if (config.configFile === undefined) {
        process.stderr.write(
          `${pc.dim('note:')} no gqlambda.config.{ts,mjs,js,json} here or in a parent folder: using the defaults in ${displayPath(config.root) || '.'} (\`gqlambda init\` starts a project)\n`,
        );
      }
      const report = await generate(config, { check: options.check === true });
      printReport(report);
      if (report.check && !report.upToDate) {
        const stale = report.files.filter((file) => file.status !== 'unchanged').length;
        throw new GqlambdaError('CHECK', `${stale} file${stale === 1 ? ' is' : 's are'} out of date with the schema and config`, {
          hint: 'run `gqlambda generate` and commit the result.',
        });
      }
    });
}

export function printReport(report: GenerateReport, out: NodeJS.WritableStream = process.stdout): void {
  const verb = { created: report.check ? 'would create' : 'created', updated: report.check ? 'would update' : 'updated' };
  for (const file of report.files) {
    if (file.status === 'unchanged') continue;
    const label = file.status === 'created' ? pc.green(verb.created) : pc.yellow(verb.updated);
    out.write(`  ${label} ${displayPath(file.path)}\n`);
  }
  for (const warning of report.warnings) {
    process.stderr.write(`${pc.yellow('warning')} ${displayPath(warning.file)}:${warning.line}:${warning.column}: ${warning.message}\n`);
  }
  const unchanged = report.files.filter((file) => file.status === 'unchanged').length;
  const changed = report.files.length - unchanged;
  if (report.upToDate) {
    out.write(`${pc.green('✓')} up to date: ${report.files.length} files checked, none changed\n`);
  } else if (!report.check) {
    out.write(`${pc.green('✓')} generated: ${changed} file${changed === 1 ? '' : 's'} written${unchanged > 0 ? `, ${unchanged} unchanged` : ''}\n`);
  }
}
