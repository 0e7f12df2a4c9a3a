import { Command } from 'commander';
import { configOption } from './options.js';
import { pc } from './colors.js';
import { formatMs } from '../build/progress.js';
import { printJsonError } from './json.js';
import { GqlambdaError } from '../errors.js';

interface InvokeFlags {
  config?: string;
  zip?: string;
  event?: string;
  query?: string;
  path?: string;
  json?: boolean;
  allowErrors?: boolean;
}

export function invokeCommand(): Command {
  return new Command('invoke')
    .description('run the built zip in a local Lambda-like Node.js process with one event and print the answer')
    .addOption(configOption())
    .option('--zip <path>', 'the deployment package (default: bundle.outfile, dist/lambda.zip)')
    .option('--event <file>', 'a JSON event file, or - for stdin (default: an HTTP API v2 POST of a query on Query)')
    .option('--query <query>', 'the GraphQL query of the default event')
    .option('--path <path>', 'the URL path of the default event (default: /graphql)')
    .option('--json', 'print { result, error, resolverErrors, failure, requestId, initMs, invokeMs, logs } as JSON on stdout')
    .option('--allow-errors', 'exit 0 even when the answer is an HTTP 4xx/5xx or has GraphQL errors')
    .action(async (flags: InvokeFlags) => {
      const json = flags.json === true;
      try {
        if (flags.event !== undefined && (flags.query !== undefined || flags.path !== undefined)) {
          throw new GqlambdaError('USAGE', `--event and ${flags.query !== undefined ? '--query' : '--path'} cannot be used together.`, { hint: '--query and --path only shape the default event.' });
        }
        if (flags.path !== undefined && !flags.path.startsWith('/')) {
          throw new GqlambdaError('USAGE', `--path: "${flags.path}" must start with /.`, { hint: 'for example --path /graphql' });
        }
        // Loaded on use, so that `gqlambda --help` stays quick.
        const [{ loadConfig }, { invoke, readEvent }, { httpBody }] = await Promise.all([import('../config-load.js'), import('../invoke/index.js'), import('../invoke/answer.js')]);
        const config = await loadConfig({ configPath: flags.config });
        const event = flags.event === undefined ? undefined : await readEvent(flags.event);
        const result = await invoke({
          config,
          zip: flags.zip,
          event,
          query: flags.query,
          path: flags.path,
          // The function's log goes to stderr as it is written, so stdout carries only the answer.
          onLog: json ? undefined : (chunk) => process.stderr.write(pc.dim(chunk)),
        });
        if (json) {
          process.stdout.write(`${JSON.stringify({ ok: result.error === undefined, ...result }, null, 2)}\n`);
        } else {
          process.stdout.write(`${JSON.stringify(result.error ?? result.result, null, 2)}\n`);
          const body = httpBody(result.result);
          if (body !== undefined) process.stderr.write(`${pc.dim('body:')} ${body}\n`);
          process.stderr.write(pc.dim(`init ${formatMs(result.initMs)} · invoke ${formatMs(result.invokeMs)} · request id ${result.requestId}\n`));
          // The runtime masks resolver errors for clients; their author sees what was thrown.
          for (const error of result.resolverErrors) {
            process.stderr.write(`${pc.red('resolver error')}${error.path ? ` at ${error.path}` : ''}: ${error.message} ${pc.dim('(clients see "Unexpected error.")')}\n`);
          }
          if (result.staleBecause) {
            process.stderr.write(`${pc.yellow('warning')} ${result.staleBecause} is newer than the zip: run \`gqlambda build\` to invoke the current code.\n`);
          }
        }
        if (result.failure && flags.allowErrors !== true) {
          if (!json) process.stderr.write(`${pc.red('error')} ${result.failure} (pass --allow-errors to exit 0 anyway)\n`);
          process.exitCode = 1;
        }
        if (result.error) {
          if (!json) process.stderr.write(`${pc.red('error')} the handler failed: ${result.error.errorType}: ${result.error.errorMessage}\n`);
          process.exitCode = 1;
        }
      } catch (error) {
        if (!json) throw error;
        printJsonError(error);
      }
    });
}
