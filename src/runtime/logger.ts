/**
 * logger
 *
 * The default logger: one JSON line per request on stdout, one per failure on stderr (a client's error, on
 * stdout at info, so that alarms on errors count the server's faults only). Lambda sends both
 * to CloudWatch Logs, where JSON lines can be queried with Logs Insights. Errors carry the full error
 * (stack included) here and only here: clients never see it.
 *
 * Lines are written with `fs.writeSync` rather than `console.log`: the first `console.log` of a process
 * creates Node's stdout stream and loads `node:stream`, several milliseconds of cold start that a plain
 * write does not pay. Every line carries its own level and request id, which the Lambda runtime would
 * otherwise prefix.
 */
import type { Logger } from './options.js';

// Not `import … from 'node:fs'`: building the ES module facade of fs reads its lazy `promises` getter,
// which loads node:stream, the very cost avoided here. `process.getBuiltinModule` (Node 20.16+, every
// Lambda Node.js runtime) hands over the loaded CommonJS module as it is.
const fs = process.getBuiltinModule?.('fs');

// The function's "application log level" (Lambda's advanced logging controls) filters info lines. Read
// once: a container's environment does not change, and process.env lookups are slow on the hot path.
const quiet = /^(WARN|ERROR|FATAL)$/.test(process.env.AWS_LAMBDA_LOG_LEVEL ?? '');

export const defaultLogger: Logger = {
  // Written out by hand, in the entry's key order: this runs on every request, and JSON.stringify of the
  // whole entry took about twice as long (see "The per-request log line" in BENCHMARKS.md).
  request({ level, requestId, source, method, path, operationName, status, durationMs, errors }) {
    if (level === 'info' && quiet) return;
    write(
      level === 'error' ? 2 : 1,
      `{"level":"${level}","requestId":${text(requestId)},"source":${text(source)},"method":${text(method)},"path":${text(path)},"operationName":${text(operationName)},"status":${status},"durationMs":${durationMs},"errors":${errors}}`,
    );
  },
  error: entry('error', 2),
  info: entry('info', 1),
};

/** A line of one level: the message, the details, and the error in full (clients never see it). */
function entry(level: string, fd: 1 | 2): Logger['error'] {
  return (message, { error, ...details }) => {
    if (fd === 1 && quiet) return;
    let line: string;
    try {
      line = JSON.stringify({ level, message, ...details, error: describeError(error) }, (_key, value) => (typeof value === 'bigint' ? `${value}` : value));
    } catch {
      // A circular value among the details or inside a non-Error cause: the message and the error's stack
      // still say what failed.
      line = JSON.stringify({ level, message, requestId: details.requestId, error: error instanceof Error ? error.stack : 'unprintable' });
    }
    write(fd, line);
  };
}

/** A string (or null) as JSON: JSON.stringify of a short string is cheap; of an object, much less so. */
const text = (value: string | null) => JSON.stringify(value);

/** `logger: false`: no request lines, but failures are still reported. */
export const silentRequests: Logger = { ...defaultLogger, request() {} };

function write(fd: 1 | 2, line: string): void {
  try {
    fs!.writeSync(fd, line + '\n');
  } catch {
    // EAGAIN when another stream made the descriptor non-blocking and its pipe is full (or an older Node
    // without getBuiltinModule): let console queue it.
    (fd === 1 ? console.log : console.error)(line);
  }
}

/**
 * Errors do not survive JSON.stringify (their fields are not enumerable); keep what helps debugging. A
 * cause chain is followed a few links deep only: it may be circular.
 */
export function describeError(error: unknown, depth = 4): unknown {
  if (!(error instanceof Error)) return error;
  const cause = (error as { cause?: unknown }).cause;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    cause: cause && depth ? describeError(cause, depth - 1) : undefined,
  };
}
