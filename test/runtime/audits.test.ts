/**
 * The GraphQL-over-HTTP spec, judged by graphql-http's own audit suite, run against the full Lambda
 * handler through loopback HTTP adapters for HTTP API (v2) and REST API (v1) events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits } from 'graphql-http';
import { createLambdaHandler } from '../../src/runtime/index.js';
import type { Profile } from '../../src/runtime/options.js';
import { listen } from './loopback.js';
import type { EventKind } from './loopback.js';

const quiet = { request() {}, error() {} };

/**
 * The audits that ask for `__type` and check the answer: introspection is off in production, so these are
 * refused by design. (BF61 asks for `__type` too but only checks for a 200, which `application/json` gives.)
 */
const INTROSPECTION_AUDITS = ['2EA1', '28B9', 'D6D5', '6A70'];

for (const kind of ['http-api', 'rest-api'] as EventKind[]) {
  for (const profile of ['development', 'production'] as Profile[]) {
    describe(`${kind} events, ${profile} profile`, () => {
      let server: Awaited<ReturnType<typeof listen>>;
      beforeAll(async () => {
        const handler = createLambdaHandler({
          profile,
          logger: quiet,
          typeDefs: 'type Query { hello: String! } type Mutation { setHello(value: String!): String! }',
          resolvers: { Query: { hello: () => 'world' }, Mutation: { setHello: (_: unknown, { value }: { value: string }) => value } },
        });
        server = await listen(kind, handler as never);
      });
      afterAll(() => server.close());

      for (const audit of serverAudits({ url: () => server.url })) {
        const refused = profile === 'production' && INTROSPECTION_AUDITS.includes(audit.id);
        it(`${refused ? 'refuses (introspection off): ' : ''}${audit.id} ${audit.name}`, async () => {
          const result = await audit.fn();
          if (refused) {
            expect(result.status).not.toBe('ok');
            const body = (await (result as { response: Response }).response.json()) as { errors: { message: string }[] };
            expect(body.errors[0]?.message).toMatch(/Introspection is disabled/);
          } else {
            expect(result.status, 'reason' in result ? result.reason : '').toBe('ok');
          }
        });
      }
    });
  }
}
