/**
 * Differential tests of our executor (src/runtime/execute.ts) against graphql-js 16's `execute`.
 *
 * Every case runs the same validated document with the same variables, context and root value through
 * both, on the same schema (same resolvers), and compares `JSON.stringify` of the two answers: data,
 * errors (message, locations, path, extensions) and the order of keys. Where resolvers record what they
 * were called with (and in which order), those records are compared too.
 *
 * Messages are compared exactly, those that show a value too (both format it with graphql-js's `inspect`);
 * the one accepted difference is the wording of a failed type resolution (`resolveTypeFailure`). Cases may
 * also run documents that validation refuses (`unvalidated`), as graphql-js's own suite does. Error order is
 * compared exactly, except where a case says
 * `anyErrorOrder` (several errors raised asynchronously: the notes only promise the order in sync
 * execution).
 */
import { readFileSync, readdirSync } from 'node:fs';
import {
  GraphQLError,
  GraphQLScalarType,
  GraphQLSchema,
  buildSchema,
  execute,
  getIntrospectionQuery,
  isObjectType,
  parse,
  print,
  responsePathAsArray,
  validate,
  visit,
  type ASTNode,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLEnumType,
  type GraphQLFieldResolver,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/runtime/execute.js';
import { makeSchema } from '../../src/runtime/schema.js';
import { SHOP_SDL, loggedShop, resetShop, shopResolvers, tick } from './shop-fixture.js';

// ---------------------------------------------------------------------------------------------------------
// The harness
// ---------------------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;
type Log = { log: unknown[] };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

interface RunArgs {
  document: DocumentNode;
  operationName?: string;
  variableValues?: Json;
  contextValue?: unknown;
  rootValue?: unknown;
}

interface Case {
  query: string | DocumentNode;
  variables?: Json;
  operationName?: string;
  /** A fresh context per side (resolvers may log into it). */
  context?: () => unknown;
  /** A fresh root value per side (generators, logs). */
  root?: () => unknown;
  /** Run before each side: puts shared state (the shop's data) back as it was. */
  reset?: () => void;
  /** How many errors graphql-js answers with: a check that the case tests what it means to. */
  errors?: number;
  /** Several errors raised asynchronously: compared as a set (order promised only in sync execution). */
  anyErrorOrder?: boolean;
  /**
   * Accepted difference: where graphql-js words five ways a resolveType (or the default type resolver) can
   * fail, ours has one message (RESOLVE_TYPE_FAILURE). Everything else about those errors must match.
   */
  resolveTypeFailure?: boolean;
  /**
   * The document fails validation, which the runtime always runs first: graphql-js's `execute` still runs such
   * a document, and ours must answer as it does (its suite checks this: missing selection sets, unknown fields…).
   */
  unvalidated?: boolean;
}

/** Our one message for a type resolver that gave back no possible object type's name. */
const RESOLVE_TYPE_FAILURE =
  /^Abstract type "\w+" resolved to .+ for field "\w+\.\w+": resolveType must name one of its object types\.$/;
/** graphql-js's five messages for the same failures. */
const GRAPHQL_RESOLVE_TYPE_FAILURE = /^(Abstract type "\w+" (must resolve|was resolved)|Runtime Object type "\w+" is not a possible type)/;

interface Side {
  result: ExecutionResult;
  context: unknown;
}

const executors = new Map<GraphQLSchema, ReturnType<typeof createExecutor>>();
/** One executor per schema for the whole file, so plans cached by earlier tests are reused by later ones. */
function ours(schema: GraphQLSchema): ReturnType<typeof createExecutor> {
  let run = executors.get(schema);
  if (!run) executors.set(schema, (run = createExecutor(schema)));
  return run;
}


async function runSide(schema: GraphQLSchema, document: DocumentNode, c: Case, run: (args: RunArgs) => unknown): Promise<Side> {
  c.reset?.();
  const context = c.context?.();
  const result = (await run({ document, operationName: c.operationName, variableValues: c.variables, contextValue: context, rootValue: c.root?.() })) as ExecutionResult;
  return { result, context };
}

/** Runs the case through graphql-js, then through ours. */
async function both(schema: GraphQLSchema, c: Case): Promise<{ graphql: Side; mine: Side; document: DocumentNode }> {
  const document = typeof c.query === 'string' ? parse(c.query) : c.query;
  const refusals = validate(schema, document).map((error) => error.message);
  if (c.unvalidated) expect(refusals, 'validation refuses the document (the case tests what it means to)').not.toEqual([]);
  else expect(refusals, 'the document passes validation').toEqual([]);
  const graphql = await runSide(schema, document, c, (args) => execute({ schema, ...args }));
  const mine = await runSide(schema, document, c, (args) =>
    ours(schema)({ document: args.document, operationName: args.operationName, variableValues: args.variableValues, contextValue: args.contextValue, rootValue: args.rootValue }),
  );
  expect(graphql.result.errors?.length ?? 0, "number of errors in graphql-js's answer (a check of the case itself)").toBe(c.errors ?? 0);
  return { graphql, mine, document };
}

/** The answer as compared: JSON, with the accepted differences (see the top of the file) neutralised. */
function shown(result: ExecutionResult, c: Pick<Case, 'anyErrorOrder' | 'resolveTypeFailure'>): string {
  if (!c.anyErrorOrder && !c.resolveTypeFailure) return JSON.stringify(result, null, 2);
  const plain = JSON.parse(JSON.stringify(result)) as { errors?: { message: string }[] };
  if (plain.errors) {
    for (const error of plain.errors) {
      if (c.resolveTypeFailure && (RESOLVE_TYPE_FAILURE.test(error.message) || GRAPHQL_RESOLVE_TYPE_FAILURE.test(error.message))) {
        error.message = '(a resolveType failure: the wording is an accepted difference)';
      }
    }
    if (c.anyErrorOrder) plain.errors.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  }
  return JSON.stringify(plain, null, 2);
}

/** The differential assertion: the same answer, and the same records in the context, if any. */
async function expectSame(schema: GraphQLSchema, c: Case): Promise<{ graphql: Side; mine: Side; document: DocumentNode }> {
  const outcome = await both(schema, c);
  if (c.resolveTypeFailure) {
    for (const error of outcome.mine.result.errors ?? []) expect(error.message).toMatch(RESOLVE_TYPE_FAILURE);
  }
  expect(shown(outcome.mine.result, c)).toBe(shown(outcome.graphql.result, c));
  expect(JSON.stringify(outcome.mine.context, null, 2), 'what resolvers recorded in the context').toBe(JSON.stringify(outcome.graphql.context, null, 2));
  return outcome;
}

const logContext = (): Log => ({ log: [] });

// ---------------------------------------------------------------------------------------------------------
// The shop fixture (the benchmark's schema, resolvers and data), built as the runtime builds it
// ---------------------------------------------------------------------------------------------------------

const shop = makeSchema(SHOP_SDL, shopResolvers);
const bench = (await import(new URL('../bench/events.mjs', import.meta.url).href)) as {
  SHOP_WARM_QUERY: string;
  CHECKS: { shop: { query: string; variables?: Json; operationName?: string }[] };
};

const shopContext = () => ({ userAgent: 'vitest', viewerId: 'u1', log: [] as string[] });
const shopCase = (c: Case): Case => ({ reset: resetShop, context: shopContext, ...c });

const shopLogged = loggedShop({ addReview: 3, placeOrder: 0, updateProductPrice: 1 });

/** fixtures/schemas/shop: a bigger SDL-only schema (custom directives, deprecations, extensions). */
const SCHEMAS_SHOP_DIR = new URL('../../fixtures/schemas/shop/', import.meta.url);
const schemasShop = makeSchema(
  readdirSync(SCHEMAS_SHOP_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(new URL(name, SCHEMAS_SHOP_DIR), 'utf8'))
    .join('\n'),
  {},
);

const cursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64');

const OPERATIONS = `query A { product(id: "p1") { name } }
    query B($id: ID = "p2") { product(id: $id) { name } }
    mutation C { updateProductPrice(input: { productId: "p5", price: { amount: 100, currency: GBP } }) { price { formatted } } }`;

describe('the shop fixture', () => {
  it('the benchmark query (20 products, nested reviews and authors)', async () => {
    await expectSame(shop, shopCase({ query: bench.SHOP_WARM_QUERY, variables: { first: 20 }, operationName: 'Products' }));
  });

  it("the benchmark's checks, in sequence (mutation included, later queries see its writes)", async () => {
    const sequence = async (run: (c: (typeof bench.CHECKS.shop)[number], document: DocumentNode) => unknown) => {
      resetShop();
      const answers: unknown[] = [];
      for (const check of bench.CHECKS.shop) {
        const answer = (await run(check, parse(check.query))) as ExecutionResult;
        expect(answer.errors).toBeUndefined();
        answers.push(answer);
      }
      return JSON.stringify(answers, null, 2);
    };
    const context = shopContext();
    const expected = await sequence((c, document) => execute({ schema: shop, document, variableValues: c.variables, operationName: c.operationName, contextValue: context }));
    const actual = await sequence((c, document) => ours(shop)({ document, variableValues: c.variables, operationName: c.operationName, contextValue: context }));
    resetShop();
    expect(actual).toBe(expected);
  });

  const PAGE = `query Page($first: Int, $after: String) {
    products(first: $first, after: $after, sort: PRICE_ASC) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id name price { amount currency } } }
    }
  }`;
  it.each<[string, Case]>([
    ['first page', { query: PAGE, variables: { first: 3 } }],
    ['a middle page', { query: PAGE, variables: { first: 3, after: cursor(2) } }],
    ['the last page', { query: PAGE, variables: { first: 5, after: cursor(47) } }],
    ['past the end', { query: PAGE, variables: { first: 5, after: cursor(60) } }],
    ['an empty page (first: 0)', { query: PAGE, variables: { first: 0 } }],
    ['first: null falls back to the resolver default', { query: PAGE, variables: { first: null } }],
    ['first out of range: a GraphQLError with extensions on a non-null root field (data: null)', { query: PAGE, variables: { first: 101 }, errors: 1 }],
    ['an invalid cursor', { query: PAGE, variables: { after: 'not-a-cursor' }, errors: 1 }],
    [
      'nested connections on a list',
      { query: `{ categories { name products(first: 2, after: "${cursor(0)}") { totalCount pageInfo { hasNextPage hasPreviousPage } edges { cursor node { name } } } } }` },
    ],
    [
      'a user\'s orders',
      { query: '{ me { name orders(first: 2) { totalCount edges { node { number total { formatted } items { quantity product { name } } } } } } }' },
    ],
  ])('pagination: %s', async (_name, c) => {
    await expectSame(shop, shopCase(c));
  });

  it.each<[string, Case]>([
    [
      'enum arguments and enum values in the output',
      {
        query: `{
          products(first: 4, sort: RATING) { edges { node { name rating price { currency } } } }
          admin: user(id: "u1") { role } customer: user(id: "u2") { role }
          o1: order(id: "o1") { status } o2: order(id: "o2") { status } o5: order(id: "o5") { status }
        }`,
      },
    ],
    ['an enum argument from a variable', { query: 'query ($sort: ProductSort) { products(first: 3, sort: $sort) { edges { node { name price { amount currency } } } } }', variables: { sort: 'PRICE_DESC' } }],
    [
      'the interface: every kind of node, fragments on the interface and on the types, a missing node',
      {
        query: `fragment N on Node { id __typename }
        {
          p: node(id: "p1") { ...N ... on Product { name price { formatted } } }
          c: node(id: "c7") { ...N ... on Category { slug parent { id name } } }
          r: node(id: "r3") { id ... on Review { rating title body author { name } } }
          u: node(id: "u4") { ... on User { email role } ...N }
          o: node(id: "o5") { __typename ... on Order { number total { formatted } shippingAddress { city } } }
          missing: node(id: "x1") { id }
        }`,
      },
    ],
    ['the union with __typename', { query: '{ search(term: "a") { __typename ... on Product { id name } ... on Category { id slug } ... on User { id email } } }' }],
    ['the union without __typename', { query: '{ search(term: "ar") { ... on Product { name tags } ... on Category { name } ... on User { name } } }' }],
    ['the union with fragments on one member only (the others are empty objects)', { query: '{ search(term: "e") { ... on User { name } } }' }],
    ['the union with a fragment on an interface', { query: '{ search(term: "o") { ... on Node { id } ... on Product { slug } } }' }],
    ['the custom scalar (DateTime) at several depths and in lists', { query: '{ product(id: "p4") { createdAt reviews { createdAt author { reviews { createdAt } } } } order(id: "o2") { placedAt } }' }],
  ])('%s', async (_name, c) => {
    await expectSame(shop, shopCase(c));
  });

  it.each<[string, Case]>([
    [
      "the benchmark's mutation (input types from variables and literals)",
      { query: bench.CHECKS.shop[3]!.query, variables: bench.CHECKS.shop[3]!.variables, operationName: 'Shop' },
    ],
    [
      'a resolver GraphQLError with extensions on a nullable mutation field',
      { query: 'mutation { updateProductPrice(input: { productId: "p3", price: { amount: -1, currency: EUR } }) { id } ok: updateProductPrice(input: { productId: "p3", price: { amount: 5, currency: GBP } }) { price { formatted } } }', errors: 1 },
    ],
    ['a mutation answering null (unknown product)', { query: 'mutation { updateProductPrice(input: { productId: "nope", price: { amount: 1, currency: USD } }) { id } }' }],
    [
      'user errors as data; optional input fields left out',
      {
        query: 'mutation ($review: AddReviewInput!, $order: PlaceOrderInput!) { addReview(input: $review) { review { id body } errors { field message } } placeOrder(input: $order) { order { id } errors { field message } } }',
        variables: { review: { productId: 'p1', rating: 3, title: 'Hm' }, order: { items: [], shippingAddress: { line1: 'a', city: 'b', postalCode: 'c', country: 'd' } } },
      },
    ],
    [
      'two writes in one operation see each other (serial execution)',
      {
        query: `mutation {
          first: addReview(input: { productId: "p2", rating: 5, title: "One" }) { review { id } }
          second: addReview(input: { productId: "p2", rating: 1, title: "Two" }) { review { id product { reviewCount rating reviews(first: 2) { title } } } }
        }`,
      },
    ],
  ])('mutation: %s', async (_name, c) => {
    await expectSame(shop, shopCase(c));
  });

  it('mutation: resolvers are called in the same order (serial root fields, each finished before the next starts)', async () => {
    const { graphql } = await expectSame(
      shopLogged,
      shopCase({ query: bench.CHECKS.shop[3]!.query, variables: bench.CHECKS.shop[3]!.variables, operationName: 'Shop' }),
    );
    expect((graphql.context as Log).log).toContain('done Mutation.updateProductPrice @ updateProductPrice');
  });

  it('query: resolvers are called in the same order (sync execution is depth-first)', async () => {
    await expectSame(shopLogged, shopCase({ query: bench.SHOP_WARM_QUERY, variables: { first: 3 }, operationName: 'Products' }));
  });

  it.each<[string, Case]>([
    [
      'aliases named __proto__, constructor and other Object.prototype members',
      {
        query: `{
          __proto__: product(id: "p1") { name __proto__: slug }
          constructor: product(id: "p2") { constructor: name toString: slug }
          toString: categories { hasOwnProperty: id valueOf: name isPrototypeOf: slug }
          products(first: 2) { edges { __proto__: node { id __defineGetter__: name } } }
        }`,
      },
    ],
    ['an alias swapping two field names; the same field under two aliases', { query: '{ product(id: "p1") { name: slug slug: name a: id b: id } }' }],
    ['an aliased field with different arguments each time', { query: '{ cheap: products(first: 2, sort: PRICE_ASC) { edges { node { name } } } dear: products(first: 2, sort: PRICE_DESC) { edges { node { name } } } }' }],
  ])('aliases: %s', async (_name, c) => {
    await expectSame(shop, shopCase(c));
  });

  it.each<[string, Case]>([
    [
      'named, inline, nested and repeated fragments; fields merged across them',
      {
        query: `query F {
          product(id: "p1") { ...ProductBits ...ProductBits ... on Product { id price { ...MoneyBits } } category { ...CategoryBits } name }
          node(id: "p2") { ...NodeBits ... on Product { ...ProductBits } }
          search(term: "smart") { ...SearchBits ... on Node { id } }
          ...QueryBits
        }
        fragment ProductBits on Product { name slug price { amount } }
        fragment MoneyBits on Money { currency formatted }
        fragment CategoryBits on Category { name parent { ...ParentBits } }
        fragment ParentBits on Category { id name }
        fragment NodeBits on Node { id __typename }
        fragment SearchBits on SearchResult { __typename ... on Product { name } ... on Category { ...CategoryBits } }
        fragment QueryBits on Query { product(id: "p1") { tags } categories { id } }`,
      },
    ],
    ['an inline fragment without a type condition', { query: '{ product(id: "p3") { ... { id name } ... { name slug } } }' }],
    ['key order is the order of first appearance across fragments', { query: '{ product(id: "p5") { ...A slug ...B id } } fragment A on Product { inStock id } fragment B on Product { slug name inStock }' }],
  ])('fragments: %s', async (_name, c) => {
    await expectSame(shop, shopCase(c));
  });

  const SKIP_LITERALS = `{
    product(id: "p1") {
      id @skip(if: true)
      name @include(if: false)
      slug @include(if: true) @skip(if: false)
      description @include(if: true) @skip(if: true)
      ... @include(if: false) { tags }
      ... on Product @skip(if: true) { rating }
      ... on Product @skip(if: false) { reviewCount }
      ...P @skip(if: false)
      ...Q @include(if: false)
      price @skip(if: true) { amount }
      price { currency }
    }
  }
  fragment P on Product { inStock createdAt @skip(if: true) }
  fragment Q on Product { category { id } }`;
  const SKIP_VARIABLES = `query S($a: Boolean!, $b: Boolean = true) {
    product(id: "p1") {
      id @skip(if: $a)
      name @include(if: $b)
      name @skip(if: $a)
      ...P @include(if: $a)
      ... @skip(if: $b) { tags }
      price @skip(if: $a) { amount }
      price { currency @include(if: $b) formatted @skip(if: $b) }
    }
    categories @include(if: $a) { id }
  }
  fragment P on Product { slug category @skip(if: $b) { name } }`;
  it.each<[string, Case]>([
    ['literals on fields, inline fragments and spreads', { query: SKIP_LITERALS }],
    ['variables: a true, b by default', { query: SKIP_VARIABLES, variables: { a: true } }],
    ['variables: a false, b false', { query: SKIP_VARIABLES, variables: { a: false, b: false } }],
    ['variables: a false, b explicitly true', { query: SKIP_VARIABLES, variables: { a: false, b: true } }],
  ])('@skip/@include: %s', async (_name, c) => {
    await expectSame(shop, shopCase(c));
  });

  it('@skip/@include: one document object, run with different variables, answers differently each time (plans are not cached per variables)', async () => {
    const document = parse(SKIP_VARIABLES);
    const seen = new Set<string>();
    for (const variables of [{ a: true }, { a: false, b: false }, { a: true }, { a: false }, { a: false, b: false }]) {
      const { graphql } = await expectSame(shop, shopCase({ query: document, variables }));
      seen.add(JSON.stringify(graphql.result));
    }
    expect(seen.size).toBe(3);
  });

  const DEFAULTS = 'query D($first: Int = 2, $sort: ProductSort = PRICE_DESC, $category: ID = "c3") { products(first: $first, sort: $sort, category: $category) { totalCount edges { node { id } } } }';
  it.each<[string, Case]>([
    ['variables with defaults, none given', { query: DEFAULTS }],
    ['variables with defaults, some given', { query: DEFAULTS, variables: { first: 1, category: 'c4' } }],
    ['variables with defaults, explicit nulls override the defaults', { query: DEFAULTS, variables: { first: null, sort: null, category: null } }],
    ['variableValues omitted entirely', { query: DEFAULTS, variables: undefined }],
    ['an ID variable given as a number', { query: 'query ($id: ID!) { product(id: $id) { id } }', variables: { id: 7 } }],
    ['a list variable given a single value (input coercion)', { query: 'mutation ($items: [OrderItemInput!]!) { placeOrder(input: { items: $items, shippingAddress: { line1: "a", city: "b", postalCode: "c", country: "d" } }) { order { items { quantity product { id } } } errors { message } } }', variables: { items: { productId: 'p1', quantity: 2 } } }],
    ['a missing required variable', { query: 'query ($id: ID!) { product(id: $id) { id } }', variables: {}, errors: 1 }],
    ['a missing required variable, variableValues omitted', { query: 'query ($id: ID!) { product(id: $id) { id } }', errors: 1 }],
    ['null for a non-null variable', { query: 'query ($id: ID!) { product(id: $id) { id } }', variables: { id: null }, errors: 1 }],
    ['a string for an Int variable', { query: 'query ($first: Int!) { products(first: $first) { totalCount } }', variables: { first: 'ten' }, errors: 1 }],
    ['a float for an Int variable', { query: 'query ($first: Int!) { products(first: $first) { totalCount } }', variables: { first: 1.5 }, errors: 1 }],
    ['an Int variable out of 32-bit range', { query: 'query ($first: Int!) { products(first: $first) { totalCount } }', variables: { first: 2 ** 31 }, errors: 1 }],
    ['a boolean for an ID variable', { query: 'query ($id: ID!) { product(id: $id) { id } }', variables: { id: true }, errors: 1 }],
    ['an unknown enum value', { query: 'query ($sort: ProductSort) { products(sort: $sort) { totalCount } }', variables: { sort: 'CHEAP' }, errors: 1 }],
    ['a number for an enum', { query: 'query ($sort: ProductSort) { products(sort: $sort) { totalCount } }', variables: { sort: 1 }, errors: 1 }],
    ['an input object missing a required field', { query: 'mutation ($input: AddReviewInput!) { addReview(input: $input) { errors { message } } }', variables: { input: { productId: 'p1', title: 't' } }, errors: 1 }],
    ['an input object with a wrongly typed field', { query: 'mutation ($input: AddReviewInput!) { addReview(input: $input) { errors { message } } }', variables: { input: { productId: 'p1', rating: '5', title: 't' } }, errors: 1 }],
    ['an input object with an unknown field', { query: 'mutation ($input: AddReviewInput!) { addReview(input: $input) { errors { message } } }', variables: { input: { productId: 'p1', rating: 5, title: 't', extra: 1 } }, errors: 1 }],
    ['a string for an input object', { query: 'mutation ($input: AddReviewInput!) { addReview(input: $input) { errors { message } } }', variables: { input: 'x' }, errors: 1 }],
    ['a null item in a list of non-null input objects', { query: 'mutation ($order: PlaceOrderInput!) { placeOrder(input: $order) { errors { message } } }', variables: { order: { items: [null], shippingAddress: { line1: 'a', city: 'b', postalCode: 'c', country: 'd' } } }, errors: 1 }],
    ['several bad variables at once (all reported, in order)', { query: 'query ($first: Int!, $sort: ProductSort, $id: ID!, $after: String) { products(first: $first, sort: $sort, after: $after) { totalCount } product(id: $id) { id } }', variables: { first: 'x', sort: 'Y', after: 3 }, errors: 4 }],
  ])('variables: %s', async (_name, c) => {
    await expectSame(shop, shopCase(c));
  });

  it.each<[string, Case]>([
    ['the first of several', { query: OPERATIONS, operationName: 'A' }],
    ['the second, with a variable default', { query: OPERATIONS, operationName: 'B' }],
    ['the second, with a variable', { query: OPERATIONS, operationName: 'B', variables: { id: 'p9' } }],
    ['the mutation', { query: OPERATIONS, operationName: 'C' }],
    ['an unknown operation name', { query: OPERATIONS, operationName: 'Nope', errors: 1 }],
    ['no operation name with several operations', { query: OPERATIONS, errors: 1 }],
    ['a name given for a single anonymous operation', { query: '{ product(id: "p1") { id } }', operationName: 'X', errors: 1 }],
    ['no name given for a single named operation', { query: 'query Only { product(id: "p1") { id } }' }],
  ])('operationName: %s', async (_name, c) => {
    await expectSame(shop, shopCase(c));
  });

  const TYPE_REF = 'fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
  it.each<[string, GraphQLSchema, Case]>([
    ['the full introspection query (shop)', shop, { query: getIntrospectionQuery() }],
    [
      'the full introspection query with every option (fixtures/schemas/shop)',
      schemasShop,
      { query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true, oneOf: true }) },
    ],
    [
      '__type(name:) with fields, arguments, interfaces',
      shop,
      { query: `{ __type(name: "Product") { name kind description fields(includeDeprecated: true) { name description isDeprecated args { name defaultValue type { ...T } } type { ...T } } interfaces { name } possibleTypes { name } } } ${TYPE_REF}` },
    ],
    ['__type(name:) of a union and of an input type', shop, { query: `{ u: __type(name: "SearchResult") { kind possibleTypes { name } } i: __type(name: "PlaceOrderInput") { kind inputFields { name defaultValue type { ...T } } } } ${TYPE_REF}` }],
    ['__type(name:) of an unknown type', shop, { query: '{ __type(name: "Nope") { name } }' }],
    ['__type(name:) from a variable', shop, { query: 'query ($name: String!) { __type(name: $name) { name enumValues { name } } }', variables: { name: 'OrderStatus' } }],
    ['deprecated enum values', schemasShop, { query: '{ __type(name: "ProductStatus") { enumValues { name } all: enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } } }' }],
    ['__schema roots, types and directives', shop, { query: '{ __schema { queryType { name } mutationType { name } subscriptionType { name } types { name kind } directives { name locations args { name } } } }' }],
    [
      '__typename on the root, nested, in lists and aliased',
      shop,
      { query: '{ __typename t: __typename product(id: "p1") { __typename category { __typename } reviews(first: 2) { __typename author { t: __typename } } } }' },
    ],
    ['__typename on the mutation root', shop, { query: 'mutation { __typename updateProductPrice(input: { productId: "p1", price: { amount: 1, currency: USD } }) { __typename } }' }],
    ['introspection mixed with data', shop, { query: '{ __schema { queryType { fields { name } } } products(first: 1) { edges { node { __typename name } } } }' }],
  ])('introspection: %s', async (_name, schema, c) => {
    await expectSame(schema, shopCase(c));
  });
});

