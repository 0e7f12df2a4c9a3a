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
import { GraphQLError, specifiedRules, validate } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLSchema, ValidationRule } from 'graphql';
import { corsHeaders, csrfMessage, isCsrfSafe, isPreflight, preflightHeaders } from './cors.js';
import { createErrorFormatter } from './errors.js';
import { createExecutor, isPromise, selectOperation } from './execute.js';
import type { Budget } from './execute.js';
import { EXPLORER_HTML, wantsExplorer } from './explorer.js';
import { checkLimits, parseQuery } from './limits.js';
import { createLru } from './lru.js';
import { trustedDocuments } from './trusted-documents.js';
import type { ResolvedServerOptions } from './profile.js';
import type { CoreResult, GraphQLParams, HttpRequest, HttpResponse, Invocation, RequestInfo, ResponseAdditions } from './types.js';

declare const __GQLAMBDA_PROFILE__: string | undefined;
/** `false` in bundles built without trusted documents, which then drop their code (see trusted-documents.ts). */
declare const __GQLAMBDA_TRUSTED_DOCUMENTS__: boolean | undefined;

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
const ACCEPTED = `${GRAPHQL_RESPONSE_TYPE}, ${JSON_TYPE}`;

/** Total query text kept in the document cache: 1,000 characters per MB of the function's memory (500,000
 * where Lambda does not say). A parsed document weighs about 30 times its text (measured on GraphiQL's
 * introspection query), so the cache holds some 3% of the memory at most. */
const CACHE_CHARS = 1000 * (Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE) || 500);

/** A query text's fate: a document that passed limits and validation, or the errors to send. */
type Compiled = { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: readonly GraphQLError[] };

