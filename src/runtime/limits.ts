/**
 * limits
 *
 * Refuses abusive queries cheaply, before graphql-js's `validate` (whose OverlappingFieldsCanBeMerged
 * rule is quadratic in the number of fields: 10,000 aliases would take seconds there). One pass over
 * the document measures depth, aliases and cost, following fragment spreads; each fragment is measured
 * once (memoised), so the pass stays linear even when fragments spread each other many times.
 */
import { GraphQLError, Kind, getNamedType, parse } from 'graphql';
import type { DocumentNode, FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLNamedType, GraphQLObjectType, GraphQLSchema, SelectionSetNode } from 'graphql';
import type { Limits } from './options.js';

/** Nesting depth (a leaf field is 1), aliased fields, and cost: 1 per field, and a list field's selection
 * counted once per item it asks for. */
type Measure = [depth: number, aliases: number, cost: number];

const NOTHING: Measure = [0, 0, 0];

/**
 * Parses a query with graphql-js's token limit. Returns the document, or the error to send: syntax
 * errors as graphql-js words them, the token limit in our words.
 */
export function parseQuery(query: string, maxTokens: number): DocumentNode | GraphQLError {
  try {
    return parse(query, { maxTokens });
  } catch (error) {
    if (!(error instanceof GraphQLError)) {
      // The recursive-descent parser runs out of stack on absurdly nested input (RangeError).
      return new GraphQLError('The query is nested too deeply to parse.');
    }
    // graphql-js: "Document contains more that N tokens. Parsing aborted."
    if (error.message.includes('Parsing aborted')) {
      return limitError(`The query has more than ${maxTokens} tokens.`, 'maxTokens');
    }
    return error;
  }
}

/** The arguments that say how many items a list field returns (Relay's, and the usual others). */
const SIZE_ARGUMENTS = ['first', 'last', 'limit', 'count'];

/**
 * Measures a parsed document against the limits; returns the first limit exceeded, as the error to send.
 * With a schema, a list field multiplies the cost of its selection by the size its `first`/`last`/`limit`/
 * `count` argument asks for (a literal, else the request's variable or its default, else the argument's
 * default in the schema), or by `limits.defaultListSize`.
 */
export function checkLimits(document: DocumentNode, limits: Limits, schema?: GraphQLSchema, variables?: Record<string, unknown> | null): GraphQLError | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const values: Record<string, unknown> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) {
      for (const { variable, defaultValue } of definition.variableDefinitions ?? []) {
        if (defaultValue?.kind === Kind.INT) values[variable.name.value] = +defaultValue.value;
      }
    }
  }
  Object.assign(values, variables);
  const measured = new Map<string, Measure>();

  const listSize = (node: FieldNode, field: GraphQLField<unknown, unknown>): number => {
    const value = node.arguments?.find(({ name }) => SIZE_ARGUMENTS.includes(name.value))?.value;
    const size =
      (value?.kind === Kind.INT ? +value.value : value?.kind === Kind.VARIABLE ? values[value.name.value] : undefined) ??
      field.args.find(({ name }) => SIZE_ARGUMENTS.includes(name))?.defaultValue;
    return typeof size === 'number' ? size : limits.defaultListSize;
  };

  const measure = (selectionSet: SelectionSetNode, type?: GraphQLNamedType | null): Measure => {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      let inner: Measure;
      if (selection.kind === Kind.FIELD) {
        // Unknown fields and types count 1 each here; validation reports them later.
        const field = type && 'getFields' in type ? (type as GraphQLObjectType).getFields()[selection.name.value] : undefined;
        const below = selection.selectionSet ? measure(selection.selectionSet, field && getNamedType(field.type)) : NOTHING;
        // `[T]` and `[T]!` print with a leading bracket.
        const size = field && String(field.type)[0] === '[' ? listSize(selection, field) : 1;
        inner = [below[0] + 1, below[1] + (selection.alias ? 1 : 0), below[2] * size + 1];
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet, selection.typeCondition ? schema?.getType(selection.typeCondition.name.value) : type);
      } else {
        const name = selection.name.value;
        let known = measured.get(name);
        if (!known) {
          const fragment = fragments.get(name);
          // Unknown fragments and cycles are validation errors, reported by `validate` later; here they
          // count as nothing (NOTHING is stored first, so a fragment that spreads itself ends the walk).
          measured.set(name, NOTHING);
          known = fragment ? measure(fragment.selectionSet, schema?.getType(fragment.typeCondition.name.value)) : NOTHING;
          measured.set(name, known);
        }
        inner = known;
      }
      if (inner[0] > depth) depth = inner[0];
      aliases += inner[1];
      cost += inner[2];
    }
    return [depth, aliases, cost];
  };

  let depth = 0;
  let aliases = 0;
  let cost = 0;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const [d, a, c] = measure(definition.selectionSet, schema?.getRootType(definition.operation));
    if (d > depth) depth = d;
    aliases += a;
    cost += c;
  }

  if (depth > limits.maxDepth) {
    return limitError(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}.`, 'maxDepth');
  }
  if (aliases > limits.maxAliases) {
    return limitError(`The query uses ${aliases} aliases, over the limit of ${limits.maxAliases}.`, 'maxAliases');
  }
  if (cost > limits.maxCost) {
    return limitError(`Query cost ${cost} exceeds the limit of ${limits.maxCost}.`, 'maxCost');
  }
  return undefined;
}

export function limitError(message: string, option: keyof Limits): GraphQLError {
  return new GraphQLError(`${message} Simplify it, or raise limits.${option}.`);
}
