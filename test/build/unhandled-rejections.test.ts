/**
 * The built zip in a process that dies of an unhandled rejection, as Lambda's Node.js runtime does (the
 * invoke runner's `unhandledRejection` handler fails the invocation and exits): requests that leave promises
 * behind (a list nulled while an item is pending, an object nulled while its fields are, a request answered
 * 504 at its deadline with its work still going) must leave the process alive to answer the next one.
 * test/runtime/unhandled-rejections.test.ts checks the executor alone, in process.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpApiEvent } from '../../src/invoke/default-event.js';
import { runLambdaProcess, type LambdaProcessReport } from '../../src/invoke/lambda-process.js';
import { createTaskRoot, type TaskRoot } from '../../src/invoke/task-root.js';
import { readZip } from '../../src/invoke/unzip.js';
import { removeTempDirs, runCli, scaffold } from './support.js';

const ABANDONING_SDL = `
extend type Query {
  "Item 0 rejects 20 ms later; item 1 is null under [Int!], which nulls the list first. After \`delayMs\`."
  ints(delayMs: Int! = 0): [Int!]
  "An object nulled by its null non-null field while its other fields are still pending (they reject later)."
  pair: Pair
  "Leaves a rejected promise of its own behind, which no runtime can handle (the harness's check)."
  leak: String
  "Answers after \`ms\` milliseconds."
  wait(ms: Int!): String!
}

type Pair {
  late: String!
  later: String!
  missing: String!
}
`;

const QUERY_RESOLVERS = `import type { QueryResolvers } from '../../.gqlambda/resolvers.generated.js';
import { books } from '../data.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rejectIn = (ms: number) => sleep(ms).then(() => Promise.reject(new Error('db timeout')));

export const Query: QueryResolvers = {
  hello: (_parent, _args, context) => \`Hello \${context.userAgent ?? 'Anon'}!\`,
  books: () => [...books],
  book: (_parent, { id }) => books.find((book) => book.id === id) ?? null,
  ints: async (_parent, { delayMs }) => {
    if (delayMs) await sleep(delayMs);
    return [rejectIn(20) as Promise<number>, null as unknown as number];
  },
  pair: () => ({}),
  leak: async () => {
    void rejectIn(0);
    await sleep(20);
    return 'leaked';
  },
  wait: async (_parent, { ms }) => {
    await sleep(ms);
    return \`waited \${ms} ms\`;
  },
};
`;

const PAIR_RESOLVERS = `import type { PairResolvers } from '../../.gqlambda/resolvers.generated.js';

const rejectIn = (ms: number) => new Promise<string>((_resolve, reject) => setTimeout(() => reject(new Error('db timeout')), ms));

export const Pair: PairResolvers = {
  late: () => rejectIn(10),
  later: () => rejectIn(30),
  missing: () => null as unknown as string,
};
`;

// The function times out after 2 s and keeps 1.7 s in reserve: requests are answered 504 after ~300 ms.
const SERVER = `import { defineServer } from 'gqlambda/runtime';
import type { Context } from './context.js';

export default defineServer<Context>({ timeoutReserveMs: 1700 });
`;

// (Built without the type check: the scaffold has no @types/node for setTimeout.)
let taskRoot: TaskRoot;
let root: string;

beforeAll(async () => {
  root = await scaffold();
  await writeFile(join(root, 'schema/abandoning.graphql'), ABANDONING_SDL);
  const generated = await runCli(['generate'], root);
  expect(generated.status, generated.stderr).toBe(0);
  await writeFile(join(root, 'src/resolvers/Query.ts'), QUERY_RESOLVERS);
  await writeFile(join(root, 'src/resolvers/Pair.ts'), PAIR_RESOLVERS);
  await writeFile(join(root, 'src/server.ts'), SERVER);
  const built = await runCli(['build', '--no-sam', '--no-typecheck'], root);
  expect(built.status, built.stdout + built.stderr).toBe(0);
  const entries = await readZip(join(root, 'dist/lambda.zip'));
  taskRoot = await createTaskRoot(entries.map((entry) => [entry.name, entry.data]), root);
});
afterAll(async () => {
  await taskRoot?.dispose();
  await removeTempDirs();
});

/** One cold process of the built zip, sent these queries in turn, then one that waits long enough (200 ms) for every promise they abandoned to settle. */
function run(...queries: string[]): Promise<LambdaProcessReport> {
  return runLambdaProcess({
    taskRoot: taskRoot.dir,
    events: [...queries, '{ wait(ms: 200) hello }'].map((query) => httpApiEvent(query, 'vitest')),
    runtime: 'nodejs22.x',
    timeout: 2,
  });
}

const body = (report: LambdaProcessReport, index: number) => {
  const invocation = report.invocations[index];
  expect(invocation?.error, `invocation ${index} failed: ${JSON.stringify(invocation?.error)}\n${report.logs}`).toBeUndefined();
  const response = JSON.parse(invocation!.payload!) as { statusCode: number; body: string };
  return { status: response.statusCode, ...(JSON.parse(response.body) as { data?: unknown; errors?: { message: string }[] }) };
};

describe('the built zip in a process that exits on an unhandled rejection, as Lambda does', () => {
  it('a list nulled by item 1 while item 0 is pending (it rejects later): the process answers the next request', async () => {
    const report = await run('{ ints }');
    expect(body(report, 0)).toMatchObject({ status: 200, data: { ints: null } });
    expect(body(report, 1)).toEqual({ status: 200, data: { wait: 'waited 200 ms', hello: 'Hello vitest!' } });
    expect(report.logs).not.toContain('Unhandled Promise Rejection');
  });

  it('an object nulled while its other non-null fields are pending (they reject later): the process answers the next request', async () => {
    const report = await run('{ pair { late missing later } }');
    expect(body(report, 0)).toMatchObject({ status: 200, data: { pair: null } });
    expect(body(report, 1)).toMatchObject({ status: 200, data: { wait: 'waited 200 ms' } });
    expect(report.logs).not.toContain('Unhandled Promise Rejection');
  });

  it('a request answered 504 at its deadline, its work going on and abandoning a list: the process answers the next request', async () => {
    const report = await run('{ ints(delayMs: 350) }');
    expect(body(report, 0)).toMatchObject({ status: 504 });
    expect(body(report, 1)).toMatchObject({ status: 200, data: { wait: 'waited 200 ms' } });
    expect(report.logs).not.toContain('Unhandled Promise Rejection');
  });

  it('the harness is armed: a rejection nobody handles fails the invocation and ends the process', async () => {
    const report = await run('{ leak }');
    expect(report.invocations[0]?.error).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: db timeout' });
    expect(report.invocations[1]?.error?.errorType).toBe('Runtime.ExitError');
    expect(report.logs).toContain('Unhandled Promise Rejection');
  });
});
