/**
 * `npm run bench`: builds floor, floor-cached, Apollo Server, GraphQL Yoga and gqlambda handlers for the
 * `hello` and `shop` schemas, checks that they all answer alike, then measures zip size, cold start, warm
 * throughput, peak RSS and build time, interleaved round-robin, and writes BENCHMARKS.md.
 *
 * `npm run bench -- --quick` stops after the builds and the answer checks, and asserts the zip-size
 * target (sizes are deterministic; nothing timed is ever asserted).
 *
 * Options: --rounds N (cold-start rounds, default 30), --warm-rounds N (default 9), --build-rounds N
 * (default 3), --dev-rounds N (edits timed by the dev-reload measure, default 10), --dev-reload (measure only
 * that and rewrite its section of the report), --out FILE, --report-only (rewrite the report from the last run's
 * .bench/full/results.json, measuring nothing: for changes to the report itself), --build-only (measure build
 * times alone and replace the report's "Build time" section, keeping the rest: for changes to the build).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildPeer, buildGqlambda, gqlambdaProjectDir, PEERS, prepareGqlambdaProjects, ROOT, runGqlambdaBuild, SCHEMAS, workDir } from './contenders.mjs';
import { CHECKS, httpApiEvent, USER_AGENT } from './events.mjs';
import { checkAnswers, coldStart, compareAnswers, nodeBaseline, summarize, warmLoop } from './measure.mjs';
import { measureBuildTimes } from './build-time.mjs';
import { devReloadSection, measureDevReload, spliceDevReloadSection } from './dev-reload.mjs';
import { buildSection, runFacts, writeReport } from './report.mjs';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    'build-only': { type: 'boolean', default: false },
    rounds: { type: 'string', default: '30' },
    'warm-rounds': { type: 'string', default: '9' },
    'build-rounds': { type: 'string', default: '3' },
    'dev-reload': { type: 'boolean', default: false },
    'dev-rounds': { type: 'string', default: '10' },
    out: { type: 'string', default: join(ROOT, 'BENCHMARKS.md') },
  },
});

/** The zip-size target, the one target `--quick` asserts: gqlambda's zip over floor's. */
export const ZIP_RATIO_TARGET = 1.15;