/** One operation's answer, and its name for the log line. */
type Outcome = HttpResponse & { operationName?: string | null };

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
  options: ResolvedServerOptions & { schema: GraphQLSchema; documents?: Record<string, string> },
): (request: HttpRequest, invocation: Invocation) => CoreResult | Promise<CoreResult> {
  const { schema, limits, cors, csrfPrevention, batching, logger } = options;
  const rules = [...specifiedRules, outOfScope(options.introspection), ...options.validationRules];
  const documents = createLru<Compiled>(CACHE_CHARS);
  // With introspection off, "Did you mean …?" would give the schema away name by name.
  const hideSuggestions = !options.introspection;
  const execute = createExecutor(schema, hideSuggestions);
  const trusted =
    (typeof __GQLAMBDA_TRUSTED_DOCUMENTS__ !== 'boolean' || __GQLAMBDA_TRUSTED_DOCUMENTS__) && options.documents
      ? trustedDocuments(options.documents, options.trustedDocumentsOnly)
      : undefined;
  // Clients send the same Accept header request after request: the last one's answer is kept.
  let lastAccept: string | undefined;
  let lastType = negotiate(lastAccept);

  /** Parse, limits, validate: once per query text, then from the cache. */
  const compile = (query: string): Compiled => {
    let compiled = documents.get(query);
    if (!compiled) {
      const parsed = parseQuery(query, limits.maxTokens);
      const errors =
        parsed instanceof GraphQLError ? [parsed] : [checkLimits(parsed, limits, schema) ?? validate(schema, parsed, rules, { hideSuggestions })].flat();
      if (errors.length) return { errors };
      // Only documents are kept: a failure's errors hold what parsing and validation had in hand (some 57 KB
      // for a 15-character query), so thousands of distinct bad queries would fill the memory.
      compiled = { document: parsed as DocumentNode };
      documents.set(query, compiled, query.length);
    }
    return compiled;
  };

  // Not `async`: a request whose context, root value and resolvers are all synchronous is answered without a
  // single promise, which also spares it the deadline race (index.ts), the largest cost left on such a request.
  return function handleGraphQLRequest(request, invocation) {
    const format = createErrorFormatter(options, invocation.requestId);
    const { method, headers, body } = request;
    const added: ResponseAdditions = { headers: {}, cookies: [] };
    const budget: Budget = { spent: 0, max: limits.maxResultValues, at: invocation.deadline ?? Infinity };

    /** The operation being answered, for the log line (and, in a batch, each one in turn). */
    let operationName: string | null = null;

    /** Every answer of ours: the result (or one error) as JSON, its errors formatted (masked, counted). */
    const reply = (status: number, result: ExecutionResult | string | GraphQLError, type = JSON_TYPE, extra?: Record<string, string>): Outcome => {
      if (typeof result === 'string' || result instanceof GraphQLError) result = { errors: [typeof result === 'string' ? new GraphQLError(result) : result] };
      // With application/graphql-response+json, a request error (no `data` at all) is a 4xx.
      if (type === GRAPHQL_RESPONSE_TYPE && result.data === undefined && status === 200) status = 400;
      // No data and no server failure: the errors are the client's (a bad literal of a custom scalar, say).
      format.client = status < 500 && result.data === undefined;
      const json = JSON.stringify(result.errors ? { ...result, errors: result.errors.map(format) } : result);
      return { status, headers: { ...extra, 'content-type': type }, body: json, operationName };
    };

    /** One operation: the spec's checks in graphql-http's order and words, then context and execution. */
    const run = (data: unknown): Outcome | Promise<Outcome> => {
      operationName = null;
      if (headers.accept !== lastAccept) lastType = negotiate((lastAccept = headers.accept));
      const type = lastType;
      if (!type) {
        return reply(406, `Cannot answer "accept: ${headers.accept}": accept ${ACCEPTED}.`, JSON_TYPE, { accept: ACCEPTED });
      }
      // The rest of a batch: nothing more runs once the request is over its budget or its deadline (whose
      // answer, a 504, index.ts gives). The first operation starts at once: the clock costs on every request.
      if (budget.stop || (budget.spent && Date.now() > budget.at)) return reply(200, budget.stop ?? '', type);
      if (method === 'GET') {
        const search = new URLSearchParams(request.rawQuery);
        // An empty `variables=` or `extensions=` counts as absent, as in graphql-http.
        const param = (name: string, json?: boolean) => {
          const value = search.get(name) ?? undefined;
          return json ? (value ? JSON.parse(value) : undefined) : value;
        };
        try {
          data = { query: param('query'), operationName: param('operationName'), variables: param('variables', true), extensions: param('extensions', true) };
        } catch {
          return reply(400, 'Unparsable URL');
        }
      } else if (method !== 'POST') {
        return reply(405, `The ${method} method is not allowed: use GET or POST.`, JSON_TYPE, { allow: 'GET, POST' });
      } else if (!/^application\/json\s*(;\s*charset=utf-?8)?$/i.test(headers['content-type'] ?? '')) {
        return reply(415, `Unsupported content type "${headers['content-type'] ?? '(none)'}". Use content-type application/json.`);
      } else if (!data) {
        return reply(400, 'Missing body');
      } else if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch {
          return reply(400, 'Unparsable JSON body');
        }
      }
      if (typeof data !== 'object' || data === null) return reply(400, 'JSON body must be an object');
      let params = data as GraphQLParams;
      let document: DocumentNode | undefined;
      if ((typeof __GQLAMBDA_TRUSTED_DOCUMENTS__ !== 'boolean' || __GQLAMBDA_TRUSTED_DOCUMENTS__) && trusted) {
        const found = trusted(params, request);
        if (Array.isArray(found)) return reply(found[0], found[1], type);
        if (found) {
          // Validated at build time: straight to execution, with the text for the checks below.
          document = found;
          params = { ...params, query: '' };
          if (method === 'GET' && options.trustedDocumentsCacheControl) added.headers['cache-control'] = options.trustedDocumentsCacheControl;
        }
      }
      const { query, variables, operationName: name, extensions } = params;
      const problem =
        query == null ? 'Missing query'
        : typeof query !== 'string' ? 'Invalid query'
        : !isMap(variables) ? 'Invalid variables'
        : name != null && typeof name !== 'string' ? 'Invalid operationName'
        : !isMap(extensions) ? 'Invalid extensions'
        : undefined;
      if (problem) return reply(400, problem);

      const compiled = (typeof __GQLAMBDA_TRUSTED_DOCUMENTS__ !== 'boolean' || __GQLAMBDA_TRUSTED_DOCUMENTS__) && document ? { document } : compile(query);
      // The cost was checked with the variables' defaults; a list size may come from this request's variables.
      const errors = compiled.errors ?? (variables && checkLimits(compiled.document, limits, schema, variables));
      if (errors) return reply(200, { errors: [errors].flat() }, type);
      document = compiled.document!;
      const operation = selectOperation(document, name);
      if (typeof operation === 'string') return reply(200, operation, type);
      operationName = name ?? operation.name?.value ?? null;
      if (operation.operation === 'subscription') {
        return reply(400, 'Subscriptions are not supported: Lambda keeps no connection open.', type);
      }
      // "GET requests MUST NOT be used for executing mutation operations"; 405 names the method that may.
      if (operation.operation === 'mutation' && method === 'GET') return reply(405, 'Mutations cannot be sent with GET. Use POST.', type, { allow: 'POST' });
      const info: RequestInfo = { source: invocation.source, http: request, params, requestId: invocation.requestId, response: added };
      const { event, lambdaContext } = invocation;
      const answer = (contextValue: unknown, rootValue: unknown) => {
        const result = execute({ document, operationName: name, variableValues: variables, contextValue, rootValue, budget });
        return isPromise(result) ? result.then((settled) => reply(200, settled, type)) : reply(200, result, type);
      };
      let contextValue: unknown;
      try {
        contextValue = options.context ? options.context(event, lambdaContext, info) : { event, lambdaContext, request: info, response: added };
      } catch (error) {
        return fail(error, type);
      }
      const { rootValue } = options;
      if (!isPromise(contextValue) && typeof rootValue !== 'function') return answer(contextValue, rootValue);
      return (async () => {
        let root: unknown;
        try {
          contextValue = await contextValue;
          root = typeof rootValue === 'function' ? await rootValue(info) : rootValue;
        } catch (error) {
          return fail(error, type);
        }
        return answer(contextValue, root);
      })();
    };

    /**
     * A GraphQLError thrown on purpose by the context factory or root value ("Not authenticated") is shown,
     * with `extensions.http.status` as Apollo Server reads it; anything else (there, or a bug in gqlambda
     * anywhere) is a 500 that the formatter masks and logs: the client still gets JSON with the request id.
     */
    const fail = (error: unknown, type?: string) => {
      const shown = error instanceof GraphQLError ? error : new GraphQLError(String(error), { originalError: error as Error });
      const status = (shown.extensions.http as { status?: unknown } | undefined)?.status;
      return reply(typeof status === 'number' ? status : 500, shown, type);
    };
    // A header a resolver added is not sent when it holds a control character (CR/LF would forge headers of
    // its own) or is a content or CORS header, which are the runtime's alone: a bug of the server's, logged.
    const valid = (name: string, value: unknown) =>
      !/^(content-|access-control-)|[\0-\b\n-\x1f\x7f]/i.test(name + value) || logger.error('Response header refused', { requestId: invocation.requestId, name });
    const finish = ({ status, headers: answerHeaders, body: answerBody, operationName: name }: Outcome): CoreResult => {
      // The runtime's headers win over what resolvers added.
      const merged: Record<string, string> = {};
      for (const key in added.headers) if (valid(key, added.headers[key])) merged[key.toLowerCase()] = added.headers[key]!;
      const cookies = added.cookies.filter((cookie) => valid('set-cookie', cookie));
      return {
        response: { status, headers: { ...merged, ...answerHeaders, ...(cors && corsHeaders(cors, request)) }, cookies, body: answerBody },
        operationName: name ?? null,
        errorCount: format.count,
      };
    };

    let outcome: Outcome | Promise<Outcome>;
    try {
      const contentType = headers['content-type']?.toLowerCase() ?? '';
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
        outcome = { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: EXPLORER_HTML };
      } else if (csrfPrevention && !isCsrfSafe(request, csrfPrevention.requestHeaders)) {
        outcome = reply(400, csrfMessage(csrfPrevention.requestHeaders));
      } else if (
        // A hint for development; production bundles drop it (see above), and answer the 415 of any other
        // content type.
        (typeof __GQLAMBDA_PROFILE__ !== 'string' || __GQLAMBDA_PROFILE__ !== 'production') &&
        method === 'POST' &&
        contentType.startsWith('multipart/form-data')
      ) {
        outcome = reply(415, 'File uploads are not supported: use S3 with a presigned URL.');
      } else if (body !== null && body.length * 3 > limits.maxBodyBytes && Buffer.byteLength(body) > limits.maxBodyBytes) {
        // (UTF-8 takes at most 3 bytes per UTF-16 unit, so short bodies are not measured.)
        outcome = reply(413, `The body is over the limit of ${limits.maxBodyBytes} bytes (limits.maxBodyBytes).`);
      } else if (method === 'POST' && body !== null && /^\s*\[/.test(body) && contentType.startsWith('application/json')) {
        outcome = batching ? runBatch(body, batching.maxBatchSize) : reply(400, 'Batching is off: set `batching: true`.');
      } else {
        outcome = run(body);
      }
    } catch (error) {
      outcome = fail(error);
    }
    return isPromise(outcome) ? outcome.then(finish, (error) => finish(fail(error))) : finish(outcome);

    async function runBatch(text: string, maxBatchSize: number): Promise<Outcome> {
      let operations: unknown[];
      try {
        operations = JSON.parse(text) as unknown[];
      } catch {
        return reply(400, 'Unparsable JSON body');
      }
      if (operations.length < 1 || operations.length > maxBatchSize) {
        return reply(400, `A batch holds 1 to ${maxBatchSize} operations (batching.maxBatchSize), not ${operations.length}.`);
      }
      const outcomes: Outcome[] = [];
      // One after the other: an invocation has one CPU share, so running them together would only interleave.
      for (const operation of operations) outcomes.push(await run(operation));
      const [first] = outcomes as [Outcome];
      return {
        status: outcomes.every((one) => one.status === first.status) ? first.status : 200,
        headers: { 'content-type': first.headers['content-type']! },
        body: `[${outcomes.map((one) => one.body).join()}]`,
        operationName: outcomes.map((one) => one.operationName ?? '').join() || null,
      };
    }
  };
}

/**
 * Refuses, in words, what this server does not do: introspection when it is off (`__schema` and `__type`,
 * but not `__typename`, which Apollo Client and urql add to every selection), and the `_service` and
 * `_entities` fields that an Apollo Federation router asks of its subgraphs, on a schema that does not link
 * Federation 2 (a subgraph's own fields are found, and answered by gqlambda/runtime/federation).
 */
const outOfScope =
  (introspection: boolean): ValidationRule =>
  (context) => ({
    Field(node) {
      const name = node.name.value;
      const message =
        !introspection && (name === '__schema' || name === '__type')
          ? `Introspection is disabled: "${name}" cannot be queried.`
          : // A hint for development; production bundles drop it and answer graphql-js's unknown-field error.
            (typeof __GQLAMBDA_PROFILE__ !== 'string' || __GQLAMBDA_PROFILE__ !== 'production') &&
              (name === '_service' || name === '_entities') &&
              !context.getFieldDef()
            ? `Not a federation subgraph: "${name}" cannot be queried.`
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