// ---------------------------------------------------------------------------------------------------------
// Error semantics, completion and arguments: a hand-made schema whose values come from the root value.
// Type D has no resolvers (graphql-js's default resolver: read the property, call it if a function);
// type R has the same fields with explicit resolvers doing the same. Every case runs on both.
// ---------------------------------------------------------------------------------------------------------

const treeFields = (T: string) => `
  s: String
  nn: String!
  i: Int
  f: Float
  b: Boolean
  id: ID
  color: Color
  odd: Odd
  child: ${T}
  nnChild: ${T}!
  list: [${T}]
  strictList: [${T}!]
  nnList: [${T}!]!
  ints: [Int]
  strictInts: [Int!]
  nnInts: [Int!]!
  matrix: [[Int!]]
  strings: [String]
  echo(a: Int, b: Int = 5, c: String = "dflt", nn: Int! = 7, color: Color, colors: [Color!], filter: Filter, list: [Int], odd: Odd, one: One): String
`;
const TREE_SDL = `
  enum Color { RED GREEN BLUE }
  scalar Odd
  input Inner { flag: Boolean! = false, colors: [Color!] }
  input Filter { term: String = "x", limit: Int = 3, nested: Inner, odd: Odd }
  input One @oneOf { a: Int, b: String }
  type Query { d: D, r: R, dNN: D!, rNN: R! }
  type D { ${treeFields('D')} }
  type R { ${treeFields('R')} }
`;

