/**
 * The smoke step: before the zip is written, the bundle is loaded in a fresh Lambda-like process and
 * invoked once per event source with `{ __typename }`. A handler that cannot start or cannot answer
 * fails the build, not the deploy.
 */
import { GqlambdaError } from '../errors.js';
import { type InvokeReport, runLambdaProcess } from '../invoke/lambda-process.js';
import { createTaskRoot } from '../invoke/task-root.js';
import type { FunctionConfig, LambdaRuntime } from '../config.js';
import { SMOKE_EVENTS, type SmokeEvent } from './smoke-events.js';

export interface SmokeOptions {
  /** The project folder: externals resolve from its node_modules. */
  root: string;
  files: Array<[name: string, data: Uint8Array | string]>;
  runtime: LambdaRuntime;
  fn: FunctionConfig;
  /** NODE_OPTIONS for the function, e.g. --enable-source-maps. */
  nodeOptions?: string;
}

export interface SmokeReport {
  initMs: number;
  sources: Array<{ source: string; status: number | 'direct'; durationMs: number }>;
}

export async function smoke(options: SmokeOptions): Promise<SmokeReport> {
  const taskRoot = await createTaskRoot(options.files, options.root);
  try {
    const environment = { ...options.fn.environment, ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}) };
    const report = await runLambdaProcess({
      taskRoot: taskRoot.dir,
      events: SMOKE_EVENTS.map((sample) => sample.event),
      runtime: options.runtime,
      functionName: 'gqlambda-smoke',
      memoryMb: options.fn.memorySize,
      timeout: Math.min(options.fn.timeout, 30),
      environment,
    });
    if (report.init.error) {
      const { errorType, errorMessage, trace } = report.init.error;
      throw new GqlambdaError('SMOKE', `the handler failed to start: ${errorType}: ${errorMessage}`, {
        detail: logsAndTrace(report.logs, trace),
        hint: errorType === 'Runtime.ImportModuleError' || /Cannot find (module|package)/.test(errorMessage)
          ? 'a module the bundle imports at run time is missing: bundle it (remove it from bundle.external) or install it in the project, as Lambda would provide it from a layer.'
          : 'the code that runs at module load (imports, top-level statements, the schema) threw; run `gqlambda build --no-smoke` and `gqlambda invoke` to investigate.',
      });
    }
    const sources = SMOKE_EVENTS.map((sample, index) => check(sample, report.invocations[index], report.logs));
    return { initMs: report.init.durationMs, sources };
  } finally {
    await taskRoot.dispose();
  }
}

function check(sample: SmokeEvent, invocation: InvokeReport | undefined, logs: string): SmokeReport['sources'][number] {
  const fail = (what: string, detail?: string): never => {
    // The runtime answers 500 SETUP_FAILED when the server's setup hook throws: here, most likely for
    // want of the database or the credentials the deployed function will have.
    const setup = what.includes('SETUP_FAILED');
    throw new GqlambdaError('SMOKE', `the handler did not answer a ${sample.source} event: ${what}`, {
      detail,
      hint: setup
        ? "the server's setup hook failed in the smoke process, which has the config's function.environment but no AWS credentials or network resources; let setup cope with that, or skip this check with --no-smoke."
        : `the build invoked the bundle with a ${sample.source} event running ${JSON.stringify('{ __typename }')}; fix the handler, or skip this check with --no-smoke.`,
    });
  };
  if (!invocation) return fail('it was never invoked (the process ended first).', logs.trim() || undefined);
  if (invocation.error) {
    const { errorType, errorMessage, trace } = invocation.error;
    return fail(`${errorType}: ${errorMessage}`, logsAndTrace(logs, trace));
  }
  const result = parse(invocation.payload);
  if (sample.kind === 'direct') {
    if (!hasTypename(result)) fail(`expected a GraphQL result with data.__typename, got ${clip(invocation.payload)}.`, logs.trim() || undefined);
    return { source: sample.source, status: 'direct', durationMs: invocation.durationMs };
  }
  const response = result as { statusCode?: unknown; body?: unknown; isBase64Encoded?: unknown } | null;
  if (typeof response?.statusCode !== 'number' || typeof response.body !== 'string') {
    return fail(`expected an HTTP response ({ statusCode, headers, body }), got ${clip(invocation.payload)}.`, logs.trim() || undefined);
  }
  const text = response.isBase64Encoded === true ? Buffer.from(response.body, 'base64').toString('utf8') : response.body;
  // A 404 with a JSON error is the runtime answering: the server's graphqlPath is not /graphql.
  if (response.statusCode === 404 && Array.isArray((parse(text) as { errors?: unknown } | undefined)?.errors)) {
    return { source: sample.source, status: 404, durationMs: invocation.durationMs };
  }
  if (response.statusCode !== 200 || !hasTypename(parse(text))) {
    return fail(`expected status 200 with data.__typename, got status ${response.statusCode} with ${clip(text)}.`, logs.trim() || undefined);
  }
  return { source: sample.source, status: response.statusCode, durationMs: invocation.durationMs };
}

function hasTypename(value: unknown): boolean {
  const data = (value as { data?: { __typename?: unknown } } | null)?.data;
  return typeof data?.__typename === 'string';
}

function parse(text: string | undefined): unknown {
  try {
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function clip(text: string | undefined): string {
  if (text === undefined) return 'nothing';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function logsAndTrace(logs: string, trace: string[]): string | undefined {
  const parts = [logs.trim() && `function log:\n${logs.trim()}`, trace.length > 0 && trace.join('\n')].filter(Boolean);
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}
