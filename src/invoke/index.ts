/**
 * invoke
 *
 * `gqlambda invoke`: unzip a deployment package into a temporary task root, load it in a fresh
 * Lambda-like Node.js process, invoke it with one event and report the answer and the durations.
 *   1. read the zip (yauzl)      2. read or make the event      3. run it (lambda-process.ts)
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { GqlambdaError } from '../errors.js';
import { generatedDir } from '../generate/paths.js';
import { answerFailure, newerSource, unmaskedErrors, type UnmaskedError } from './answer.js';
import { type SerializedError } from './protocol.js';
import { runLambdaProcess } from './lambda-process.js';
import { createTaskRoot } from './task-root.js';
import { readZip } from './unzip.js';
import { defaultQuery, httpApiEvent, readSchemaIfExists } from './default-event.js';

export interface InvokeOptions {
  config: ResolvedConfig;
  /** @default config.bundle.outfile */
  zip?: string;
  /** The event: given as a value, or undefined for the default HTTP API v2 POST. */
  event?: unknown;
  /** The query of the default event. @default the first argument-free leaf field of Query */
  query?: string;
  /** The path of the default event (the server's graphqlPath, when it sets one). @default '/graphql' */
  path?: string;
  /** Where the function's log lines go as they arrive. */
  onLog?: (chunk: string) => void;
}

export interface InvokeResult {
  zip: string;
  entries: string[];
  event: unknown;
  /** What the handler returned (parsed JSON), when it answered. */
  result?: unknown;
  /** Lambda's error payload, when the handler threw or timed out. */
  error?: SerializedError;
  /** The resolver errors behind masked "Unexpected error." answers, from the function's log. */
  resolverErrors: UnmaskedError[];
  /** Why the answer is a failure (HTTP 4xx/5xx or GraphQL errors), when it is one. */
  failure?: string;
  /** A source file newer than the zip: the zip may not hold the latest code. */
  staleBecause?: string;
  requestId: string;
  initMs: number;
  invokeMs: number;
  logs: string;
}

export async function invoke(options: InvokeOptions): Promise<InvokeResult> {
  const { config } = options;
  const zipPath = resolve(options.zip ?? resolve(config.root, config.bundle.outfile));
  const entries = await readZip(zipPath);
  const staleBecause = await newerSource(config, zipPath);
  const event = options.event !== undefined ? options.event : await defaultEvent(config, options.query, options.path);

  const taskRoot = await createTaskRoot(entries.map((entry) => [entry.name, entry.data]), config.root);
  try {
    const report = await runLambdaProcess({
      taskRoot: taskRoot.dir,
      events: [event],
      runtime: config.bundle.runtime,
      functionName: 'gqlambda-invoke',
      memoryMb: config.function.memorySize,
      timeout: config.function.timeout,
      environment: { ...config.function.environment, ...(config.bundle.sourcemap === 'inline' ? { NODE_OPTIONS: '--enable-source-maps' } : {}) },
      onLog: options.onLog,
    });
    if (report.init.error) {
      const { errorType, errorMessage, trace } = report.init.error;
      throw new GqlambdaError('INVOKE', `the handler failed to start: ${errorType}: ${errorMessage}`, {
        file: zipPath,
        detail: [report.logs.trim(), trace.join('\n')].filter(Boolean).join('\n\n') || undefined,
        hint: errorType === 'Runtime.ImportModuleError' ? 'the zip must hold index.js, index.mjs or index.cjs at its root; rebuild it with `gqlambda build`.' : 'fix the code that runs when the module loads, then rebuild.',
      });
    }
    const [invocation] = report.invocations;
    const result: unknown = invocation?.payload === undefined ? undefined : JSON.parse(invocation.payload);
    const failure = result === undefined ? undefined : answerFailure(result);
    return {
      zip: zipPath,
      entries: entries.map((entry) => entry.name),
      event,
      result,
      error: invocation?.error,
      resolverErrors: unmaskedErrors(report.logs),
      ...(failure ? { failure } : {}),
      ...(staleBecause ? { staleBecause } : {}),
      requestId: invocation?.requestId ?? '',
      initMs: report.init.durationMs,
      invokeMs: invocation?.durationMs ?? 0,
      logs: report.logs,
    };
  } finally {
    await taskRoot.dispose();
  }
}

async function defaultEvent(config: ResolvedConfig, query: string | undefined, path: string | undefined): Promise<unknown> {
  const sdl = query === undefined ? await readSchemaIfExists(join(generatedDir(config), 'schema.graphql')) : undefined;
  return httpApiEvent(query ?? defaultQuery(sdl), 'gqlambda-invoke', path);
}

/** Reads an event file (or stdin for `-`) as JSON; a syntax error names the line and column. */
export async function readEvent(source: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<unknown> {
  const name = source === '-' ? '<stdin>' : source;
  let text: string;
  try {
    text = source === '-' ? await readAll(stdin) : await readFile(source, 'utf8');
  } catch (error) {
    throw new GqlambdaError('INVOKE', `cannot read the event file ${name}: ${(error as Error).message}`, { file: name, hint: 'pass a JSON file with --event FILE, or - to read stdin.' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const at = position ? lineAndColumn(text, Number(position[1])) : {};
    throw new GqlambdaError('INVOKE', `the event is not valid JSON: ${message}`, { file: name, ...at, hint: 'an event is one JSON value, such as a sample from fixtures/events/ or the AWS console\'s test events.' });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolveText, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer | string) => chunks.push(Buffer.from(chunk)));
    stream.on('error', reject);
    stream.on('end', () => resolveText(Buffer.concat(chunks).toString('utf8')));
  });
}
