/**
 * Runs the type check on a worker thread. The check is synchronous and takes seconds; off the main
 * thread, esbuild's plugin callbacks (which run on the main thread) keep the bundle going meanwhile.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { GqlambdaError, type ErrorCode } from '../errors.js';
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
  stack?: string;
}

type Reply = { ok: true; result: TypecheckResult } | { ok: false; error: SerializedFailure };

if (!isMainThread && parentPort && (workerData as { gqlambdaTypecheck?: boolean } | undefined)?.gqlambdaTypecheck) {
  const port = parentPort;
  const { typecheck } = await import('./typecheck.js');
  const { options } = workerData as { options: TypecheckOptions };
  try {
    port.postMessage({ ok: true, result: typecheck(options) } satisfies Reply);
  } catch (error) {
    const failure: SerializedFailure =
      error instanceof GqlambdaError
        ? { code: error.code, message: error.message, file: error.file, line: error.line, column: error.column, hint: error.hint, detail: error.detail }
        : { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined };
    port.postMessage({ ok: false, error: failure } satisfies Reply);
  }
}

/** The type check on a worker thread when gqlambda is built (dist/), else in this thread. */
export async function typecheckOffThread(options: TypecheckOptions): Promise<TypecheckResult> {
  const script = resolve(packageRoot, 'dist', 'build', 'typecheck-worker.js');
  if (!existsSync(script)) {
    const { typecheck } = await import('./typecheck.js');
    return typecheck(options);
  }
  const reply = await new Promise<Reply>((resolveReply, reject) => {
    const worker = new Worker(script, { workerData: { gqlambdaTypecheck: true, options } });
    worker.once('message', (message: Reply) => {
      resolveReply(message);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the type check worker exited with code ${code} before answering`)));
  });
  if (reply.ok) return reply.result;
  const { error } = reply;
  if (!error.code) throw Object.assign(new Error(error.message), { stack: error.stack });
  throw new GqlambdaError(error.code, error.message, { file: error.file, line: error.line, column: error.column, hint: error.hint, detail: error.detail });
}
