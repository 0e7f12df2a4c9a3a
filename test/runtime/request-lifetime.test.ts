/**
 * Nothing of one request may outlive it in a cache: the executor's per-document plans are kept as long as
 * the document is cached, so they must hold no request's variables (callers' secrets, and heap: 96 KB of
 * variables kept ~450 KB alive per distinct query before).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const executor = pathToFileURL(fileURLToPath(new URL('../../dist/runtime/execute.js', import.meta.url))).href;

// Run with --expose-gc in a child: a WeakRef to a value parsed from the request's variables tells whether
// anything still holds it once the request is over (the document, and so its plans, is kept alive).
const script = `
import { GraphQLScalarType, buildSchema, parse } from 'graphql';
import { createExecutor } from ${JSON.stringify(executor)};
const schema = buildSchema('scalar Token type Item { n(times: Int): Int } type Query { items(token: Token): [Item] }');
let parsed;
Object.assign(schema.getType('Token'), { parseValue: (value) => (parsed = { secret: value }) });
const execute = createExecutor(schema);
const document = parse('query ($t: Token, $k: Int) { items(token: $t) { n(times: $k) } }');
const rootValue = { items: () => [{ n: 1 }, { n: 2 }] };
const result = execute({ document, rootValue, contextValue: {}, variableValues: { t: 'hunter2', k: 3 } });
const ref = new WeakRef(parsed);
parsed = undefined;
await new Promise((resolve) => setTimeout(resolve, 10));
globalThis.gc();
process.stdout.write(JSON.stringify({ result, kept: ref.deref() !== undefined, document: document.kind }));
`;

describe('a request leaves nothing behind in the cached plans', () => {
  it('no value of the variables is reachable once the request is over', () => {
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) }));
    expect(out.result).toEqual({ data: { items: [{ n: 1 }, { n: 2 }] } });
    expect(out.kept).toBe(false);
  });
});
