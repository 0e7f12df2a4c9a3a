/**
 * Classic attacks against gqlambda, Apollo Server and GraphQL Yoga built from the same schema and
 * resolvers (fixtures/bench/shared/attack.*): each request in a fresh process with a 512 MB heap (a 512 MB
 * function), timed, with its status and the process's peak RSS. Writes the "## Attacks" section of
 * BENCHMARKS.md (report.mjs keeps it when it rewrites the rest).
 *
 *   npm run bench:attacks
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { PEER_ESBUILD_OPTIONS, ROOT, buildPeer, workDir } from './contenders.mjs';

const CHILD = join(ROOT, 'test', 'bench', 'child.mjs');
const TIMEOUT_MS = 60_000;
const HEAP_MB = 512;

const repeat = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join(' ');
const nested = (depth, leaf, field = 'children') => (depth === 0 ? leaf : `${field} { ${nested(depth - 1, leaf, field)} }`);

/** name → GraphQL request body. */
const ATTACKS = {
  'alias bomb (5,000 aliases)': { query: `{ ${repeat(5_000, (i) => `a${i}: hello`)} }` },
  'one field 10,000 times': { query: `{ ${repeat(10_000, () => 'hello')} }` },
  'directive overloading (5,000 @include)': { query: `{ hello ${repeat(5_000, () => '@include(if: true)')} }` },
  'deep recursion (depth 200, 1 child each)': { query: `{ node { ${nested(200, 'id', 'children(count: 1)')} } }` },
  'fragment cycle': { query: '{ node { ...A } } fragment A on Node { children { ...B } } fragment B on Node { children { ...A } }' },
  'thousands of variables (3,000)': {
    query: `query Q(${repeat(3_000, (i) => `$v${i}: String`)}) { hello }`,
    variables: Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`v${i}`, 'x'])),
  },
  'very long string (1 MB argument)': { query: `{ hello(text: "${'x'.repeat(1_000_000)}") }` },
  'many operations (2,000 in one document)': { query: repeat(2_000, (i) => `query Q${i} { hello }`), operationName: 'Q0' },
  'fan-out through lists (depth 14, 3^13 nodes)': { query: `{ node { ${nested(13, 'id')} } }` },
  // What no static cost sees: a list resolver that ignores any size (the cost assumes 10 items).
  'a list resolver returning 100,000 items': { query: '{ everything { id } }' },
  // Each operation costs 8,422, under the limit; together they build 168,400 values.
  'a batch of 10 fan-outs (8,000 nodes each)': Array.from({ length: 10 }, () => ({ query: `{ node { ${nested(3, 'id', 'children(count: 20)')} } }` })),
};

/** An API Gateway HTTP API (v2) POST, as the peers' Lambda integrations take it. */
function event(body) {
  const text = JSON.stringify(body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9', 'content-length': String(Buffer.byteLength(text)), host: 'bench.example.com', 'user-agent': 'attacker/1.0' },
    requestContext: { accountId: '123456789012', apiId: 'bench', domainName: 'bench.example.com', http: { method: 'POST', path: '/graphql', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'attacker/1.0' }, requestId: 'attack', routeKey: '$default', stage: '$default', time: '05/Dec/2026:16:00:00 +0000', timeEpoch: 0 },
    body: text,
    isBase64Encoded: false,
  };
}

/** gqlambda's runtime with the attack schema, bundled as `gqlambda build` bundles a production handler. */
async function buildGqlambda() {
  const dir = join(workDir.path, 'build', 'gqlambda-attack');
  await esbuild.build({
    ...PEER_ESBUILD_OPTIONS,
    stdin: {
      contents: [
        `import { createLambdaHandler } from ${JSON.stringify(join(ROOT, 'dist', 'runtime', 'index.js'))};`,
        "import typeDefs from './shared/attack.graphql';",
        "import { resolvers } from './shared/attack.ts';",
        // Batching on, so that the batch row measures the shared budget rather than a refusal.
        'export const handler = createLambdaHandler({ typeDefs, resolvers, batching: true });',
      ].join('\n'),
      resolveDir: join(ROOT, 'fixtures', 'bench'),
      sourcefile: 'gqlambda-attack.ts',
      loader: 'ts',
    },
    define: { __GQLAMBDA_PROFILE__: '"production"', __GQLAMBDA_TRUSTED_DOCUMENTS__: 'false', 'process.env.NODE_ENV': '"production"' },
    outfile: join(dir, 'index.mjs'),
  });
  return { name: 'gqlambda', dir };
}

