/**
 * type-names
 *
 * Codegen declares a schema type `Record` as `export type Record = …` in the very file that uses the
 * global `Record<K, V>`, next to its own helpers (`Maybe`, `Scalars`, `Resolvers`, …): a schema that
 * uses one of those names would not compile. Such a type is declared under its name plus `_` instead
 * (`Record_`); every other name is converted exactly as codegen would. Users never write these names:
 * their stubs are annotated with `<Type>Resolvers`, which cannot collide.
 */
import { UNSAFE_NAMES } from './stub-names.js';

/** Names codegen's typescript and typescript-resolvers plugins declare or import in the generated file. */
const CODEGEN_NAMES = [
  'Maybe', 'InputMaybe', 'Exact', 'MakeOptional', 'MakeMaybe', 'MakeEmpty', 'Incremental', 'Scalars',
  'RequireFields', 'ResolverTypeWrapper', 'ResolverWithResolve', 'Resolver', 'ResolverFn', 'ResolversObject',
  'StitchingResolver', 'LegacyStitchingResolver', 'NewStitchingResolver', 'SubscriptionSubscribeFn',
  'SubscriptionResolveFn', 'SubscriptionSubscriberObject', 'SubscriptionResolverObject', 'SubscriptionObject',
  'SubscriptionResolver', 'TypeResolveFn', 'IsTypeOfResolverFn', 'NextResolverFn', 'DirectiveResolverFn',
  'DirectiveResolver', 'DirectiveResolvers', 'DirectiveArgs', 'ReferenceResolver', 'EnumResolverSignature',
  'GraphQLRecursivePick', 'WithIndex', 'GraphQLResolveInfo', 'GraphQLScalarType', 'GraphQLScalarTypeConfig',
];

/** TypeScript's utility and built-in types the generated code (or a `scalars` mapping) may use. */
const TYPESCRIPT_NAMES = [
  'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Exclude', 'Extract', 'NonNullable',
  'ReturnType', 'Parameters', 'Awaited', 'PromiseLike', 'ArrayLike', 'ReadonlyArray', 'Iterable',
  'AsyncIterable', 'AsyncIterator', 'AsyncIterableIterator', 'Uppercase', 'Lowercase', 'Capitalize',
];

const TAKEN: ReadonlySet<string> = new Set([...CODEGEN_NAMES, ...TYPESCRIPT_NAMES, ...UNSAFE_NAMES]);

/**
 * Codegen's own names that it passes through the naming convention like a schema type's, so the two
 * cannot be told apart there: a schema type with one of these names is refused with a clear error.
 */
export const CONVERTED_CODEGEN_NAMES: ReadonlySet<string> = new Set([
  'ResolversTypes', 'ResolversParentTypes', 'ResolversUnionTypes', 'ResolversInterfaceTypes', 'Resolvers',
  'DirectiveResolvers', 'FederationTypes', 'FederationReferenceTypes',
]);

/**
 * codegen's `namingConvention`, as a function: called with each `_`-separated part of a name. A part
 * that would declare a taken name gets a trailing `_`; names such as `RecordResolvers` pass unchanged.
 * `contextName` is the config's context type, which the generated file imports under that name.
 * Codegen's converter is loaded here, with codegen: a run that reuses codegen's last output (a resolver
 * edited) then loads none of it, a tenth of a second less.
 */
export async function safeTypeName(contextName: string): Promise<(part: string) => string> {
  const { convertFactory } = await import('@graphql-codegen/visitor-plugin-common');
  const codegenDefault = convertFactory({});
  return (part) => {
    const converted = codegenDefault(part);
    const taken = TAKEN.has(converted) || converted === contextName;
    return taken ? `${converted}_` : converted;
  };
}
