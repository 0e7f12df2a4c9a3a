/**
 * `npm run bench:memory`: 100,000 distinct requests, half valid and half failing validation, through the
 * production GraphQL-over-HTTP core in a child Node with a 128 MB function's heap (100 MB) and
 * AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128. Prints the heap after a GC every 20,000 requests: it must stay flat
 * (a cache that kept failures held ~57 KB each and died after a few thousand).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
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
for (let i = 1; i <= 100000; i++) {
  handle(post(i % 2 ? '{ nosuch' + i + ' }' : '{ a' + i + ': hello(n: ' + i + ') }'), invocation);
  if (i % 20000 === 0) {
    globalThis.gc();
    console.log(String(i).padStart(7) + ' requests  heap ' + (process.memoryUsage().heapUsed / 2 ** 20).toFixed(1) + ' MB  ' + (Date.now() - started) + ' ms');
  }
}
`;
execFileSync(process.execPath, ['--max-old-space-size=100', '--expose-gc', '--input-type=module', '-e', script], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128' },
});
