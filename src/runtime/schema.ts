/**
 * schema
 *
 * Builds the executable schema once per container from the type definitions, which `gqlambda generate`
 * has validated, plus the resolver map attached in place: a tiny makeExecutableSchema of our own.
 *
 * The types are built here rather than with graphql-js's `buildASTSchema`: that one goes through
 * `extendSchema`, a general schema-extension engine (7 KB of the bundle, and most of the schema's build
 * time at cold start) that a validated, self-contained document does not need. `test/runtime/schema.test.ts`
 * checks that both give the same schema (printed SDL and introspection).
 */
import {
  GraphQLDeprecatedDirective,
  GraphQLDirective,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLOneOfDirective,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLSpecifiedByDirective,
  GraphQLUnionType,
  Kind,
  getDirectiveValues,
  isEnumType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  specifiedDirectives,
  specifiedScalarTypes,
  valueFromAST,
  type DefinitionNode,
  type DirectiveLocation,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLType,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';
import { isRecord } from './events/shared.js';
import type { ResolverMap } from './options.js';

/** What type definitions and extensions share: the members a type is built from. */
interface TypeNodeParts {
  kind: string;
  name: { value: string };
  description?: { value: string };
  directives?: readonly DirectiveNodeLike[];
  fields?: readonly FieldNodeLike[];
  arguments?: readonly InputValueDefinitionNode[];
  interfaces?: readonly { name: { value: string } }[];
  types?: readonly { name: { value: string } }[];
  values?: readonly { name: { value: string }; description?: { value: string }; directives?: readonly DirectiveNodeLike[] }[];
}
type DirectiveNodeLike = { name: { value: string } };
type FieldNodeLike = InputValueDefinitionNode & { arguments?: readonly InputValueDefinitionNode[] };

const STANDARD_SCALARS = new Map<string, GraphQLNamedType>(specifiedScalarTypes.map((type) => [type.name, type]));

/**
 * The schema a validated SDL document describes, as graphql-js's `buildASTSchema` would build it with
 * `assumeValid`: descriptions, deprecations, default values, `@specifiedBy`, `@oneOf`, custom directives,
 * type and schema extensions, and the root types named in a `schema` definition or else by convention.
 */
export function buildSchemaFromDocument(document: DocumentNode): GraphQLSchema {
  const definitions = new Map<string, TypeNodeParts>();
  const extensions = new Map<string, TypeNodeParts[]>();
  const directiveDefinitions: DefinitionNode[] = [];
  const operations = new Map<string, string>();
  let schemaDefinition: (DefinitionNode & { description?: { value: string } }) | undefined;
  for (const node of document.definitions) {
    const parts = node as unknown as TypeNodeParts;
    if (node.kind === Kind.SCHEMA_DEFINITION || node.kind === Kind.SCHEMA_EXTENSION) {
      if (node.kind === Kind.SCHEMA_DEFINITION) schemaDefinition = node;
      for (const operation of node.operationTypes ?? []) operations.set(operation.operation, operation.type.name.value);
    } else if (node.kind === Kind.DIRECTIVE_DEFINITION) directiveDefinitions.push(node);
    // ObjectTypeExtension, …: not DirectiveExtension, nor operations and fragments, which SDL ignores.
    else if (node.kind.endsWith('TypeExtension')) extensions.set(parts.name.value, [...(extensions.get(parts.name.value) ?? []), parts]);
    else if (node.kind.endsWith('TypeDefinition')) definitions.set(parts.name.value, parts);
  }

  const types = new Map<string, GraphQLNamedType>();
  const named = (name: string) => (types.get(name) ?? STANDARD_SCALARS.get(name))!;
  const typeOf = (node: TypeNode): GraphQLType =>
    node.kind === Kind.NAMED_TYPE ? named(node.name.value) : node.kind === Kind.LIST_TYPE ? new GraphQLList(typeOf(node.type)) : new GraphQLNonNull(typeOf(node.type) as never);
  const inputValues = (nodes: readonly InputValueDefinitionNode[] | undefined) =>
    Object.fromEntries(
      (nodes ?? []).map((node) => {
        const type = typeOf(node.type) as GraphQLInputType;
        const config = { type, description: node.description?.value, defaultValue: valueFromAST(node.defaultValue, type), deprecationReason: deprecation(node), astNode: node };
        return [node.name.value, config];
      }),
    );

  for (const [name, node] of definitions) {
    const all = [node, ...(extensions.get(name) ?? [])];
    const members = <T>(pick: (part: TypeNodeParts) => readonly T[] | undefined) => all.flatMap((part) => pick(part) ?? []);
    const base = { name, description: node.description?.value, astNode: node as never, extensionASTNodes: all.slice(1) as never[] };
    const fields = () =>
      Object.fromEntries(
        members((part) => part.fields).map((field) => [
          field.name.value,
          { type: typeOf(field.type) as never, description: field.description?.value, args: inputValues(field.arguments), deprecationReason: deprecation(field), astNode: field as never },
        ]),
      );
    const interfaces = () => members((part) => part.interfaces).map((ref) => named(ref.name.value) as GraphQLInterfaceType);
    let type: GraphQLNamedType;
    switch (node.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
        type = new GraphQLObjectType({ ...base, fields, interfaces });
        break;
      case Kind.INTERFACE_TYPE_DEFINITION:
        type = new GraphQLInterfaceType({ ...base, fields, interfaces });
        break;
      case Kind.UNION_TYPE_DEFINITION:
        type = new GraphQLUnionType({ ...base, types: () => members((part) => part.types).map((ref) => named(ref.name.value) as GraphQLObjectType) });
        break;
      case Kind.ENUM_TYPE_DEFINITION:
        type = new GraphQLEnumType({
          ...base,
          values: Object.fromEntries(
            members((part) => part.values).map((value) => [value.name.value, { description: value.description?.value, deprecationReason: deprecation(value), astNode: value as never }]),
          ),
        });
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        type = new GraphQLInputObjectType({
          ...base,
          fields: () => inputValues(members((part) => part.fields)),
          isOneOf: Boolean(getDirectiveValues(GraphQLOneOfDirective, node as never)),
        });
        break;
      default:
        type = new GraphQLScalarType({ ...base, specifiedByURL: getDirectiveValues(GraphQLSpecifiedByDirective, node as never)?.url as string | undefined });
    }
    types.set(name, type);
  }

  const directives = directiveDefinitions.map((definition) => {
    const node = definition as DefinitionNode & TypeNodeParts & { locations: readonly { value: string }[]; repeatable: boolean };
    return new GraphQLDirective({
      name: node.name.value,
      description: node.description?.value,
      locations: node.locations.map((location) => location.value as DirectiveLocation),
      isRepeatable: node.repeatable,
      args: inputValues(node.arguments),
      deprecationReason: deprecation(node),
      astNode: node as never,
    });
  });
  const root = (operation: string, conventional: string) =>
    types.get(operations.get(operation) ?? (schemaDefinition ? '' : conventional)) as GraphQLObjectType | undefined;
  return new GraphQLSchema({
    description: schemaDefinition?.description?.value,
    query: root('query', 'Query'),
    mutation: root('mutation', 'Mutation'),
    subscription: root('subscription', 'Subscription'),
    types: [...types.values()],
    // The specified directives (@include, @skip, @deprecated, …) unless the document redefines them.
    directives: [...directives, ...specifiedDirectives.filter((standard) => !directives.some((own) => own.name === standard.name))],
    astNode: schemaDefinition as never,
    // Validated at build time by `gqlambda generate`: re-validating would only cost cold-start time.
    assumeValid: true,
  });
}

function deprecation(node: { directives?: readonly DirectiveNodeLike[] }): string | undefined {
  // Most nodes have no directives at all: skip graphql-js's lookup for them.
  return node.directives?.length ? (getDirectiveValues(GraphQLDeprecatedDirective, node as never)?.reason as string | undefined) : undefined;
}

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
  const schema = buildSchemaFromDocument(typeof typeDefs === 'string' ? parse(typeDefs, { noLocation: true }) : typeDefs);
  for (const typeName in resolvers) {
    const entry = resolvers[typeName];
    if (entry === undefined) continue;
    const type = schema.getType(typeName);
    if (!type) throw resolverError(typeName, 'no such type');
    if (!isRecord(entry)) throw resolverError(typeName, 'expected an object');

    if (isScalarType(type)) {
      // A GraphQLScalarType instance or a plain config: either way these three functions are what counts.
      for (const key of ['serialize', 'parseValue', 'parseLiteral'] as const) {
        if (typeof entry[key] === 'function') (type as unknown as Record<string, unknown>)[key] = entry[key];
      }
    } else if (isEnumType(type)) {
      for (const name in entry) {
        const value = type.getValue(name);
        if (!value) throw resolverError(`${typeName}.${name}`, 'no such enum value');
        // Enum lookups are built lazily on first use, which comes after this.
        value.value = entry[name];
      }
    } else if (isObjectType(type) || isInterfaceType(type) || isUnionType(type)) {
      const fields = isUnionType(type) ? {} : type.getFields();
      for (const name in entry) {
        const value = entry[name];
        if (name === '__isTypeOf' && isObjectType(type)) type.isTypeOf = value as typeof type.isTypeOf;
        else if (name === '__resolveType' && !isObjectType(type)) type.resolveType = value as typeof type.resolveType;
        else {
          const field = fields[name];
          if (!field) throw resolverError(`${typeName}.${name}`, isUnionType(type) ? 'a union takes only __resolveType' : 'no such field');
          if (typeof value === 'function') field.resolve = value as typeof field.resolve;
          // (A `subscribe` is never called: subscriptions are refused, Lambda keeps no connection open.)
          else if (isRecord(value)) field.resolve = value.resolve as typeof field.resolve;
          else if (value !== undefined) throw resolverError(`${typeName}.${name}`, 'expected a function or { resolve }');
        }
      }
    } else {
      throw resolverError(typeName, 'an input type has no resolvers');
    }
  }
  return schema;
}

function resolverError(path: string, reason: string): Error {
  return new Error(`Resolver map entry "${path}" does not match the schema: ${reason}. Remove it, or run \`gqlambda generate\`.`);
}
