/**
 * The dev server's type check: one worker thread for the session, so the server keeps answering while
 * it runs. Changes that arrive during a check are folded into one more check; only the newest result
 * is reported, so a stale error never follows its fix.
 */
import { join } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { generatedDir } from '../generate/paths.js';
import { startTypecheckWorker } from '../build/typecheck-worker.js';
import { GqlambdaError } from '../errors.js';

export type TypecheckOutcome = { ok: true } | { ok: false; error: unknown };

export interface DevTypecheck {
  /** Checks the project as it is now; resolves with the outcome of the newest check asked for. */
  check(): Promise<TypecheckOutcome>;
  dispose(): Promise<void>;
}

export function createDevTypecheck(config: ResolvedConfig, strict: boolean): DevTypecheck {
  const worker = startTypecheckWorker();
  const options = { root: config.root, entryFiles: [join(generatedDir(config), 'handler.ts')] };
  let running: Promise<TypecheckOutcome> | undefined;
  let again = false;

  const runUntilCurrent = async (): Promise<TypecheckOutcome> => {
    for (;;) {
      again = false;
      const outcome = await worker.run(options).then(
        (): TypecheckOutcome => ({ ok: true }),
        (error: unknown): TypecheckOutcome => ({ ok: false, error: withDevHint(error, strict) }),
      );
      if (!again) return outcome;
    }
  };

  return {
    check() {
      if (running) {
        again = true;
        return running;
      }
      running = runUntilCurrent().finally(() => (running = undefined));
      return running;
    },
    dispose: () => worker.dispose(),
  };
}

/** The build's hint names `--no-typecheck`, which `dev` does not have; say what the server does instead. */
function withDevHint(error: unknown, strict: boolean): unknown {
  if (!(error instanceof GqlambdaError) || error.code !== 'TYPECHECK') return error;
  const hint = strict
    ? 'fix it: the new code is swapped in once the type check passes.'
    : 'fix it (the new code serves meanwhile); `gqlambda dev --strict` keeps the last good handler serving while there are type errors.';
  return new GqlambdaError(error.code, error.message, { file: error.file, line: error.line, column: error.column, detail: error.detail, others: error.others, hint });
}
