/**
 * federation
 *
 * Apollo Federation 2 subgraphs. A schema that links the federation spec
 * (`extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", …])`) gets what
 * `@apollo/subgraph`'s buildSubgraphSchema adds: the spec's directive and scalar definitions (imported names
 * as imported, the rest as `@federation__name`), `scalar _Any`, `type _Service { sdl: String }`,
 * `union _Entity` of the object types with a `@key`, and `Query._service` / `Query._entities` (a Query type
 * is created when the subgraph has none). A type that is only extended (`extend type User @key(…)`, which
 * subgraphs may write for an entity defined elsewhere) becomes a definition.
 *
 * A Federation 1 schema (`@key` without the `@link`) is refused with one error saying what to add: its
 * semantics differ (every field shareable, `extend type` meaning an entity owned elsewhere), and guessing
 * them would publish a different supergraph than the author meant.
 */
import {
  GraphQLError,
  Kind,
  parse,
  print,
  visit,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
} from 'graphql';

const FEDERATION_SPEC_URL = /^https:\/\/specs\.apollo\.dev\/federation\/v(\d+)\.(\d+)$/;

/** What the generator needs to know about a subgraph. */
export interface Federation {
  /** The user's schema, every file's definitions printed in order: what `_service { sdl }` answers. */
  sdl: string;
  /** The query root type's name (`Query` unless a `schema` definition says otherwise). */
  queryType: string;
  /** Object types with a `@key`: the members of `_Entity`. */
  entities: string[];
  /** Object types with a `@key` that is not `resolvable: false`: each gets a `__resolveReference` stub. */
  resolvable: string[];
  /** The federation types and Query fields, which get no stubs: the runtime's federation module answers them. */
  addedTypes: ReadonlySet<string>;
  addedQueryFields: readonly string[];
  /** Field coordinates (`User.email`) marked `@external`: resolved by another subgraph, so never stubbed. */
  external: ReadonlySet<string>;
}

interface DirectiveSpec {
  name: string;
  /** The definition after `directive @NAME`, with `$FieldSet` etc. standing for the spec's type names. */
  rest: string;
  /** The federation 2 minor version that introduced it. */
  since: number;
}

// Federation 2's directives as `@apollo/subgraph` defines them (federation-internals' specs), by version.
const DIRECTIVES: readonly DirectiveSpec[] = [
  { name: 'key', rest: '(fields: $FieldSet!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE', since: 0 },
  { name: 'requires', rest: '(fields: $FieldSet!) on FIELD_DEFINITION', since: 0 },
  { name: 'provides', rest: '(fields: $FieldSet!) on FIELD_DEFINITION', since: 0 },
  { name: 'external', rest: ' on OBJECT | FIELD_DEFINITION', since: 0 },
  { name: 'extends', rest: ' on OBJECT | INTERFACE', since: 0 },
  { name: 'inaccessible', rest: ' on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION', since: 0 },
  { name: 'shareable', rest: ' repeatable on OBJECT | FIELD_DEFINITION', since: 0 },
  { name: 'override', rest: '(from: String!, label: String) on FIELD_DEFINITION', since: 0 },
  {
    name: 'tag',
    rest: '(name: String!) repeatable on FIELD_DEFINITION | INTERFACE | OBJECT | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA',
    since: 0,
  },
  { name: 'composeDirective', rest: '(name: String) repeatable on SCHEMA', since: 1 },
  { name: 'interfaceObject', rest: ' on OBJECT', since: 3 },
  { name: 'authenticated', rest: ' on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM', since: 5 },
  { name: 'requiresScopes', rest: '(scopes: [[$Scope!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM', since: 5 },
  { name: 'policy', rest: '(policies: [[$Policy!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM', since: 6 },
  { name: 'context', rest: '(name: String!) repeatable on INTERFACE | OBJECT | UNION', since: 8 },
  { name: 'fromContext', rest: '(field: $ContextFieldValue) on ARGUMENT_DEFINITION', since: 8 },
  { name: 'cost', rest: '(weight: Int!) on ARGUMENT_DEFINITION | ENUM | FIELD_DEFINITION | INPUT_FIELD_DEFINITION | OBJECT | SCALAR', since: 9 },
  {
    name: 'listSize',
    rest: '(assumedSize: Int, slicingArguments: [String!], sizedFields: [String!], requireOneSlicingArgument: Boolean = true) on FIELD_DEFINITION',
    since: 9,
  },
];
const SCALARS: ReadonlyArray<{ name: string; since: number }> = [
  { name: 'FieldSet', since: 0 },
  { name: 'Scope', since: 5 },
  { name: 'Policy', since: 6 },
  { name: 'ContextFieldValue', since: 8 },
];

const LINK_DEFINITIONS = `
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
`;