const log = (message) => process.stderr.write(`${message}\n`);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function main() {
  const started = Date.now();
  workDir.path = join(ROOT, '.bench', options.quick ? 'quick' : 'full');
  if (options['report-only']) {
    writeReport(options.out, JSON.parse(readFileSync(join(workDir.path, 'results.json'), 'utf8')));
    log(`Rewrote ${relative(process.cwd(), options.out)} from ${relative(process.cwd(), join(workDir.path, 'results.json'))}.`);
    return;
  }
  if (options['build-only']) {
    prepareGqlambdaProjects();
    for (const schema of SCHEMAS) runGqlambdaBuild(gqlambdaProjectDir(schema));
    log('Build times…');
    const builds = await measureBuildTimes(Number(options['build-rounds']));
    const report = readFileSync(options.out, 'utf8');
    const start = report.indexOf('## Build time');
    const end = report.indexOf('\n## ', start + 1);
    if (start < 0 || end < 0) throw new Error(`${options.out} has no "## Build time" section to replace: run the full bench.`);
    const facts = runFacts();
    const note = `\n\nThis section alone was measured by \`npm run bench -- --build-only\` on ${facts.finishedAt.slice(0, 16).replace('T', ' ')} UTC (${facts.machine}, commit ${facts.commit}).\n`;
    writeFileSync(options.out, `${report.slice(0, start)}${buildSection(builds)}${note}${report.slice(end)}`);
    log(`Rewrote the build-time section of ${relative(process.cwd(), options.out)} in ${((Date.now() - started) / 60_000).toFixed(1)} min.`);
    return;
  }
  mkdirSync(join(workDir.path, 'events'), { recursive: true });
  if (options['dev-reload']) {
    prepareGqlambdaProjects();
    log('Dev reload…');
    const section = devReloadSection(await measureDevReload(Number(options['dev-rounds'])));
    writeFileSync(options.out, spliceDevReloadSection(readFileSync(options.out, 'utf8'), section));
    log(section);
    return;
  }

  log('Building the contenders…');
  const contenders = Object.fromEntries(SCHEMAS.map((schema) => [schema, []]));
  for (const schema of SCHEMAS) {
    for (const peer of PEERS) contenders[schema].push(await buildPeer(peer, schema));
  }
  prepareGqlambdaProjects();
  const noLog = {};
  for (const schema of SCHEMAS) {
    contenders[schema].push(await buildGqlambda(schema));
    if (!options.quick) noLog[schema] = await buildGqlambda(schema, '-nolog');
  }

  const events = {};
  for (const schema of SCHEMAS) {
    const file = (name) => join(workDir.path, 'events', `${schema}-${name}.json`);
    const checks = CHECKS[schema].map((request, i) => httpApiEvent(request, i));
    writeFileSync(file('checks'), JSON.stringify(checks));
    writeFileSync(file('first'), JSON.stringify(checks.slice(0, 1)));
    events[schema] = { checks: file('checks'), first: file('first') };
  }

  log('Checking that every contender answers like floor…');
  const agreement = {};
  const failures = [];
  for (const schema of SCHEMAS) {
    const [floor, ...others] = contenders[schema];
    const expected = await checkAnswers(floor, events[schema].checks);
    failures.push(...sanityProblems(schema, expected));
    for (const contender of [...others, ...(noLog[schema] ? [noLog[schema]] : [])]) {
      const verdict = compareAnswers(expected, await checkAnswers(contender, events[schema].checks));
      agreement[`${contender.name}-${schema}`] = verdict.ok ? verdict.level : 'DIFFERENT';
      if (!verdict.ok) failures.push(`${schema}: ${contender.name} ${verdict.why}`);
      else log(`  ${schema}: ${contender.name} ${verdict.level}`);
    }
  }
  failures.push(...precomputedQueries(Object.values(contenders).flat()));
  if (failures.length > 0) throw new Error(`Contenders disagree, nothing was timed:\n${failures.join('\n')}`);

  const sizes = SCHEMAS.map((schema) => {
    const floorBytes = contenders[schema][0].zipBytes;
    return contenders[schema].map((c) => ({ schema, name: c.name, bytes: c.zipBytes, ratio: c.zipBytes / floorBytes }));
  }).flat();
  for (const row of sizes) log(`  ${row.schema.padEnd(5)} ${row.name.padEnd(12)} ${kb(row.bytes).padStart(9)}  ${row.ratio.toFixed(2)}× floor`);

  if (options.quick) {
    const over = sizes.filter((row) => row.name === 'gqlambda' && row.ratio > ZIP_RATIO_TARGET);
    for (const row of over) {
      log(`FAIL zip size (${row.schema}): gqlambda ${kb(row.bytes)} is ${row.ratio.toFixed(3)}× floor, over the ${ZIP_RATIO_TARGET}× target.`);
    }
    if (over.length > 0) process.exit(1);
    log(`OK: every contender builds and answers alike; gqlambda's zips are within ${ZIP_RATIO_TARGET}× floor (${((Date.now() - started) / 1000).toFixed(0)} s).`);
    return;
  }

  const rounds = Number(options.rounds);
  log(`Cold starts: ${rounds} rounds…`);
  const cold = await measureColdStarts(contenders, events, rounds);
  const warmRounds = Number(options['warm-rounds']);
  log(`Warm invocations: ${warmRounds} rounds…`);
  const warm = await measureWarm(
    Object.fromEntries(SCHEMAS.map((schema) => [schema, [...contenders[schema], noLog[schema]]])),
    events,
    warmRounds,
  );
  log('Build times…');
  const builds = await measureBuildTimes(Number(options['build-rounds']));
  log('Dev reload…');
  const devReload = await measureDevReload(Number(options['dev-rounds']));

  const run = { sizes, cold, warm, builds, devReload, agreement, rounds, warmRounds, elapsedMs: Date.now() - started, facts: runFacts() };
  // The figures themselves, beside the build outputs: the report can be rewritten from them without a rerun.
  writeFileSync(join(workDir.path, 'results.json'), JSON.stringify(run));
  writeReport(options.out, run);
  log(`Wrote ${relative(process.cwd(), options.out)} in ${((Date.now() - started) / 60_000).toFixed(1)} min.`);
}

