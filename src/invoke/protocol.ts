/** The messages between the CLI and its Lambda-like child process (runner.ts), over Node's IPC channel. */

export interface RunnerRequest {
  /** The unzipped function code: LAMBDA_TASK_ROOT and the child's working directory. */
  taskRoot: string;
  /** `index.handler`. */
  handler: string;
  events: unknown[];
  /** The function's timeout; each invocation fails with Lambda's "Task timed out" after it. */
  timeoutMs: number;
  functionName: string;
  memoryMb: number;
  region: string;
  logStreamName: string;
}

/** Lambda's error payload. */
export interface SerializedError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export type RunnerReply =
  | { type: 'init'; durationMs: number; error?: SerializedError }
  | { type: 'invoke'; index: number; requestId: string; durationMs: number; payload?: string; error?: SerializedError };
