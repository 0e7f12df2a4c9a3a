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

export type ErrorFormatter = (error: GraphQLError) => GraphQLError | GraphQLFormattedError;

/** Formats the errors of one request; `count` says how many went out (for the request log line). */
export function createErrorFormatter(
  options: Pick<ResolvedServerOptions, 'debug' | 'formatError' | 'logger'>,
  requestId: string,
): ErrorFormatter & { count: number } {
  const { debug, formatError, logger } = options;
  const format = (sent: GraphQLError): GraphQLError | GraphQLFormattedError => {
    format.count++;
    // The root cause: a GraphQLError may wrap another (a variable's error wraps a custom scalar's), and what
    // reaches here may be no GraphQLError at all (a RangeError from a stack overflow, say). A GraphQLError
    // wrapping anything else is masked too, as GraphQL Yoga does.
    let cause: unknown = sent;
    while (isGraphQLError(cause) && (cause as GraphQLError).originalError) cause = (cause as GraphQLError).originalError;
    const masked = !isGraphQLError(cause);
    if (masked) logger.error('Unexpected error', { requestId, path: sent.path?.join('.'), error: cause });
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
