import type { ContextFactory } from 'gqlambda/runtime';

/** What every resolver receives as its third argument. */
export interface Context {
  /** The caller's User-Agent header, when it sent one. */
  userAgent: string | undefined;
  /** The Lambda request id, handy in log lines. */
  requestId: string;
}

/**
 * Runs once per request. `event` is the raw Lambda event and `lambdaContext` the Lambda context;
 * `request` is the HTTP request as gqlambda read it, whichever AWS service sent it.
 */
export const createContext: ContextFactory<Context> = (_event, _lambdaContext, request) => ({
  userAgent: request.http.headers['user-agent'] || undefined,
  requestId: request.requestId,
});