/** One request in a fresh process: wall time of the invocation, status, peak RSS, the first error message. */
function attack(contender, eventsFile) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, CHILD, 'cold', contender.dir, eventsFile], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      timeout: TIMEOUT_MS,
    });
    const fd3 = [];
    const stderr = [];
    child.stdio[3].on('data', (chunk) => fd3.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('close', (code, signal) => {
      const text = Buffer.concat(fd3).toString('utf8');
      if (!text) {
        const err = Buffer.concat(stderr).toString('utf8');
        const reason = signal === 'SIGTERM' ? `killed after ${TIMEOUT_MS / 1000} s` : /heap out of memory/i.test(err) ? `out of memory (${HEAP_MB} MB heap)` : `crashed (exit ${code})`;
        return resolve({ failed: reason });
      }
      resolve(JSON.parse(text));
    });
  });
}

const cell = (r) => (r.failed ? `**${r.failed}**` : `${r.statusCode} · ${r.firstInvokeMs.toFixed(0)} ms · ${(r.maxRssKb / 1024).toFixed(0)} MB`);

async function main() {
  workDir.path = join(ROOT, '.bench', 'attacks');
  mkdirSync(join(workDir.path, 'events'), { recursive: true });
  const contenders = [await buildGqlambda(), await buildPeer('apollo', 'attack'), await buildPeer('yoga', 'attack')];
  const rows = [];
  for (const [name, body] of Object.entries(ATTACKS)) {
    const file = join(workDir.path, 'events', `${rows.length}.json`);
    writeFileSync(file, JSON.stringify([event(body)]));
    const results = [];
    for (const contender of contenders) {
      const result = await attack(contender, file);
      results.push(result);
      process.stderr.write(`${name}: ${contender.name} ${cell(result)}\n`);
    }
    // The first error message anywhere in the answer (a batch answers an array), found by child.mjs.
    const message = results[0].body === undefined ? '' : results[0].message ? JSON.parse(results[0].message) : '(answered)';
    rows.push([name, Buffer.byteLength(JSON.stringify(body)).toLocaleString('en-US'), ...results.map(cell), message.replaceAll('|', '\\|').slice(0, 140)]);
  }
  const section = `## Attacks

Each request alone in a fresh \`node --max-old-space-size=${HEAP_MB}\` process (a 512 MB function), an HTTP API v2 POST, against the same schema and resolvers (fixtures/bench/shared/attack.graphql: \`type Node { id: ID! children(count: Int = 3): [Node!]! }\`, and \`everything: [Node!]!\`, whose resolver returns 100,000 nodes), every contender with its production defaults (gqlambda with \`batching: true\`, the peers without batching). Each cell: status · time of the invocation · peak RSS of the process (its load included); a process still busy after ${TIMEOUT_MS / 1000} s is killed. Run on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.versions.node}, ${(await import('node:os')).availableParallelism()} cores shared with other jobs.

| attack | body bytes | gqlambda | Apollo Server 5 | GraphQL Yoga 5 | gqlambda's message |
|---|---|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

\`\`\`sh
npm run bench:attacks         # this section (builds into .bench/attacks/)
\`\`\``;
  writeAttacksSection(section);
}

/** Replaces (or appends) the "## Attacks" section of BENCHMARKS.md, leaving the rest as it is. */
export function writeAttacksSection(section) {
  const file = join(ROOT, 'BENCHMARKS.md');
  const text = readFileSync(file, 'utf8');
  const kept = text.replace(ATTACKS_SECTION, '').trimEnd();
  writeFileSync(file, `${kept}\n\n${section}\n`);
}

/** The "## Attacks" section up to the next "## " heading or the end. */
export const ATTACKS_SECTION = /^## Attacks\n[\s\S]*?(?=^## |(?![\s\S]))/m;

if (import.meta.url === `file://${process.argv[1]}`) await main();
