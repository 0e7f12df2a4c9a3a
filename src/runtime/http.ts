/**
 * http
 *
 * The transport-neutral GraphQL-over-HTTP core (https://graphql.github.io/graphql-over-http/draft/).
 * graphql-http's `createHandler` does the spec work (GET and POST, Accept negotiation, parameter
 * checks); around it this module adds what a Lambda API needs: CORS, CSRF prevention, the explorer,
 * a body limit, batching, query limits, a per-query-text document cache, error masking, and a JSON
 * body with `errors` on every answer, including the ones graphql-http leaves empty.
 */
import {
  GraphQLError,
  execute,
  getOperationAST,
  specifiedRules,
  validate,
} from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLSchema, ValidationRule } from 'graphql';
import { createHandler } from 'graphql-http';
import type { OperationArgs, OperationContext, Response as SpecResponse } from 'graphql-http';
import { corsHeaders, csrfMessage, isCsrfSafe, isPreflight, preflightHeaders } from './cors.js';
import { createErrorFormatter } from './errors.js';
import type { ErrorFormatter } from './errors.js';
import { EXPLORER_HTML, wantsExplorer } from './explorer.js';
import { checkLimits, parseQuery } from './limits.js';
import { Lru } from './lru.js';
import type { ResolvedServerOptions } from './profile.js';
import type { CoreResult, GraphQLParams, HttpRequest, HttpResponse, Invocation, RequestInfo } from './types.js';

declare const __GQLAMBDA_PROFILE__: string | undefined;

/**
 * Whether this copy of the runtime carries the explorer page. esbuild's `define` turns the identifier
 * into a string literal, so in a production bundle this folds to `false` and the page is dropped;
 * unbundled (tests) it is kept and the `explorer` option decides.
 */
const EXPLORER_SHIPPED = typeof __GQLAMBDA_PROFILE__ !== 'string' || __GQLAMBDA_PROFILE__ !== 'production';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Total query text kept in the document cache. ASTs weigh some tens of times their text. */
const CACHE_CHARS = 500_000;

/** A query text's fate: a document that passed limits and validation, or the errors to send. */
type Compiled = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/** What one operation's run reports besides the HTTP answer. */
interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: string;
  operationName: string | null;
}

/**
 * Makes the GraphQL-over-HTTP handler for one schema: `(request, invocation) => CoreResult`. It never
 * rejects: every failure, the client's or ours, is an answer with a JSON body.
 *
 * @example
 * ```ts
 * const handle = createGraphQLHttpHandler({ ...resolveOptions(server), schema });
 * const { response } = await handle(request, { event, lambdaContext, requestId, source: 'http-api' });
 * ```
 */
