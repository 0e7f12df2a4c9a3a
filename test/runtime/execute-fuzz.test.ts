/**
 * A generative differential test of our executor (src/runtime/execute.ts) against graphql-js 16's `execute`.
 *
 * Random valid documents are generated from a schema (random fields, aliases, the same field twice with the
 * same arguments, nested selections, inline fragments and named fragments on object, interface and union
 * types, `__typename`, `@skip`/`@include` with literal and variable conditions, arguments from literals and
 * from variables), kept only if they pass `validate`, and run by both executors on fresh identical inputs:
 *
 * - the benchmark's shop (fixtures/bench/shared), every resolver recording its call;
 * - a synthetic schema for error semantics whose resolvers, default-resolved properties, `resolveType`s and
 *   `isTypeOf`s behave as a seeded hash of their position says: a value, null, a thrown Error or GraphQLError,
 *   a returned Error, a rejected promise, a value after N microtask ticks, a thenable, a wrong-typed value.
 *
 * The answers are compared as `JSON.stringify` (key order included). When no promise is involved the errors
 * must come in the same order, resolvers must have been called in the same order, and both must answer
 * synchronously; otherwise the errors are compared as a set and the calls as a multiset. Rejections left
 * unhandled by an execution are counted per side: ours may leave fewer than graphql-js (which abandons the
 * pending items of a list nulled by a failed non-null item), never more. Each document is run by ours twice
 * (the second run uses the cached plans), then with a second set of variables (and, on the synthetic schema,
 * other behaviours: other runtime types for the same plans), then, when async, with both sets at once. The
 * accepted differences of the team notes are normalised before comparing (`normalizeMessage`), nothing else.
 *
 * Deterministic: a fixed seed. A failure prints the seed, the case number, the original case and a shrunk one
 * (the smallest document, found by removing selections, arguments, directives, aliases and variables one at
 * a time, that still answers differently), with what each resolver position did. For longer hunts:
 *   FUZZ_SEED=n        another seed                 FUZZ_SCALE=k      k times as many cases
 *   FUZZ_KEEP_GOING=1  report every distinct failure, not just the first of each campaign
 *   FUZZ_STRICT=1      compare async runs like sync ones (error and call order): graphql-js promises no order
 *                      there, but an executor that follows it tick for tick passes this too
 *   FUZZ_STATS=1       how many generated documents validation discarded;  FUZZ_SHOW=n  print the first n cases
 *
 * The differences found so far are at the end of the file, shrunk by hand, as named regression cases.
 *
 * Why not fast-check: the documents are schema-directed and filtered by `validate`, and the behaviours are
 * keyed by response path; fast-check's shrinking works on the random choices, which for a GraphQL document
 * mostly yields invalid documents or different behaviours. A seeded PRNG plus a shrinker working on the
 * document's AST gives far smaller reproducers.
 */
