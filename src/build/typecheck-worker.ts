/**
 * Runs the type check on a worker thread. The check is synchronous and takes seconds; off the main
 * thread, esbuild's plugin callbacks (which run on the main thread) keep the bundle going meanwhile.
 * The worker is started before `generate` runs, so that loading the compiler overlaps with it too.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { GqlambdaError, type ErrorCode, type Problem } from '../errors.js';
import { packageRoot } from '../util/paths.js';
import type { TypecheckOptions, TypecheckResult } from './typecheck.js';

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

if (!isMainThread && parentPort && (workerData as { gqlambdaTypecheck?: boolean } | undefined)?.gqlambdaTypecheck) {
  const port = parentPort;
  // Load the compiler now, while the main thread is still generating; then wait for the job.
  const loading = import('./typecheck.js');
  // One job after another (the dev server checks again after each change); a build sends just one.
  port.on('message', (options: TypecheckOptions) => {
    void loading.then(async ({ typecheck }) => {
      try {
        const result = typecheck(options);
        if (options.stubsDir !== undefined) result.stubs = await (await import('./stubs.js')).findUnimplementedStubs(options.root, options.stubsDir);
        port.postMessage({ ok: true, result } satisfies Reply);
      } catch (error) {
        const failure: SerializedFailure =
          error instanceof GqlambdaError
            ? { code: error.code, message: error.message, file: error.file, line: error.line, column: error.column, hint: error.hint, detail: error.detail, others: error.others }
            : { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
        port.postMessage({ ok: false, error: failure } satisfies Reply);
      }
    });
  });
}

export interface TypecheckWorker {
  run(options: TypecheckOptions): Promise<TypecheckResult>;
  /** Ends the worker; safe to call at any time, also after run. */
  dispose(): Promise<void>;
}

/**
 * A type-check worker thread when gqlambda is built (dist/), else the check in this thread. `inThread`:
 * this thread loads TypeScript anyway (generate is about to run in full), and a worker would load the
 * 9 MB compiler a second time.
 */
export function startTypecheckWorker(options: { inThread?: boolean } = {}): TypecheckWorker {
  const script = resolve(packageRoot, 'dist', 'build', 'typecheck-worker.js');
  if (options.inThread || !existsSync(script)) {
    return {
      run: async (options) => {
        const result = (await import('./typecheck.js')).typecheck(options);
        if (options.stubsDir !== undefined) result.stubs = await (await import('./stubs.js')).findUnimplementedStubs(options.root, options.stubsDir);
        return result;
      },
      dispose: async () => undefined,
    };
  }
  const worker = new Worker(script, { workerData: { gqlambdaTypecheck: true } });
  // A crash fails the job in progress; the worker answers jobs in the order they were sent.
  const waiting: { resolve: (reply: Reply) => void; reject: (error: unknown) => void }[] = [];
  let crashed: unknown;
  const fail = (error: unknown): void => {
    crashed ??= error;
    for (const job of waiting.splice(0)) job.reject(error);
  };
  worker.on('message', (reply: Reply) => waiting.shift()?.resolve(reply));
  worker.once('error', fail);
  worker.once('exit', (code) => fail(new Error(`the type check worker exited with code ${code} before answering`)));
  return {
    async run(options) {
      if (crashed !== undefined) throw crashed;
      const reply = new Promise<Reply>((resolveReply, reject) => waiting.push({ resolve: resolveReply, reject }));
      worker.postMessage(options);
      const answer = await reply;
      if (answer.ok) return answer.result;
      const { error } = answer;
      if (!error.code) throw Object.assign(new Error(error.message), { stack: error.stack });
      throw new GqlambdaError(error.code, error.message, { file: error.file, line: error.line, column: error.column, hint: error.hint, detail: error.detail, others: error.others });
    },
    dispose: async () => {
      await worker.terminate();
    },
  };
}