/** What graphql-js's default resolver does, as an explicit resolver. */
const readProperty: GraphQLFieldResolver<Any, unknown> = (source, args, context, info) => {
  const value = source[info.fieldName];
  return typeof value === 'function' ? value.call(source, args, context, info) : value;
};

function treeSchema(): GraphQLSchema {
  const schema = buildSchema(TREE_SDL);
  for (const field of Object.values((schema.getType('R') as GraphQLObjectType).getFields())) {
    field.resolve = field.name === 'echo' ? (_source, args) => JSON.stringify(args) : readProperty;
  }
  const color = schema.getType('Color') as GraphQLEnumType;
  color.getValue('RED')!.value = '#f00';
  color.getValue('GREEN')!.value = '#0f0';
  const odd = schema.getType('Odd') as GraphQLScalarType;
  odd.serialize = (value: unknown) => {
    if (value === 'throw') throw new Error('Odd serialize failed.');
    if (value === 'gqlerror') throw new GraphQLError('Odd refuses this value.', { extensions: { code: 'ODD' } });
    if (value === 'null') return null;
    if (value === 'undefined') return undefined;
    return `odd(${String(value)})`;
  };
  odd.parseValue = (value: unknown) => {
    if (value === 'bad') throw new Error('Odd refuses "bad".');
    return `value(${JSON.stringify(value)})`;
  };
  odd.parseLiteral = (node) => `literal(${print(node)})`;
  return schema;
}
const tree = treeSchema();

/** A D-side echo: the default resolver calls it with (args, context, info). */
const echo = (args: unknown) => JSON.stringify(args);
const boom = (message = 'Boom.') => () => {
  throw new Error(message);
};
const later =
  <T>(value: T, ticks = 1) =>
  async (): Promise<T> => {
    await tick(ticks);
    return value;
  };
/** A promise (not a function): for list items, whose values are not called. */
const soon = <T>(value: T, ticks = 1): Promise<T> => later(value, ticks)();
const soonFail = (message: string, ticks = 1): Promise<never> => laterFail(message, ticks)();
const laterFail =
  (message: string, ticks = 1) =>
  async (): Promise<never> => {
    await tick(ticks);
    throw new Error(message);
  };
/** A value that records, in the context, that it was resolved. */
const logged =
  (name: string, value: unknown = name) =>
  (_args: unknown, context: Log) => {
    context.log.push(name);
    return value;
  };
const loggedThrow = (name: string) => (_args: unknown, context: Log) => {
  context.log.push(name);
  throw new Error(`${name} failed.`);
};

interface TreeCase {
  query: string;
  data: () => unknown;
  variables?: Json;
  errors?: number;
  anyErrorOrder?: boolean;
}