export function createGraphQLHttpHandler(
  options: ResolvedServerOptions & { schema: GraphQLSchema },
): (request: HttpRequest, invocation: Invocation) => Promise<CoreResult> {
  const { schema, limits, cors, csrfPrevention, batching, logger } = options;
  const rules: readonly ValidationRule[] = [
    ...specifiedRules,
    ...(options.introspection ? [] : [NoIntrospection]),
    ...options.validationRules,
  ];
  const documents = new Lru<Compiled>(CACHE_CHARS);

  /** Parse, limits, validate: once per query text, then from the cache. */
  const compile = (query: string): Compiled => {
    let compiled = documents.get(query);
    if (!compiled) {
      const parsed = parseQuery(query, limits.maxTokens);
      if (parsed instanceof GraphQLError) {
        compiled = { errors: [parsed] };
      } else {
        const limitError = checkLimits(parsed, limits);
        const errors = limitError ? [limitError] : validate(schema, parsed, rules);
        compiled = errors.length ? { errors } : { document: parsed };
      }
      documents.set(query, compiled, query.length);
    }
    return compiled;
  };

  /** One operation through graphql-http, with this request's error formatter and context. */
  const runOperation = async (
    request: HttpRequest,
    invocation: Invocation,
    body: string | Record<string, unknown> | null,
    formatError: ErrorFormatter,
  ): Promise<Outcome> => {
    let operationName: string | null = null;
    let hasData = true;
    const spec = createHandler<HttpRequest, Invocation, OperationContext>({
      schema,
      formatError: formatError as never,
      async onSubscribe(req, params): Promise<OperationArgs<OperationContext> | ExecutionResult | SpecResponse> {
        const compiled = compile(params.query);
        if (compiled.errors) {
          // A result without `data`, rather than an error list: graphql-http recognises error lists with
          // `instanceof GraphQLError`, which fails when a test runner loads two copies of graphql.
          hasData = false;
          return { data: undefined, errors: compiled.errors };
        }
        const { document } = compiled;
        const operation = getOperationAST(document, params.operationName);
        operationName = params.operationName ?? operation?.name?.value ?? null;
        if (operation?.operation === 'subscription') {
          return errorResponse(
            400,
            'Subscriptions are not supported: API Gateway and Lambda keep no long-lived connections. Poll with a query instead.',
            formatError,
          );
        }
        // Mutations cannot happen over GET: https://graphql.github.io/graphql-over-http/draft/#sel-CALFJRPAAELBAAxwP
        if (operation?.operation === 'mutation' && req.method === 'GET') {
          return errorResponse(405, 'Mutations cannot be sent with GET. Use POST.', formatError, { allow: 'POST' });
        }
        const info: RequestInfo = {
          source: invocation.source,
          http: request,
          params: params as GraphQLParams,
          requestId: invocation.requestId,
        };
        let contextValue: unknown;
        let rootValue = options.rootValue;
        try {
          contextValue = options.context
            ? await options.context(invocation.event, invocation.lambdaContext, info)
            : { event: invocation.event, lambdaContext: invocation.lambdaContext, request: info };
          if (typeof rootValue === 'function') rootValue = await rootValue(info);
        } catch (error) {
          // A GraphQLError thrown on purpose (say, "Not authenticated") is shown; anything else is masked.
          const shown = error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error });
          const status = (shown.extensions.http as { status?: unknown } | undefined)?.status;
          return errorResponse(typeof status === 'number' ? status : 500, shown, formatError);
        }
        return {
          schema,
          document,
          operationName: params.operationName,
          variableValues: params.variables,
          contextValue: contextValue as OperationContext,
          rootValue,
        };
      },
      execute: (args) => {
        const result = execute(args);
        // Variables that do not coerce end execution before it starts: no `data` at all.
        if (!('then' in result) && !('data' in result)) hasData = false;
        return result;
      },
    });
    const [specBody, init] = await spec({
      method: request.method,
      url: request.rawQuery ? `${request.path}?${request.rawQuery}` : request.path,
      headers: request.headers,
      body,
      raw: request,
      context: invocation,
    });
    let status = init.status;
    const headers: Record<string, string> = { ...init.headers };
    // The spec: with application/graphql-response+json, a request error (no `data`) is a 4xx.
    if (!hasData && status === 200 && headers['content-type']?.startsWith('application/graphql-response+json')) {
      status = 400;
    }
    if (specBody === null || !headers['content-type']) {
      headers['content-type'] = JSON_TYPE;
    }
    return {
      status,
      headers,
      body: specBody ?? JSON.stringify({ errors: [formatError(new GraphQLError(emptyAnswerMessage(request, status)))] }),
      operationName,
    };
  };

  return async function handleGraphQLRequest(request, invocation) {
    const formatError = createErrorFormatter(options, invocation.requestId);
    const extraHeaders = cors ? corsHeaders(cors, request) : undefined;
    const answer = (outcome: Omit<Outcome, 'operationName'>, operationName: string | null = null): CoreResult => ({
      response: {
        status: outcome.status,
        headers: extraHeaders ? { ...outcome.headers, ...extraHeaders } : outcome.headers,
        body: outcome.body,
      },
      operationName,
      errorCount: formatError.count,
    });
    const fail = (status: number, message: string, headers?: Record<string, string>) =>
      answer(jsonError(status, message, formatError, headers));

    try {
      if (cors && isPreflight(request)) {
        const headers = preflightHeaders(cors, request, csrfPrevention ? csrfPrevention.requestHeaders : []);
        return { response: { status: 204, headers, body: '' }, operationName: null, errorCount: 0 };
      }
      if (EXPLORER_SHIPPED && options.explorer && wantsExplorer(request.method, request.headers.accept)) {
        return answer({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: EXPLORER_HTML });
      }
      if (csrfPrevention && !isCsrfSafe(request, csrfPrevention.requestHeaders)) {
        return fail(400, csrfMessage(csrfPrevention.requestHeaders));
      }
      const contentType = request.headers['content-type'];
      if (request.method === 'POST' && contentType?.toLowerCase().startsWith('multipart/form-data')) {
        return fail(
          415,
          'File uploads (multipart/form-data) are not supported. Upload files to S3 with a presigned URL and send its key in a variable.',
        );
      }
      const { body } = request;
      if (body !== null && tooLarge(body, limits.maxBodyBytes)) {
        return fail(413, `The request body exceeds the limit of ${limits.maxBodyBytes} bytes (limits.maxBodyBytes).`);
      }
      if (body !== null && request.method === 'POST' && /^\s*\[/.test(body) && /^application\/json/i.test(contentType ?? '')) {
        if (!batching) {
          return fail(400, 'Batched requests (a JSON array body) are not enabled. Send one operation per request, or set `batching: true` in the server options.');
        }
        let operations: unknown[];
        try {
          operations = JSON.parse(body) as unknown[];
        } catch {
          return fail(400, 'Unparsable JSON body');
        }
        if (operations.length === 0 || operations.length > batching.maxBatchSize) {
          return fail(400, `A batch must hold between 1 and ${batching.maxBatchSize} operations (batching.maxBatchSize); this one holds ${operations.length}.`);
        }
        const outcomes: Outcome[] = [];
        // One after the other: a batch is one Lambda invocation with one CPU share; parallel runs would only interleave.
        for (const operation of operations) {
          outcomes.push(await runOperation(request, invocation, operation as Record<string, unknown> | null, formatError));
        }
        const status = outcomes.every((outcome) => outcome.status === outcomes[0]!.status) ? outcomes[0]!.status : 200;
        return answer(
          { status, headers: { 'content-type': outcomes[0]!.headers['content-type']! }, body: `[${outcomes.map((o) => o.body).join(',')}]` },
          outcomes.map((o) => o.operationName ?? '').join(',') || null,
        );
      }
      const outcome = await runOperation(request, invocation, body, formatError);
      return answer(outcome, outcome.operationName);
    } catch (error) {
      // Only a bug in gqlambda or graphql-http gets here; the client still gets JSON with the request id.
      logger.error('The GraphQL handler failed', { requestId: invocation.requestId, error });
      return answer(jsonError(500, new GraphQLError('Internal error.', { originalError: error as Error }), formatError));
    }
  };
}

