/**
 * errors
 *
 * Every failure a user can cause becomes one GqlambdaError: what went wrong, where, and what to do.
 * The CLI turns it into one line (`file:line:col: message` plus the hint) and an exit code.
 */

export type ErrorCode =
  | 'USAGE'
  | 'CONFIG'
  | 'SCHEMA'
  | 'INIT'
  | 'GENERATE'
  | 'TYPECHECK'
  | 'BUNDLE'
  | 'SMOKE'
  | 'ZIP'
  | 'SIZE'
  | 'INVOKE'
  | 'STUBS'
  | 'CHECK'
  | 'LOCKED'
  | 'FILESYSTEM';

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

/** One problem as `build --json` lists errors and warnings. */
export interface Problem {
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  code: string;
}

export class GqlambdaError extends Error {
  readonly code: ErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  /** Multi-line context printed under the message, such as a code frame. */
  readonly detail?: string;
  /** Further errors of the same failure (every type error after the first), for `--json`. */
  readonly others: readonly Problem[];
  /** 2 for a usage error (bad flags), 1 for everything else the user can fix. */
  readonly exitCode: 1 | 2;

  constructor(
    code: ErrorCode,
    message: string,
    options: ErrorLocation & { hint?: string; detail?: string; cause?: unknown; others?: readonly Problem[] } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GqlambdaError';
    this.code = code;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.hint = options.hint;
    this.detail = options.detail;
    this.others = options.others ?? [];
    this.exitCode = code === 'USAGE' ? 2 : 1;
  }

  /** `file:line:col` or as much of it as is known; empty when there is no file. */
  get location(): string {
    if (!this.file) return '';
    let where = this.file;
    if (this.line !== undefined) where += `:${this.line}`;
    if (this.line !== undefined && this.column !== undefined) where += `:${this.column}`;
    return where;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      file: this.file ?? null,
      line: this.line ?? null,
      column: this.column ?? null,
      hint: this.hint ?? null,
      errors: [{ file: this.file ?? null, line: this.line ?? null, column: this.column ?? null, message: this.message, code: this.code }, ...this.others],
    };
  }
}

/** Prefixes the message of a GqlambdaError with the pipeline step that raised it. */
export function inStep<T>(step: string, run: () => T): T {
  try {
    const result = run();
    if (result instanceof Promise) {
      return result.catch((error: unknown) => {
        throw labelled(step, error);
      }) as T;
    }
    return result;
  } catch (error) {
    throw labelled(step, error);
  }
}

function labelled(step: string, error: unknown): unknown {
  if (!(error instanceof GqlambdaError) || error.message.startsWith(`${step}: `)) return error;
  return new GqlambdaError(error.code, `${step}: ${error.message}`, {
    file: error.file,
    line: error.line,
    column: error.column,
    hint: error.hint,
    detail: error.detail,
    cause: error.cause,
    others: error.others,
  });
}
