/**
 * `npm run bench:memory`: 100,000 distinct requests, half valid and half failing validation, through the
 * production GraphQL-over-HTTP core in a child Node with a 128 MB function's heap (100 MB) and
 * AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128. Prints the heap after a GC every 20,000 requests: it must stay flat
 * (a cache that kept failures held ~57 KB each and died after a few thousand).
 * test/runtime/cache-memory.test.ts runs the same child, smaller.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs `requests` distinct queries (odd ones fail validation) in a child with `heapMB` of heap; returns
 * its output: one JSON line `{ requests, heapMB, ms, statuses }` every `every` requests.
 */
export function distinctRequests({ requests, every, heapMB }) {
  const runtime = (file) => JSON.stringify(pathToFileURL(`${root}dist/runtime/${file}`).href);
  const script = `
import { buildSchema } from 'graphql';
import { createGraphQLHttpHandler } from ${runtime('http.js')};
import { resolveOptions } from ${runtime('profile.js')};
const schema = buildSchema('type Query { hello(n: Int): String }');
const handle = createGraphQLHttpHandler({ ...resolveOptions({ logger: { request() {}, error() {} } }), schema });
const invocation = { event: {}, lambdaContext: { awsRequestId: 'r' }, requestId: 'r', source: 'http-api' };
const post = (query) => ({ method: 'POST', path: '/graphql', rawQuery: '', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
const started = Date.now();
const statuses = {};
for (let i = 1; i <= ${requests}; i++) {
  const { response } = handle(post(i % 2 ? '{ nosuch' + i + ' }' : '{ a' + i + ': hello(n: ' + i + ') }'), invocation);
  statuses[response.status] = (statuses[response.status] ?? 0) + 1;
  if (i % ${every} === 0) {
    globalThis.gc();
    console.log(JSON.stringify({ requests: i, heapMB: process.memoryUsage().heapUsed / 2 ** 20, ms: Date.now() - started, statuses }));
  }
}
`;
  return execFileSync(process.execPath, [`--max-old-space-size=${heapMB}`, '--expose-gc', '--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128' },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const line of distinctRequests({ requests: 100_000, every: 20_000, heapMB: 100 }).trim().split('\n')) {
    const { requests, heapMB, ms } = JSON.parse(line);
    console.log(`${String(requests).padStart(7)} requests  heap ${heapMB.toFixed(1)} MB  ${ms} ms`);
  }
}
