/**
 * profile
 *
 * The build profile and the options with every default filled in. `gqlambda build` bundles with
 * esbuild `define: { __GQLAMBDA_PROFILE__: '"production"' }` (`gqlambda dev`: '"development"');
 * unbundled (tests, tsc output) the identifier does not exist and the safe profile, production, applies.
 *
 * To drop development-only code from production bundles, test the identifier itself where the code is,
 * as http.ts does for the explorer page: `typeof __GQLAMBDA_PROFILE__ !== 'string' || __GQLAMBDA_PROFILE__
 * !== 'production'` folds to `false`. esbuild does not inline a `const` exported from another module
 * (checked with esbuild 0.28), so a shared `DEV` constant would keep the dead code.
 */
import type { ValidationRule } from 'graphql';
import { defaultLogger, silentRequests } from './logger.js';
import type { CorsOptions, Limits, Logger, Profile, ServerOptions } from './options.js';

declare const __GQLAMBDA_PROFILE__: Profile | undefined;

/** The profile baked in at build time; 'production' when the code was not bundled by gqlambda. */
export const BUILD_PROFILE: Profile =
  typeof __GQLAMBDA_PROFILE__ === 'string' ? __GQLAMBDA_PROFILE__ : 'production';

/** Apollo Server's defaults: any of these headers forces a CORS preflight, so a browser form cannot send it. */
const CSRF_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight', 'graphql-require-preflight'];

/** The limits' defaults (documented on `Limits` in options.ts). */
export const DEFAULT_LIMITS: Limits = {
  maxDepth: 15,
  maxAliases: 30,
  maxTokens: 5000,
  maxBodyBytes: 100_000,
  maxCost: 50_000,
  defaultListSize: 10,
  maxResultValues: 100_000,
};

/** The CORS options with every default applied. */
export type ResolvedCors = Required<CorsOptions>;

/**
 * What the GraphQL-over-HTTP core (http.ts) receives, plus `schema`: every option resolved against the
 * profile, nothing left for the core to default.
 */
export interface ResolvedServerOptions<Context = unknown> {
  profile: Profile;
  context?: ServerOptions<Context>['context'];
  rootValue?: ServerOptions<Context>['rootValue'];
  introspection: boolean;
  debug: boolean;
  explorer: boolean;
  formatError?: ServerOptions<Context>['formatError'];
  validationRules: readonly ValidationRule[];
  limits: Limits;
  /** Undefined when CORS is off. */
  cors: ResolvedCors | undefined;
  /** False when off, otherwise the headers of which one must be present on GET and simple POST requests. */
  csrfPrevention: false | { requestHeaders: string[] };
  /** False when off. */
  batching: false | { maxBatchSize: number };
  graphqlPath?: string;
  healthCheckPath?: string;
  /** Always a logger; with `logger: false` its `request` does nothing but errors are still logged. */
  logger: Logger;
  timeoutReserveMs: number;
  trustedDocumentsOnly?: boolean;
  trustedDocumentsCacheControl?: string;
}

/**
 * Applies the profile's defaults: introspection, debug and the explorer are off in production and on in
 * development unless set explicitly; limits are merged over `DEFAULT_LIMITS`. Other options pass through.
 *
 * @example
 * resolveOptions({ profile: 'development', explorer: false }).introspection; // true
 */
export function resolveOptions<Context>(options: ServerOptions<Context>): ResolvedServerOptions<Context> {
  const profile = options.profile ?? BUILD_PROFILE;
  const dev = profile === 'development';
  const { cors, csrfPrevention, batching, logger } = options;
  if (cors && cors.origin === '*' && cors.credentials) {
    throw new Error(
      "cors: origin '*' with credentials allows no one. List the origins, or use origin: true.",
    );
  }
  return {
    ...options,
    profile,
    introspection: options.introspection ?? dev,
    debug: options.debug ?? dev,
    explorer: options.explorer ?? dev,
    validationRules: options.validationRules ?? [],
    limits: { ...DEFAULT_LIMITS, ...definedOnly(options.limits) },
    cors: cors && ({ credentials: false, allowedHeaders: ['content-type', 'authorization'], maxAge: 600, ...definedOnly(cors) } as ResolvedCors),
    csrfPrevention: csrfPrevention === true ? { requestHeaders: CSRF_HEADERS } : csrfPrevention || false,
    batching: batching === true ? { maxBatchSize: 10 } : batching || false,
    logger: logger === false ? silentRequests : logger ? neverThrows(logger) : defaultLogger,
    timeoutReserveMs: options.timeoutReserveMs ?? 500,
  };
}

/** Logging must never change an answer: a logger that throws is ignored, call by call. */
function neverThrows(logger: Logger): Logger {
  const safe = {} as Record<string, Function>;
  for (const level of ['request', 'error', 'info'] as const) {
    safe[level] = (...args: [never, never]) => {
      try {
        logger[level]?.(...args);
      } catch {}
    };
  }
  return safe as unknown as Logger;
}

/** `{ maxDepth: undefined }` must not erase the default. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  const out: Partial<T> = {};
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
