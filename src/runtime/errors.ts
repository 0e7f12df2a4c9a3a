/**
 * errors
 *
 * What clients see of an error. What the client did wrong is shown; what the server did wrong is masked
 * and logged. GraphQLErrors that resolvers throw on purpose, and graphql-js's own errors (syntax,
 * validation, variables), are shown as they are. Anything else, wherever it sits in the chain of original
 * errors (a TypeError, a database driver's error, a custom scalar's Error wrapped by a variable's
 * GraphQLError), may carry secrets, so unless `debug` is on it becomes "Unexpected error." with the request
 * id, without its extensions, and the full error goes to the log instead. The user's
 * `formatError` runs last and sees the error we would send.
 */
import { GraphQLError } from 'graphql';
import type { GraphQLErrorExtensions, GraphQLFormattedError } from 'graphql';
import type { ResolvedServerOptions } from './profile.js';

declare const __GQLAMBDA_PROFILE__: string | undefined;

/** The bytes of masked errors logged per request, at most (the operations of a batch share them). */
const LOG_BYTES = 20_000;

export type ErrorFormatter = (error: GraphQLError) => GraphQLError | GraphQLFormattedError;

/** Formats the errors of one request; `count` says how many went out (for the request log line). */
export function createErrorFormatter(
  options: Pick<ResolvedServerOptions, 'debug' | 'formatError' | 'logger'>,
  requestId: string,
): ErrorFormatter & { count: number; client?: boolean } {
  type Formatter = ReturnType<typeof createErrorFormatter>;
  const { debug, formatError, logger } = options;
  let logged: Set<unknown> | undefined;
  let logBytes = 0;
  const format: Formatter = (sent) => {
    format.count++;
    // The root cause: a GraphQLError may wrap another (a variable's error wraps a custom scalar's), and what
    // reaches here may be no GraphQLError at all (a RangeError from a stack overflow, say). A GraphQLError
    // wrapping anything else is masked too, as GraphQL Yoga does.
    let cause: unknown = sent;
    while (isGraphQLError(cause) && (cause as GraphQLError).originalError) cause = (cause as GraphQLError).originalError;
    const masked = !isGraphQLError(cause);
    // A small request must not write megabytes of logs: one entry per distinct error (thirty aliases of a
    // failing field throw one error thirty times), LOG_BYTES per request (an entry holds the message and
    // the stack, which begins with it: some twice the stack).
    const key = (cause as Error)?.message ?? cause;
    if (masked && logBytes < LOG_BYTES && !(logged ??= new Set()).has(key)) {
      logged.add(key);
      const under = (logBytes += 2 * ((cause as Error)?.stack?.length ?? 50)) < LOG_BYTES;
      logger[format.client ? 'info' : 'error']?.(under ? (format.client ? 'Client error' : 'Unexpected error') : `Log capped at ${LOG_BYTES} bytes`, {
        requestId,
        path: sent.path?.join('.'),
        error: under ? cause : undefined,
      });
    }
    if (masked || debug) {
      const extensions: GraphQLErrorExtensions = masked
        ? { ...(debug ? sent.extensions : undefined), code: 'INTERNAL_SERVER_ERROR', requestId }
        : { ...sent.extensions };
      // Production bundles leave stack traces out (esbuild folds the first test to `false`; see profile.ts):
      // `debug: true` there still unmasks messages.
      if ((typeof __GQLAMBDA_PROFILE__ !== 'string' || __GQLAMBDA_PROFILE__ !== 'production') && debug) {
        extensions.stacktrace = ((cause as Error).stack ?? '').split('\n');
      }
      sent = copyError(sent, masked && !debug ? 'Unexpected error.' : sent.message, extensions);
    }
    if (!formatError) return sent;
    try {
      return formatError(sent, { masked, requestId });
    } catch (hookError) {
      logger.error('formatError threw', { requestId, error: hookError });
      return { message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } };
    }
  };
  format.count = 0;
  return format;
}

/**
 * Also true for a GraphQLError from another copy of graphql (a bundle can end up with two), which
 * `instanceof` would miss and mask: GraphQLError's `Symbol.toStringTag` is 'GraphQLError'.
 */
const isGraphQLError = (error: unknown) => Object.prototype.toString.call(error) === '[object GraphQLError]';

/** The same error (locations, path, original error) with another message and extensions. */
function copyError(error: GraphQLError, message: string, extensions: GraphQLErrorExtensions): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions,
  });
}
