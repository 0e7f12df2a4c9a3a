/**
 * The gqlambda command line: the one place where errors become messages and exit codes.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatCliError } from './cli/output.js';
import { initCommand } from './cli/init.js';
import { generateCommand } from './cli/generate.js';
import { buildCommand } from './cli/build.js';
import { invokeCommand } from './cli/invoke.js';
import { devCommand } from './cli/dev.js';
import { packageRoot } from './util/paths.js';

const { version } = JSON.parse(readFileSync(resolve(packageRoot, 'package.json'), 'utf8')) as { version: string };

const program = new Command('gqlambda')
  .description('Schema-first GraphQL on AWS Lambda: typed resolvers, a tiny runtime, reproducible zips.')
  .version(version, '-v, --version')
  .option('--verbose', 'print stack traces with errors')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

for (const command of [initCommand(), generateCommand(), buildCommand(), invokeCommand(), devCommand()]) {
  // Subcommands do not inherit these from the program: usage errors must reach the catch below (exit 2).
  program.addCommand(command.exitOverride().showHelpAfterError('(run with --help for usage)'));
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(formatCliError(error, { verbose: program.opts<{ verbose?: boolean }>().verbose === true }));
    process.exitCode = (error as { exitCode?: number }).exitCode === 2 ? 2 : 1;
  }
}
