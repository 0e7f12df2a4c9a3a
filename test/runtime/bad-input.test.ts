/**
 * Bad input of every kind, through the full Lambda handler with HTTP API (v2) events: each gets a JSON
 * body with `errors` and the status the GraphQL-over-HTTP spec asks for under each `Accept`.
 */
import { describe, expect, it } from 'vitest';
import { createLambdaHandler } from '../../src/runtime/index.js';

const handler = createLambdaHandler({
  logger: { request() {}, error() {} },
  typeDefs: 'type Query { hello(name: String): String! x: Int user: User } type User { name: String! friend: User } type Mutation { rename(name: String!): String! }',
  resolvers: {
    Query: { hello: () => 'world', x: () => 1, user: () => ({ name: 'Ada' }) },
    Mutation: { rename: (_: unknown, { name }: { name: string }) => name },
  },
});

interface Case {
  name: string;
  method?: string;
  contentType?: string | null;
  body?: string | null;
  base64?: boolean;
  query?: Record<string, string>;
  /** Status with `accept: application/json`, then with `accept: application/graphql-response+json`. */
  status: [json: number, graphqlResponse: number];
  message?: RegExp;
}

const nested = (depth: number) => `{ user ${'{ friend '.repeat(depth - 1)}{ name }${' }'.repeat(depth - 1)} }`;
const aliases = (count: number) => `{${Array.from({ length: count }, (_, i) => `a${i}:x`).join(' ')}}`;
const json = (value: unknown) => JSON.stringify(value);

const CASES: Case[] = [
  { name: 'empty body', body: '', status: [400, 400], message: /Missing body/ },
  { name: 'no body at all', body: null, status: [400, 400], message: /Missing body/ },
  { name: 'JSON null', body: 'null', status: [400, 400], message: /must be an object/ },
  { name: 'an empty array (batching off)', body: '[]', status: [400, 400], message: /Batching is off/ },
  { name: 'a batch (batching off)', body: json([{ query: '{ hello }' }, { query: '{ hello }' }]), status: [400, 400], message: /batching: true/ },
  { name: 'not JSON', body: '{ "query": ', status: [400, 400], message: /Unparsable JSON body/ },
  { name: 'a JSON string', body: '"{ hello }"', status: [400, 400], message: /must be an object/ },
  { name: 'no query', body: json({ qeury: '{ hello }' }), status: [400, 400], message: /Missing query/ },
  { name: 'a number as query', body: json({ query: 1 }), status: [400, 400], message: /Invalid query/ },
  { name: 'an array as query', body: json({ query: ['{ hello }'] }), status: [400, 400], message: /Invalid query/ },
  { name: 'a string as variables', body: json({ query: '{ hello }', variables: '{}' }), status: [400, 400], message: /Invalid variables/ },
  { name: 'an array as variables', body: json({ query: '{ hello }', variables: [] }), status: [400, 400], message: /Invalid variables/ },
  { name: 'a number as operationName', body: json({ query: '{ hello }', operationName: 1 }), status: [400, 400], message: /Invalid operationName/ },
  { name: 'an array as extensions', body: json({ query: '{ hello }', extensions: [] }), status: [400, 400], message: /Invalid extensions/ },
  { name: 'a syntax error', body: json({ query: '{ hello' }), status: [200, 400], message: /Syntax Error/ },
  { name: 'an unknown field', body: json({ query: '{ nope }' }), status: [200, 400], message: /Cannot query field "nope"/ },
  { name: 'an unknown operation name', body: json({ query: '{ hello }', operationName: 'Other' }), status: [200, 400], message: /Unknown operation named "Other"/ },
  { name: 'a missing variable', body: json({ query: 'mutation($n: String!) { rename(name: $n) }' }), status: [200, 400], message: /"\$n" of required type/ },
  { name: 'a variable of the wrong type', body: json({ query: 'query($n: String) { hello(name: $n) }', variables: { n: 5 } }), status: [200, 400], message: /String cannot represent/ },
  { name: 'a 200 KB query', body: json({ query: `{ hello ${' '.repeat(200_000)}}` }), status: [413, 413], message: /over the limit of 100000 bytes/ },
  { name: 'a depth-500 query', body: json({ query: nested(500) }), status: [200, 400], message: /Query depth 501 exceeds the limit of 15/ },
  { name: '10,000 aliases', body: json({ query: aliases(10_000) }), status: [200, 400], message: /more than 5000 tokens/ },
  { name: 'a subscription', body: json({ query: 'subscription { hello }' }), status: [400, 400], message: /Subscriptions are not supported/ },
  { name: 'text/plain', contentType: 'text/plain', body: json({ query: '{ hello }' }), status: [415, 415], message: /Unsupported content type "text\/plain"/ },
  { name: 'a form post', contentType: 'application/x-www-form-urlencoded', body: 'query=%7B%20hello%20%7D', status: [415, 415], message: /content-type application\/json/ },
  { name: 'a file upload', contentType: 'multipart/form-data; boundary=x', body: '--x--', status: [415, 415], message: /S3 with a presigned URL/ },
  { name: 'no content type', contentType: null, body: json({ query: '{ hello }' }), status: [415, 415], message: /Unsupported content type "\(none\)"/ },
  { name: 'a JSON body in latin1', contentType: 'application/json; charset=iso-8859-1', body: json({ query: '{ hello }' }), status: [415, 415] },
  { name: 'invalid base64', body: 'eyJxdWVyeSI6!!!', base64: true, status: [400, 400], message: /not valid base64/ },
  { name: 'a mutation over GET', method: 'GET', body: null, query: { query: 'mutation { rename(name: "x") }' }, status: [405, 405], message: /Use POST/ },
  { name: 'GET without a query', method: 'GET', body: null, status: [400, 400], message: /Missing query/ },
  { name: 'GET with variables that are not JSON', method: 'GET', body: null, query: { query: '{ hello }', variables: '{' }, status: [400, 400], message: /Unparsable URL/ },
  { name: 'PUT', method: 'PUT', status: [405, 405], message: /PUT method is not allowed/ },
  { name: 'DELETE', method: 'DELETE', body: null, status: [405, 405], message: /DELETE method is not allowed/ },
];