/** Directives whose use without the federation `@link` marks a Federation 1 subgraph. */
const FEDERATION_1_DIRECTIVES = new Set(['key', 'extends', 'external', 'requires', 'provides']);

/**
 * The document with the federation definitions added, and what the generator needs to know, or
 * `undefined` for a schema that does not link the federation spec. Throws a GraphQLError (with the node,
 * so it is reported at file:line:col) for a Federation 1 subgraph or an unsupported spec version.
 */
export function addFederation(definitions: readonly DefinitionNode[]): { definitions: DefinitionNode[]; federation: Federation } | undefined {
  const link = findFederationLink(definitions);
  const directivesDefined = new Set<string>();
  for (const node of definitions) if (node.kind === Kind.DIRECTIVE_DEFINITION) directivesDefined.add(node.name.value);
  if (!link) {
    refuseFederation1(definitions, directivesDefined);
    return undefined;
  }
  refuseUnimported(definitions, directivesDefined, link);
  const defined = new Set<string>();
  let queryType = 'Query';
  for (const node of definitions) {
    if ('name' in node && node.kind !== Kind.DIRECTIVE_DEFINITION && node.name && !node.kind.endsWith('Extension')) defined.add(node.name.value);
    if (node.kind === Kind.SCHEMA_DEFINITION || node.kind === Kind.SCHEMA_EXTENSION) {
      for (const operation of node.operationTypes ?? []) if (operation.operation === 'query') queryType = operation.type.name.value;
    }
  }

  // A subgraph may extend a type it never defines (an entity another subgraph owns): the first such
  // extension becomes the definition, so that the type exists and its `@key` sits on its definition.
  const own = definitions.map((node): DefinitionNode => {
    const name = node.kind.endsWith('TypeExtension') ? (node as { name: { value: string } }).name.value : undefined;
    if (name === undefined || defined.has(name)) return node;
    defined.add(name);
    return { ...node, kind: node.kind.replace('Extension', 'Definition') } as DefinitionNode;
  });

  const nameOf = (name: string, directive: boolean): string => link.imports.get(directive ? `@${name}` : name) ?? `${link.prefix}__${name}`;
  const typeNames = Object.fromEntries(SCALARS.map((scalar) => [scalar.name, nameOf(scalar.name, false)]));
  const key = nameOf('key', true);
  const external = nameOf('external', true);

  const entities: string[] = [];
  const resolvable: string[] = [];
  const externalFields = new Set<string>();
  for (const node of own) {
    if (node.kind !== Kind.OBJECT_TYPE_DEFINITION && node.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const keys = (node.directives ?? []).filter((directive) => directive.name.value === key);
    if (keys.length > 0 && !entities.includes(node.name.value)) entities.push(node.name.value);
    if (keys.some((directive) => !isUnresolvable(directive)) && !resolvable.includes(node.name.value)) resolvable.push(node.name.value);
    const typeExternal = node.directives?.some((directive) => directive.name.value === external) ?? false;
    for (const field of node.fields ?? []) {
      if (typeExternal || field.directives?.some((directive) => directive.name.value === external)) externalFields.add(`${node.name.value}.${field.name.value}`);
    }
  }

  let added = directivesDefined.has('link') ? '' : LINK_DEFINITIONS;
  for (const scalar of SCALARS) {
    if (scalar.since <= link.minor && !defined.has(typeNames[scalar.name]!)) added += `scalar ${typeNames[scalar.name]}\n`;
  }
  for (const directive of DIRECTIVES) {
    const name = nameOf(directive.name, true);
    if (directive.since > link.minor || directivesDefined.has(name)) continue;
    added += `directive @${name}${directive.rest.replace(/\$(\w+)/g, (_, type: string) => typeNames[type]!)}\n`;
  }
  // A schema pasted from a subgraph's `_service { sdl }` may hold some of these already.
  const queryHas = new Set(
    own.flatMap((node) => (node.kind === Kind.OBJECT_TYPE_DEFINITION || node.kind === Kind.OBJECT_TYPE_EXTENSION) && node.name.value === queryType ? (node.fields ?? []).map((field) => field.name.value) : []),
  );
  const operationTypes = [
    ['_Any', 'scalar _Any'],
    ['_Service', 'type _Service { sdl: String }'],
    ['_Entity', entities.length > 0 ? `union _Entity = ${entities.join(' | ')}` : ''],
  ];
  for (const [name, definition] of operationTypes) if (definition && !defined.has(name!)) added += `${definition}\n`;
  const queryFields = ['_service: _Service!', ...(entities.length > 0 ? ['_entities(representations: [_Any!]!): [_Entity]!'] : [])];
  const fieldName = (field: string) => field.slice(0, field.search(/[(:]/));
  const missingFields = queryFields.filter((field) => !queryHas.has(fieldName(field)));
  if (missingFields.length > 0) added += `${defined.has(queryType) ? 'extend ' : ''}type ${queryType} { ${missingFields.join(' ')} }\n`;

  const addedDefinitions = added.trim() === '' ? [] : parse(added, { noLocation: true }).definitions;
  // The federation types get no stubs, whoever wrote them: the runtime answers them, or passes them through.
  const addedTypes = new Set(['_Any', '_Service', '_Entity', 'link__Import', 'link__Purpose', ...Object.values(typeNames)]);
  return {
    definitions: [...own, ...addedDefinitions],
    federation: {
      sdl: print({ kind: Kind.DOCUMENT, definitions } as DocumentNode),
      queryType,
      entities,
      resolvable,
      addedTypes,
      addedQueryFields: queryFields.map(fieldName),
      external: externalFields,
    },
  };
}

interface FederationLink {
  minor: number;
  /** `@key` → the name the schema uses for it (`key`, or the `as` of an import). */
  imports: Map<string, string>;
  /** The prefix of what is not imported: `federation`, or the link's `as`. */
  prefix: string;
}

function findFederationLink(definitions: readonly DefinitionNode[]): FederationLink | undefined {
  for (const node of definitions) {
    if (node.kind !== Kind.SCHEMA_DEFINITION && node.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of node.directives ?? []) {
      if (directive.name.value !== 'link') continue;
      const url = stringArgument(directive, 'url');
      const version = url ? FEDERATION_SPEC_URL.exec(url) : null;
      if (!version) continue;
      if (version[1] !== '2') {
        throw new GraphQLError(`gqlambda supports Federation 2 subgraphs; this schema links federation v${version[1]}.${version[2]}.`, { nodes: directive });
      }
      const imports = new Map<string, string>();
      const list = directive.arguments?.find((argument) => argument.name.value === 'import')?.value;
      for (const item of list?.kind === Kind.LIST ? list.values : []) {
        if (item.kind === Kind.STRING) imports.set(item.value, item.value.replace(/^@/, ''));
        else if (item.kind === Kind.OBJECT) {
          const field = (name: string) => {
            const value = item.fields.find((one) => one.name.value === name)?.value;
            return value?.kind === Kind.STRING ? value.value : undefined;
          };
          const name = field('name');
          if (name) imports.set(name, (field('as') ?? name).replace(/^@/, ''));
        }
      }
      return { minor: Number(version[2]), imports, prefix: stringArgument(directive, 'as') ?? 'federation' };
    }
  }
  return undefined;
}

function stringArgument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((argument) => argument.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

function isUnresolvable(directive: ConstDirectiveNode): boolean {
  const value = directive.arguments?.find((argument) => argument.name.value === 'resolvable')?.value;
  return value?.kind === Kind.BOOLEAN && !value.value;
}

/** The first directive used in the document whose name passes `test`. */
function firstDirective(definitions: readonly DefinitionNode[], test: (name: string) => boolean): DirectiveNode | undefined {
  let found: DirectiveNode | undefined;
  visit({ kind: Kind.DOCUMENT, definitions } as DocumentNode, {
    Directive(node) {
      if (!found && test(node.name.value)) found = node;
    },
  });
  return found;
}

/**
 * A Federation 1 subgraph uses `@key` (or `@external`, …) without linking the spec: say what to add. A
 * schema that defines such a directive itself is left alone: the name is then its own.
 */
function refuseFederation1(definitions: readonly DefinitionNode[], directivesDefined: ReadonlySet<string>): void {
  const found = firstDirective(definitions, (name) => FEDERATION_1_DIRECTIVES.has(name) && !directivesDefined.has(name));
  if (!found) return;
  throw new GraphQLError(
    `@${found.name.value} is a Federation directive, but the schema does not link Federation 2: gqlambda serves Federation 2 subgraphs only.`,
    { nodes: found },
  );
}

/** A federation directive used by its short name without importing it: graphql-js would only say "Unknown directive". */
function refuseUnimported(definitions: readonly DefinitionNode[], directivesDefined: ReadonlySet<string>, link: FederationLink): void {
  const imported = new Set(link.imports.values());
  const known = new Set(DIRECTIVES.filter((directive) => directive.since <= link.minor).map((directive) => directive.name));
  const found = firstDirective(definitions, (name) => known.has(name) && !imported.has(name) && !directivesDefined.has(name));
  if (!found) return;
  const name = found.name.value;
  throw new GraphQLError(
    `@${name} is not imported from Federation: add "@${name}" to the \`import\` list of the federation @link, or write @${link.prefix}__${name}.`,
    { nodes: found },
  );
}

/** The hint for the errors above, for schema.ts. */
export const FEDERATION_HINT =
  'add `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides"])` to a schema file (Federation 1 subgraphs move to 2 with it: see Apollo\'s "Moving to Federation 2").';
