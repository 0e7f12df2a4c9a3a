/**
 * The child process of `gqlambda invoke` and of the build's smoke step: a stand-in for the AWS Lambda
 * Node.js runtime's bootstrap. It loads the handler the way the runtime resolves a handler string,
 * calls it with each event and a Lambda-like context, and reports back over the IPC channel.
 *
 * It runs in a fresh `node` process so that the bundle starts cold, with the environment Lambda gives
 * it, and cannot see anything the CLI has loaded.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import type { RunnerReply, RunnerRequest, SerializedError } from './protocol.js';

const reply = (message: RunnerReply): void => {
  process.send?.(message);
};

process.once('message', (request: RunnerRequest) => {
  void run(request).finally(() => process.disconnect?.());
});

async function run(request: RunnerRequest): Promise<void> {
  const initStart = performance.now();
  let handler: Handler;
  try {
    handler = await loadHandler(request.taskRoot, request.handler);
  } catch (error) {
    reply({ type: 'init', durationMs: performance.now() - initStart, error: serialize(error) });
    return;
  }
  reply({ type: 'init', durationMs: performance.now() - initStart });

  let current: { index: number; requestId: string; start: number } | undefined;
  // The Lambda Node.js runtime treats an unhandled rejection as fatal: the invocation under way fails with
  // Runtime.UnhandledPromiseRejection and the process exits, so the next invocation meets a cold start.
  process.on('unhandledRejection', (reason) => {
    const error: SerializedError = {
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason),
      trace: reason instanceof Error ? (reason.stack ?? '').split('\n') : [],
    };
    console.error(`ERROR\tUnhandled Promise Rejection\t${JSON.stringify(error)}`);
    const exit = () => process.exit(128);
    if (current && process.send) {
      process.send({ type: 'invoke', index: current.index, requestId: current.requestId, durationMs: performance.now() - current.start, error } satisfies RunnerReply, exit);
    } else exit();
  });

  for (const [index, event] of request.events.entries()) {
    const context = lambdaContext(request);
    const start = performance.now();
    current = { index, requestId: context.awsRequestId, start };
    try {
      const result = await invoke(handler, event, context, request.timeoutMs);
      // Lambda serialises the handler's answer as JSON; `undefined` arrives as null.
      reply({ type: 'invoke', index, requestId: context.awsRequestId, durationMs: performance.now() - start, payload: JSON.stringify(result ?? null) });
    } catch (error) {
      reply({ type: 'invoke', index, requestId: context.awsRequestId, durationMs: performance.now() - start, error: serialize(error) });
    }
    current = undefined;
  }
}

type Handler = (event: unknown, context: unknown, callback: (error?: unknown, result?: unknown) => void) => unknown;

class RuntimeError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * Handler strings are `<module path>.<export path>` (the runtime's FUNCTION_EXPR `^([^.]*)\.(.*)$`):
 * `index.handler` loads `index` from the task root and takes its `handler` export.
 */
async function loadHandler(taskRoot: string, handlerString: string): Promise<Handler> {
  const match = /^([^.]*)\.(.*)$/.exec(handlerString);
  if (!match) throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${handlerString}`);
  const [, modulePath, exportPath] = match as unknown as [string, string, string];
  let app: unknown;
  try {
    app = await loadModule(resolve(taskRoot, modulePath), taskRoot, modulePath);
  } catch (error) {
    // What Lambda reports when the function's code imports a package that is in neither the zip nor a layer.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new RuntimeError('Runtime.ImportModuleError', `Error: ${(error as Error).message}`);
    throw error;
  }

  let value: unknown = app;
  for (const key of exportPath.split('.')) {
    value = value === null || value === undefined ? undefined : (value as Record<string, unknown>)[key];
  }
  if (value === undefined) throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is undefined or not exported`);
  if (typeof value !== 'function') throw new RuntimeError('Runtime.HandlerNotFound', `${handlerString} is not a function`);
  return value as Handler;
}

/**
 * The runtime's search order: an extensionless file (require); `.js` with require unless the nearest
 * package.json says `"type": "module"`, then import; `.mjs` with import; `.cjs` with require.
 */
async function loadModule(base: string, taskRoot: string, modulePath: string): Promise<unknown> {
  const require = createRequire(join(taskRoot, 'index.js'));
  if (isFile(base)) return require(base);
  const jsIsModule = typeModule(dirname(base));
  if (isFile(`${base}.js`)) return jsIsModule ? await import(pathToFileURL(`${base}.js`).href) : requireOrImport(require, `${base}.js`);
  if (isFile(`${base}.mjs`)) return await import(pathToFileURL(`${base}.mjs`).href);
  if (isFile(`${base}.cjs`)) return require(`${base}.cjs`);
  throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${modulePath}'`);
}

async function requireOrImport(require: NodeJS.Require, file: string): Promise<unknown> {
  try {
    return require(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_REQUIRE_ESM') return import(pathToFileURL(file).href);
    throw error;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function typeModule(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    const manifest = join(current, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: string }).type === 'module';
      } catch {
        return false;
      }
    }
    if (dirname(current) === current) return false;
  }
}

interface Context {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

/** The context object the Node.js runtime passes (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html). */
function lambdaContext(request: RunnerRequest): Context {
  const deadline = Date.now() + request.timeoutMs;
  return {
    awsRequestId: randomUUID(),
    functionName: request.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${request.region}:123456789012:function:${request.functionName}`,
    memoryLimitInMB: String(request.memoryMb),
    logGroupName: `/aws/lambda/${request.functionName}`,
    logStreamName: request.logStreamName,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

/** An async handler's promise, or a callback-style handler's callback; whichever settles first. */
function invoke(handler: Handler, event: unknown, context: Context, timeoutMs: number): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      reject(new RuntimeError('Sandbox.Timedout', `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`));
    }, timeoutMs);
    const settle = (error: unknown, result?: unknown): void => {
      clearTimeout(timer);
      if (error !== undefined && error !== null) reject(error);
      else resolvePromise(result);
    };
    try {
      const returned = handler(event, context, (error, result) => settle(error, result));
      if (returned !== null && typeof returned === 'object' && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then((result) => settle(undefined, result), (error: unknown) => settle(error ?? new Error('The handler rejected without a reason.')));
      }
    } catch (error) {
      settle(error ?? new Error('The handler threw without a reason.'));
    }
  });
}

/** Lambda's error payload: `{ errorType, errorMessage, trace }`. */
function serialize(error: unknown): SerializedError {
  if (error instanceof Error) {
    return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}
