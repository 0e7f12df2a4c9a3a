/**
 * The measurements, each one child process: correctness checks, cold starts, warm loops, build times.
 * Children write their figures on fd 3; their stdout (the handlers' request log lines) goes to /dev/null.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = join(fileURLToPath(new URL('.', import.meta.url)), 'child.mjs');

/** Lambda sets these in every sandbox; some libraries look at them. NODE_ENV is not among them. */
const LAMBDA_ENV = {
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_REGION: 'us-east-1',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  LANG: 'en_US.UTF-8',
  TZ: ':UTC',
  PATH: process.env.PATH,
};

/** Runs a command; resolves with wall time, exit code, fd-3 report and stderr. */
export function run(command, args, { report = false, env = LAMBDA_ENV, cwd, stdout = 'ignore' } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // stdout 'pipe': drained as fast as it fills, the way Lambda's runtime reads a function's output.
    const child = spawn(command, args, { stdio: ['ignore', stdout, 'pipe', report ? 'pipe' : 'ignore'], env, cwd });
    const stderr = [];
    const fd3 = [];
    const out = [];
    child.stdout?.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    if (report) child.stdio[3].on('data', (chunk) => fd3.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const text = Buffer.concat(fd3).toString('utf8');
      resolve({
        wallMs,
        code,
        report: text ? JSON.parse(text) : null,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}

async function runChild(mode, contender, eventsFile, extra = [], stdout = 'ignore') {
  const result = await run(process.execPath, [CHILD, mode, contender.dir, eventsFile, ...extra], { report: true, stdout });
  if (result.code !== 0 || !result.report) {
    // The tail of stderr: a minified bundle's stack trace starts with a line of thousands of characters.
    throw new Error(`${contender.name} (${contender.schema}) failed in ${mode} mode (exit ${result.code}):\n${result.stderr.slice(-2000)}`);
  }
  return result;
}

export const checkAnswers = (contender, eventsFile) => runChild('check', contender, eventsFile).then((r) => r.report.responses);
export const coldStart = (contender, eventsFile) => runChild('cold', contender, eventsFile);
export const nodeBaseline = () => run(process.execPath, ['-e', '0']);
/** `stdout`: 'ignore' (/dev/null) or 'pipe' (a pipe this process drains). */
export const warmLoop = (contender, eventsFile, count, budgetMs, stdout = 'ignore') =>
  runChild('warm', contender, eventsFile, [String(count), String(budgetMs)], stdout).then((r) => r.report);

/**
 * Compares one contender's answers with floor's. Exact bytes pass; a trailing newline (Apollo's
 * serializer adds one) passes as "exact but framing"; anything else must be equal after JSON
 * normalisation, and is reported as such.
 */
export function compareAnswers(expected, actual) {
  let level = 'exact';
  for (const [i, want] of expected.entries()) {
    const got = actual[i];
    const where = `request ${i + 1}`;
    if (!got || got.statusCode !== 200) return { ok: false, why: `${where}: status ${got?.statusCode}, expected 200` };
    if (got.body === want.body) continue;
    if (got.body.trimEnd() === want.body) {
      if (level === 'exact') level = 'exact + trailing newline';
      continue;
    }
    const normal = (body) => JSON.stringify(sortKeys(JSON.parse(body)));
    if (normal(got.body) !== normal(want.body)) {
      return { ok: false, why: `${where}: answer differs from floor's\n  floor: ${want.body.slice(0, 300)}\n  got:   ${got.body.slice(0, 300)}` };
    }
    level = 'equal after JSON key sorting';
  }
  return { ok: true, level };
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
  }
  return value;
}

export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1), n: sorted.length };
}