/**
 * Introspection off: refuse `__schema` and `__type`, but not `__typename`, which clients (Apollo Client,
 * urql) add to every selection to key their caches.
 */
const NoIntrospection: ValidationRule = (context) => ({
  Field(node) {
    const name = node.name.value;
    if (name === '__schema' || name === '__type') {
      context.reportError(
        new GraphQLError(`Introspection is disabled on this server, so "${name}" cannot be queried.`, { nodes: node }),
      );
    }
  },
});

/** UTF-8 takes 1 to 3 bytes per UTF-16 unit (4 per surrogate pair), so the length alone often decides. */
function tooLarge(body: string, maxBytes: number): boolean {
  if (body.length > maxBytes) return true;
  return body.length * 3 > maxBytes && Buffer.byteLength(body) > maxBytes;
}

function jsonError(
  status: number,
  error: string | GraphQLError,
  formatError: ErrorFormatter,
  headers?: Record<string, string>,
): Omit<Outcome, 'operationName'> {
  const body = JSON.stringify({ errors: [formatError(typeof error === 'string' ? new GraphQLError(error) : error)] });
  return { status, headers: { ...headers, 'content-type': JSON_TYPE }, body };
}

/** A graphql-http `Response` tuple, to end a request early from one of its hooks. */
function errorResponse(
  status: number,
  error: string | GraphQLError,
  formatError: ErrorFormatter,
  headers?: Record<string, string>,
): SpecResponse {
  const { body, headers: allHeaders } = jsonError(status, error, formatError, headers);
  return [body, { status, statusText: '', headers: allHeaders }];
}

/** graphql-http answers 405, 406 and 415 without a body; say what went wrong and what to do. */
function emptyAnswerMessage(request: HttpRequest, status: number): string {
  switch (status) {
    case 405:
      return `The ${request.method} method is not allowed. Send GraphQL requests with GET or POST.`;
    case 406:
      return `None of the accepted media types (${request.headers.accept}) can be served. Accept application/graphql-response+json or application/json.`;
    case 415:
      return `Unsupported content type "${request.headers['content-type'] ?? '(none)'}". Send a POST with content-type application/json.`;
    default:
      return `The request failed with status ${status}.`;
  }
}
