/**
 * Small requests cannot run a function out of memory: the document cache holds documents by the weight of
 * their text, and no failure at all (a cached validation failure held some 57 KB for a 15-character query,
 * so about 8,000 distinct `{ nosuchN }` requests took a 512 MB function past its heap limit).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const runtime = (file: string) => JSON.stringify(pathToFileURL(fileURLToPath(new URL(`../../dist/runtime/${file}`, import.meta.url))).href);

// A 128 MB function's heap is about 100 MB; this child gets 64 MB, so a cache that kept failures would die.
const script = `
import { buildSchema } from 'graphql';
import { createGraphQLHttpHandler } from ${runtime('http.js')};
import { resolveOptions } from ${runtime('profile.js')};
const schema = buildSchema('type Query { hello(n: Int): String }');
const handle = createGraphQLHttpHandler({ ...resolveOptions({ logger: { request() {}, error() {} } }), schema });
const invocation = { event: {}, lambdaContext: { awsRequestId: 'r' }, requestId: 'r', source: 'http-api' };
const post = (query) => ({ method: 'POST', path: '/graphql', rawQuery: '', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
const statuses = new Map();
for (let i = 0; i < 10000; i++) {
  for (const query of ['{ nosuch' + i + ' }', '{ a' + i + ': hello(n: ' + i + ') }']) {
    const { response } = handle(post(query), invocation);
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  }
}
globalThis.gc();
process.stdout.write(JSON.stringify({ statuses: Object.fromEntries(statuses), heapMB: process.memoryUsage().heapUsed / 2 ** 20 }));
`;

describe('the document cache under many distinct requests', () => {
  it('answers 20,000 distinct valid and failing queries within a 64 MB heap', () => {
    const out = JSON.parse(
      execFileSync(process.execPath, ['--max-old-space-size=64', '--expose-gc', '--input-type=module', '-e', script], {
        encoding: 'utf8',
        cwd: fileURLToPath(new URL('../..', import.meta.url)),
        env: { ...process.env, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128' },
      }),
    );
    expect(out.statuses).toEqual({ 200: 20000 });
    expect(out.heapMB).toBeLessThan(40);
  });
});
