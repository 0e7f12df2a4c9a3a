/**
 * http
 *
 * The transport-neutral GraphQL-over-HTTP core (https://graphql.github.io/graphql-over-http/draft/).
 * GET and POST, Accept negotiation and parameter checks follow graphql-http's `createHandler` (whose
 * audit suite is the judge, in test/runtime/audits.test.ts) with its error messages, in a few lines and
 * without its per-request overhead; around them, what a Lambda API needs: CORS, CSRF prevention, the
 * explorer, a body limit, batching, query limits, a per-query-text document cache, error masking, and a
 * JSON body with `errors` on every answer.
 */
import { GraphQLError, execute, getOperationAST, specifiedRules, validate } from 'graphql';
import type { DocumentNode, ExecutionArgs, ExecutionResult, GraphQLSchema, ValidationRule } from 'graphql';
import { corsHeaders, csrfMessage, isCsrfSafe, isPreflight, preflightHeaders } from './cors.js';
import { createErrorFormatter } from './errors.js';
import type { ErrorFormatter } from './errors.js';
import { EXPLORER_HTML, wantsExplorer } from './explorer.js';
import { checkLimits, parseQuery } from './limits.js';
import { Lru } from './lru.js';
import type { ResolvedServerOptions } from './profile.js';
import type { CoreResult, GraphQLParams, HttpRequest, Invocation, RequestInfo } from './types.js';

declare const __GQLAMBDA_PROFILE__: string | undefined;

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';

/** Total query text kept in the document cache. A parsed document weighs about 30 times its text (measured
 * on GraphiQL's introspection query), so this is some 16 MB of documents at most. */
const CACHE_CHARS = 500_000;

/** A query text's fate: a document that passed limits and validation, or the errors to send. */
type Compiled = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/** One operation's answer, and its name for the log line. */
interface Outcome {
  status: number;
  headers: Record<string, string>;
  body: string;
  operationName?: string | null;
}