function event(c: Case, accept: string) {
  const headers: Record<string, string> = { accept };
  const contentType = c.contentType === undefined ? 'application/json' : c.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const body = c.body === undefined ? json({ query: '{ hello }' }) : c.body;
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString: c.query ? new URLSearchParams(c.query).toString() : '',
    headers,
    requestContext: { http: { method: c.method ?? 'POST', path: '/graphql' }, requestId: 'r', stage: '$default' },
    ...(body === null ? {} : { body }),
    isBase64Encoded: c.base64 ?? false,
  };
}

const ACCEPTS = ['application/json', 'application/graphql-response+json'] as const;

describe('bad input', () => {
  for (const c of CASES) {
    ACCEPTS.forEach((accept, index) => {
      it(`${c.name} → ${c.status[index]} (accept: ${accept})`, async () => {
        const result = (await handler(event(c, accept), { awsRequestId: 'bad-1' })) as {
          statusCode: number;
          headers: Record<string, string>;
          body: string;
        };
        expect(result.statusCode).toBe(c.status[index]);
        expect(result.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json; charset=utf-8$/);
        const body = JSON.parse(result.body) as { data?: unknown; errors: { message: string }[] };
        expect(body.errors.length).toBeGreaterThan(0);
        expect(body.errors[0]!.message).not.toMatch(/^Unexpected error/);
        if (c.message) expect(body.errors.map((e) => e.message).join('\n')).toMatch(c.message);
      });
    });
  }

  it('a mutation over GET names the method that may carry it', async () => {
    const c = CASES.find((x) => x.name === 'a mutation over GET')!;
    const result = (await handler(event(c, 'application/json'), { awsRequestId: 'bad-2' })) as { headers: Record<string, string> };
    expect(result.headers.allow).toBe('POST');
  });

  it('an Accept header that allows no JSON gets 406 with a JSON body all the same', async () => {
    const result = (await handler(event({ name: '', status: [0, 0] }, 'text/csv'), { awsRequestId: 'bad-3' })) as {
      statusCode: number;
      body: string;
    };
    expect(result.statusCode).toBe(406);
    expect(JSON.parse(result.body).errors[0].message).toMatch(/accept application\/graphql-response\+json; charset=utf-8, application\/json/);
  });
});
