/**
 * gqlambda/runtime
 *
 * The Lambda handler: event → HttpRequest (events/) → routing, setup hook, deadline → the GraphQL-over-HTTP
 * core (http.ts) → size check → the event source's response shape. It never throws: whatever happens, the
 * caller gets a well-formed response for its source with a JSON body, and the log gets the request id.
 */
import { corsHeaders } from './cors.js';
import { createDeadlineRace } from './deadline.js';
import { createGraphQLHttpHandler } from './http.js';
import { alb, detectEventSource, RequestError, restApi, unknownEventMessage } from './events/index.js';
import { isRecord } from './events/shared.js';
import { resolveOptions } from './profile.js';
import { makeSchema } from './schema.js';
import type { LambdaHandlerOptions } from './options.js';
import type { CoreResult, HttpRequest, HttpResponse, Invocation, LambdaContext } from './types.js';

export { defineServer } from './options.js';
export { makeSchema } from './schema.js';
export type { ContextFactory, CorsOptions, Limits, LambdaHandlerOptions, Logger, Profile, RequestLogEntry, ResolverMap, ServerOptions } from './options.js';
export type { GraphQLParams, HttpRequest, HttpResponse, LambdaContext, RequestInfo, ResponseAdditions } from './types.js';

/** What `createLambdaHandler` returns: an async Lambda handler for every supported event source. */
export type LambdaHandler = (event: unknown, lambdaContext: LambdaContext) => Promise<unknown>;

// "Invocation payload (request and response): 6 MB each for synchronous" (Lambda quotas).
const LAMBDA_MAX_RESULT_BYTES = 6 * 1024 * 1024;
// "The maximum size of the response JSON that the Lambda function can send is 1 MB" (ALB Lambda targets).
const ALB_MAX_RESULT_BYTES = 1024 * 1024;
/**
 * A failed setup hook is retried in the same container, but at most this often: caching the failure until
 * the next cold start would leave a warm container broken for as long as traffic keeps it alive (hours),
 * while retrying on every request would hammer a dependency that is down.
 */
const SETUP_RETRY_MS = 10_000;

/**
 * Creates the Lambda handler. The schema is built here, once per container; the setup hook runs before the
 * first request.
 *
 * @example
 * // .gqlambda/handler.ts (generated)
 * import { createLambdaHandler } from 'gqlambda/runtime';
 * export const handler = createLambdaHandler({ ...server, typeDefs, resolvers, context: createContext });
 */