/**
 * Makes the GraphQL-over-HTTP handler for one schema. It never rejects: every failure, the client's or
 * ours, is an answer with a JSON body.
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
  const rules = [...specifiedRules, outOfScope(options.introspection), ...options.validationRules];
  const documents = new Lru<Compiled>(CACHE_CHARS);

  /** Parse, limits, validate: once per query text, then from the cache. */
  const compile = (query: string): Compiled => {
    let compiled = documents.get(query);
    if (!compiled) {
      const parsed = parseQuery(query, limits.maxTokens);
      const errors =
        parsed instanceof GraphQLError ? [parsed] : [checkLimits(parsed, limits) ?? validate(schema, parsed, rules)].flat();
      compiled = errors.length ? { errors } : { document: parsed as DocumentNode };
      documents.set(query, compiled, query.length);
    }
    return compiled;
  };

  /** One operation: the spec's checks in graphql-http's order and words, then `prepare` and `execute`. */
  const run = async (
    request: HttpRequest,
    invocation: Invocation,
    body: string | Record<string, unknown> | null,
    format: ErrorFormatter,
  ): Promise<Outcome> => {
    const { method, headers } = request;
    const type = negotiate(headers.accept);
    let operationName: string | null = null;

    const respond = (result: ExecutionResult, status = 200, extra?: Record<string, string>): Outcome => {
      // With application/graphql-response+json, a request error (no `data` at all) is a 4xx.
      if (type === GRAPHQL_RESPONSE_TYPE && result.data === undefined && status === 200) status = 400;
      const json = JSON.stringify(result.errors ? { ...result, errors: result.errors.map(format) } : result);
      return { status, headers: { ...extra, 'content-type': type ?? JSON_TYPE }, body: json, operationName };
    };
    const fail = (error: string | GraphQLError, status: number, extra?: Record<string, string>) =>
      respond({ errors: [typeof error === 'string' ? new GraphQLError(error) : error] }, status, extra);

    /** From well-formed parameters to execution arguments, or to the answer that ends the request. */
    const prepare = async (params: GraphQLParams): Promise<ExecutionArgs | Outcome> => {
      const compiled = compile(params.query);
      if (compiled.errors) return respond({ errors: compiled.errors });
      const { document } = compiled;
      const operation = getOperationAST(document, params.operationName);
      operationName = params.operationName ?? operation?.name?.value ?? null;
      if (operation?.operation === 'subscription') {
        return fail('Subscriptions are not supported: Lambda keeps no connection open. Poll with a query instead.', 400);
      }
      // "GET requests MUST NOT be used for executing mutation operations"; 405 names the method that may.
      if (operation?.operation === 'mutation' && method === 'GET') {
        return fail('Mutations cannot be sent with GET. Use POST.', 405, { allow: 'POST' });
      }
      const info: RequestInfo = { source: invocation.source, http: request, params, requestId: invocation.requestId };
      const { event, lambdaContext } = invocation;
      let contextValue: unknown;
      let rootValue = options.rootValue;
      try {
        contextValue = options.context ? await options.context(event, lambdaContext, info) : { event, lambdaContext, request: info };
        if (typeof rootValue === 'function') rootValue = await rootValue(info);
      } catch (error) {
        // A GraphQLError thrown on purpose ("Not authenticated") is shown, with `extensions.http.status`
        // as Apollo Server reads it; anything else is masked and logged.
        const shown = error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error });
        const status = (shown.extensions.http as { status?: unknown } | undefined)?.status;
        return fail(shown, typeof status === 'number' ? status : 500);
      }
      const { variables: variableValues, operationName: name } = params;
      return { schema, document, operationName: name, variableValues, contextValue, rootValue };
    };

    const bad = (message: string, status = 400, extra?: Record<string, string>): Outcome => {
      const outcome = jsonError(format, status, message);
      return { ...outcome, headers: { ...extra, ...outcome.headers } };
    };
    // graphql-http's order: Accept first (406), then the method (405).
    if (!type) {
      const message = `Cannot answer in any media type of "accept: ${headers.accept}". Accept application/graphql-response+json or application/json.`;
      return bad(message, 406, { accept: `${GRAPHQL_RESPONSE_TYPE}, ${JSON_TYPE}` });
    }
    if (method !== 'GET' && method !== 'POST') {
      return bad(`The ${method} method is not allowed. Send GraphQL requests with GET or POST.`, 405, { allow: 'GET, POST' });
    }
    let data: unknown;
    if (method === 'GET') {
      const search = new URLSearchParams(request.rawQuery);
      const get = (name: string) => search.get(name) ?? undefined;
      // An empty `variables=` or `extensions=` counts as absent, as in graphql-http.
      const json = (name: string) => (search.get(name) ? JSON.parse(search.get(name)!) : undefined);
      try {
        data = { query: get('query'), operationName: get('operationName'), variables: json('variables'), extensions: json('extensions') };
      } catch {
        return bad('Unparsable URL');
      }
    } else {
      if (!/^application\/json\s*(;\s*charset=utf-?8)?$/i.test(headers['content-type'] ?? '')) return bad(`Unsupported content type "${headers['content-type'] ?? '(none)'}". Send a POST with content-type application/json.`, 415);
      if (!body) return bad('Missing body');
      data = typeof body === 'string' ? parseJson(body) : body;
      if (data === undefined) return bad('Unparsable JSON body');
      if (typeof data !== 'object' || data === null) return bad('JSON body must be an object');
    }
    const { query, variables, operationName: name, extensions } = data as Record<string, unknown>;
    const problem = query == null ? 'Missing query' : typeof query !== 'string' ? 'Invalid query' : !isMap(variables) ? 'Invalid variables' : name != null && typeof name !== 'string' ? 'Invalid operationName' : !isMap(extensions) ? 'Invalid extensions' : undefined;
    if (problem) return bad(problem);
    const prepared = await prepare(data as GraphQLParams);
    return 'status' in prepared ? prepared : respond(await execute(prepared));
  };

  return async function handleGraphQLRequest(request, invocation) {
    const format = createErrorFormatter(options, invocation.requestId);
    const answer = ({ status, headers, body, operationName = null }: Outcome): CoreResult => ({
      response: { status, headers: cors ? { ...headers, ...corsHeaders(cors, request) } : headers, body },
      operationName,
      errorCount: format.count,
    });
    const fail = (status: number, message: string) => answer(jsonError(format, status, message));

    try {
      const { method, headers, body } = request;
      if (cors && isPreflight(request)) {
        const allowed = preflightHeaders(cors, request, csrfPrevention ? csrfPrevention.requestHeaders : []);
        return { response: { status: 204, headers: allowed, body: '' }, operationName: null, errorCount: 0 };
      }
      // esbuild's `define` makes the first test `false` in production bundles, which then drop the page;
      // unbundled (tests), or in development bundles, the `explorer` option decides. (Written out here:
      // esbuild folds constants only within one expression.)
      if (
        (typeof __GQLAMBDA_PROFILE__ !== 'string' || __GQLAMBDA_PROFILE__ !== 'production') &&
        options.explorer &&
        wantsExplorer(method, headers.accept)
      ) {
        return answer({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: EXPLORER_HTML });
      }
      if (csrfPrevention && !isCsrfSafe(request, csrfPrevention.requestHeaders)) {
        return fail(400, csrfMessage(csrfPrevention.requestHeaders));
      }
      const contentType = headers['content-type']?.toLowerCase() ?? '';
      if (method === 'POST' && contentType.startsWith('multipart/form-data')) {
        return fail(415, 'File uploads (multipart/form-data) are not supported. Upload to S3 with a presigned URL and send the key.');
      }
      if (body !== null && tooLarge(body, limits.maxBodyBytes)) {
        return fail(413, `The request body is over the limit of ${limits.maxBodyBytes} bytes (limits.maxBodyBytes).`);
      }
      if (method === 'POST' && body !== null && /^\s*\[/.test(body) && contentType.startsWith('application/json')) {
        if (!batching) {
          return fail(400, 'Batching (a JSON array body) is off. Send one operation per request, or set `batching: true`.');
        }
        let operations: unknown[];
        try {
          operations = JSON.parse(body) as unknown[];
        } catch {
          return fail(400, 'Unparsable JSON body');
        }
        const { maxBatchSize } = batching;
        if (operations.length < 1 || operations.length > maxBatchSize) {
          return fail(400, `A batch holds 1 to ${maxBatchSize} operations (batching.maxBatchSize), not ${operations.length}.`);
        }
        const outcomes: Outcome[] = [];
        // One after the other: an invocation has one CPU share, so running them together would only interleave.
        for (const operation of operations) outcomes.push(await run(request, invocation, operation as never, format));
        const [first] = outcomes as [Outcome];
        return answer({
          status: outcomes.every((outcome) => outcome.status === first.status) ? first.status : 200,
          headers: { 'content-type': first.headers['content-type']! },
          body: `[${outcomes.map((outcome) => outcome.body).join()}]`,
          operationName: outcomes.map((outcome) => outcome.operationName ?? '').join() || null,
        });
      }
      return answer(await run(request, invocation, body, format));
    } catch (error) {
      // Only a bug in gqlambda gets here; the client still gets JSON with the request id.
      logger.error('The GraphQL handler failed', { requestId: invocation.requestId, error });
      return answer(jsonError(format, 500, new GraphQLError('Internal error.', { originalError: error as Error })));
    }
  };
}