/** Runs a tree case on type D (default resolvers) or R (explicit resolvers): `%T%` in the query is `d` or `r`. */
async function expectSameTree(kind: 'd' | 'r', c: TreeCase): Promise<void> {
  await expectSame(tree, {
    query: c.query.replaceAll('%T%', kind),
    variables: c.variables,
    errors: c.errors,
    anyErrorOrder: c.anyErrorOrder,
    context: logContext,
    root: () => {
      const data = c.data();
      return { [kind]: data, [`${kind}NN`]: data };
    },
  });
}

function treeTable(title: string, cases: Record<string, TreeCase>): void {
  describe(title, () => {
    const rows = Object.entries(cases).flatMap(([name, c]) => [
      [`${name} [default resolvers]`, 'd', c] as const,
      [`${name} [explicit resolvers]`, 'r', c] as const,
    ]);
    it.each(rows)('%s', async (_name, kind, c) => {
      await expectSameTree(kind, c);
    });
  });
}

treeTable('errors', {
  'a resolver throws an Error': { query: '{ %T% { s i } }', data: () => ({ s: boom(), i: 1 }), errors: 1 },
  'a resolver throws a GraphQLError with extensions': {
    query: '{ %T% { s i } }',
    data: () => ({
      s: () => {
        throw new GraphQLError('Forbidden.', { extensions: { code: 'FORBIDDEN', http: { status: 403 }, list: [1, 'two'] } });
      },
      i: 2,
    }),
    errors: 1,
  },
  'a thrown Error with an extensions property keeps it': {
    query: '{ %T% { s } }',
    data: () => ({
      s: () => {
        throw Object.assign(new Error('Teapot.'), { extensions: { code: 'TEAPOT' } });
      },
    }),
    errors: 1,
  },
  'a thrown GraphQLError with its own path keeps it': {
    query: '{ %T% { s } }',
    data: () => ({
      s: () => {
        throw new GraphQLError('Pathed.', { path: ['elsewhere', 2] });
      },
    }),
    errors: 1,
  },
  'a resolver returns an Error (and a property holds one)': { query: '{ %T% { s i f } }', data: () => ({ s: () => new Error('Returned.'), i: new Error('Held.'), f: 1.5 }), errors: 2 },
  'an Error returned for a non-null field nulls the parent': { query: '{ %T% { s child { s nn } } }', data: () => ({ s: 'top', child: { s: 'kept?', nn: new Error('Not null.') } }), errors: 1 },
  'a resolver throws a string (message formatted by inspect)': {
    query: '{ %T% { s } }',
    data: () => ({
      s: () => {
        // eslint-disable-next-line no-throw-literal
        throw 'a string';
      },
    }),
    errors: 1,
  },
  'a resolver throws a non-Error object (message formatted by inspect)': {
    query: '{ %T% { s } }',
    data: () => ({
      s: () => {
        throw { message: 'plain object' };
      },
    }),
    errors: 1,
  },
  'sibling errors are all reported, in query order': { query: '{ %T% { s i f b } }', data: () => ({ s: boom('First.'), i: boom('Second.'), f: 1, b: boom('Third.') }), errors: 3 },
  'null for a non-null field nulls the nearest nullable parent': { query: '{ %T% { s child { s nn i } } }', data: () => ({ s: 'top', child: { s: 'c', nn: null, i: 2 } }), errors: 1 },
  'undefined for a non-null field too': { query: '{ %T% { child { nn } s } }', data: () => ({ s: 'top', child: { nn: undefined } }), errors: 1 },
  'null propagates up through several non-null levels': {
    query: '{ %T% { child { s nnChild { nnChild { nn s } } } s } }',
    data: () => ({ s: 'top', child: { s: 'c', nnChild: { nnChild: { nn: null, s: 'deep' } } } }),
    errors: 1,
  },
  'null propagates to data: null through a non-null root field': { query: '{ s: %T% { s } %T%NN { nnChild { nn } } }', data: () => ({ s: 'x', nnChild: { nn: null } }), errors: 1 },
  'an error in a non-null root field gives data: null': { query: '{ %T%NN { nn } }', data: () => ({ nn: boom('Root boom.') }), errors: 1 },
  'a null item in a list of non-null items nulls the list; in a list of nullable items, only the item': {
    query: '{ %T% { strictList { s nn } list { nn } } }',
    data: () => ({ strictList: [{ s: 'a', nn: 'x' }, { s: 'b', nn: null }], list: [{ nn: 'x' }, { nn: null }, null] }),
    errors: 2,
  },
  'a non-null list of non-null items nulls its parent': { query: '{ %T% { child { s nnList { nn } } s } }', data: () => ({ s: 'top', child: { s: 'c', nnList: [{ nn: 'a' }, { nn: null }] } }), errors: 1 },
  'null items in lists of scalars': {
    query: '{ %T% { ints strictInts child { nnInts } s } }',
    data: () => ({ s: 'top', ints: [1, null, 3], strictInts: [1, null], child: { nnInts: [null] } }),
    errors: 2,
  },
  'a null inside a nested list nulls the inner list': { query: '{ %T% { matrix } }', data: () => ({ matrix: [[1, 2], [3, null], [4], null, []] }), errors: 1 },
  'a null non-null list field nulls its parent': { query: '{ %T% { child { nnInts } s } }', data: () => ({ s: 'top', child: { nnInts: null } }), errors: 1 },
  'errors in list items carry the index in their path': {
    query: '{ %T% { list { s i } } }',
    data: () => ({ list: [{ s: 'a', i: 0 }, { s: boom('Item 1.'), i: 1 }, { s: 'c', i: boom('Item 2.') }] }),
    errors: 2,
  },
  'after a non-null field fails, later siblings are not resolved (sync)': {
    query: '{ %T% { before: s child { s nn i } s } }',
    data: () => ({ s: logged('root s'), child: { s: logged('child s'), nn: loggedThrow('child nn'), i: logged('child i', 1) } }),
    errors: 1,
  },
  'an error, then a non-null error, in the same object': { query: '{ %T% { child { s nn } } }', data: () => ({ child: { s: boom('First.'), nn: boom('Second.') } }), errors: 2 },
  'a failing field merged from several selections reports every location': {
    query: '{ %T% { s ... { s i } } %T% { ... { s } } }',
    data: () => ({ s: boom('Merged.'), i: 1 }),
    errors: 1,
  },
  'a null non-null field merged from several selections reports every location': {
    query: '{ %T% { child { nn } child { s nn } s } }',
    data: () => ({ s: 'top', child: { nn: null, s: 'c' } }),
    errors: 1,
  },
  'the same error location for every alias of a failing field': { query: '{ %T% { a: s b: s } }', data: () => ({ s: boom('Each time.') }), errors: 2 },
});

treeTable('async resolvers', {
  "async and sync siblings keep the query's key order": {
    query: '{ %T% { s i f b id child { s i } list { s } strings } }',
    data: () => ({
      s: later('s', 3),
      i: 1,
      f: later(1.5, 1),
      b: true,
      id: later('id', 2),
      child: later({ s: later('cs', 1), i: 2 }, 2),
      list: [soon({ s: 'l0' }, 2), { s: later('l1') }, { s: 'l2' }],
      strings: later(['x', soon('y', 2)], 1),
    }),
  },
  'a promise held in a property': { query: '{ %T% { s child { s } } }', data: () => ({ s: Promise.resolve('held'), child: Promise.resolve({ s: 'child' }) }) },
  'a rejected promise is a field error': { query: '{ %T% { s i } }', data: () => ({ s: laterFail('Async boom.', 2), i: later(1) }), errors: 1 },
  'a rejected GraphQLError keeps its extensions': {
    query: '{ %T% { s } }',
    data: () => ({
      s: async () => {
        await tick(1);
        throw new GraphQLError('Async forbidden.', { extensions: { code: 'FORBIDDEN' } });
      },
    }),
    errors: 1,
  },
  'a promise resolving to an Error': { query: '{ %T% { s i } }', data: () => ({ s: later(new Error('Resolved to an Error.')), i: 3 }), errors: 1 },
  'an async null for a non-null field nulls the parent': { query: '{ %T% { child { nn s } s } }', data: () => ({ s: later('top'), child: { nn: later(null, 2), s: later('c') } }), errors: 1 },
  'an async null propagating to data: null': { query: '{ %T%NN { s nn } }', data: () => ({ s: later('s', 3), nn: later(null) }), errors: 1 },
  'lists of promises': {
    query: '{ %T% { ints strictInts strings } }',
    data: () => ({ ints: [soon(1, 3), 2, soon(3, 1)], strictInts: [soon(1), soonFail('Item failed.', 2)], strings: later([soon('a'), 'b']) }),
    errors: 1,
  },
  'several async errors (order not compared)': {
    query: '{ %T% { s i child { s } list { s } } }',
    data: () => ({ s: laterFail('A.', 3), i: laterFail('B.', 1), child: { s: laterFail('C.', 2) }, list: [{ s: laterFail('D.', 4) }, { s: 'ok' }] }),
    errors: 4,
    anyErrorOrder: true,
  },
  'a sync non-null error with a pending async sibling error: both reported (order not compared)': {
    query: '{ %T% { child { s nn } i } }',
    data: () => ({ i: 1, child: { s: laterFail('Async sibling.', 2), nn: boom('Sync non-null.') } }),
    errors: 2,
    anyErrorOrder: true,
  },
  'an async non-null error with async siblings still pending': {
    query: '{ %T% { child { s nn i } f } }',
    data: () => ({ f: 2.5, child: { s: later('slow', 5), nn: laterFail('Fast failure.', 1), i: later(3, 2) } }),
    errors: 1,
  },
  'async list items with a null in a non-null position': { query: '{ %T% { strictList { nn } list { nn } } }', data: () => ({ strictList: [soon({ nn: 'a' }), { nn: later(null, 2) }], list: [{ nn: later(null) }, soon({ nn: 'b' }, 3)] }), errors: 2, anyErrorOrder: true },
});

