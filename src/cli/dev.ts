import { Command, Option } from 'commander';
import { readFile } from 'node:fs/promises';
import { configOption } from './options.js';
import { pc } from './colors.js';
import { formatMs } from '../build/progress.js';
import { formatCliError } from './output.js';
import { GqlambdaError } from '../errors.js';
import type { DevLine } from '../dev/server.js';
import { AUTHORIZER_KINDS, EVENT_KINDS, type EventKind } from '../dev/events.js';

interface DevFlags {
  config?: string;
  port: string;
  host: string;
  eventSource: EventKind;
  profile: 'development' | 'production';
  authorizerClaims?: string;
  strict?: boolean;
  open?: boolean;
}

export function devCommand(): Command {
  return new Command('dev')
    .description('serve the project on a local HTTP server through the same Lambda event translation, rebuilding on change')
    .addOption(configOption())
    .option('--port <port>', 'the port to listen on', '4000')
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .addOption(new Option('--event-source <kind>', 'the Lambda event each request becomes').choices([...EVENT_KINDS]).default('http-api'))
    .addOption(new Option('--profile <profile>', 'the runtime profile').choices(['development', 'production']).default('development'))
    .option('--authorizer-claims <file>', 'a JSON file of JWT claims, put where API Gateway\'s JWT authorizer puts them')
    .option('--open', 'open GraphiQL in the browser once the server is ready')
    .option('--strict', 'a type error keeps the last good handler serving (without it, type errors are only reported)')
    .action(async (flags: DevFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new GqlambdaError('USAGE', `--port: "${flags.port}" is not a port number.`, { hint: 'use a whole number from 0 to 65535, for example --port 4000.' });
      }
      if (flags.authorizerClaims !== undefined && !AUTHORIZER_KINDS.includes(flags.eventSource)) {
        throw new GqlambdaError('USAGE', `--authorizer-claims: a ${flags.eventSource} event has no JWT authorizer to put claims in.`, { hint: `use --event-source ${AUTHORIZER_KINDS.join(' or ')} to try claims, or leave --authorizer-claims out.` });
      }
      const claims = flags.authorizerClaims === undefined ? undefined : await readClaims(flags.authorizerClaims);
      const [{ loadConfig }, { startDev }] = await Promise.all([import('../config-load.js'), import('../dev/server.js')]);
      const config = await loadConfig({ configPath: flags.config });
      const reloadConfig = () => loadConfig({ configPath: flags.config });
      const server = await startDev({ config, port, host: flags.host, eventSource: flags.eventSource, profile: flags.profile, claims, strict: flags.strict, reloadConfig, log: printLine }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new GqlambdaError('USAGE', `port ${port} on ${flags.host} is already in use.`, { hint: `stop what uses it, or pick another port: gqlambda dev --port ${port + 1} (or --port 0 for any free port).` });
        }
        throw error;
      });
      // Listening for Ctrl-C before saying "ready": a signal sent as soon as that line is read must
      // find the handler in place, or it ends the process without closing anything.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.stdout.write('stopping the dev server\n');
          void server.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stdout.write(`${pc.green('ready')} ${server.url}\n`);
      if (flags.open) {
        const { openInBrowser } = await import('../dev/open.js');
        process.stdout.write(`${openInBrowser(server.url)}\n`);
      }
      await stopped;
    });
}

async function readClaims(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new GqlambdaError('USAGE', `--authorizer-claims: cannot read ${file} (${(error as NodeJS.ErrnoException).code}).`, { hint: 'give a JSON file of claims, for example {"sub": "user-1"}.' });
  }
  let claims: unknown;
  try {
    claims = JSON.parse(text);
  } catch (error) {
    throw new GqlambdaError('USAGE', `--authorizer-claims: ${file} is not JSON: ${(error as Error).message}`, { hint: 'give a JSON object of claims, for example {"sub": "user-1"}.' });
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new GqlambdaError('USAGE', `--authorizer-claims: ${file} must hold a JSON object.`, { hint: 'for example {"sub": "user-1"}.' });
  }
  return claims as Record<string, unknown>;
}

function printLine(line: DevLine): void {
  if (line.kind === 'request') {
    const status = line.status < 400 ? pc.green(String(line.status)) : pc.red(String(line.status));
    const errors = line.errors.length > 0 ? ` ${pc.red(line.errors.join('; '))}` : '';
    process.stdout.write(`${line.method} ${line.operation ?? pc.dim('(anonymous)')} ${status} ${formatMs(line.ms)}${errors}\n`);
  } else if (line.kind === 'build') {
    if (line.ok) process.stdout.write(`${line.fixed ? `${pc.green('fixed')}: ` : ''}${pc.green('reloaded')} in ${formatMs(line.ms)}\n`);
    else process.stdout.write(`${pc.red('rebuild failed')}, the last good handler keeps serving:\n${formatCliError(line.error, { verbose: false })}`);
  } else if (line.ok) {
    process.stdout.write(`${pc.green('fixed')}: no type errors\n`);
  } else {
    const effect = line.blocking ? 'the last good handler keeps serving (--strict)' : 'the new code is serving anyway (--strict blocks it)';
    process.stdout.write(`${pc.yellow('type errors')}, ${effect}:\n${formatCliError(line.error, { verbose: false })}`);
  }
}
