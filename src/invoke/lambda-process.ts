/**
 * Runs a function's code in a fresh `node` process that looks like a Lambda execution environment
 * (see runner.ts), and collects the init and invoke results. Used by `gqlambda invoke` and by the
 * build's smoke step.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GqlambdaError } from '../errors.js';
import { packageRoot } from '../util/paths.js';
import type { RunnerReply, RunnerRequest, SerializedError } from './protocol.js';

export interface LambdaProcessOptions {
  taskRoot: string;
  /** @default 'index.handler' */
  handler?: string;
  events: unknown[];
  runtime: string;
  functionName?: string;
  memoryMb?: number;
  /** Seconds, as in the function configuration. */
  timeout?: number;
  /** The function's own environment variables (from the config). */
  environment?: Record<string, string>;
  /** Called with each chunk the function writes to stdout or stderr (its CloudWatch log). */
  onLog?: (chunk: string) => void;
}

export interface InitReport {
  durationMs: number;
  error?: SerializedError;
}

export interface InvokeReport {
  requestId: string;
  durationMs: number;
  /** The JSON Lambda would return, when the handler answered. */
  payload?: string;
  error?: SerializedError;
}

export interface LambdaProcessReport {
  init: InitReport;
  invocations: InvokeReport[];
  /** Everything the function logged. */
  logs: string;
}

/** Lambda gives the init phase of an on-demand function 10 seconds. */
const INIT_TIMEOUT_MS = 10_000;
const REGION = 'us-east-1';

export function runnerPath(): string {
  const path = resolve(packageRoot, 'dist', 'invoke', 'runner.js');
  if (!existsSync(path)) {
    throw new GqlambdaError('INVOKE', `gqlambda's invoke runner is missing (${path}).`, { hint: 'build gqlambda first: npm run build.' });
  }
  return path;
}

/**
 * The environment variables Lambda defines for every function
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
 * then the function's own. Nothing is inherited from the CLI's environment but PATH: a deployed
 * function cannot see the developer's shell either.
 */
export function lambdaEnvironment(options: { taskRoot: string; handler: string; runtime: string; functionName: string; memoryMb: number; logStreamName: string; environment?: Record<string, string> }): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    _HANDLER: options.handler,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_EXECUTION_ENV: `AWS_Lambda_${options.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: options.functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(options.memoryMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${options.functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: options.logStreamName,
    LAMBDA_TASK_ROOT: options.taskRoot,
    LAMBDA_RUNTIME_DIR: '/var/runtime',
    NODE_PATH: options.taskRoot,
    ...options.environment,
  };
}

export async function runLambdaProcess(options: LambdaProcessOptions): Promise<LambdaProcessReport> {
  const handler = options.handler ?? 'index.handler';
  const functionName = options.functionName ?? 'gqlambda-local';
  const memoryMb = options.memoryMb ?? 512;
  const timeoutMs = Math.round((options.timeout ?? 10) * 1000);
  const logStreamName = `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]local`;
  const env = lambdaEnvironment({ taskRoot: options.taskRoot, handler, runtime: options.runtime, functionName, memoryMb, logStreamName, environment: options.environment });

  const child = fork(runnerPath(), [], { cwd: options.taskRoot, env, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
  let logs = '';
  const log = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    logs += text;
    options.onLog?.(text);
  };
  child.stdout?.on('data', log);
  child.stderr?.on('data', log);

  const request: RunnerRequest = { taskRoot: options.taskRoot, handler, events: options.events, timeoutMs, functionName, memoryMb, region: REGION, logStreamName };
  const report: LambdaProcessReport = { init: { durationMs: 0 }, invocations: [], logs: '' };

  await new Promise<void>((resolveRun) => {
    let initReceived = false;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (error: SerializedError, durationMs = 0): void => {
      if (!initReceived) report.init = { durationMs, error };
      else report.invocations.push({ requestId: '', durationMs, error });
    };
    // Each phase has a deadline; the runner enforces the function timeout itself, this is the backstop.
    const arm = (ms: number, error: SerializedError): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        fail(error, ms);
        finish();
      }, ms);
    };
    // The promise settles on 'close', once the child is gone and its last log lines have arrived.
    const finish = (): void => {
      finished = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };

    child.on('message', (message: RunnerReply) => {
      if (finished) return;
      if (message.type === 'init') {
        initReceived = true;
        report.init = { durationMs: message.durationMs, error: message.error };
        if (message.error || options.events.length === 0) return finish();
      } else {
        report.invocations.push({ requestId: message.requestId, durationMs: message.durationMs, payload: message.payload, error: message.error });
        if (report.invocations.length === options.events.length) return finish();
      }
      arm(timeoutMs + 2_000, { errorType: 'Sandbox.Timedout', errorMessage: `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`, trace: [] });
    });
    child.on('close', (code, signal) => {
      if (!finished) {
        fail({ errorType: 'Runtime.ExitError', errorMessage: `the Node.js process exited (${signal ?? `exit code ${code}`}) before the handler answered`, trace: [] });
      }
      clearTimeout(timer);
      resolveRun();
    });
    child.on('error', (error) => {
      if (!finished) fail({ errorType: 'Runtime.StartError', errorMessage: error.message, trace: [] });
      finish();
    });

    arm(INIT_TIMEOUT_MS, { errorType: 'Runtime.InitTimeout', errorMessage: `the handler did not finish loading within ${INIT_TIMEOUT_MS / 1000} seconds (Lambda's init limit)`, trace: [] });
    child.send(request);
  });

  report.logs = logs;
  return report;
}