treeTable('lists', {
  'a Set, a generator, a typed array and a custom iterable': {
    query: '{ %T% { ints strings strictInts matrix } }',
    data: () => ({
      ints: new Set([1, 2, 3]),
      strings: function* () {
        yield 'g1';
        yield 'g2';
      },
      strictInts: Int32Array.from([4, 5]),
      matrix: {
        *[Symbol.iterator]() {
          yield new Set([6]);
          yield [7, 8];
        },
      },
    }),
  },
  'a sparse array (holes are null)': { query: '{ %T% { ints } }', data: () => ({ ints: Object.assign(new Array(4), { 0: 1, 2: 3 }) }) },
  'a string for a list field is not a list': { query: '{ %T% { strings s } }', data: () => ({ strings: 'abc', s: 'x' }), errors: 1 },
  'a number, an array-like object and a plain object are not lists': {
    query: '{ %T% { ints strictInts list { s } matrix } }',
    data: () => ({ ints: 42, strictInts: { length: 2, 0: 1, 1: 2 }, list: { s: 'x' }, matrix: [[1], 'ab', 7] }),
    errors: 5,
  },
  'a non-list for a non-null list field nulls the parent': { query: '{ %T% { child { nnInts } s } }', data: () => ({ s: 'top', child: { nnInts: 3 } }), errors: 1 },
  'null and undefined for lists; empty lists': { query: '{ %T% { ints strings list { s } matrix } }', data: () => ({ ints: null, strings: undefined, list: [], matrix: [[]] }) },
});

const scalarList = (field: string, values: unknown[]) => () => ({ list: values.map((value) => ({ [field]: value })) });

treeTable('scalars and enums', {
  'Int from various values': {
    query: '{ %T% { list { i } } }',
    data: scalarList('i', [1, -0, 2.0, true, false, '12', ' 7 ', { valueOf: () => 7 }, new Date(5), 1.5, 2 ** 31, -(2 ** 31), 'abc', '', NaN, Infinity, null, [1]]),
    errors: 7,
  },
  'Float from various values': {
    query: '{ %T% { list { f } } }',
    data: scalarList('f', [1.5, 2, -0, '1.5', true, false, { valueOf: () => 2.5 }, NaN, Infinity, 'x', '', null]),
    errors: 4,
  },
  'String from various values': {
    query: '{ %T% { list { s } } }',
    data: scalarList('s', ['s', '', 12, 1.5, true, false, { valueOf: () => 'v' }, { toJSON: () => 'j' }, new Date(0), {}, [], null]),
    errors: 2,
  },
  'Boolean from various values': {
    query: '{ %T% { list { b } } }',
    data: scalarList('b', [true, false, 1, 0, -0, 2, 'true', NaN, { valueOf: () => true }, null]),
    errors: 2,
  },
  'ID from various values': {
    query: '{ %T% { list { id } } }',
    data: scalarList('id', ['x', '', 12, -1, 1.5, true, { valueOf: () => 'v' }, { toJSON: () => 'j' }, null]),
    errors: 2,
  },
  'enums serialize internal values; an unknown value (or a name whose internal value differs) is an error': {
    query: '{ %T% { list { color } } }',
    data: scalarList('color', ['#f00', '#0f0', 'BLUE', 'RED', 'PURPLE', null]),
    errors: 2,
  },
  'a custom scalar: serialize, serialize throwing an Error or a GraphQLError, serialize returning null': {
    query: '{ %T% { list { odd } } }',
    data: scalarList('odd', ['x', 1, 'throw', 'gqlerror', 'null', 'undefined', null]),
    errors: 4,
  },
  'a custom scalar failing on a non-null field nulls the parent': { query: '{ %T% { child { s odd nn } s } }', data: () => ({ s: 'top', child: { s: 'c', odd: 'throw', nn: 'x' } }), errors: 1 },
});

class Thing {
  #secret = 'thing';
  get s(): string {
    return `getter of ${this.#secret}`;
  }
  i(args: unknown, context: Log): number {
    context.log.push(`method called with this ${this instanceof Thing ? 'the source' : 'something else'}, args ${JSON.stringify(args)}`);
    return 7;
  }
}

treeTable('parent values of every shape', {
  'an object field whose value is a string, a number or a boolean: its fields read nothing': {
    query: '{ %T% { child { s i } list { s id } } }',
    data: () => ({ child: 'abc', list: ['x', 42, true] }),
  },
  '…and a non-null field under it fails': { query: '{ %T% { child { s nn } s } }', data: () => ({ s: 'top', child: 'abc' }), errors: 1 },
  'a function as the parent value: its properties are read': {
    query: '{ %T% { child { s i } } }',
    data: () => ({ child: () => Object.assign(function named() {}, { s: 'a property of a function', i: 3 }) }),
  },
  'a null-prototype object': { query: '{ %T% { child { s i } } }', data: () => ({ child: Object.assign(Object.create(null) as object, { s: 'bare', i: 1 }) }) },
  'a class instance: getters and methods (called with this, args, context, info)': { query: '{ %T% { child { s i } } }', data: () => ({ child: new Thing() }) },
  'a property holding a function returning a promise of an object': { query: '{ %T% { child { s child { i } } } }', data: () => ({ child: later({ s: 'p', child: () => later({ i: 9 })() }) }) },
  'a getter that throws is a field error': {
    query: '{ %T% { child { s i } } }',
    data: () => ({
      child: {
        get s(): string {
          throw new Error('Getter failed.');
        },
        i: 1,
      },
    }),
    errors: 1,
  },
  'a Proxy as the parent value': {
    query: '{ %T% { child { s i b } } }',
    data: () => ({ child: new Proxy({}, { get: (_target, key) => (key === 's' ? 'proxied' : key === 'i' ? 4 : undefined) }) }),
  },
  'a thenable that is not a Promise': {
    query: '{ %T% { s child { i } } }',
    data: () => ({
      s: () => ({ then: (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) => Promise.resolve('from a thenable').then(resolve, reject) }),
      child: { i: () => ({ then: (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) => Promise.resolve(5).then(resolve, reject) }) },
    }),
  },
});

describe('parent values of every shape: the root value', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'abc'],
    ['an object without the fields', {}],
  ])('a root value that is %s', async (_name, rootValue) => {
    await expectSame(tree, { query: '{ d { s } r { s } }', root: () => rootValue });
  });
});

/** Fields named like members of Object.prototype, String.prototype and functions, on parents of every shape. */
const protoMembers = buildSchema('type Query { boxes: [Box] } type Box { length: Int name: String toString: String valueOf: String constructor: String hasOwnProperty: Boolean }');

describe('parent values of every shape: fields named like inherited members', () => {
  const boxes = () => ({ boxes: ['abc', [1, 2], {}, Object.create(null) as object, new String('xy'), { length: 9, name: 'own' }] });
  it.each<[string, Case]>([
    ['length, name and toString (inherited functions are called)', { query: '{ boxes { length name toString } }', root: boxes }],
    ['hasOwnProperty (called with the arguments object)', { query: '{ boxes { hasOwnProperty } }', root: boxes }],
    [
      'valueOf and constructor (return objects: String cannot represent them)',
      { query: '{ boxes { valueOf constructor } }', root: boxes, errors: 6 },
    ],
  ])('%s', async (_name, c) => {
    await expectSame(protoMembers, c);
  });
});

treeTable('arguments', {
  'defaults only': { query: '{ %T% { echo } }', data: () => ({ echo }) },
  'literals of every kind (single values coerced to lists, input objects with defaults, custom scalar literal, @oneOf)': {
    query: '{ %T% { echo(a: 1, b: 2, c: "s", nn: 3, color: RED, colors: GREEN, filter: { nested: {}, limit: 9, odd: "q" }, list: 4, odd: "o", one: { b: "x" }) } }',
    data: () => ({ echo }),
  },
  'explicit nulls override defaults': { query: '{ %T% { echo(a: null, b: null, c: null, filter: { term: null, nested: { colors: null } }) } }', data: () => ({ echo }) },
  'input object keys come in the order of the type, not of the literal': {
    query: '{ %T% { echo(filter: { odd: "o", limit: 1, term: "t", nested: { colors: [BLUE, RED], flag: true } }, colors: [RED, GREEN, BLUE]) } }',
    data: () => ({ echo }),
  },
  'variables given': {
    query: 'query Q($a: Int, $b: Int, $f: Filter, $color: Color, $colors: [Color!], $odd: Odd, $list: [Int]) { %T% { echo(a: $a, b: $b, filter: $f, color: $color, colors: $colors, odd: $odd, list: $list) } }',
    variables: { a: 1, b: 2, f: { limit: 4, nested: { flag: true }, odd: 'fo' }, color: 'GREEN', colors: 'RED', odd: 'v', list: 5 },
    data: () => ({ echo }),
  },
  'variables not given: the argument is left out (its default applies)': {
    query: 'query Q($a: Int, $b: Int, $f: Filter, $color: Color, $colors: [Color!], $odd: Odd, $list: [Int]) { %T% { echo(a: $a, b: $b, filter: $f, color: $color, colors: $colors, odd: $odd, list: $list) } }',
    variables: {},
    data: () => ({ echo }),
  },
  'variables given as null': {
    query: 'query Q($a: Int, $b: Int, $f: Filter, $color: Color) { %T% { echo(a: $a, b: $b, filter: $f, color: $color) } }',
    variables: { a: null, b: null, f: null, color: null },
    data: () => ({ echo }),
  },
  'variables inside list and object literals, not given': {
    query: 'query Q($t: String, $flag: Boolean, $x: Int) { %T% { echo(filter: { term: $t, nested: { flag: $flag } }, list: [1, $x]) } }',
    data: () => ({ echo }),
  },
  'variables inside list and object literals, given': {
    query: 'query Q($t: String, $flag: Boolean, $x: Int) { %T% { echo(filter: { term: $t, nested: { flag: $flag } }, list: [1, $x]) } }',
    variables: { t: 'T', flag: true, x: 2 },
    data: () => ({ echo }),
  },
  'a null variable for a non-null input field with a default: an argument error on the field': {
    query: 'query Q($flag: Boolean) { %T% { echo(filter: { nested: { flag: $flag } }) s } }',
    variables: { flag: null },
    data: () => ({ echo, s: 'sibling' }),
    errors: 1,
  },
  'a variable with a default, null at run time, for a non-null argument: an argument error on the field': {
    query: 'query Q($v: Int = 1) { %T% { echo(nn: $v) s } }',
    variables: { v: null },
    data: () => ({ echo, s: 'sibling' }),
    errors: 1,
  },
  'a variable with a default, not given, for a non-null argument': { query: 'query Q($v: Int = 1) { %T% { echo(nn: $v) } }', data: () => ({ echo }) },
  'an argument error inside a list item is reported per item': {
    query: 'query Q($v: Int = 1) { %T% { list { echo(nn: $v) } } }',
    variables: { v: null },
    data: () => ({ list: [{ echo }, { echo }] }),
    errors: 2,
  },
  'a custom scalar variable whose parseValue throws': { query: 'query Q($odd: Odd) { %T% { echo(odd: $odd) } }', variables: { odd: 'bad' }, data: () => ({ echo }), errors: 1 },
  'enum variables take names, give internal values': { query: 'query Q($color: Color, $colors: [Color!]) { %T% { echo(color: $color, colors: $colors) } }', variables: { color: 'RED', colors: ['GREEN', 'BLUE'] }, data: () => ({ echo }) },
  'an enum variable given an internal value is refused': { query: 'query Q($color: Color) { %T% { echo(color: $color) } }', variables: { color: '#f00' }, data: () => ({ echo }), errors: 1 },
  '@oneOf from a variable': { query: 'query Q($one: One) { %T% { echo(one: $one) } }', variables: { one: { a: 1 } }, data: () => ({ echo }) },
  '@oneOf from a variable with two keys': { query: 'query Q($one: One) { %T% { echo(one: $one) } }', variables: { one: { a: 1, b: 'x' } }, data: () => ({ echo }), errors: 1 },
  '@oneOf from a variable with a null key': { query: 'query Q($one: One) { %T% { echo(one: $one) } }', variables: { one: { a: null } }, data: () => ({ echo }), errors: 1 },
  'the same field with different arguments under aliases, in a list': {
    query: '{ %T% { list { x: echo(a: 1) y: echo(a: 2, color: BLUE) } } }',
    data: () => ({ list: [{ echo }, { echo }] }),
  },
});