import {
  GraphQLError,
  GraphQLScalarType,
  Kind,
  buildSchema,
  execute,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  parse,
  print,
  responsePathAsArray,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLCompositeType,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLUnionType,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/runtime/execute.js';
import { loggedShop, pathOf, resetShop } from './shop-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
type Json = Record<string, unknown>;

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
/** Run every case even after a failure, and print a summary of the distinct (shrunk) failures. */
const KEEP_GOING = process.env.FUZZ_KEEP_GOING === '1';
/** Compare asynchronous runs as strictly as synchronous ones (error order, call order): an experiment. */
const STRICT = process.env.FUZZ_STRICT === '1';

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------------------

function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** mulberry32. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The document generator (works on any schema)
// ---------------------------------------------------------------------------------------------------------

interface GenOptions {
  maxDepth: number;
  width: number;
  /** An input value position takes a variable. */
  pVariable: number;
  /** A selection carries @skip/@include. */
  pDirective: number;
  pMutation: number;
  /** `__type`/`__schema` at the root of a query. */
  pIntrospection: number;
  scalarLiteral(type: GraphQLScalarType, hint: string, rng: Rng): string;
  scalarJson(type: GraphQLScalarType, hint: string, rng: Rng): unknown;
}

interface VariableDef {
  name: string;
  type: string;
  defaultValue?: string;
  /** A value for the variables object; OMIT leaves the variable out. */
  value: () => unknown;
}
const OMIT = Symbol('omit');

interface Generated {
  text: string;
  /** Two sets of variable values for the same document. */
  variables: (Json | undefined)[];
  operationName?: string;
}

class DocumentGenerator {
  private readonly vars: VariableDef[] = [];
  private readonly fragments: { name: string; on: GraphQLCompositeType; text?: string }[] = [];
  private readonly argumentMemo = new Map<string, string>();
  private static readonly overlapCache = new WeakMap<GraphQLSchema, Map<string, GraphQLCompositeType[]>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rng: Rng,
    private readonly options: GenOptions,
  ) {}

  generate(): Generated {
    const { rng, schema } = this;
    const mutation = schema.getMutationType() && rng.chance(this.options.pMutation);
    const root = (mutation ? schema.getMutationType() : schema.getQueryType())!;
    let body = this.selectionSet(root, 0, 0);
    if (!mutation && rng.chance(this.options.pIntrospection)) body = `{ ${this.introspection()} ${body.slice(1)}`;
    const named = rng.chance(0.5);
    const definitions = this.vars.map((v) => `$${v.name}: ${v.type}${v.defaultValue === undefined ? '' : ` = ${v.defaultValue}`}`);
    const header = `${mutation ? 'mutation' : 'query'}${named ? ' Op' : ''}${definitions.length ? `(${definitions.join(', ')})` : ''}`;
    let text = !mutation && !named && !definitions.length && rng.chance(0.5) ? body : `${header} ${body}`;
    let operationName: string | undefined;
    if (named && rng.chance(0.2)) {
      text = rng.chance(0.5) ? `${text}\nquery Other { __typename }` : `query Other { __typename }\n${text}`;
      // Mostly the generated operation; now and then the other one, none (an error), or an unknown one.
      operationName = rng.chance(0.85) ? 'Op' : rng.pick(['Other', undefined, 'Nope']);
    } else if (named && rng.chance(0.05)) {
      operationName = rng.pick(['Op', 'Nope']);
    }
    const fragments = this.fragments.map((fragment) => fragment.text!);
    for (let i = fragments.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [fragments[i], fragments[j]] = [fragments[j]!, fragments[i]!];
    }
    text = [text, ...fragments].join('\n');
    const variables = [0, 1].map(() => {
      if (!this.vars.length && rng.chance(0.5)) return undefined;
      const values: Json = {};
      for (const v of this.vars) {
        const value = v.value();
        if (value !== OMIT) values[v.name] = value;
      }
      return values;
    });
    return { text, variables, operationName };
  }

  private selectionSet(type: GraphQLCompositeType, depth: number, nesting: number): string {
    const { rng } = this;
    const parts: string[] = [];
    const count = 1 + rng.int(this.options.width);
    for (let k = 0; k < count; k++) {
      const roll = rng.next();
      if (roll < 0.08 || isUnionType(type)) {
        if (isUnionType(type) && roll > 0.3 && nesting < 3) parts.push(rng.chance(0.5) ? this.inlineFragment(type, depth, nesting) : this.spread(type, depth, nesting));
        else parts.push(this.typename());
      } else if (roll < 0.2 && nesting < 3) parts.push(this.inlineFragment(type, depth, nesting));
      else if (roll < 0.32 && nesting < 3) parts.push(this.spread(type, depth, nesting));
      else parts.push(...this.field(type, depth, nesting));
    }
    return `{ ${parts.join(' ')} }`;
  }

  private typename(): string {
    return `${this.rng.chance(0.2) ? `${this.rng.pick(['t', 'kind', '__proto__'])}: ` : ''}__typename${this.directives()}`;
  }

  private field(type: GraphQLObjectType | GraphQLInterfaceType, depth: number, nesting: number): string[] {
    const { rng } = this;
    const all = Object.values(type.getFields());
    const candidates = depth >= this.options.maxDepth ? all.filter((def) => isLeafType(getNamedType(def.type))) : all;
    if (!candidates.length) return [this.typename()];
    const def = rng.pick(candidates);
    const alias = this.alias(def.name);
    const key = alias ?? def.name;
    const args = this.argumentsOf(key, def);
    const named = getNamedType(def.type);
    const text = () => {
      const sub = isCompositeType(named) ? ` ${this.selectionSet(named, depth + 1, nesting)}` : '';
      return `${alias ? `${alias}: ` : ''}${def.name}${args}${this.directives()}${sub}`;
    };
    const out = [text()];
    // The same field again (same key, same arguments): its selections merge.
    if (rng.chance(0.12)) out.push(text());
    return out;
  }

  private alias(name: string): string | undefined {
    const roll = this.rng.next();
    if (roll < 0.6) return undefined;
    if (roll < 0.97) return `${name}_${this.rng.int(2)}`;
    return this.rng.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']);
  }

  /** One set of arguments per response key (and field), so that the same key merges wherever it appears. */
  private argumentsOf(key: string, def: GraphQLField<unknown, unknown>): string {
    if (!def.args.length) return '';
    const memo = `${key}|${def.name}|${def.args.map((arg) => `${arg.name}:${String(arg.type)}`).join(',')}`;
    let text = this.argumentMemo.get(memo);
    if (text === undefined) {
      const parts: string[] = [];
      for (const arg of def.args) {
        const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
        if (!required && !this.rng.chance(0.5)) continue;
        parts.push(`${arg.name}: ${this.value(arg.type, arg.name, arg.defaultValue !== undefined, 0)}`);
      }
      text = parts.length ? `(${parts.join(', ')})` : '';
      this.argumentMemo.set(memo, text);
    }
    return text;
  }

  private value(type: GraphQLInputType, hint: string, hasDefault: boolean, depth: number): string {
    return this.rng.chance(this.options.pVariable) ? this.variable(type, hint, hasDefault) : this.literal(type, hint, depth);
  }

  private literal(type: GraphQLInputType, hint: string, depth: number): string {
    const { rng } = this;
    if (!isNonNullType(type) && rng.chance(0.08)) return 'null';
    const nullable = isNonNullType(type) ? type.ofType : type;
    if (isListType(nullable)) {
      if (rng.chance(0.25)) return this.value(nullable.ofType, hint, false, depth + 1);
      return `[${Array.from({ length: rng.int(4) }, () => this.value(nullable.ofType, hint, false, depth + 1)).join(', ')}]`;
    }
    if (isInputObjectType(nullable)) {
      const parts: string[] = [];
      for (const field of Object.values(nullable.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (required || (depth < 2 && rng.chance(0.4))) parts.push(`${field.name}: ${this.value(field.type, field.name, field.defaultValue !== undefined, depth + 1)}`);
      }
      return `{ ${parts.join(', ')} }`;
    }
    if (isEnumType(nullable)) return rng.pick(nullable.getValues()).name;
    return this.options.scalarLiteral(nullable as GraphQLScalarType, hint, rng);
  }

  /** A JSON value for a variable of this type; now and then one that does not coerce. */
  private json(type: GraphQLInputType, hint: string, depth: number): unknown {
    const { rng } = this;
    if (rng.chance(0.01)) return rng.pick(['x', 1.5, {}, [{}], true]);
    if (!isNonNullType(type) && rng.chance(0.08)) return null;
    const nullable = isNonNullType(type) ? type.ofType : type;
    if (isListType(nullable)) {
      if (rng.chance(0.25)) return this.json(nullable.ofType, hint, depth + 1);
      return Array.from({ length: rng.int(4) }, () => this.json(nullable.ofType, hint, depth + 1));
    }
    if (isInputObjectType(nullable)) {
      const out: Json = {};
      for (const field of Object.values(nullable.getFields())) {
        const required = isNonNullType(field.type) && field.defaultValue === undefined;
        if (required || (depth < 2 && rng.chance(0.4))) out[field.name] = this.json(field.type, field.name, depth + 1);
      }
      return out;
    }
    if (isEnumType(nullable)) return rng.pick(nullable.getValues()).name;
    return this.options.scalarJson(nullable as GraphQLScalarType, hint, rng);
  }

  private variable(type: GraphQLInputType, hint: string, hasDefault: boolean): string {
    const { rng } = this;
    // Where the position has a default, a nullable variable is allowed for a non-null type.
    const variableType = isNonNullType(type) && hasDefault && rng.chance(0.4) ? type.ofType : type;
    const typeText = String(variableType);
    const existing = this.vars.filter((v) => v.type === typeText);
    if (existing.length && rng.chance(0.3)) return `$${rng.pick(existing).name}`;
    const name = `v${this.vars.length}`;
    const defaultValue = rng.chance(0.25) ? this.literalWithoutVariables(variableType, hint) : undefined;
    const optional = !isNonNullType(variableType) || defaultValue !== undefined;
    this.vars.push({
      name,
      type: typeText,
      defaultValue,
      value: () => (optional && rng.chance(0.25) ? OMIT : !isNonNullType(variableType) && rng.chance(0.1) ? null : this.json(variableType, hint, 0)),
    });
    return `$${name}`;
  }

  private literalWithoutVariables(type: GraphQLInputType, hint: string): string {
    const saved = this.options.pVariable;
    this.options.pVariable = 0;
    try {
      return this.literal(type, hint, 1);
    } finally {
      this.options.pVariable = saved;
    }
  }

  private directives(): string {
    const { rng } = this;
    if (!rng.chance(this.options.pDirective)) return '';
    const one = () => `@${rng.pick(['skip', 'include'])}(if: ${rng.chance(0.45) ? rng.pick(['true', 'false']) : `$${this.condition()}`})`;
    return ` ${one()}${rng.chance(0.15) ? ` ${one()}` : ''}`;
  }

  /** A Boolean variable for @skip/@include: `Boolean!`, or `Boolean` with a default (null at run time is an error). */
  private condition(): string {
    const { rng } = this;
    const existing = this.vars.filter((v) => v.name.startsWith('c'));
    if (existing.length && rng.chance(0.4)) return rng.pick(existing).name;
    const name = `c${this.vars.length}`;
    if (rng.chance(0.6)) {
      this.vars.push({ name, type: 'Boolean!', value: () => rng.chance(0.5) });
    } else {
      this.vars.push({
        name,
        type: 'Boolean',
        defaultValue: rng.pick(['true', 'false']),
        value: () => (rng.chance(0.3) ? OMIT : rng.chance(0.12) ? null : rng.chance(0.5)),
      });
    }
    return name;
  }

  /** The composite types a fragment inside a selection on `type` may be on (their possible types overlap). */
  private overlapping(type: GraphQLCompositeType): GraphQLCompositeType[] {
    let cache = DocumentGenerator.overlapCache.get(this.schema);
    if (!cache) DocumentGenerator.overlapCache.set(this.schema, (cache = new Map()));
    let list = cache.get(type.name);
    if (!list) {
      const possible = (t: GraphQLCompositeType) => new Set(isAbstractType(t) ? this.schema.getPossibleTypes(t) : [t]);
      const mine = possible(type);
      list = Object.values(this.schema.getTypeMap())
        .filter((t): t is GraphQLCompositeType => isCompositeType(t) && !t.name.startsWith('__'))
        .filter((t) => [...possible(t)].some((p) => mine.has(p)));
      if (!list.includes(type)) list.push(type);
      cache.set(type.name, list);
    }
    return list;
  }

  private inlineFragment(type: GraphQLCompositeType, depth: number, nesting: number): string {
    const on = this.rng.chance(0.15) ? undefined : this.rng.pick(this.overlapping(type));
    return `...${on ? ` on ${on.name}` : ''}${this.directives()} ${this.selectionSet(on ?? type, depth, nesting + 1)}`;
  }

  private spread(type: GraphQLCompositeType, depth: number, nesting: number): string {
    const { rng } = this;
    const applicable = new Set(this.overlapping(type));
    const reusable = this.fragments.filter((fragment) => fragment.text !== undefined && applicable.has(fragment.on));
    let name: string;
    if (reusable.length && rng.chance(0.5)) {
      name = rng.pick(reusable).name;
    } else {
      const on = rng.pick([...applicable]);
      name = `F${this.fragments.length}`;
      const fragment: { name: string; on: GraphQLCompositeType; text?: string } = { name, on };
      this.fragments.push(fragment);
      fragment.text = `fragment ${name} on ${on.name} ${this.selectionSet(on, depth, nesting + 1)}`;
    }
    // Now and then the same fragment twice in a row, each with its own directives.
    return rng.chance(0.15) ? `...${name}${this.directives()} ...${name}${this.directives()}` : `...${name}${this.directives()}`;
  }

  private introspection(): string {
    const { rng, schema } = this;
    const typeNames = Object.keys(schema.getTypeMap());
    const typeType = schema.getType('__Type') as GraphQLObjectType;
    if (rng.chance(0.7)) return `__type(name: ${JSON.stringify(rng.chance(0.9) ? rng.pick(typeNames) : 'Nope')}) ${this.selectionSet(typeType, this.options.maxDepth - 2, 2)}`;
    return `__schema { queryType { name } types ${this.selectionSet(typeType, this.options.maxDepth - 1, 2)} }`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Running both executors, and comparing
// ---------------------------------------------------------------------------------------------------------

/** Our one message for a type resolution that gave back no possible object type (accepted difference #2). */
const OUR_RESOLVE_TYPE_FAILURE =
  /^Abstract type "\w+" resolved to .+ for field "\w+\.\w+": resolveType must name one of its object types\.$/s;
/** graphql-js's texts for the same failures. */
const GRAPHQL_RESOLVE_TYPE_FAILURE =
  /^(Abstract type "\w+" (must resolve to an Object type at runtime|was resolved to a)|Runtime Object type "\w+" is not a possible type for|Support for returning GraphQLObjectType from resolveType was removed)/;

/** The accepted difference: the wording of a failed type resolution (messages that show a value are compared exactly). */
function normalizeMessage(message: string, side: 'graphql' | 'ours'): string {
  return (side === 'ours' ? OUR_RESOLVE_TYPE_FAILURE : GRAPHQL_RESOLVE_TYPE_FAILURE).test(message) ? '(a resolveType failure: wording accepted)' : message;
}

function shown(result: unknown, side: 'graphql' | 'ours', anyErrorOrder: boolean): string {
  const plain = JSON.parse(JSON.stringify(result)) as { errors?: { message: string }[] };
  if (plain.errors) {
    for (const error of plain.errors) error.message = normalizeMessage(error.message, side);
    if (anyErrorOrder) plain.errors.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return JSON.stringify(plain);
}

const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Side {
  sync: boolean;
  answer: string;
  log: string[];
  /** Rejections nobody handled (graphql-js leaves some: a non-null list item failing after a rejected one). */
  unhandled: number;
}

/**
 * Rejections left unhandled by an execution are counted per side (a Lambda runtime may die of one, so ours
 * must not leave more than graphql-js), instead of being reported by vitest as errors of the test file.
 */
let unhandledRejections = 0;
const countRejection = () => void unhandledRejections++;
async function countingUnhandledRejections(run: () => Promise<void>): Promise<void> {
  const listeners = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  process.on('unhandledRejection', countRejection);
  try {
    await run();
  } finally {
    await drain();
    process.off('unhandledRejection', countRejection);
    for (const listener of listeners) process.on('unhandledRejection', listener);
  }
}

interface Harness {
  schema: GraphQLSchema;
  ours: ReturnType<typeof createExecutor>;
  /** Fresh inputs for one run (`variant` 1 goes with the second set of variables: other runtime types, say). */
  inputs(variant?: number): { contextValue: { log: string[] }; rootValue: unknown };
  /** Put shared state back as it was before each run. */
  reset?(): void;
  /** Promises may be involved: errors are compared as a set, calls as a multiset. */
  async: boolean;
}

async function runSide(h: Harness, run: (args: Any) => unknown, document: DocumentNode, variableValues: Json | undefined, operationName: string | undefined, variant: number): Promise<Side> {
  h.reset?.();
  const before = unhandledRejections;
  const { contextValue, rootValue } = h.inputs(variant);
  const returned = run({ schema: h.schema, document, variableValues, operationName, contextValue, rootValue });
  const sync = !isPromise(returned);
  const result = await returned;
  const answer = shown(result, run === execute ? 'graphql' : 'ours', h.async && !STRICT);
  if (h.async) await drain();
  const log = h.async && !STRICT ? [...contextValue.log].sort() : contextValue.log;
  return { sync, answer, log, unhandled: unhandledRejections - before };
}

/** What differs between the two answers for one document, or undefined. */
async function compare(h: Harness, text: string, variableSets: (Json | undefined)[], operationName: string | undefined): Promise<string | undefined> {
  const document = parse(text);
  const ours = (args: Any) => h.ours(args);
  const expectedAnswers: Side[] = [];
  for (const [k, variables] of variableSets.entries()) {
    const expected = await runSide(h, execute, document, variables, operationName, k);
    expectedAnswers.push(expected);
    // Our first run of a document makes its plans; later runs (and other variables) use them.
    const runs = k === 0 ? 2 : 1;
    for (let r = 0; r < runs; r++) {
      const actual = await runSide(h, ours, document, variables, operationName, k);
      const what = `variables #${k + 1}${r ? ', run again (cached plans)' : ''}`;
      if (actual.answer !== expected.answer) return `${what}: answers differ\n  graphql-js: ${expected.answer}\n  ours:       ${actual.answer}`;
      if (!h.async && expected.sync !== actual.sync) return `${what}: graphql-js answered ${expected.sync ? '' : 'a'}synchronously, ours ${actual.sync ? '' : 'a'}synchronously`;
      if (actual.unhandled > expected.unhandled) return `${what}: rejections left unhandled: graphql-js ${expected.unhandled}, ours ${actual.unhandled}`;
      const a = JSON.stringify(actual.log);
      const e = JSON.stringify(expected.log);
      if (a !== e) return `${what}: resolvers were called differently${h.async ? ' (as a multiset)' : ' (in order)'}\n  graphql-js: ${e}\n  ours:       ${a}`;
      for (const message of (JSON.parse(actual.answer) as ExecutionResult).errors?.map((error) => error.message) ?? []) {
        if (GRAPHQL_RESOLVE_TYPE_FAILURE.test(message)) return `${what}: ours answered a resolveType failure with graphql-js's words: ${message}`;
      }
    }
  }
  // Both sets of variables at once, interleaved (plans and coerced arguments are shared between executions).
  if (h.async && variableSets.length > 1 && !h.reset) {
    const sides = await Promise.all(variableSets.map((variables, k) => runSide(h, ours, document, variables, operationName, k)));
    for (const [k, actual] of sides.entries()) {
      const expected = expectedAnswers[k]!;
      if (actual.answer !== expected.answer) return `variables #${k + 1}, run concurrently with the others: answers differ\n  graphql-js: ${expected.answer}\n  ours:       ${actual.answer}`;
      if (JSON.stringify(actual.log) !== JSON.stringify(expected.log)) return `variables #${k + 1}, run concurrently with the others: resolvers were called differently`;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Shrinking a failing document
// ---------------------------------------------------------------------------------------------------------

type Edit = (node: ASTNode) => unknown;
const EDITS: { name: string; applies: (node: ASTNode) => boolean; edit: Edit }[] = [
  { name: 'remove an operation', applies: (n) => n.kind === Kind.OPERATION_DEFINITION, edit: () => null },
  { name: 'remove a selection', applies: (n) => n.kind === Kind.FIELD || n.kind === Kind.INLINE_FRAGMENT || n.kind === Kind.FRAGMENT_SPREAD, edit: () => null },
  {
    name: 'replace a sub-selection by __typename',
    applies: (n) => n.kind === Kind.FIELD && !!n.selectionSet && !(n.selectionSet.selections.length === 1 && n.selectionSet.selections[0]!.kind === Kind.FIELD && n.selectionSet.selections[0]!.name.value === '__typename'),
    edit: (n) => ({ ...n, selectionSet: (parse('{ __typename }').definitions[0] as OperationDefinitionNode).selectionSet }),
  },
  { name: 'remove a directive', applies: (n) => n.kind === Kind.DIRECTIVE, edit: () => null },
  { name: 'remove an argument', applies: (n) => n.kind === Kind.ARGUMENT, edit: () => null },
  { name: 'remove an alias', applies: (n) => n.kind === Kind.FIELD && !!n.alias, edit: (n) => ({ ...n, alias: undefined }) },
  { name: 'remove an input field', applies: (n) => n.kind === Kind.OBJECT_FIELD, edit: () => null },
  { name: 'remove a variable default', applies: (n) => n.kind === Kind.VARIABLE_DEFINITION && !!n.defaultValue, edit: (n) => ({ ...n, defaultValue: undefined }) },
  { name: 'empty a list', applies: (n) => n.kind === Kind.LIST && n.values.length > 0, edit: (n) => ({ ...n, values: [] }) },
];

/** Drops the fragments and variable definitions nothing uses any more. */
function tidy(document: DocumentNode): DocumentNode {
  for (;;) {
    const spreads = new Set<string>();
    const used = new Map<ASTNode, Set<string>>();
    for (const definition of document.definitions) {
      const names = new Set<string>();
      visit(definition, {
        FragmentSpread: (node) => void spreads.add(node.name.value),
        VariableDefinition: () => false,
        Variable: (node) => void names.add(node.name.value),
      });
      used.set(definition, names);
    }
    // Variables used by fragments count for every operation (the generator makes one operation that uses them).
    const fromFragments = new Set<string>();
    for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) for (const name of used.get(definition)!) fromFragments.add(name);
    let changed = false;
    const definitions = document.definitions
      .filter((definition) => {
        const keep = definition.kind !== Kind.FRAGMENT_DEFINITION || spreads.has(definition.name.value);
        if (!keep) changed = true;
        return keep;
      })
      .map((definition) => {
        if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.variableDefinitions?.length) return definition;
        const names = used.get(definition)!;
        const kept = definition.variableDefinitions.filter((v) => names.has(v.variable.name.value) || fromFragments.has(v.variable.name.value));
        if (kept.length === definition.variableDefinitions.length) return definition;
        changed = true;
        return { ...definition, variableDefinitions: kept };
      });
    document = { ...document, definitions };
    if (!changed) return document;
  }
}

function* oneEditAway(document: DocumentNode): Generator<DocumentNode> {
  for (const { applies, edit } of EDITS) {
    for (let target = 0; ; target++) {
      let seen = 0;
      let hit = false;
      const edited = visit(document, {
        enter(node) {
          if (!hit && applies(node) && seen++ === target) {
            hit = true;
            return edit(node) as Any;
          }
          return undefined;
        },
      });
      if (!hit) break;
      yield edited;
    }
  }
}

interface FuzzCase {
  text: string;
  variables: (Json | undefined)[];
  operationName?: string;
}

async function shrink(schema: GraphQLSchema, c: FuzzCase, fails: (c: FuzzCase) => Promise<string | undefined>): Promise<FuzzCase> {
  let best = c;
  let budget = 4000;
  const variableNames = (document: DocumentNode) => {
    const names = new Set<string>();
    visit(document, { VariableDefinition: (node) => void names.add(node.variable.name.value) });
    return names;
  };
  const keepDefined = (sets: (Json | undefined)[], names: Set<string>) =>
    sets.map((set) => (set === undefined ? undefined : Object.fromEntries(Object.entries(set).filter(([name]) => names.has(name)))));
  const attempt = async (candidate: FuzzCase): Promise<boolean> => {
    if (budget-- <= 0) return false;
    if ((await fails(candidate)) === undefined) return false;
    best = candidate;
    return true;
  };
  outer: for (;;) {
    if (best.variables.length > 1 && (await attempt({ ...best, variables: [best.variables[0]] }))) continue;
    if (best.variables.length === 1 && best.variables[0] === undefined && (await attempt({ ...best, variables: [best.variables[1] ?? {}] }))) continue;
    const document = parse(best.text);
    for (const edited of oneEditAway(document)) {
      let text: string;
      let tidied: DocumentNode;
      try {
        tidied = tidy(edited);
        text = print(tidied);
        tidied = parse(text);
      } catch {
        continue;
      }
      if (validate(schema, tidied).length) continue;
      const operations = tidied.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
      const operationName = operations.length > 1 ? best.operationName : undefined;
      if (await attempt({ text, operationName, variables: keepDefined(best.variables, variableNames(tidied)) })) continue outer;
    }
    for (const [k, set] of best.variables.entries()) {
      for (const name of Object.keys(set ?? {})) {
        const variables = best.variables.map((s, j) => (j === k ? Object.fromEntries(Object.entries(s!).filter(([n]) => n !== name)) : s));
        if (await attempt({ ...best, variables })) continue outer;
      }
    }
    return best;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The loop
// ---------------------------------------------------------------------------------------------------------

interface Campaign {
  name: string;
  cases: number;
  harness: (rng: Rng) => { h: Harness; describe?: () => string };
  generate: (rng: Rng, h: Harness) => Generated;
}

const failures: string[] = [];

async function fuzz(campaign: Campaign): Promise<void> {
  const cases = Math.round(campaign.cases * SCALE);
  let valid = 0;
  let discarded = 0;
  const seen = new Set<string>();
  for (let i = 0; valid < cases; i++) {
    if (i > cases * 4) throw new Error(`${campaign.name}: too many generated documents fail validation (${discarded} of ${i})`);
    const rng = new Rng(hash32(`${SEED}:${campaign.name}:${i}`));
    const { h, describe: describeHarness } = campaign.harness(rng);
    const generated = campaign.generate(rng, h);
    const errors = validate(h.schema, parse(generated.text));
    if (errors.length) {
      discarded++;
      if (process.env.FUZZ_SHOW_INVALID) console.log(generated.text, errors.map((e) => e.message));
      continue;
    }
    valid++;
    const c: FuzzCase = { text: generated.text, variables: generated.variables, operationName: generated.operationName };
    const difference = await compare(h, c.text, c.variables, c.operationName);
    if (process.env.FUZZ_SHOW && i < Number(process.env.FUZZ_SHOW)) {
      const { contextValue, rootValue } = h.inputs();
      h.reset?.();
      const result = await execute({ schema: h.schema, document: parse(c.text), variableValues: c.variables[0], operationName: c.operationName, contextValue, rootValue });
      console.log(`#${i} ${describeHarness?.() ?? ''}\n${c.text}\n${JSON.stringify(c.variables)}\n${JSON.stringify(result).slice(0, 1500)}\n`);
    }
    if (difference === undefined) continue;
    const small = await shrink(h.schema, c, (candidate) => compare(h, candidate.text, candidate.variables, candidate.operationName));
    const smallDifference = (await compare(h, small.text, small.variables, small.operationName))!;
    const show = (x: FuzzCase) =>
      `${print(parse(x.text))}\nvariables: ${JSON.stringify(x.variables)}${x.operationName ? `\noperationName: ${x.operationName}` : ''}`;
    const report = [
      `${campaign.name}: case #${i} (FUZZ_SEED=${SEED}) answers differently.`,
      describeHarness ? `harness: ${describeHarness()}` : '',
      `--- shrunk case ---\n${show(small)}\n${smallDifference}`,
      describeHarness ? `behaviours: ${await behaviourTrace(h, small)}` : '',
      `--- original case ---\n${show(c)}\n${difference}`,
    ]
      .filter(Boolean)
      .join('\n');
    if (!KEEP_GOING) throw new Error(report);
    const signature = smallDifference.split('\n')[0]! + print(parse(small.text)).replace(/\s+/g, ' ').slice(0, 60);
    if (!seen.has(signature)) {
      seen.add(signature);
      failures.push(report);
      console.log(report);
    }
  }
  if (process.env.FUZZ_STATS) console.log(`${campaign.name}: ${valid} cases, ${discarded} discarded by validate`);
}

// ---------------------------------------------------------------------------------------------------------
// The shop (the benchmark's schema, resolvers and data), every resolver recording its call
// ---------------------------------------------------------------------------------------------------------



const shop = loggedShop();
const shopExecutor = createExecutor(shop);

const cursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');
const SHOP_OPTIONS: Omit<GenOptions, 'maxDepth' | 'width'> = {
  pVariable: 0.3,
  pDirective: 0.12,
  pMutation: 0.15,
  pIntrospection: 0.04,
  scalarLiteral: (type, hint, rng) => JSON.stringify(shopScalar(type, hint, rng)),
  scalarJson: (type, hint, rng) => shopScalar(type, hint, rng),
};
function shopScalar(type: GraphQLScalarType, hint: string, rng: Rng): unknown {
  switch (`${type.name}:${hint}`) {
    case 'ID:id':
      return rng.pick(['p1', 'p2', 'p17', 'p50', 'c1', 'c3', 'u1', 'u4', 'r2', 'r40', 'o1', 'o7', 'x1']);
    case 'ID:productId':
      return rng.pick(['p1', 'p5', 'p50', 'p99']);
    case 'ID:category':
      return rng.pick(['c1', 'c2', 'c5', 'c9']);
    case 'Int:first':
      return rng.pick([0, 1, 2, 3, 3, 5, 5, 10, -1, 101]);
    case 'Int:rating':
      return rng.int(7);
    case 'Int:quantity':
      return rng.int(4);
    case 'Int:amount':
      return rng.pick([0, 100, 2500, -5]);
    case 'String:after':
      return rng.pick([cursor(0), cursor(3), cursor(9), 'bogus']);
    case 'String:term':
      return rng.pick(['a', 'e', 'pro', 'zz', '']);
    case 'String:name':
      return rng.pick(['Product', 'SearchResult', 'Node', 'Money', 'Nope']);
  }
  switch (type.name) {
    case 'Int':
      return rng.int(6);
    case 'Float':
      return rng.int(10) / 4;
    case 'Boolean':
      return rng.chance(0.5);
    case 'ID':
      return rng.pick(['p3', 'u2', '7']);
    default:
      return rng.pick(['a', 'b c', '']);
  }
}

const shopHarness = (rng: Rng): { h: Harness } => {
  const viewerId = rng.pick(['u1', 'u1', 'u5', 'nobody']);
  return {
    h: {
      schema: shop,
      ours: shopExecutor,
      async: false,
      reset: resetShop,
      inputs: () => ({ contextValue: { userAgent: 'fuzz', viewerId, log: [] }, rootValue: undefined }),
    },
  };
};

// ---------------------------------------------------------------------------------------------------------
// The synthetic schema for error semantics
// ---------------------------------------------------------------------------------------------------------

const FIELDS = `
  id: ID!
  name: String
  s: String
  nn: String!
  i: Int
  nnI: Int!
  f: Float
  bool: Boolean
  odd: Odd
  color: Color
  nnColor: Color!
  ints: [Int]
  strictInts: [Int!]
  nnInts: [Int!]!
  matrix: [[Int!]]
  odds: [Odd!]
  colors: [Color]
  a: A
  nnA: A!
  b: B
  c: C
  nnC: C!
  aList: [A]
  strictBs: [B!]
  nnCs: [C!]!
  grid: [[A]]
  node: Node
  nnNode: Node!
  nodes: [Node]
  strictNodes: [Node!]!
  named: Named
  u: U
  nnU: U!
  us: [U]
  v: V
  vs: [V!]
  echo(x: Int, s: String = "d", color: Color, ints: [Int!], filter: Filter, constructor: String, nn: Int! = 3): String
  info: String
`;
const SYNTHETIC_SDL = `
  enum Color { RED GREEN BLUE }
  scalar Odd
  input Filter { term: String = "x", limit: Int = 3, colors: [Color!], nested: Filter }
  "resolveType: seeded (a name, a promise of one, something wrong)"
  interface Node { ${FIELDS} }
  "no resolveType: __typename, else isTypeOf (B)"
  interface Named { name: String }
  "A: explicit resolvers, no isTypeOf"
  type A implements Node & Named { ${FIELDS} }
  "B: default resolvers (properties, getters, functions), isTypeOf"
  type B implements Node & Named { ${FIELDS} }
  "C: half explicit, half default, isTypeOf"
  type C implements Node { ${FIELDS} }
  "no resolveType: __typename, else isTypeOf (B, C)"
  union U = A | B | C
  "resolveType: seeded"
  union V = B | C
  type Query { ${FIELDS} }
  type Mutation { ${FIELDS} }
`;
const ECHO_ARGUMENTS = ['x', 's', 'color', 'ints', 'filter', 'constructor', 'nn'];

interface Behaviour {
  seed: number;
  async: boolean;
  /** A resolver fails (throws, rejects, returns an Error, null). */
  pFail: number;
  /** A value of the wrong type. */
  pWrong: number;
  /** resolveType / isTypeOf misbehave. */
  pAbstract: number;
  /** No root value at all. */
  noRoot: boolean;
  /** Resolvers report what they can see of their arguments object (its prototype, `in`). */
  observeArgs: boolean;
  /** What each position did, when asked (for reports). */
  trace?: Map<string, string>;
}
interface SyntheticContext {
  behaviour: Behaviour;
  log: string[];
  root: unknown;
}

const ticks = (n: number): Promise<void> => {
  let p = Promise.resolve();
  for (let k = 0; k < n; k++) p = p.then(() => undefined);
  return p;
};
/** A rejected promise nobody may ever wait for (a list item after a failed iteration, say): no unhandled rejection. */
const handled = <T>(promise: Promise<T>): Promise<T> => {
  promise.catch(() => undefined);
  return promise;
};
const objectLike = (value: unknown): value is Record<string, unknown> => (typeof value === 'object' || typeof value === 'function') && value !== null;
const keyOf = (value: unknown): string => (objectLike(value) && typeof value.__key === 'string' ? value.__key : `${typeof value}:${Array.isArray(value) ? 'array' : String(value)}`);
const kindOf = (value: unknown): unknown => (objectLike(value) ? value.__kind : undefined);
const rngAt = (b: Behaviour, key: string) => new Rng(hash32(`${b.seed}|${key}`));
const note = (b: Behaviour, key: string, what: string) => b.trace?.set(key, what);

const synthetic = buildSchema(SYNTHETIC_SDL);
const colorValues = ['#f00', 'green', 2];
{
  const color = synthetic.getType('Color') as GraphQLEnumType;
  color.getValues().forEach((value, k) => (value.value = colorValues[k]));
  const odd = synthetic.getType('Odd') as GraphQLScalarType;
  odd.serialize = (value: unknown) => {
    if (value === 'null') return null;
    if (value === 'undefined') return undefined;
    if (value === 'throw') throw new Error('Odd cannot serialize this.');
    if (value === 'gqlerror') throw new GraphQLError('Odd refuses.', { extensions: { code: 'ODD' } });
    return `odd:${String(value)}`;
  };
  const explicit = (type: string, index: number) => type === 'A' || type === 'Mutation' || (type === 'C' && index % 2 === 0) || (type === 'Query' && index % 2 === 1);
  for (const typeName of ['A', 'B', 'C', 'Query', 'Mutation']) {
    Object.values((synthetic.getType(typeName) as GraphQLObjectType).getFields()).forEach((field, index) => {
      if (!explicit(typeName, index)) return;
      field.resolve = (_source, args, context: SyntheticContext, info) => {
        const path = pathOf(info);
        context.log.push(`resolve ${info.parentType.name}.${info.fieldName} @ ${path}`);
        return resolveField(field, args, context, info, path);
      };
    });
  }
  for (const typeName of ['B', 'C']) (synthetic.getType(typeName) as GraphQLObjectType).isTypeOf = isTypeOf(typeName);
  (synthetic.getType('Node') as GraphQLInterfaceType).resolveType = resolveType;
  (synthetic.getType('V') as GraphQLUnionType).resolveType = resolveType;
}
const syntheticExecutor = createExecutor(synthetic);

/** What a resolver (or a function property) gives back for the field at `key`. */
function resolveField(field: GraphQLField<unknown, unknown>, args: Any, context: SyntheticContext, info: GraphQLResolveInfo, key: string): unknown {
  const b = context.behaviour;
  if (field.name === 'echo' || field.name === 'info') {
    const text = field.name === 'echo' ? echo(args, b.observeArgs) : digest(info, context, b.observeArgs ? args : undefined);
    const r = rngAt(b, `${key}#special`);
    return b.async && r.chance(0.3) ? ticks(r.int(4)).then(() => text) : text;
  }
  return outcome(b, key, field.type);
}

/** The arguments as given; then changed in place, as resolvers sometimes do (the next call must not see it). */
function echo(args: Any, observe: boolean): string {
  const text = JSON.stringify(
    observe ? { args, given: ECHO_ARGUMENTS.filter((name) => name in args), prototype: Object.getPrototypeOf(args) === null ? null : 'Object.prototype' } : args,
  );
  args.x = -1;
  delete args.s;
  if (args.filter && typeof args.filter === 'object') args.filter.limit = -1;
  return text;
}

function digest(info: GraphQLResolveInfo, context: SyntheticContext, args?: object): string {
  const typenames: unknown[] = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = info.path; at; at = at.prev) typenames.unshift(at.typename ?? null);
  return JSON.stringify({
    field: info.fieldName,
    parent: info.parentType.name,
    returns: String(info.returnType),
    path: responsePathAsArray(info.path),
    typenames,
    nodes: info.fieldNodes.map((node) => node.loc?.start),
    operation: info.operation.name?.value ?? info.operation.operation,
    variables: info.variableValues,
    fragments: Object.keys(info.fragments),
    root: info.rootValue === context.root,
    schema: info.schema === synthetic,
    ...(args ? { argumentsPrototype: Object.getPrototypeOf(args) === null ? null : 'Object.prototype' } : {}),
  });
}

function outcome(b: Behaviour, key: string, type: GraphQLOutputType): unknown {
  const r = rngAt(b, key);
  const roll = r.next();
  if (roll < b.pFail) {
    const n = r.int(8);
    switch (r.int(b.async ? 10 : 6)) {
      case 0:
        note(b, key, 'throws an Error');
        throw new Error(`Error at ${key}.`);
      case 1:
        note(b, key, 'throws a GraphQLError');
        throw new GraphQLError(`GraphQLError at ${key}.`, { extensions: { code: `E${key.length}` } });
      case 2:
        note(b, key, 'returns an Error');
        return new Error(`Returned at ${key}.`);
      case 3:
        note(b, key, 'returns null');
        return null;
      case 4:
        note(b, key, 'returns undefined');
        return undefined;
      case 5:
        note(b, key, 'throws a string');
        // eslint-disable-next-line no-throw-literal
        throw `thrown at ${key}`;
      case 6:
        note(b, key, `rejects after ${n} ticks`);
        return handled(
          ticks(n).then(() => {
            throw new Error(`Rejected at ${key}.`);
          }),
        );
      case 7:
        note(b, key, `null after ${n} ticks`);
        return ticks(n).then(() => null);
      case 8:
        note(b, key, `an Error value after ${n} ticks`);
        return ticks(n).then(() => new Error(`Resolved to an Error at ${key}.`));
      default:
        note(b, key, 'rejects at once with a GraphQLError that has a path');
        return handled(Promise.reject(new GraphQLError(`Pathed at ${key}.`, { path: ['elsewhere', 1] })));
    }
  }
  if (roll < b.pFail + b.pWrong) {
    const value = wrong(b, key, type, r);
    note(b, key, `wrong-typed: ${describeValue(value)}`);
    return value;
  }
  const make = () => produce(b, key, type, r);
  if (b.async && r.chance(0.45)) {
    const n = r.int(8);
    switch (r.int(3)) {
      case 0:
        note(b, key, `a value after ${n} ticks`);
        return ticks(n).then(make);
      case 1:
        note(b, key, `a thenable, after ${n} ticks`);
        return { then: (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) => ticks(n).then(make).then(resolve, reject) };
      default:
        note(b, key, 'a value from an async function');
        return (async () => make())();
    }
  }
  note(b, key, 'a value');
  return make();
}

const describeValue = (value: unknown): string => {
  try {
    return typeof value === 'number' && !Number.isFinite(value) ? String(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
};

/** A list item: like a resolver's outcome, but what would be thrown is the item itself. */
function item(b: Behaviour, key: string, type: GraphQLOutputType): unknown {
  try {
    return outcome(b, key, type);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function produce(b: Behaviour, key: string, type: GraphQLOutputType, r: Rng): unknown {
  if (isNonNullType(type)) return produce(b, key, type.ofType, r);
  if (isListType(type)) {
    const n = r.int(4);
    const at = (i: number) => item(b, `${key}.${i}`, type.ofType);
    const container = r.next();
    if (container < 0.8) return Array.from({ length: n }, (_, i) => at(i));
    if (container < 0.87) return new Set(Array.from({ length: n }, (_, i) => at(i)));
    if (container < 0.95) {
      return (function* () {
        for (let i = 0; i < n; i++) yield at(i);
      })();
    }
    return (function* () {
      for (let i = 0; i < n; i++) yield at(i);
      throw new Error(`Iteration failed at ${key}.`);
    })();
  }
  if (isObjectType(type)) return makeObject(b, key, type.name);
  if (isAbstractType(type)) return makeObject(b, key, r.pick(synthetic.getPossibleTypes(type)).name);
  switch ((type as GraphQLNamedType).name) {
    case 'ID':
      return r.chance(0.5) ? `id:${key}` : r.int(100);
    case 'String':
      return `s:${key}`;
    case 'Int':
      return r.int(1000) - 500;
    case 'Float':
      return r.int(100) / 8;
    case 'Boolean':
      return r.chance(0.5);
    case 'Odd':
      return r.pick(['a', 'b', 7]);
    default:
      return r.pick(colorValues);
  }
}

function wrong(b: Behaviour, key: string, type: GraphQLOutputType, r: Rng): unknown {
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) return r.pick([5, 'abc', {}, true]);
  if (isCompositeType(nullable)) return r.pick(['str', 7, true, [], () => makeObject(b, key, r.pick(['A', 'B', 'C']))]);
  switch (nullable.name) {
    case 'Int':
      return r.pick(['7', 'x', 1.5, 2 ** 31, true, NaN, { valueOf: (): number => 4 }]);
    case 'Float':
      return r.pick(['x', NaN, Infinity, '2.5', true]);
    case 'String':
      return r.pick([{}, [1, 2], true, 5, { a: 1 }]);
    case 'Boolean':
      return r.pick(['x', 0, 1, {}]);
    case 'ID':
      return r.pick([{}, true, 1.5, 12]);
    case 'Odd':
      return r.pick(['null', 'undefined', 'throw', 'gqlerror']);
    default:
      return r.pick(['RED', 'PURPLE', 7, '#F00']);
  }
}

const hidden = (target: object, name: string, value: unknown) => Object.defineProperty(target, name, { value, enumerable: false, configurable: true });

/**
 * A parent value of object type `kind`. Its default-resolved fields are (non-enumerable) getters: the value
 * itself, or a function the default resolver calls with (args, context, info). A few are missing.
 */
function makeObject(b: Behaviour, key: string, kind: string): object {
  const r = rngAt(b, `${key}#object`);
  const target: object = r.chance(0.1) ? function source() {} : {};
  hidden(target, '__key', key);
  hidden(target, '__kind', kind);
  if (r.chance(0.6)) hidden(target, '__typename', r.chance(0.9) ? kind : r.pick(['Nope', 'Color', 'Query', 'A', 'B', 'C']));
  for (const field of Object.values((synthetic.getType(kind) as GraphQLObjectType).getFields())) {
    if (field.resolve || r.chance(0.04)) continue;
    // graphql-js's inspect reads a function's name to word a message: a getter there would change the message.
    if (typeof target === 'function' && field.name === 'name') continue;
    const at = `${key}.${field.name}`;
    Object.defineProperty(target, field.name, {
      configurable: true,
      enumerable: false,
      get: () => {
        const p = rngAt(b, `${at}#property`);
        if (field.name === 'echo' || field.name === 'info' || p.chance(0.3)) {
          return (args: unknown, context: SyntheticContext, info: GraphQLResolveInfo) => {
            context.log.push(`call ${at} @ ${pathOf(info)}`);
            return resolveField(field, args, context, info, at);
          };
        }
        return outcome(b, at, field.type);
      },
    });
  }
  return target;
}

function resolveType(value: unknown, context: SyntheticContext, info: GraphQLResolveInfo, abstractType: GraphQLCompositeType): Any {
  context.log.push(`resolveType ${abstractType.name} @ ${pathOf(info)}`);
  const b = context.behaviour;
  const key = `${keyOf(value)}#resolveType:${abstractType.name}`;
  const r = rngAt(b, key);
  const kind = kindOf(value);
  if (r.chance(b.pAbstract)) {
    const n = r.int(4);
    const k = r.int(b.async ? 10 : 7);
    note(b, key, `misbehaves (#${k})`);
    switch (k) {
      case 0:
        return undefined;
      case 1:
        return 'Nope';
      case 2:
        return 'Color';
      case 3:
        return 'Query';
      case 4:
        return synthetic.getType(typeof kind === 'string' ? kind : 'A');
      case 5:
        throw new Error(`resolveType failed at ${key}.`);
      case 6:
        return r.pick(['A', 'B', 'C']);
      case 7:
        return Promise.resolve('Nope');
      case 8:
        return handled(
          ticks(n).then(() => {
            throw new Error(`resolveType rejected at ${key}.`);
          }),
        );
      default:
        return ticks(n).then(() => r.pick(['A', 'B', 'C']));
    }
  }
  if (b.async && r.chance(0.3)) return ticks(r.int(4)).then(() => kind);
  return kind;
}

function isTypeOf(typeName: string) {
  return (value: unknown, context: SyntheticContext, info: GraphQLResolveInfo): Any => {
    context.log.push(`isTypeOf ${typeName} @ ${pathOf(info)}`);
    const b = context.behaviour;
    const key = `${keyOf(value)}#isTypeOf:${typeName}`;
    const r = rngAt(b, key);
    const answer = kindOf(value) === typeName;
    if (r.chance(b.pAbstract)) {
      const n = r.int(4);
      const k = r.int(b.async ? 5 : 3);
      note(b, key, `misbehaves (#${k})`);
      switch (k) {
        case 0:
          return !answer;
        case 1:
          throw new Error(`isTypeOf ${typeName} failed at ${key}.`);
        case 2:
          return answer ? 1 : '';
        case 3:
          return ticks(n).then(() => !answer);
        default:
          return handled(
            ticks(n).then(() => {
              throw new Error(`isTypeOf ${typeName} rejected at ${key}.`);
            }),
          );
      }
    }
    if (b.async && r.chance(0.3)) return ticks(r.int(4)).then(() => answer);
    return answer;
  };
}

const SYNTHETIC_OPTIONS: Omit<GenOptions, 'maxDepth' | 'width'> = {
  pVariable: 0.35,
  pDirective: 0.15,
  pMutation: 0.2,
  pIntrospection: 0,
  scalarLiteral: (type, hint, rng) => JSON.stringify(syntheticScalar(type, hint, rng)),
  scalarJson: (type, hint, rng) => syntheticScalar(type, hint, rng),
};
function syntheticScalar(type: GraphQLScalarType, _hint: string, rng: Rng): unknown {
  switch (type.name) {
    case 'Int':
      return rng.int(9) - 2;
    case 'Float':
      return rng.int(10) / 4;
    case 'Boolean':
      return rng.chance(0.5);
    case 'ID':
      return rng.pick(['1', 'x']);
    default:
      return rng.pick(['a', 'b', '']);
  }
}

const behaviours = new WeakMap<Harness, Behaviour>();
const variants = new WeakMap<Behaviour, Behaviour>();
function syntheticHarness(rng: Rng, async: boolean, observeArgs = false): { h: Harness; describe: () => string } {
  const behaviour: Behaviour = {
    seed: rng.int(2 ** 31),
    async,
    pFail: rng.pick([0, 0.03, 0.08, 0.15, 0.3]),
    pWrong: rng.pick([0, 0, 0.03, 0.1]),
    pAbstract: rng.pick([0, 0.05, 0.2]),
    noRoot: rng.chance(0.03),
    observeArgs,
  };
  const h: Harness = {
    schema: synthetic,
    ours: syntheticExecutor,
    async,
    inputs: (variant = 0) => {
      // The second set of variables comes with other behaviours (other runtime types for the cached plans).
      const b = variant === 0 ? behaviour : (variants.get(behaviour) ?? variants.set(behaviour, { ...behaviour, seed: behaviour.seed ^ 0x5bd1e995 }).get(behaviour)!);
      const root = b.noRoot ? undefined : makeObject(b, 'root', 'Query');
      return { contextValue: { behaviour: b, log: [], root } as SyntheticContext, rootValue: root };
    },
  };
  behaviours.set(h, behaviour);
  return { h, describe: () => JSON.stringify(behaviour) };
}

/** What each position did in graphql-js's run of this case, for each set of variables (for the report). */
async function behaviourTrace(h: Harness, c: FuzzCase): Promise<string> {
  if (!behaviours.has(h)) return '';
  const lines: string[] = [];
  for (const [k, variables] of c.variables.entries()) {
    const { contextValue, rootValue } = h.inputs(k);
    const behaviour = (contextValue as SyntheticContext).behaviour;
    behaviour.trace = new Map();
    try {
      await execute({ schema: h.schema, document: parse(c.text), variableValues: variables, operationName: c.operationName, contextValue, rootValue });
      await drain();
      lines.push(`  (variables #${k + 1}, behaviour seed ${behaviour.seed})`, ...[...behaviour.trace].map(([key, what]) => `  ${key}: ${what}`));
    } finally {
      delete behaviour.trace;
    }
  }
  return `\n${lines.join('\n')}`;
}

// ---------------------------------------------------------------------------------------------------------
// The campaigns
// ---------------------------------------------------------------------------------------------------------

const generator = (options: Omit<GenOptions, 'maxDepth' | 'width'>, maxDepth: number, width: number) => (rng: Rng, h: Harness) =>
  new DocumentGenerator(h.schema, rng, { ...options, maxDepth: 2 + rng.int(maxDepth - 1), width: 2 + rng.int(width - 1) }).generate();

const CAMPAIGNS: Campaign[] = [
  { name: 'shop', cases: 700, harness: shopHarness, generate: generator(SHOP_OPTIONS, 4, 4) },
  { name: 'synthetic, sync', cases: 1200, harness: (rng) => syntheticHarness(rng, false), generate: generator(SYNTHETIC_OPTIONS, 4, 4) },
  { name: 'synthetic, async', cases: 1200, harness: (rng) => syntheticHarness(rng, true), generate: generator(SYNTHETIC_OPTIONS, 4, 4) },
  {
    name: 'synthetic, what resolvers are given (the arguments object)',
    cases: 300,
    harness: (rng) => syntheticHarness(rng, rng.chance(0.5), true),
    generate: generator(SYNTHETIC_OPTIONS, 4, 4),
  },
];

describe(`generative differential test against graphql-js (FUZZ_SEED=${SEED})`, () => {
  for (const campaign of CAMPAIGNS) {
    it(`${campaign.name}: ${Math.round(campaign.cases * SCALE)} valid generated documents answer the same`, async () => {
      await countingUnhandledRejections(() => fuzz(campaign));
    });
  }
  if (KEEP_GOING) {
    it('summary', () => {
      console.log(`${failures.length} distinct failures`);
      expect(failures).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------
// Regressions: the differences this test found, shrunk by hand to their smallest form. Each fails until the
// executor does what graphql-js does.
// ---------------------------------------------------------------------------------------------------------

/** The same comparison as the generated cases' (`async`: errors compared as a set). */
async function expectSameAnswer(schema: GraphQLSchema, query: string, root: () => unknown, { variables, async = false }: { variables?: Json; async?: boolean } = {}): Promise<void> {
  expect(validate(schema, parse(query)).map((error) => error.message), 'the document passes validation').toEqual([]);
  const h: Harness = { schema, ours: createExecutor(schema), async, inputs: () => ({ contextValue: { log: [] }, rootValue: root() }) };
  expect(await compare(h, query, [variables], undefined)).toBeUndefined();
}

describe('regressions found by the generative test', () => {
  it('a fragment spread already collected is skipped before its @skip/@include are evaluated (a null condition is then no error)', async () => {
    // graphql-js's collectFields: `if (visitedFragmentNames.has(name) || !shouldIncludeNode(...)) continue`. Ours
    // evaluates the directives first, and getDirectiveValues throws for the null `if`: data null, one error.
    await expectSameAnswer(
      buildSchema('type Query { hello: String }'),
      'query ($c: Boolean = true) { ...F ...F @include(if: $c) } fragment F on Query { hello }',
      () => ({ hello: 'world' }),
      { variables: { c: null } },
    );
  });

  it('a non-null field failing synchronously beside a pending sibling nulls its parent as early as in graphql-js (errors after that are dropped)', async () => {
    // graphql-js's executeFields: `promiseForObject(results).finally(() => { throw error; })`. Ours:
    // `.finally(() => Promise.reject(error))`, which settles two ticks later: `p` is nulled later, and an error
    // below it arriving in between (`late`, after 6 or 7 ticks) is reported by ours, dropped by graphql-js.
    const schema = buildSchema('type Query { p: P } type P { inner: Inner! late: String } type Inner { pending: String failing: String! }');
    for (let k = 0; k < 10; k++) {
      const root = () => ({
        p: () => ({
          inner: () => ({
            pending: () => Promise.resolve('x'),
            failing: () => {
              throw new Error('failing');
            },
          }),
          late: () =>
            handled(
              ticks(k).then(() => {
                throw new Error(`late, after ${k} ticks`);
              }),
            ),
        }),
      });
      await expectSameAnswer(schema, '{ p { inner { pending failing } late } }', root, { async: true });
    }
  });

  it('a mutation whose first root field fails asynchronously nulls the data as late as graphql-js (one more tick per root field left)', async () => {
    // graphql-js's executeFieldsSerially is a promiseReduce: a rejection passes through one `.then` per root field
    // still to run before `data` is nulled. Ours rejects at once: with two fields left, `data` is nulled two ticks
    // earlier, and an error below it arriving in between (`slow`, after 4 or 5 ticks) is dropped by ours, reported
    // by graphql-js.
    const schema = buildSchema('type Query { x: String } type Mutation { first: Item! second: String third: String } type Item { bad: String! slow: String }');
    for (let k = 0; k < 10; k++) {
      const root = () => ({
        first: () => ({
          bad: () => Promise.resolve(null),
          slow: () =>
            handled(
              ticks(k).then(() => {
                throw new Error(`slow, after ${k} ticks`);
              }),
            ),
        }),
        second: 'b',
        third: 'c',
      });
      await expectSameAnswer(schema, 'mutation { first { bad slow } second third }', root, { async: true });
    }
  });
});
