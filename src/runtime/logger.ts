/**
 * logger
 *
 * The default logger: one JSON line per request on stdout, one per failure on stderr. Lambda sends both
 * to CloudWatch Logs, where JSON lines can be queried with Logs Insights. Errors carry the full error
 * (stack included) here and only here: clients never see it.
 */
import type { Logger } from './options.js';

export const defaultLogger: Logger = {
  request(entry) {
    (entry.level === 'error' ? console.error : console.log)(JSON.stringify(entry));
  },
  error(message, { error, ...details }) {
    console.error(JSON.stringify({ level: 'error', message, ...details, error: describeError(error) }));
  },
};

/** `logger: false`: no request lines, but failures are still reported. */
export const silentRequests: Logger = { request() {}, error: defaultLogger.error };

/** Errors do not survive JSON.stringify (their fields are not enumerable); keep what helps debugging. */
export function describeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const cause = (error as { cause?: unknown }).cause;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(cause === undefined ? {} : { cause: describeError(cause) }),
  };
}
