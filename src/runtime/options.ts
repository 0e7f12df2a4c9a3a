/**
 * The runtime's options: what users set in src/server.ts (through `defineServer`) and what the
 * generated handler passes to `createLambdaHandler`. Mirrors the options of Ariadne's GraphQL app.
 */
import type { DocumentNode, GraphQLError, GraphQLFormattedError, ValidationRule } from 'graphql';
import type { LambdaContext, RequestInfo } from './types.js';

export type Profile = 'development' | 'production';

/**
 * Builds the per-request context from the raw event, the Lambda context and the parsed request
 * (like Ariadne's `context_value=event`, but typed). May be async.
 */
export type ContextFactory<Context> = (
  event: unknown,
  lambdaContext: LambdaContext,
  request: RequestInfo,
) => Context | Promise<Context>;

/** One structured line per request. */
export interface RequestLogEntry {
  level: 'info' | 'error';
  requestId: string;
  source: string;
  method: string;
  path: string;
  operationName: string | null;
  status: number;
  durationMs: number;
  errors: number;
}

export interface Logger {
  /** Called once per request. */
  request(entry: RequestLogEntry): void;
  /** Called for failures that are not the client's fault (masked resolver errors, setup failures, …). */
  error(message: string, details: { requestId: string; error?: unknown; [key: string]: unknown }): void;
  /** Called for a masked error that is the client's (a custom scalar refusing its literal, say). */
  info?: Logger['error'];
}

export interface Limits {
  /** Deepest selection nesting, following fragment spreads. Admits GraphiQL's introspection query. @default 15 */
  maxDepth: number;
  /** Aliased fields in one document, following fragment spreads. @default 30 */
  maxAliases: number;
  /** Tokens graphql-js's parser reads before it gives up (`parse`'s `maxTokens`). @default 5000 */
  maxTokens: number;
  /** Request body size in bytes. @default 100_000 */
  maxBodyBytes: number;
  /**
   * Query cost, following fragments: 1 per field, and a list field's selection counted once per item its
   * `first`/`last`/`limit`/`count` argument asks for (or `defaultListSize`). @default 50_000
   */
  maxCost: number;
  /** The items a list field without a size argument is assumed to return, for the cost. @default 10 */
  defaultListSize: number;
  /**
   * Values in one request's result, counted while it runs (every field and list item is one; a batch's
   * operations share them), for what the cost cannot foresee: a resolver returning 100,000 rows. Past it
   * the request stops and answers one error without data. 100,000 values make a few MB of JSON and some
   * 50 MB of memory: under Lambda's 6 MB response limit and a small function's memory. @default 100_000
   */
  maxResultValues: number;
}

export interface CorsOptions {
  /** Allowed origins; `true` reflects any origin, a string or list allows exactly those. */
  origin: true | string | string[];
  /** Send `Access-Control-Allow-Credentials: true`. @default false */
  credentials?: boolean;
  /** Extra request headers allowed in preflight. @default ['content-type', 'authorization'] */
  allowedHeaders?: string[];
  /** Preflight cache, seconds. @default 600 */
  maxAge?: number;
}

export interface ServerOptions<Context = unknown> {
  /** Context factory; without one the context is `{ event, lambdaContext, request }`. */
  context?: ContextFactory<Context>;
  /** Root value passed to the root resolvers; a function is called per request. May be async. */
  rootValue?: unknown | ((request: RequestInfo) => unknown | Promise<unknown>);
  /**
   * Runs once per container before the first request (a database pool, secrets), not once per
   * invocation; health checks do not wait for it. When it fails, every request gets a 500 naming its
   * request id (the error is logged with it) and the hook is tried again on a request at least 10 s
   * later, or by the next cold start: a warm container does not stay broken, nor hammer a dependency
   * that is down.
   */
  setup?: () => void | Promise<void>;
  /** Overrides the profile baked in at build time. Mostly for tests. */
  profile?: Profile;
  /** @default false in production, true in development */
  introspection?: boolean;
  /**
   * Unexpected errors' real messages, and stack traces, in error extensions. Production bundles leave the
   * stack traces out to stay small; `gqlambda dev` bundles and unbundled code add them.
   * @default false in production, true in development
   */
  debug?: boolean;
  /**
   * GraphiQL (from a CDN) on GET with `Accept: text/html`. Production bundles leave the page out to stay
   * small, so there it stays off whatever this says; `gqlambda dev` bundles and unbundled code honour it.
   * @default false in production, true in development
   */
  explorer?: boolean;
  /**
   * Shapes every error sent to clients. Receives the error and whether gqlambda would mask it
   * (an unexpected error rather than a GraphQLError thrown on purpose).
   */
  formatError?: (error: GraphQLError, context: { masked: boolean; requestId: string }) => GraphQLFormattedError;
  /** Validation rules run after graphql-js's specified rules. @default [] */
  validationRules?: ValidationRule[];
  /** Partial limits are merged over the defaults. */
  limits?: Partial<Limits>;
  /** CORS; off when undefined. */
  cors?: CorsOptions;
  /**
   * Apollo Server's CSRF prevention: refuse GET and simple POST requests without a header that
   * forces a preflight. Turn on for APIs that authenticate with cookies. @default false
   */
  csrfPrevention?: boolean | { requestHeaders: string[] };
  /** Accept a JSON array of operations in one POST. @default false */
  batching?: boolean | { maxBatchSize: number };
  /** Serve GraphQL only on this path (others get 404). @default undefined: any path */
  graphqlPath?: string;
  /** A path answered with 200 `{"status":"ok"}` for ALB target health checks. @default undefined */
  healthCheckPath?: string;
  /** Replace the default JSON-lines logger, or turn request lines off with `false`. */
  logger?: Logger | false;
  /** Milliseconds kept in reserve before Lambda's deadline: past it the request ends with a 504. @default 500 */
  timeoutReserveMs?: number;
  /**
   * With trusted documents (`gqlambda build --operations`): refuse any request that does not name one by
   * `documentId` or `extensions.persistedQuery.sha256Hash`. @default false
   */
  trustedDocumentsOnly?: boolean;
  /** `Cache-Control` of a GET of a trusted document, e.g. `'public, max-age=60'`, so a CDN can cache it. @default none */
  trustedDocumentsCacheControl?: string;
}

/** The loose shape of a resolver map as the runtime consumes it (the generated `Resolvers` type is stricter). */
export type ResolverMap = Record<string, unknown>;

export interface LambdaHandlerOptions<Context = unknown> extends ServerOptions<Context> {
  /** The schema's type definitions; the generated handler passes a pre-parsed document. */
  typeDefs: DocumentNode | string;
  resolvers: ResolverMap;
  /** Trusted documents, `sha256:<hex>` → document text, validated at build time (generated by `gqlambda build --operations`). */
  documents?: Record<string, string>;
}

/** Types the default export of src/server.ts; returns its argument unchanged. */
export function defineServer<Context>(options: ServerOptions<Context>): ServerOptions<Context> {
  return options;
}
