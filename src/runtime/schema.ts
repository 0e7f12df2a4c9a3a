/**
 * schema
 *
 * Builds the executable schema once per container: the type definitions (validated by `gqlambda generate`,
 * so graphql-js is told to skip validating them again) plus the resolver map attached in place. A tiny
 * makeExecutableSchema of our own, so that the bundle carries nothing graphql-js's own `buildASTSchema`
 * does not already need.
 */
import {
  buildASTSchema,
  isEnumType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { isRecord } from './events/shared.js';
import type { ResolverMap } from './options.js';

/**
 * The schema of `typeDefs` with `resolvers` attached: field resolvers (a function or `{ resolve }`),
 * `__resolveType` on interfaces and unions, `__isTypeOf` on objects, custom scalars (a `GraphQLScalarType`
 * or its config) and enum internal values (`{ RED: '#f00' }`). An entry that names a type or field the
 * schema does not have throws, since it is code that would silently never run.
 *
 * @example
 * const schema = makeSchema('type Query { hello: String! }', { Query: { hello: () => 'world' } });
 */
export function makeSchema(typeDefs: DocumentNode | string, resolvers: ResolverMap): GraphQLSchema {
  const document = typeof typeDefs === 'string' ? parse(typeDefs, { noLocation: true }) : typeDefs;
  // Validated at build time by `gqlambda generate`: re-validating would only cost cold-start time.
  const schema = buildASTSchema(document, { assumeValid: true, assumeValidSDL: true });
  for (const typeName in resolvers) {
    const entry = resolvers[typeName];
    if (entry === undefined) continue;
    const type = schema.getType(typeName);
    if (!type) throw resolverError(typeName, `the schema has no type "${typeName}"`);
    if (!isRecord(entry)) throw resolverError(typeName, 'expected an object');

    if (isScalarType(type)) {
      // A GraphQLScalarType instance or a plain config: either way these three functions are what counts.
      for (const key of ['serialize', 'parseValue', 'parseLiteral'] as const) {
        if (typeof entry[key] === 'function') (type as unknown as Record<string, unknown>)[key] = entry[key];
      }
    } else if (isEnumType(type)) {
      for (const name in entry) {
        const value = type.getValue(name);
        if (!value) throw resolverError(`${typeName}.${name}`, `enum ${typeName} has no value "${name}"`);
        // Enum lookups are built lazily on first use, which comes after this.
        value.value = entry[name];
      }
    } else if (isObjectType(type) || isInterfaceType(type)) {
      const fields = type.getFields();
      for (const name in entry) {
        const value = entry[name];
        if (name === '__isTypeOf' && isObjectType(type)) type.isTypeOf = value as typeof type.isTypeOf;
        else if (name === '__resolveType' && isInterfaceType(type)) type.resolveType = value as typeof type.resolveType;
        else {
          const field = fields[name];
          if (!field) throw resolverError(`${typeName}.${name}`, `type ${typeName} has no field "${name}"`);
          if (typeof value === 'function') field.resolve = value as typeof field.resolve;
          else if (isRecord(value)) {
            if (value.resolve) field.resolve = value.resolve as typeof field.resolve;
            if (value.subscribe) field.subscribe = value.subscribe as typeof field.subscribe;
          } else if (value !== undefined) throw resolverError(`${typeName}.${name}`, 'expected a function or { resolve }');
        }
      }
    } else if (isUnionType(type)) {
      for (const name in entry) {
        if (name !== '__resolveType') throw resolverError(`${typeName}.${name}`, `union ${typeName} takes only __resolveType`);
        type.resolveType = entry[name] as typeof type.resolveType;
      }
    } else {
      throw resolverError(typeName, `${typeName} is an input type, which has no resolvers`);
    }
  }
  return schema;
}

function resolverError(path: string, reason: string): Error {
  return new Error(`Resolver map entry "${path}" does not match the schema: ${reason}. Remove the entry, or run \`gqlambda generate\` if the schema changed.`);
}
