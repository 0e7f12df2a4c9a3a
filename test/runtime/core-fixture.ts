/** A small schema and helpers for testing the GraphQL-over-HTTP core directly, without an AWS event. */
import { GraphQLError, buildSchema } from 'graphql';
import type { GraphQLFieldResolver } from 'graphql';
import { createGraphQLHttpHandler } from '../../src/runtime/http.js';
import { resolveOptions } from '../../src/runtime/profile.js';
import type { Logger, ServerOptions } from '../../src/runtime/options.js';
import type { CoreResult, HttpRequest, Invocation } from '../../src/runtime/types.js';

export const SDL = /* GraphQL */ `
  type Query {
    hello(name: String): String!
    user: User
    secret: String
    denied: String
    viewer: String
  }
  type User { name: String! friend: User }
  type Mutation { setGreeting(value: String!): String! }
  type Subscription { ticks: Int }
`;

/** A schema with resolvers attached; `secret` fails the way a database driver would. */
export function fixtureSchema() {
  const schema = buildSchema(SDL);
  const resolvers: Record<string, Record<string, GraphQLFieldResolver<unknown, any>>> = {
    Query: {
      hello: (_root, { name }) => `Hello, ${name ?? 'world'}!`,
      user: () => ({ name: 'Ada', friend: { name: 'Grace', friend: null } }),
      secret: () => {
        throw new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
      },
      denied: () => {
        throw new GraphQLError('You may not see this.', { extensions: { code: 'FORBIDDEN' } });
      },
      viewer: (_root, _args, context) => context.viewer ?? `no viewer (${typeof context.event})`,
    },
    Mutation: { setGreeting: (_root, { value }) => value },
  };
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName) as any;
    for (const [name, resolve] of Object.entries(fields)) type.getFields()[name].resolve = resolve;
  }
  return schema;
}

/** A logger that keeps what it is given: `errors` (server faults) and `infos` (the client's errors). */
export function memoryLogger(): Logger & { errors: { message: string; details: any }[]; infos: { message: string; details: any }[] } {
  const errors: { message: string; details: any }[] = [];
  const infos: typeof errors = [];
  return {
    errors,
    infos,
    request() {},
    error: (message, details) => void errors.push({ message, details }),
    info: (message, details) => void infos.push({ message, details }),
  };
}

export function invocation(requestId = 'req-1'): Invocation {
  return { event: { fixture: true }, lambdaContext: { awsRequestId: requestId }, requestId, source: 'http-api' };
}

/** The core for the fixture schema with the given options (production profile unless set), as it answers. */
export function syncCore(options: ServerOptions<any> = {}) {
  const handle = createGraphQLHttpHandler({ ...resolveOptions({ logger: memoryLogger(), ...options }), schema: fixtureSchema() });
  return (request: Partial<HttpRequest>, inv = invocation()) => handle({ method: 'POST', path: '/graphql', rawQuery: '', headers: {}, body: null, ...request }, inv);
}

/** The same, always as a promise. */
export function core(options: ServerOptions<any> = {}) {
  const handle = syncCore(options);
  return (request: Partial<HttpRequest>, inv = invocation()): Promise<CoreResult> => Promise.resolve(handle(request, inv));
}

/** A JSON POST of one operation. */
export function post(body: unknown, headers: Record<string, string> = {}): Partial<HttpRequest> {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

export function get(params: Record<string, string>, headers: Record<string, string> = {}): Partial<HttpRequest> {
  return { method: 'GET', rawQuery: new URLSearchParams(params).toString(), headers, body: null };
}

export function json(result: CoreResult): any {
  return JSON.parse(result.response.body);
}