/**
 * Refuses, in words, what this server does not do: introspection when it is off (`__schema` and `__type`,
 * but not `__typename`, which Apollo Client and urql add to every selection), and the `_service` and
 * `_entities` fields that an Apollo Federation gateway asks of its subgraphs.
 */
const outOfScope =
  (introspection: boolean): ValidationRule =>
  (context) => ({
    Field(node) {
      const name = node.name.value;
      const message =
        !introspection && (name === '__schema' || name === '__type')
          ? `Introspection is disabled on this server, so "${name}" cannot be queried.`
          : (name === '_service' || name === '_entities') && !context.getFieldDef()
            ? `Apollo Federation is not supported: this server is not a subgraph, so "${name}" cannot be queried.`
            : undefined;
      if (message) context.reportError(new GraphQLError(message, { nodes: node }));
    },
  });

/** The answer's media type: the first acceptable one listed; undefined when none is (a 406). */
function negotiate(accept: string | undefined): string | undefined {
  if (!accept) return JSON_TYPE;
  for (const part of accept.toLowerCase().split(',')) {
    if (/charset=(?!utf-?8)/.test(part)) continue;
    const type = part.split(';')[0]!.trim();
    if (type === 'application/graphql-response+json') return GRAPHQL_RESPONSE_TYPE;
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return JSON_TYPE;
  }
  return undefined;
}

const isMap = (value: unknown) => value == null || (typeof value === 'object' && !Array.isArray(value));

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** UTF-8 takes 1 to 3 bytes per UTF-16 unit (4 per surrogate pair), so the length alone often decides. */
function tooLarge(body: string, maxBytes: number): boolean {
  return body.length > maxBytes || (body.length * 3 > maxBytes && Buffer.byteLength(body) > maxBytes);
}

function jsonError(format: ErrorFormatter, status: number, error: string | GraphQLError): Outcome {
  const errors = [format(typeof error === 'string' ? new GraphQLError(error) : error)];
  return { status, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify({ errors }) };
}