/** floor is the reference: its answers must have no errors and the shape the requests ask for. */
function sanityProblems(schema, answers) {
  const problems = [];
  const results = answers.map((answer) => JSON.parse(answer.body));
  for (const [i, result] of results.entries()) {
    if (result.errors || !result.data) problems.push(`${schema}: floor's answer to request ${i + 1} has errors: ${answers[i].body}`);
  }
  if (problems.length > 0) return problems;
  if (schema === 'hello' && results[0].data.hello !== `Hello ${USER_AGENT}!`) problems.push(`hello: floor answered ${answers[0].body}`);
  if (schema === 'shop') {
    const edges = results[0].data.products.edges;
    const reviews = edges.flatMap((edge) => edge.node.reviews);
    if (edges.length !== 20 || reviews.length !== 100 || reviews.some((review) => !review.author.name)) {
      problems.push(`shop: floor's nested query returned ${edges.length} products and ${reviews.length} reviews, expected 20 and 100`);
    }
  }
  return problems;
}

/**
 * Fair play, checked as far as a text search can: no bundle may carry the benchmark's queries (a
 * document cache warmed at build time would have to store them in some form, printed or minified).
 */
function precomputedQueries(builds) {
  const needles = ['products(first:$first)', 'reviews(first:5)', 'greeting:hello'];
  return builds.flatMap((build) => {
    const file = readdirSync(build.dir).find((name) => /^index\.(m|c)?js$/.test(name));
    const code = readFileSync(join(build.dir, file), 'utf8').replace(/\s+/g, '');
    const found = needles.filter((needle) => code.includes(needle));
    return found.length ? [`${build.schema}: ${build.name}'s bundle contains the benchmark's query text (${found.join(', ')})`] : [];
  });
}

/** Rotates the order each round, so that no contender always runs right after the same neighbour. */
const rotate = (list, by) => list.map((_, i) => list[(i + by) % list.length]);

async function measureColdStarts(contenders, events, rounds) {
  const samples = {};
  const add = (key, field, value) => ((samples[key] ??= {})[field] ??= []).push(value);
  for (let round = 0; round < rounds; round++) {
    for (const schema of SCHEMAS) {
      const baseline = (await nodeBaseline()).wallMs;
      add(`node-${schema}`, 'wallMs', baseline);
      for (const contender of rotate(contenders[schema], round)) {
        const { wallMs, report } = await coldStart(contender, events[schema].first);
        const key = `${contender.name}-${schema}`;
        add(key, 'netMs', wallMs - baseline);
        add(key, 'loadMs', report.loadMs);
        add(key, 'firstInvokeMs', report.firstInvokeMs);
        add(key, 'maxRssKb', report.maxRssKb);
        add(key, 'cpuMs', report.cpuMs);
      }
    }
    if ((round + 1) % 10 === 0) log(`  round ${round + 1}/${rounds}`);
  }
  return Object.fromEntries(
    Object.entries(samples).map(([key, fields]) => [key, Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, summarize(v)]))]),
  );
}

/** Fixed invocation counts, bounded in time so a slow contender cannot stretch the run. */
const WARM = { hello: { count: 300_000, budgetMs: 1_500 }, shop: { count: 10_000, budgetMs: 2_000 } };

async function measureWarm(contenders, events, rounds) {
  const samples = {};
  for (let round = 0; round < rounds; round++) {
    for (const schema of SCHEMAS) {
      // gqlambda once more with its stdout on a drained pipe, as on Lambda, rather than /dev/null.
      const piped = { ...contenders[schema].find((c) => c.name === 'gqlambda'), name: 'gqlambda-pipe', stdout: 'pipe' };
      for (const contender of rotate([...contenders[schema], piped], round)) {
        const { count, budgetMs } = WARM[schema];
        const result = await warmLoop(contender, events[schema].first, count, budgetMs, contender.stdout);
        const key = `${contender.name}-${schema}`;
        for (const field of ['perSecond', 'perCpuSecond', 'p50Ms', 'p99Ms', 'maxRssKb', 'count']) ((samples[key] ??= {})[field] ??= []).push(result[field]);
      }
    }
    log(`  round ${round + 1}/${rounds}`);
  }
  return Object.fromEntries(
    Object.entries(samples).map(([key, fields]) => [key, Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, summarize(v)]))]),
  );
}

main().catch((error) => {
  log(`bench: ${error.message}`);
  process.exit(1);
});
