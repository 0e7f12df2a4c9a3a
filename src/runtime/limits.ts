/**
 * limits
 *
 * Refuses abusive queries cheaply, before graphql-js's `validate` (whose OverlappingFieldsCanBeMerged
 * rule is quadratic in the number of fields: 10,000 aliases would take seconds there). One pass over
 * the document measures depth, aliases and cost, following fragment spreads; each fragment is measured
 * once (memoised), so the pass stays linear even when fragments spread each other many times.
 */
import { GraphQLError, Kind, parse } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';
import type { Limits } from './options.js';

/** Nesting depth (a leaf field is 1), aliased fields, and fields (the cost: 1 per field). */
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

/** Measures a parsed document against the limits; returns the first limit exceeded, as the error to send. */
export function checkLimits(document: DocumentNode, limits: Limits): GraphQLError | undefined {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, Measure>();

  const measure = (selectionSet: SelectionSetNode): Measure => {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      let inner: Measure;
      if (selection.kind === Kind.FIELD) {
        const below = selection.selectionSet ? measure(selection.selectionSet) : NOTHING;
        inner = [below[0] + 1, below[1] + (selection.alias ? 1 : 0), below[2] + 1];
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(selection.selectionSet);
      } else {
        const name = selection.name.value;
        let known = measured.get(name);
        if (!known) {
          const fragment = fragments.get(name);
          // Unknown fragments and cycles are validation errors, reported by `validate` later; here they
          // count as nothing (NOTHING is stored first, so a fragment that spreads itself ends the walk).
          measured.set(name, NOTHING);
          known = fragment ? measure(fragment.selectionSet) : NOTHING;
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
    const [d, a, c] = measure(definition.selectionSet);
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
  if (limits.maxCost !== undefined && cost > limits.maxCost) {
    return limitError(`Query cost ${cost} exceeds the limit of ${limits.maxCost}.`, 'maxCost');
  }
  return undefined;
}

function limitError(message: string, option: keyof Limits): GraphQLError {
  return new GraphQLError(`${message} Simplify it, or raise limits.${option}.`);
}
