/**
 * gqlambda/runtime/federation
 *
 * What a Federation 2 subgraph answers its router, as `@apollo/subgraph` does: `_service { sdl }` and
 * `_entities(representations)`, which calls each entity type's `__resolveReference` by `__typename`.
 * Only the handler generated for a subgraph imports this module, so other functions carry none of it.
 */
import { GraphQLError, isInterfaceType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import { isRecord } from './events/shared.js';
import type { ResolverMap } from './options.js';

export interface SubgraphOptions {
  /** The subgraph's SDL as its author wrote it: what `_service { sdl }` answers. */
  sdl: string;
  /** The query root type's name. @default 'Query' */
  queryType?: string;
  /** Whether the schema has entities (types with `@key`), and so `_entities` and `_Entity`. @default false */
  entities?: boolean;
}

type ReferenceResolver = (reference: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown;

/**
 * The resolver map with the subgraph's own fields added: `_service`, `_entities` and `_Entity`'s type
 * resolver. Each `__resolveReference` is taken out of its type's entry (graphql-js has no such member) and
 * called by `_entities`; a type without one answers the reference itself, as `@apollo/subgraph` does. Each
 * representation is resolved on its own, so one that fails is an error at its index and null in the list.
 *
 * @example
 * // .gqlambda/handler.ts (generated for a subgraph)
 * export const handler = createLambdaHandler({ typeDefs, resolvers: subgraphResolvers(resolvers, { sdl }), context });
 */
export function subgraphResolvers(resolvers: ResolverMap, options: SubgraphOptions): ResolverMap {
  const references = new Map<string, ReferenceResolver>();
  const map: ResolverMap = {};
  for (const typeName in resolvers) {
    const entry = resolvers[typeName];
    if (isRecord(entry) && typeof entry.__resolveReference === 'function') {
      const { __resolveReference, ...rest } = entry;
      references.set(typeName, __resolveReference as ReferenceResolver);
      map[typeName] = rest;
    } else map[typeName] = entry;
  }
  // The type each `_entities` answer was resolved as, for `_Entity`'s type resolver: the answer itself is
  // the user's object (maybe frozen, maybe a class instance), so it is not written to.
  const typeOf = new WeakMap<object, string>();
  const resolveEntity = async (reference: unknown, context: unknown, info: GraphQLResolveInfo): Promise<unknown> => {
    const typeName = isRecord(reference) ? reference.__typename : undefined;
    const type = typeof typeName === 'string' ? info.schema.getType(typeName) : undefined;
    if (!type || !(isObjectType(type) || isInterfaceType(type))) {
      // The router's mistake (or a caller's), not the server's: shown, not masked.
      throw new GraphQLError(`The _entities resolver got a representation of "${String(typeName)}", which is no object or interface type of this subgraph.`);
    }
    const own = references.get(type.name);
    let result = own ? await own(reference as Record<string, unknown>, context, info) : reference;
    let runtimeType = type.name;
    // An entity interface: its implementation is the type its `__resolveType` names, whose own
    // `__resolveReference` runs when the interface has none.
    if (isInterfaceType(type) && isRecord(result)) {
      runtimeType = String(await type.resolveType?.(result, context, info, type));
      const implementation = references.get(runtimeType);
      if (!own && implementation) result = await implementation({ ...result, __typename: runtimeType }, context, info);
    }
    if (isRecord(result)) typeOf.set(result, runtimeType);
    return result;
  };
  const query = options.queryType ?? 'Query';
  const queryEntry = map[query];
  map[query] = { ...(isRecord(queryEntry) ? queryEntry : {}), _service: () => ({ sdl: options.sdl }) };
  if (options.entities) {
    (map[query] as Record<string, unknown>)._entities = (_parent: unknown, args: { representations: unknown[] }, context: unknown, info: GraphQLResolveInfo) =>
      args.representations.map((reference) => resolveEntity(reference, context, info));
    map._Entity = { __resolveType: (value: object) => typeOf.get(value) ?? (value as { __typename?: string }).__typename };
  }
  return map;
}