export function createLambdaHandler<Context>(options: LambdaHandlerOptions<Context>): LambdaHandler {
  const resolved = resolveOptions(options);
  // `resolved` carries every option given, the trusted `documents` of the generated handler included.
  const core = createGraphQLHttpHandler({ ...resolved, schema: makeSchema(options.typeDefs, options.resolvers) });
  const { logger, timeoutReserveMs, cors } = resolved;
  const graphqlPath = resolved.graphqlPath && trimSlash(resolved.graphqlPath);
  const healthCheckPath = resolved.healthCheckPath && trimSlash(resolved.healthCheckPath);
  const setup = onceWithRetry(options.setup);

  // Not `async`: once set up, the core's own promise is handed on, without a promise layer around it.
  function answer(request: HttpRequest, invocation: Invocation): CoreResult | Promise<CoreResult> {
    const { requestId } = invocation;
    const path = invocation.source === 'direct' ? undefined : trimSlash(request.path);
    // ALB's target-group health checks (any path, GET or HEAD, no query) need a 200, not a GraphQL answer.
    const albHealthCheck =
      invocation.source === 'alb' && !request.rawQuery && request.headers['user-agent']?.startsWith('ELB-HealthChecker/') && (request.method === 'GET' || request.method === 'HEAD');
    if ((path && path === healthCheckPath) || albHealthCheck) return { response: json(200, { status: 'ok' }), errorCount: 0 };
    if (path && graphqlPath && path !== graphqlPath) {
      return failure(404, 'NOT_FOUND', `Nothing is served at ${request.path}: GraphQL is at ${graphqlPath}.`, requestId);
    }
    const pending = setup();
    if (!pending) return core(request, invocation);
    return pending.then((error) => (error === undefined ? core(request, invocation) : failure(500, 'SETUP_FAILED', 'The server failed to start.', requestId, { error })));
  }

  const race = createDeadlineRace();

  /**
   * Every error of ours: the GraphQL-over-HTTP `{ errors }` shape, with a code and the request id. A server
   * failure is logged under its code with `details`, and names the request id in its message too, for
   * whoever reads only that.
   */
  function failure(status: number, code: string, message: string, requestId: string, details?: object): CoreResult {
    if (status >= 500) {
      logger.error(code, { requestId, ...details });
      message += ` Request id: ${requestId}.`;
    }
    return { response: json(status, { errors: [{ message, extensions: { code, requestId } }] }), errorCount: 1 };
  }

  return async function handler(event, lambdaContext) {
    const started = Date.now();
    const context: LambdaContext = lambdaContext ?? { awsRequestId: 'unknown' };
    const requestId = String(context.awsRequestId ?? 'unknown');
    const source = detectEventSource(event);
    if (!source) {
      logger.error('Unrecognised Lambda event', { requestId, eventKeys: isRecord(event) ? Object.keys(event).slice(0, 20) : typeof event });
      throw new Error(unknownEventMessage(event));
    }
    // A bug of ours or an impossible event (the log's stack tells which step).
    const unexpected = (error: unknown) => failure(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.', requestId, { error });

    let request: HttpRequest | undefined;
    let outcome: CoreResult;
    try {
      request = source.toRequest(event);
      // Lambda kills an invocation at its timeout and API Gateway answers a bare 502/504; stopping a little
      // earlier lets us answer with a JSON error and log it. Past the deadline the answer is a 504: pending
      // work cannot be cancelled, so the race answers it, and the executor stops at its next value
      // (synchronous work too, which reads the clock as it goes).
      const remaining = context.getRemainingTimeInMillis?.();
      const deadline = typeof remaining === 'number' ? Date.now() + remaining - timeoutReserveMs : Infinity;
      const work = answer(request, { event, lambdaContext: context, requestId, source: source.name, deadline });
      outcome = await (deadline < Infinity && work instanceof Promise ? race(work, deadline, () => undefined as never) : work);
      if (Date.now() >= deadline) outcome = failure(504, 'TIMEOUT', 'The request timed out.', requestId);
    } catch (error) {
      // An event its source cannot read (a field missing or of the wrong type) is the sender's fault: a 400.
      outcome =
        error instanceof RequestError || !request
          ? failure(400, 'BAD_REQUEST', error instanceof RequestError ? error.message : `A malformed ${source.name} event: ${(error as Error).message}`, requestId)
          : unexpected(error);
    }

    // Our own errors (404, 500, 504, …) carry the CORS headers too: without them a browser shows only a
    // CORS failure instead of the error.
    const shape = (response: HttpResponse) => {
      if (cors && request && !response.headers.vary && !response.headers['access-control-allow-origin']) {
        Object.assign(response.headers, corsHeaders(cors, request));
      }
      return source.toResult(response, event);
    };
    let result: unknown;
    try {
      result = shape(outcome.response);
      const limit = source === alb ? ALB_MAX_RESULT_BYTES : LAMBDA_MAX_RESULT_BYTES;
      const size = resultSize(result, outcome.response, limit);
      if (size > limit) {
        outcome = failure(500, 'RESPONSE_TOO_LARGE', `The response (${size} bytes) is over the ${limit}-byte limit: ask for fewer items or fields.`, requestId, {
          bytes: size,
          limitBytes: limit,
        });
        result = shape(outcome.response);
      }
    } catch (error) {
      outcome = unexpected(error);
      result = restApi.toResult(outcome.response, event as never);
    }

    const status = outcome.response.status;
    // An event that could not be read still logs the method and path it gave, as it gave them.
    const sent = event as { method?: unknown; httpMethod?: unknown; path?: unknown; rawPath?: unknown; requestContext?: { http?: { method?: unknown } } };
    // A custom logger that throws is silenced by resolveOptions: logging never changes an answer.
    logger.request({
      level: status >= 500 ? 'error' : 'info',
      requestId,
      source: source.name,
      method: String((request ?? sent.requestContext?.http ?? sent).method ?? sent.httpMethod ?? ''),
      path: String(request?.path ?? sent.rawPath ?? sent.path ?? ''),
      operationName: outcome.operationName ?? null,
      status,
      durationMs: Date.now() - started,
      errors: outcome.errorCount,
    });
    return result;
  };
}

/**
 * Runs `setup` once; concurrent callers share the attempt. Returns undefined once it has succeeded (no
 * promise to await on the hot path), otherwise a promise of undefined when this attempt succeeds, or of
 * the error while it is failing (retried after SETUP_RETRY_MS, see above).
 */
function onceWithRetry(setup: (() => void | Promise<void>) | undefined): () => Promise<unknown> | undefined {
  let ready = !setup;
  let attempt: Promise<void> | undefined;
  let lastError: unknown;
  let failedAt = -Infinity;
  return () => {
    if (ready) return undefined;
    if (!attempt && Date.now() - failedAt < SETUP_RETRY_MS) return Promise.resolve(lastError);
    attempt ??= (async () => {
      try {
        await setup!();
        ready = true;
      } catch (error) {
        lastError = error ?? null; // (undefined would mean success)
        failedAt = Date.now();
      } finally {
        attempt = undefined;
      }
    })();
    return attempt.then(() => (ready ? undefined : lastError));
  };
}

function json(status: number, body: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

/**
 * The byte size of the invocation result as Lambda serializes it, measured only when it could be over the
 * limit: JSON turns one UTF-16 unit into at most 6 bytes (`\u001f`), so shorter bodies are safe unmeasured.
 */
function resultSize(result: unknown, response: HttpResponse, limit: number): number {
  if (response.body.length * 6 + 64 * 1024 < limit) return 0;
  return Buffer.byteLength(JSON.stringify(result) ?? '');
}

function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path || '/';
}
