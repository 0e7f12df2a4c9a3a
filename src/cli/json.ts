import { GqlambdaError } from '../errors.js';
import { asUserError } from './fs-error.js';

/**
 * `--json` failures: one object on stdout that CI can read ({ ok: false, code, message, file, line,
 * column, hint }), and the exit code the CLI would use.
 */
export function printJsonError(thrown: unknown): void {
  const error = asUserError(thrown);
  const body =
    error instanceof GqlambdaError
      ? error.toJSON()
      : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), file: null, line: null, column: null, hint: 'this is a bug in gqlambda; please report it.' };
  process.stdout.write(`${JSON.stringify({ ok: false, ...body }, null, 2)}\n`);
  process.exitCode = error instanceof GqlambdaError ? error.exitCode : 1;
}
