/**
 * Runs inside a fresh `node` process, like a Lambda sandbox: loads an unzipped bundle's `index.handler`
 * and invokes it. Reports one JSON object on file descriptor 3, so that whatever the handler prints on
 * stdout (request log lines) can go to /dev/null without mixing with the figures.
 *
 *   node child.mjs cold  <bundleDir> <eventsJson>                 one invocation: load and first-call times
 *   node child.mjs check <bundleDir> <eventsJson>                 every event in order: the responses
 *   node child.mjs warm  <bundleDir> <eventsJson> <count> <ms>    the first event, count times or for ms
 */
import { existsSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [mode, bundleDir, eventsFile, countArg, msArg] = process.argv.slice(2);
const eventsJson = JSON.parse(readFileSync(eventsFile, 'utf8')).map((event) => JSON.stringify(event));

let requests = 0;
/** A Lambda-like context object (see "AWS Lambda context object in Node.js"). */
function lambdaContext() {
  const deadline = Date.now() + 10_000;
  requests += 1;
  return {
    awsRequestId: `8f3a6c1e-0000-4000-8000-${String(requests).padStart(12, '0')}`,
    functionName: 'bench',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/bench',
    logStreamName: '2026/11/25/[$LATEST]0123456789abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => deadline - Date.now(),
  };
}

// The Lambda runtime tries index.js, then index.mjs, then index.cjs for the handler string `index.handler`.
const entry = ['index.js', 'index.mjs', 'index.cjs'].map((name) => join(bundleDir, name)).find((file) => existsSync(file));
if (!entry) throw new Error(`No index.js, index.mjs or index.cjs in ${bundleDir}.`);

/** CPU milliseconds this process has used (all threads): robust where wall time is not, on a busy machine. */
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const cpuBeforeLoad = cpuMs();
const loadStart = performance.now();
const { handler } = await import(pathToFileURL(entry).href);
const loadMs = performance.now() - loadStart;
if (typeof handler !== 'function') throw new Error(`${entry} does not export a function named handler.`);

const invoke = (json) => handler(JSON.parse(json), lambdaContext());
const report = (result) => {
  writeSync(3, JSON.stringify(result));
  process.exit(0);
};
const maxRssKb = () => process.resourceUsage().maxRSS;

if (mode === 'cold') {
  const start = performance.now();
  const response = await invoke(eventsJson[0]);
  const firstInvokeMs = performance.now() - start;
  report({
    loadMs,
    firstInvokeMs,
    // Load and first answer, in CPU time: this process's bootstrap (identical for all) left out.
    cpuMs: cpuMs() - cpuBeforeLoad,
    maxRssKb: maxRssKb(),
    statusCode: response.statusCode,
    // The start of the answer, and its first error message (a batch may hold it far in), for the attack table.
    body: typeof response.body === 'string' ? response.body.slice(0, 2000) : undefined,
    message: typeof response.body === 'string' ? /"message":("(?:[^"\\]|\\.)*")/.exec(response.body)?.[1] : undefined,
  });
} else if (mode === 'check') {
  const responses = [];
  for (const json of eventsJson) responses.push(await invoke(json));
  report({ responses });
} else if (mode === 'warm') {
  const count = Number(countArg);
  const budgetMs = Number(msArg);
  // Warm-up: caches filled, JIT settled, before anything is timed.
  for (let i = 0; i < Math.min(500, count); i++) await invoke(eventsJson[0]);
  // Fresh event objects, as Lambda hands each invocation its own, parsed before the clock starts so that
  // parsing them (as costly as a fast handler) stays out of the figures; 256 of them, reused in turn.
  const events = Array.from({ length: 256 }, () => JSON.parse(eventsJson[0]));
  const latencies = new Float64Array(count);
  const started = performance.now();
  const cpuStart = cpuMs();
  let n = 0;
  while (n < count && performance.now() - started < budgetMs) {
    const event = events[n & 255];
    const context = lambdaContext();
    const t = performance.now();
    await handler(event, context);
    latencies[n++] = performance.now() - t;
  }
  const cpu = cpuMs() - cpuStart;
  const sorted = Array.from(latencies.subarray(0, n)).sort((a, b) => a - b);
  const total = sorted.reduce((sum, ms) => sum + ms, 0);
  const at = (q) => sorted[Math.min(n - 1, Math.floor(q * n))];
  report({
    count: n,
    perSecond: (n * 1000) / total,
    perCpuSecond: (n * 1000) / cpu,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    maxRssKb: maxRssKb(),
  });
} else {
  throw new Error(`Unknown mode "${mode}".`);
}