// ---------------------------------------------------------------------------------------------------------
// Abstract types: resolveType and isTypeOf
// ---------------------------------------------------------------------------------------------------------

const ABSTRACT_SDL = `
  interface Named { name: String }
  type Dog implements Named { name: String barks: Boolean nickname: String }
  type Cat implements Named { name: String meows: Boolean nickname: String }
  type Rock { name: String }
  enum Kind { DOG }
  "resolveType: the value's kind (may be a promise, may throw)"
  union Pet = Dog | Cat
  "no resolveType: __typename, else isTypeOf (none here)"
  union Thing = Dog | Cat
  "no resolveType: isTypeOf (Square sync, Triangle async)"
  interface Shape { sides: Int }
  type Square implements Shape { sides: Int size: Int }
  type Triangle implements Shape { sides: Int }
  type Query { pet: Pet pets: [Pet] named: Named nameds: [Named!] thing: Thing things: [Thing] shapes: [Shape] square: Square triangle: Triangle rock: Rock }
`;

function abstractSchema(): GraphQLSchema {
  const schema = buildSchema(ABSTRACT_SDL);
  (schema.getType('Pet') as GraphQLUnionType).resolveType = (value: Any) => {
    if (value.kind === 'throw') throw new Error('resolveType failed.');
    return typeof value.kind === 'function' ? value.kind() : value.kind;
  };
  (schema.getType('Named') as GraphQLInterfaceType).resolveType = (value: Any, context: Log, info, abstractType) => {
    context.log.push(`Named.resolveType at ${responsePathAsArray(info.path).join('.')} for ${abstractType.name}`);
    return Promise.resolve(value.kind);
  };
  (schema.getType('Square') as GraphQLObjectType).isTypeOf = (value: Any) => {
    if (value.size === 'throw') throw new Error('isTypeOf failed.');
    return 'size' in value;
  };
  (schema.getType('Triangle') as GraphQLObjectType).isTypeOf = async (value: Any) => {
    await tick(1);
    return value.sides === 3;
  };
  return schema;
}
const abstract = abstractSchema();

const dog = { kind: 'Dog', name: 'Rex', barks: true, nickname: 'R' };
const cat = { kind: 'Cat', name: 'Tom', meows: true, nickname: 'T' };
const PETS = '{ pets { __typename ... on Named { name } ... on Dog { barks x: nickname } ... on Cat { meows x: nickname } } }';

// The errors of a failed type resolution ("Runtime Object type … is not a possible type for …", "… was resolved
// to a type … that does not exist inside the schema.", "… must resolve to an Object type at runtime …") are
// GraphQLErrors with fixed texts in graphql-js: only the one that formats a value with `inspect` (resolveType
// returning a non-string) is covered by the accepted differences, and only in how it formats that value.
describe('abstract types', () => {
  it.each<[string, Case]>([
    ['resolveType returning a name; fragments on the interface and the members', { query: PETS, root: () => ({ pets: [dog, cat, dog] }) }],
    ['without __typename; key order differs per runtime type', { query: '{ pets { ... on Cat { meows } ... on Named { name } ... on Dog { barks } } }', root: () => ({ pets: [cat, dog] }) }],
    ['resolveType returning a promise of a name', { query: PETS, root: () => ({ pets: [{ ...dog, kind: later('Dog', 2) }, { ...cat, kind: () => Promise.resolve('Cat') }] }) }],
    ['resolveType returning the name of a type outside the union', { query: '{ pet { __typename } pets { __typename } }', root: () => ({ pet: { kind: 'Rock' }, pets: [dog, { kind: 'Rock' }] }), errors: 2, resolveTypeFailure: true }],
    ['resolveType returning an unknown type name', { query: '{ pet { __typename } }', root: () => ({ pet: { kind: 'Nope' } }), errors: 1, resolveTypeFailure: true }],
    ['resolveType returning the name of a non-object type', { query: '{ pet { __typename } }', root: () => ({ pet: { kind: 'Kind' } }), errors: 1, resolveTypeFailure: true }],
    ['resolveType returning undefined', { query: '{ pet { __typename } }', root: () => ({ pet: { name: 'no kind' } }), errors: 1, resolveTypeFailure: true }],
    ['resolveType returning a non-string', { query: '{ pet { __typename } }', root: () => ({ pet: { kind: 42 } }), errors: 1, resolveTypeFailure: true }],
    ['resolveType throwing', { query: '{ pet { __typename } s: pets { __typename } }', root: () => ({ pet: { kind: 'throw' }, pets: [cat] }), errors: 1 }],
    ['an async resolveType on an interface (called with context, info and the abstract type)', { query: '{ named { name ... on Dog { barks } } nameds { __typename name } }', root: () => ({ named: dog, nameds: [cat, dog] }), context: logContext }],
    ['an async resolveType failing in a list of non-null items', { query: '{ nameds { name } }', root: () => ({ nameds: [cat, { kind: 'Rock' }] }), errors: 1, context: logContext, resolveTypeFailure: true }],
    ['no resolveType: __typename on the value', { query: '{ thing { __typename ... on Dog { name } } things { ... on Cat { meows } ... on Dog { barks } } }', root: () => ({ thing: { __typename: 'Dog', name: 'D' }, things: [{ __typename: 'Cat', meows: false }, { __typename: 'Dog', barks: false }] }) }],
    ['no resolveType and no __typename (nor isTypeOf)', { query: '{ thing { __typename } }', root: () => ({ thing: { name: 'x' } }), errors: 1, resolveTypeFailure: true }],
    ['no resolveType: a non-string __typename', { query: '{ thing { __typename } }', root: () => ({ thing: { __typename: 7 } }), errors: 1, resolveTypeFailure: true }],
    ['no resolveType: isTypeOf, sync and async', { query: '{ shapes { __typename sides ... on Square { size } } }', root: () => ({ shapes: [{ sides: 4, size: 2 }, { sides: 3 }, { sides: 4, size: 5 }] }) }],
    ['no resolveType: no isTypeOf matches', { query: '{ shapes { __typename sides } }', root: () => ({ shapes: [{ sides: 4, size: 1 }, { sides: 5 }] }), errors: 1, resolveTypeFailure: true }],
    ['no resolveType: isTypeOf throwing', { query: '{ shapes { __typename } }', root: () => ({ shapes: [{ sides: 4, size: 'throw' }] }), errors: 1 }],
    ['isTypeOf false on a concrete field', { query: '{ square { sides } shapes { sides } }', root: () => ({ square: { sides: 4 }, shapes: [] }), errors: 1 }],
    ['isTypeOf true on a concrete field', { query: '{ square { sides size } }', root: () => ({ square: { sides: 4, size: 3 } }) }],
    ['an async isTypeOf on a concrete field, true', { query: '{ triangle { sides } square { size } }', root: () => ({ triangle: { sides: 3 }, square: { size: 1 } }) }],
    ['an async isTypeOf on a concrete field, false', { query: '{ triangle { sides } square { size } }', root: () => ({ triangle: { sides: 4 }, square: { size: 1 } }), errors: 1 }],
  ])('%s', async (_name, c) => {
    await expectSame(abstract, c);
  });
});

// ---------------------------------------------------------------------------------------------------------
// What resolvers are given
// ---------------------------------------------------------------------------------------------------------

const INFO_SDL = `
  type Query { a(x: Int, y: String = "dy"): A list: [A] plain: A }
  type A { f(z: Int = 1): String g: A h(w: Int): String }
`;

/** What a resolver sees, as the contract requires it to be. */
function seen(label: string, source: unknown, args: unknown, info: GraphQLResolveInfo) {
  return {
    label,
    fieldName: info.fieldName,
    path: responsePathAsArray(info.path),
    parentType: info.parentType.name,
    returnType: String(info.returnType),
    variableValues: info.variableValues,
    operation: info.operation.name?.value ?? null,
    operationType: info.operation.operation,
    rootValue: info.rootValue,
    sourceIsRoot: source === info.rootValue,
    args,
  };
}

