/**
 * Runs the type check on a worker thread. The check is synchronous and takes seconds; off the main
 * thread, esbuild's plugin callbacks (which run on the main thread) keep the bundle going meanwhile.
 * The build starts the worker before anything else, with the check it will ask for: the worker loads
 * the compiler and reads and checks the project while the main thread loads the config and generates,
 * and the check proper then redoes only what generate changed.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { GqlambdaError, type ErrorCode, type Problem } from '../errors.js';
import { cacheDir } from '../generate/cache.js';
import { generatedDir } from '../generate/paths.js';
import { packageRoot } from '../util/paths.js';
import type { Typechecker, TypecheckOptions, TypecheckResult } from './typecheck.js';

interface SerializedFailure {
  code?: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
  detail?: string;
  others?: readonly Problem[];
  stack?: string;
}

type Reply = { ok: true; result: TypecheckResult } | { ok: false; error: SerializedFailure };

interface WorkerSetup {
  gqlambdaTypecheck: true;
  /** The check to get ready for: its project is read (and checked ahead) before the job arrives. */
  prepare?: TypecheckOptions;
}

if (!isMainThread && parentPort && (workerData as WorkerSetup | undefined)?.gqlambdaTypecheck) {
  const port = parentPort;
  const { prepare } = workerData as WorkerSetup;
  // Load the compiler and read the project now, while the main thread is still generating; then wait for the job.
  const ready = Promise.all([import('./typecheck.js'), import('../util/typescript.js'), import('./stubs.js')]).then(([{ createTypechecker }, codeCache]) => {
    const checker = createTypechecker();
    if (prepare !== undefined) checker.prepare(prepare);
    return { checker, codeCache };
  });
  // One job after another (the dev server checks again after each change); a build sends just one.
  port.on('message', (options: TypecheckOptions) => {
    void ready.then(async ({ checker, codeCache }) => {
      port.postMessage(await runJob(checker, options));
      // After the reply, so that it waits for nothing; the compiler's functions are compiled by now.
      codeCache.saveTypeScriptCodeCache();
      port.postMessage('idle');
    });
  });
}

async function runJob(checker: Typechecker, options: TypecheckOptions): Promise<Reply> {
  try {
    const result = checker.check(options);
    if (options.stubsDir !== undefined) {
      const { findUnimplementedStubs } = await import('./stubs.js');
      result.stubs = await findUnimplementedStubs(options.root, options.stubsDir, (path, text) => checker.parsedFile(path, text));
    }
    return { ok: true, result };
  } catch (error) {
    const failure: SerializedFailure =
      error instanceof GqlambdaError
        ? { code: error.code, message: error.message, file: error.file, line: error.line, column: error.column, hint: error.hint, detail: error.detail, others: error.others }
        : { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
    return { ok: false, error: failure };
  }
}

export interface TypecheckWorker {
  run(options: TypecheckOptions): Promise<TypecheckResult>;
  /** Ends the worker; safe to call at any time, also after run. */
  dispose(): Promise<void>;
}

/** A build's type check: the project's files and the generated handler, with what the last check learnt. */
export function buildTypecheckJob(config: { root: string; generated: string }): TypecheckOptions {
  return { root: config.root, entryFiles: [join(generatedDir(config), 'handler.ts')], buildInfoFile: join(cacheDir(config), 'typecheck.tsbuildinfo') };
}

/**
 * A type-check worker thread when gqlambda is built (dist/, which `npm test` builds first), else the
 * check in this thread. `prepare`: the check to get ready for, as soon as the compiler is loaded.
 */
export function startTypecheckWorker(options: { prepare?: TypecheckOptions } = {}): TypecheckWorker {
  const script = workerScript();
  if (script === undefined) {
    const checker = import('./typecheck.js').then(({ createTypechecker }) => createTypechecker());
    return {
      run: async (options) => fromReply(await runJob(await checker, options)),
      dispose: async () => undefined,
    };
  }
  const worker = new Worker(script, { workerData: { gqlambdaTypecheck: true, prepare: options.prepare } satisfies WorkerSetup });
  // It keeps the process alive only while it has work to answer: one started early for nothing never does.
  worker.unref();
  // A crash fails the job in progress; the worker answers jobs in the order they were sent.
  const waiting: { resolve: (reply: Reply) => void; reject: (error: unknown) => void }[] = [];
  let crashed: unknown;
  let busy = 0;
  let idle: (() => void) | undefined;
  const fail = (error: unknown): void => {
    crashed ??= error;
    for (const job of waiting.splice(0)) job.reject(error);
    idle?.();
  };
  worker.on('message', (reply: Reply | 'idle') => {
    if (reply !== 'idle') return waiting.shift()?.resolve(reply);
    busy--;
    if (busy === 0) idle?.();
  });
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the type check worker exited with code ${code} before answering`)));
  return {
    async run(options) {
      if (crashed !== undefined) throw crashed;
      const reply = new Promise<Reply>((resolveReply, reject) => waiting.push({ resolve: resolveReply, reject }));
      busy++;
      worker.ref();
      worker.postMessage(options);
      try {
        return fromReply(await reply);
      } finally {
        if (waiting.length === 0) worker.unref();
      }
    },
    async dispose() {
      // Once a job has answered, the worker writes the compiler's code cache (a tenth of a second): let it
      // finish. A job still running, or no job at all (a build that had nothing to do), is just stopped.
      if (busy > 0 && waiting.length === 0 && crashed === undefined) {
        worker.ref();
        await new Promise<void>((resolveIdle) => {
          idle = resolveIdle;
          setTimeout(resolveIdle, 2000).unref();
        });
      }
      await worker.terminate();
    },
  };
}

/**
 * This module's built file: the bundled CLI's own entry beside it (dist/bundle/), or tsc's (dist/build/)
 * when running from tsc's output or from src/ (the tests).
 */
function workerScript(): string | undefined {
  const beside = fileURLToPath(new URL('typecheck-worker.js', import.meta.url));
  return [beside, resolve(packageRoot, 'dist', 'build', 'typecheck-worker.js')].find((path) => existsSync(path));
}

function fromReply(answer: Reply): TypecheckResult {
  if (answer.ok) return answer.result;
  const { error } = answer;
  if (!error.code) throw Object.assign(new Error(error.message), { stack: error.stack });
  throw new GqlambdaError(error.code, error.message, { file: error.file, line: error.line, column: error.column, hint: error.hint, detail: error.detail, others: error.others });
}
