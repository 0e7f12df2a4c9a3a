/**
 * The contracts between the parts of the runtime: event-source adapters turn an AWS event into an
 * HttpRequest, the transport-neutral GraphQL-over-HTTP core answers it with an HttpResponse, and the
 * adapter turns that back into the shape the event's source expects.
 */

/** The Lambda context object, as far as the runtime uses it (see the AWS Node.js runtime docs). */
export interface LambdaContext {
  awsRequestId: string;
  functionName?: string;
  functionVersion?: string;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string;
  logGroupName?: string;
  logStreamName?: string;
  getRemainingTimeInMillis?: () => number;
  callbackWaitsForEmptyEventLoop?: boolean;
}

/** A request in one shape, whichever AWS service sent it. */
export interface HttpRequest {
  /** Upper case: GET, POST, OPTIONS, … */
  method: string;
  /** Path without the query string and without the REST API stage prefix, e.g. `/graphql`. */
  path: string;
  /** The query string without `?`, still URL-encoded. */
  rawQuery: string;
  /** Lower-case names; repeated headers joined with `, ` (cookies with `; `). */
  headers: Record<string, string>;
  /** The decoded body (base64 undone), or null when there is none. */
  body: string | null;
}

/** A response in one shape; each adapter maps it to its source's format. */
export interface HttpResponse {
  status: number;
  /** Lower-case names, one value each. */
  headers: Record<string, string>;
  /** Set-Cookie values, one per cookie (HTTP API v2 has a `cookies` array, v1 and ALB need multi-value headers). */
  cookies?: string[];
  body: string;
}

/**
 * One AWS event source (mangum's handler protocol): recognise its events by the keys they carry,
 * turn one into an HttpRequest, and turn an HttpResponse into what that source expects back.
 */
export interface EventSource<Event = unknown> {
  readonly name: string;
  matches(event: unknown): event is Event;
  toRequest(event: Event): HttpRequest;
  toResult(response: HttpResponse, event: Event): unknown;
}

/** The GraphQL parameters of one operation, as parsed from the request. */
export interface GraphQLParams {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** The third argument of the context factory: the request as gqlambda understood it. */
export interface RequestInfo {
  /** Which event source delivered it: 'rest-api', 'http-api', 'alb' or 'direct'. */
  source: string;
  http: HttpRequest;
  params: GraphQLParams;
  /** The Lambda request id (awsRequestId), also written in every log line and masked error. */
  requestId: string;
  /** What resolvers add to the HTTP response (also `context.response` with the default context). */
  response: ResponseAdditions;
}

/**
 * Headers and cookies a resolver adds to the HTTP response, e.g. `context.response.headers['cache-control']
 * = 'private, max-age=60'` or `context.response.cookies.push('session=…; HttpOnly; Secure')`. The
 * runtime's own headers win: `content-*` and CORS (`access-control-*`) headers set here are ignored.
 * Every event source gets them (HTTP API v2 a `cookies` array, REST v1 and ALB multi-value headers).
 */
export interface ResponseAdditions {
  headers: Record<string, string>;
  /** `Set-Cookie` values, one per cookie. */
  cookies: string[];
}

/** What one invocation carries into the GraphQL-over-HTTP core besides the request itself. */
export interface Invocation {
  /** The raw AWS event, untouched. */
  event: unknown;
  lambdaContext: LambdaContext;
  requestId: string;
  source: string;
  /** Epoch ms past which the work stops (Lambda's deadline less `timeoutReserveMs`). @default Infinity */
  deadline?: number;
}

/** The core's answer plus what the per-request log line needs. */
export interface CoreResult {
  response: HttpResponse;
  operationName?: string | null;
  errorCount: number;
}