/** More of `info`, as graphql-js gives it: field nodes, fragments, schema, the path's typenames. */
function seenExtras(source: unknown, info: GraphQLResolveInfo, context: { document: DocumentNode }) {
  const nodes = new Set<ASTNode>();
  visit(context.document, { enter: (node) => void nodes.add(node) });
  const typenames: unknown[] = [];
  for (let path: GraphQLResolveInfo['path'] | undefined = info.path; path; path = path.prev) typenames.unshift([path.key, path.typename ?? null]);
  return {
    fieldName: info.fieldName,
    fieldNodes: info.fieldNodes.map((node) => print(node)),
    fieldNodesAreTheDocument: info.fieldNodes.every((node) => nodes.has(node)),
    fragments: Object.keys(info.fragments),
    fragmentsAreTheDocument: Object.values(info.fragments).every((node) => nodes.has(node)),
    operationIsTheDocument: nodes.has(info.operation),
    schemaIsTheSchema: info.schema === infoSchema,
    pathTypenames: typenames,
    sourceIsAnObject: typeof source === 'object' && source !== null,
  };
}

type InfoContext = { log: unknown[]; extras: boolean; document: DocumentNode };
const record = (label: string) => (source: unknown, args: unknown, context: InfoContext, info: GraphQLResolveInfo) => {
  context.log.push(context.extras ? seenExtras(source, info, context) : seen(label, source, args, info));
};

function buildInfoSchema(): GraphQLSchema {
  const schema = buildSchema(INFO_SDL);
  const query = (schema.getType('Query') as GraphQLObjectType).getFields();
  const a = (schema.getType('A') as GraphQLObjectType).getFields();
  const method = function (this: unknown, args: unknown, context: InfoContext, info: GraphQLResolveInfo) {
    record(`h (default resolver; this is the source: ${String((this as { tag?: string }).tag === 'an A')})`)(this, args, context, info);
    return 'h';
  };
  const makeA = (depth: number): unknown => ({ tag: 'an A', depth, h: method, child: depth > 0 ? makeA(depth - 1) : null });
  query.a!.resolve = (source, args, context, info) => {
    record('Query.a')(source, args, context, info);
    return makeA(2);
  };
  query.list!.resolve = (source, args, context, info) => {
    record('Query.list')(source, args, context, info);
    return [makeA(0), makeA(0)];
  };
  a.f!.resolve = (source, args, context, info) => {
    record('A.f')(source, args, context, info);
    return `f at depth ${(source as { depth: number }).depth}`;
  };
  a.g!.resolve = (source, args, context, info) => {
    record('A.g')(source, args, context, info);
    return (source as { child: unknown }).child;
  };
  return schema;
}
const infoSchema = buildInfoSchema();
const INFO_QUERY = `query Info($x: Int = 5, $z: Int) {
  a(x: $x) { f(z: $z) alias: f g { f g { h(w: 2) } } h }
  list { f h }
  plain { f h(w: $z) }
  ...Frag
}
fragment Frag on Query { a(x: $x) { f(z: $z) } }`;

describe('what resolvers are given', () => {
  const infoRoot = () => ({
    tag: 'the root',
    plain(this: { tag: string }, args: unknown, context: InfoContext, info: GraphQLResolveInfo) {
      record(`Query.plain (default resolver; this is the root: ${String(this.tag === 'the root')})`)(this, args, context, info);
      return { tag: 'an A', depth: 0, h: () => 'plain h' };
    },
  });

  it.each<[string, Json | undefined]>([
    ['variables given', { z: 3 }],
    ['variables not given (defaults in info.variableValues)', {}],
    ['variableValues omitted', undefined],
  ])('info: fieldName, path, parentType, returnType, variableValues, operation, rootValue; args; this and context for the default resolver (%s)', async (_name, variables) => {
    const document = parse(INFO_QUERY);
    const { graphql } = await expectSame(infoSchema, { query: document, variables, root: infoRoot, context: () => ({ log: [], extras: false, document }) });
    expect((graphql.context as Log).log.length).toBeGreaterThan(10);
  });

  it('info extras: fieldNodes and fragments from the document, the schema, the typenames along the path', async () => {
    const document = parse(INFO_QUERY);
    await expectSame(infoSchema, { query: document, variables: { z: 1 }, root: infoRoot, context: () => ({ log: [], extras: true, document }) });
  });

  it('the context and root value are passed through as given (same objects)', async () => {
    const schema = buildSchema('type Query { viaResolver: String viaDefault: String }');
    const context = { marker: 'ctx' };
    const root = { marker: 'root', viaDefault: (_args: unknown, ctx: unknown, info: GraphQLResolveInfo) => `${String(ctx === context)} ${String(info.rootValue === root)}` };
    (schema.getType('Query') as GraphQLObjectType).getFields().viaResolver!.resolve = (source, _args, ctx, info) =>
      `${String(source === root)} ${String(ctx === context)} ${String(info.rootValue === root)}`;
    const { graphql } = await expectSame(schema, { query: '{ viaResolver viaDefault }', context: () => context, root: () => root });
    expect(graphql.result).toEqual({ data: { viaResolver: 'true true true', viaDefault: 'true true' } });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Mutations: serial execution
// ---------------------------------------------------------------------------------------------------------

const ORDER_SDL = `
  type Query { noop: Int }
  type Mutation {
    step(n: Int!, ticks: Int = 0, fail: Boolean = false): Step
    strict(n: Int!, ticks: Int = 0, empty: Boolean = false): Step!
    syncStep(n: Int!): Step
  }
  type Step { n: Int! seen: [String!]! later(ticks: Int = 1): String }
`;
function orderSchema(): GraphQLSchema {
  const schema = buildSchema(ORDER_SDL);
  const mutation = (schema.getType('Mutation') as GraphQLObjectType).getFields();
  const step = (schema.getType('Step') as GraphQLObjectType).getFields();
  type Args = { n: number; ticks: number; fail?: boolean; empty?: boolean };
  mutation.step!.resolve = async (_source, { n, ticks, fail }: Args, context: Log) => {
    context.log.push(`start ${n}`);
    await tick(ticks);
    context.log.push(`end ${n}`);
    if (fail) throw new Error(`Step ${n} failed.`);
    return { n };
  };
  mutation.strict!.resolve = async (_source, { n, ticks, empty }: Args, context: Log) => {
    context.log.push(`start strict ${n}`);
    await tick(ticks);
    context.log.push(`end strict ${n}`);
    return empty ? null : { n };
  };
  mutation.syncStep!.resolve = (_source, { n }: Args, context: Log) => {
    context.log.push(`sync ${n}`);
    return { n };
  };
  step.seen!.resolve = (_source, _args, context: Log) => context.log.map(String);
  step.later!.resolve = async (source: { n: number }, { ticks }: { ticks: number }, context: Log) => {
    context.log.push(`later ${source.n} start`);
    await tick(ticks);
    context.log.push(`later ${source.n} end`);
    return `later ${source.n}`;
  };
  return schema;
}
const serial = orderSchema();

describe('mutations: serial execution', () => {
  it.each<[string, Case]>([
    [
      'slow, sync and fast fields, each with its sub-selection finished before the next field starts',
      { query: 'mutation M { one: step(n: 1, ticks: 4) { n later(ticks: 3) } two: syncStep(n: 2) { n seen } three: step(n: 3) { later(ticks: 0) seen } __typename }' },
    ],
    ['a failing nullable field: the next ones still run', { query: 'mutation { one: step(n: 1, ticks: 2) { n } two: step(n: 2, fail: true) { n } three: step(n: 3) { n seen } }', errors: 1 }],
    ['a null non-null field: data is null and later fields never run', { query: 'mutation { one: step(n: 1) { n } two: strict(n: 2, empty: true, ticks: 2) { n } three: step(n: 3) { n } }', errors: 1 }],
    ['a non-null field with an async sub-field, then a sync field', { query: 'mutation { one: strict(n: 1) { n later } two: syncStep(n: 2) { n } }' }],
    ['all sync', { query: 'mutation { a: syncStep(n: 1) { n } b: syncStep(n: 2) { seen } c: syncStep(n: 3) { seen } }' }],
  ])('%s', async (_name, c) => {
    await expectSame(serial, { context: logContext, ...c });
  });

  it('root mutation fields without resolvers: functions on the root value, called in order', async () => {
    const schema = buildSchema('type Query { noop: Int } type Mutation { a(n: Int): Int b: Int c: String }');
    const step = (name: string, ticks: number, value: unknown) => async (args: unknown, context: Log, info: GraphQLResolveInfo) => {
      context.log.push(`start ${name} ${JSON.stringify(args)} ${info.fieldName} ${info.parentType.name}`);
      await tick(ticks);
      context.log.push(`end ${name}`);
      return value;
    };
    await expectSame(schema, {
      query: 'mutation { a(n: 1) b c x: a __typename }',
      context: logContext,
      root: () => ({ a: step('a', 3, 1), b: step('b', 0, 2), c: 'plain value' }),
    });
  });

  it('a mutation on a schema without a mutation type', async () => {
    const schema = buildSchema('type Query { a: String }');
    await expectSame(schema, { query: 'mutation M { a }', root: () => ({ a: 'x' }), errors: 1 });
    await expectSame(schema, { query: 'query Q { a } mutation M { a }', operationName: 'M', root: () => ({ a: 'x' }), errors: 1 });
    await expectSame(schema, { query: 'query Q { a } mutation M { a }', operationName: 'Q', root: () => ({ a: 'x' }) });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Cached plans
// ---------------------------------------------------------------------------------------------------------

describe('cached plans', () => {
  it('the same document object, run several times in a row', async () => {
    const document = parse(bench.SHOP_WARM_QUERY);
    for (const first of [5, 5, 2, 5]) await expectSame(shop, shopCase({ query: document, variables: { first } }));
  });

  it('a fresh parse of the same text each time', async () => {
    for (let k = 0; k < 3; k++) await expectSame(shop, shopCase({ query: bench.SHOP_WARM_QUERY, variables: { first: 3 } }));
  });

  it('different documents interleaved', async () => {
    const a = parse('{ product(id: "p1") { name price { formatted } } }');
    const b = parse('{ product(id: "p1") { slug price { amount } } }');
    for (const document of [a, b, a, b]) await expectSame(shop, shopCase({ query: document }));
  });

  it('one document, its operations chosen alternately', async () => {
    const document = parse(OPERATIONS);
    for (const operationName of ['A', 'B', 'A', 'C', 'B']) await expectSame(shop, shopCase({ query: document, operationName }));
  });

  it('one document on two schemas (plans are per schema)', async () => {
    const document = parse('{ x y }');
    const one = buildSchema('type Query { x: Int y: String }');
    const two = buildSchema('type Query { x: String y: Int }');
    const root = () => ({ x: '5', y: 5 });
    const first = await expectSame(one, { query: document, root });
    const second = await expectSame(two, { query: document, root });
    expect(JSON.stringify(first.graphql.result)).not.toBe(JSON.stringify(second.graphql.result));
  });

  it('one document, the runtime types behind an abstract field changing between runs', async () => {
    const document = parse(PETS);
    for (const pets of [[dog, cat], [cat, dog], [cat], [dog, dog]]) await expectSame(abstract, { query: document, root: () => ({ pets }) });
  });

  it('arguments from literals are fresh objects for every call: a resolver mutating them changes nothing for the next list item or run', async () => {
    const document = parse('{ d { list { echo(list: [1, 2], filter: { limit: 1, nested: { colors: [RED] } }, colors: [GREEN]) } again: list { echo(list: [1, 2], filter: { limit: 1, nested: { colors: [RED] } }, colors: [GREEN]) } } }');
    // graphql-js builds the arguments of every call afresh from the literals (a variable's value, coerced once
    // per operation, is shared by every use in graphql-js too, so this test uses literals only).
    const mutatingEcho = (args: Any) => {
      const before = JSON.stringify(args);
      args.list.push(99);
      args.colors.push('mutated');
      args.filter.term = 'mutated';
      args.filter.nested.colors.push('mutated');
      args.b = 'mutated';
      args.extra = true;
      return before;
    };
    for (let run = 0; run < 2; run++) {
      await expectSame(tree, { query: document, root: () => ({ d: { list: [{ echo: mutatingEcho }, { echo: mutatingEcho }, { echo: mutatingEcho }] } }) });
    }
  });

  it('one document, failing on one run and not on the next', async () => {
    const document = parse('{ d { s child { nn } } }');
    await expectSame(tree, { query: document, root: () => ({ d: { s: 'a', child: { nn: null } } }), errors: 1 });
    await expectSame(tree, { query: document, root: () => ({ d: { s: 'a', child: { nn: 'ok' } } }) });
    await expectSame(tree, { query: document, root: () => ({ d: { s: boom(), child: { nn: 'ok' } } }), errors: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// graphql-js's own execution suite (16.x, src/execution/__tests__) as a map: what it checks that the cases
// above did not. Each case still runs through both executors and compares their answers and records.
// ---------------------------------------------------------------------------------------------------------

const CONFORMANCE_SDL = `
  interface Pet { name: String }
  type Dog implements Pet { name: String }
  type Cat implements Pet { name: String }
  union Shape = Square | Circle
  type Square { side: Int }
  type Circle { radius: Int }
  type Obj { s: String child: Obj list: [Obj] }
  type Query {
    pet: Pet pets: [Pet] petsByMethod: [Pet] shapes: [[Shape]] square: Square squares: [Square!]
    s: String obj: Obj objs: [Obj] nnObj: Obj! req(x: Int!): String
  }
`;

type Conformance = { log: string[]; infos: GraphQLResolveInfo[] };
const conformanceContext = (): Conformance => ({ log: [], infos: [] });

/**
 * Records who was called with which `info` (numbered by identity, in order of first appearance) and with
 * which `this`: graphql-js builds one `info` per field and hands that same object to the field's resolver
 * and to the resolveType and isTypeOf calls for its value (every item of a list's); it calls resolvers and
 * resolveType plainly, isTypeOf as a method of its type.
 */
function note(who: string, self: unknown, context: Conformance, info: GraphQLResolveInfo): void {
  let n = context.infos.indexOf(info);
  if (n < 0) n = context.infos.push(info) - 1;
  const field = self as { args?: unknown; resolve?: unknown; name?: string } | undefined;
  const seenThis = self === undefined ? 'undefined' : isObjectType(self) ? `type ${self.name}` : field?.args && field.resolve ? `the field definition ${field.name}` : typeof self;
  context.log.push(`${who} at ${responsePathAsArray(info.path).join('.')}: info #${n}, this: ${seenThis}`);
}

function conformanceSchema(): GraphQLSchema {
  const schema = buildSchema(CONFORMANCE_SDL);
  const query = (schema.getType('Query') as GraphQLObjectType).getFields();
  const pets = [{ kind: 'Dog', name: 'Rex' }, { kind: 'Cat', name: 'Tom' }, { kind: 'Dog', name: 'Fido' }];
  query.pet!.resolve = function (this: unknown, _source, _args, context: Conformance, info) {
    note('Query.pet', this, context, info);
    return pets[1];
  };
  query.pets!.resolve = function (this: unknown, _source, _args, context: Conformance, info) {
    note('Query.pets', this, context, info);
    return pets;
  };
  query.square!.resolve = function (this: unknown, _source, _args, context: Conformance, info) {
    note('Query.square', this, context, info);
    return Promise.resolve({ side: 2 });
  };
  query.s!.resolve = function (this: unknown, _source, _args, context: Conformance, info) {
    note('Query.s', this, context, info);
    return 's';
  };
  (schema.getType('Pet') as GraphQLInterfaceType).resolveType = function (this: unknown, value: Any, context: Conformance, info) {
    note(`Pet.resolveType(${value.name})`, this, context, info);
    return value.kind;
  };
  for (const [name, key] of [['Square', 'side'], ['Circle', 'radius']] as const) {
    (schema.getType(name) as GraphQLObjectType).isTypeOf = function (this: unknown, value: Any, context: Conformance, info) {
      note(`${name}.isTypeOf`, this, context, info);
      // Circles answer asynchronously, so that both paths are covered.
      return name === 'Circle' ? Promise.resolve(key in value) : key in value;
    };
  }
  return schema;
}
const conformance = conformanceSchema();
const conformanceRoot = () => ({
  petsByMethod(_args: unknown, context: Conformance, info: GraphQLResolveInfo) {
    note('petsByMethod (a method on the root)', undefined, context, info);
    return [{ kind: 'Cat', name: 'Kit' }, { kind: 'Dog', name: 'Spot' }];
  },
  shapes: [[{ side: 1 }, { radius: 2 }], [{ radius: 3 }]],
  squares: [{ side: 4 }, { side: 5 }],
  obj: { s: 'o', child: { s: 'c' }, list: [{ s: 'l' }] },
  objs: [{ s: 'a' }, null, { s: 'b' }],
  nnObj: { s: 'nn' },
});

describe("graphql-js's execution suite as a map", () => {
  it.each<[string, Case]>([
    ['a resolver and its value\'s resolveType get one info; so do all the items of a list', { query: '{ pet { name } pets { name } }' }],
    ['a method read by the default resolver and the resolveType of its items share one info', { query: '{ petsByMethod { name } }' }],
    ['no resolver: every isTypeOf for the items of a nested list of a union gets one info (the default type resolver\'s too)', { query: '{ shapes { ... on Square { side } ... on Circle { radius } } }' }],
    ['isTypeOf on a concrete field, with a resolver and without', { query: '{ square { side } squares { side } }' }],
    ['resolvers are called without `this`, resolveType too; isTypeOf as a method of its type', { query: '{ s pet { name } shapes { __typename } }' }],
  ])('info and this: %s', async (_name, c) => {
    const { graphql } = await expectSame(conformance, { root: conformanceRoot, context: conformanceContext, ...c });
    expect((graphql.context as Conformance).log.length, 'the case records calls').toBeGreaterThan(0);
  });

  it.each<[string, Case]>([
    ['an object field without a selection set is an empty object', { query: '{ obj }' }],
    ['so is each object of a list, nulls kept', { query: '{ objs }' }],
    ['a non-null object field without a selection set', { query: '{ nnObj }' }],
    ['an abstract field without a selection set (resolveType still runs)', { query: '{ pet }' }],
    ['isTypeOf still runs for an object without a selection set', { query: '{ square squares }' }],
    ['one node of a response key without a selection set, the other with one', { query: '{ obj obj { s } objs { s } objs }' }],
    ['nested: a child and a list without selection sets', { query: '{ obj { s child list } }' }],
    ['fields the type does not have are left out, at the root and below', { query: '{ nope s obj { s nope } }' }],
    ['__schema and __type on a type that is not the query type are left out', { query: '{ obj { s __schema { queryType { name } } __type(name: "Obj") { name } } }' }],
    ['a leaf with a selection set', { query: '{ s { length } }' }],
    ['a spread of a fragment the document does not define', { query: '{ s ...Missing obj { ...Missing s } }' }],
    ['fragments on a type the schema does not have', { query: '{ s ... on Nope { obj { s } } ...F } fragment F on AlsoNope { nnObj { s } }' }],
    ['fragments spreading themselves (no endless recursion)', { query: '{ ...A obj { ...B } } fragment A on Query { s ...A ...B2 } fragment B on Obj { s ...B } fragment B2 on Query { obj { s } ...A }' }],
    ['type definitions in the document are ignored', { query: 'type Extra { a: String } { s } extend type Query { more: Int }' }],
    ['a required argument missing: an error at that field', { query: '{ s req }', errors: 1 }],
    ['an argument of the wrong type: an error at that field', { query: '{ req(x: "seven") s }', errors: 1 }],
    ['an undefined variable for a required argument: an error at that field', { query: '{ req(x: $nowhere) s }', errors: 1 }],
    ['@skip without its `if` at the root: no data', { query: '{ s @skip obj { s } }', errors: 1 }],
    ['@include without its `if` below the root: an error at the parent field', { query: '{ s obj { s @include } }', errors: 1 }],
  ])('an unvalidated document: %s', async (_name, c) => {
    await expectSame(conformance, { root: conformanceRoot, context: conformanceContext, unvalidated: true, ...c });
  });

  it.each<[string, GraphQLSchema, Case]>([
    ['an empty operation name names no operation', conformance, { query: 'query A { s }', operationName: '', errors: 1 }],
    ['a subscription operation is run once, as a query is', buildSchema('type Query { a: Int } type Subscription { tick: Int }'), { query: 'subscription S { tick }', root: () => ({ tick: 1 }) }],
    ["an operation whose root type the schema lacks: no data, one located error", new GraphQLSchema({ assumeValid: true }), { query: 'query Q { __typename } mutation M { __typename }', operationName: 'M', errors: 1 }],
  ])('operations: %s', async (_name, schema, c) => {
    await expectSame(schema, c);
  });
});
