/**
 * execute
 *
 * Runs a validated operation: graphql-js's `execute`, same answers, made for a warm Lambda that sees the
 * same few queries over and over. graphql-js collects the fields of every selection set, builds an `info`
 * object and coerces arguments for every field of every object, on every request. Here the fields a
 * selection set collects for a type are worked out once per document and kept with it (a "plan"); a field
 * without a resolver is read straight off its parent, with no `info` object; plain-valued arguments are
 * coerced once per execution, not once per list item; and results are plain objects, which V8 keeps in fast
 * mode and `JSON.stringify` walks quickly. Completion, error handling, null propagation and even the order in
 * which promises settle follow graphql-js 16's `execute.js` step by step (test/runtime/execute.test.ts and
 * execute-fuzz.test.ts compare the two).
 *
 * graphql-js's own execution tests (16.x, src/execution/__tests__, subscriptions aside) pass against it, but
 * for these deliberate differences:
 * - a `resolveType` that names no possible type gets one message of ours (see objectTypeOf);
 * - the errors of a resolver's wrong value (isTypeOf false, resolveType, a built-in scalar or enum that cannot
 *   serialize it) carry a plain Error as their original error, not a GraphQLError, so that production masks
 *   them (errors.ts): the value may be a whole database row;
 * - no `fieldResolver`, `typeResolver` or `maxCoercionErrors` options: the schema's own resolvers, graphql-js's
 *   default ones, and at most 50 variable errors (what the runtime uses);
 * - its arguments are not checked (a document given, a valid schema, variables an object): the runtime passes a
 *   parsed document, a schema checked when the handler starts, and refuses variables that are no object (http.ts);
 * - an argument whose literal coerces to plain values is coerced once per document (see argumentsOf), so a
 *   custom scalar's `parseLiteral` there runs once, not on every call.
 */
import { inspect } from 'graphql/jsutils/inspect.js';
import { limitError } from './limits.js';
import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  defaultTypeResolver,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isSpecifiedScalarType,
  locatedError,
  responsePathAsArray,
  typeFromAST,
  visit,
} from 'graphql';
import type {
  ASTNode,
  DocumentNode,
  ExecutionResult,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLAbstractType,
  GraphQLField,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLScalarType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';

export interface ExecuteArgs {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  contextValue?: unknown;
  rootValue?: unknown;
  /** What the request may spend; none given, no limit (`{}`: its NaN sums and comparisons never stop). */
  budget?: Budget;
}

/**
 * What one request may spend while it runs, shared by the operations of a batch: values completed (every
 * field and every list item counts one), for what no static estimate sees (a list of 100,000 rows), and
 * time, since synchronous work cannot be interrupted otherwise. Once spent, the work stops and the
 * request's answer is the one error in `stop`, without data (past the deadline, index.ts answers a 504
 * instead).
 */
export interface Budget {
  spent: number;
  max: number;
  /** Epoch ms past which the work stops, read once every 128 values. */
  at: number;
  stop?: GraphQLError;
}

/** graphql-js's response path (`info.path`): a linked list from the field up to the root. */
type Path = GraphQLResolveInfo['path'];

/** The fields one selection set collects for one object type, in response order. */
interface SelectionPlan {
  fields: FieldPlan[];
  /** A response key is `__proto__` (see emptyResult). */
  bare: boolean;
}

/** One response key: the field, the nodes that asked for it, and how to complete its value. */
interface FieldPlan {
  key: string;
  nodes: FieldNode[];
  def: GraphQLField<unknown, unknown>;
  parentType: GraphQLObjectType;
  nonNull: boolean;
  complete: Completer;
  /** Truthy when its value's type calls resolveType or isTypeOf, which take the field's `info`. */
  needsInfo: unknown;
  /** Whether the field's arguments take a variable; when not, their coerced plain values, kept with the plan. */
  takesVariables?: boolean;
  arguments?: Record<string, unknown>;
  /** The plans of this field's sub-selection, by runtime object type, made on first use. */
  subPlans?: Map<GraphQLObjectType, SelectionPlan>;
}

type Completer = (exec: Execution, field: FieldPlan, path: Path, value: unknown, info?: GraphQLResolveInfo) => unknown;

/** One run of one operation. */
interface Execution {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  operation: OperationDefinitionNode;
  variableValues: Record<string, unknown>;
  contextValue: unknown;
  rootValue: unknown;
  errors: GraphQLError[];
  /** Positions nulled by an error: later errors below them are not reported (graphql-js's CollectedErrors). */
  nulled?: Set<Path | undefined>;
  /** Arguments coerced from this execution's variables: kept here, never in the plans, which outlive it. */
  arguments?: Map<FieldPlan, Record<string, unknown>>;
  budget: Budget;
}

/** What is kept per document: its fragments, and the root plan of each operation unless it varies. */
interface DocumentPlans {
  fragments: Record<string, FragmentDefinitionNode>;
  /** `@skip`/`@include` take a variable somewhere: then the fields collected depend on the request. */
  variesWithVariables: boolean;
  roots: Map<OperationDefinitionNode, SelectionPlan>;
}

/**
 * Makes the executor for one schema.
 *
 * @example
 * const execute = createExecutor(schema);
 * const result = await execute({ document, variableValues, contextValue });
 */
export function createExecutor(schema: GraphQLSchema, hideSuggestions?: boolean): (args: ExecuteArgs) => ExecutionResult | Promise<ExecutionResult> {
  const documents = new WeakMap<DocumentNode, DocumentPlans>();

  // Without a budget (only the executor used on its own, as in its tests; the handler always gives one) nothing
  // is limited: `spent` counts up as NaN, which passes no maximum but reads the clock at every value.
  return function execute({ document, operationName, variableValues, contextValue, rootValue, budget = {} as Budget }) {
    let plans = documents.get(document);
    if (!plans) {
      const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
      }
      plans = { fragments, variesWithVariables: takesVariableDirectives(document), roots: new Map() };
      documents.set(document, plans);
    }

    const operation = selectOperation(document, operationName);
    if (typeof operation === 'string') return { errors: [new GraphQLError(operation)] };

    let coerced: Record<string, unknown> = {};
    if (operation.variableDefinitions?.length) {
      const outcome = getVariableValues(schema, operation.variableDefinitions, variableValues ?? {}, { maxErrors: 50, hideSuggestions });
      if (outcome.errors) return { errors: outcome.errors };
      coerced = outcome.coerced;
    }

    const exec: Execution = {
      schema,
      fragments: plans.fragments,
      operation,
      variableValues: coerced,
      contextValue,
      rootValue,
      errors: [],
      budget,
    };
    const respond = (data: unknown): ExecutionResult =>
      exec.errors.length === 0 ? { data: data as ExecutionResult['data'] } : { errors: exec.errors, data: data as ExecutionResult['data'] };
    const failed = (error: unknown): ExecutionResult => {
      if (budget.stop) return { errors: [budget.stop] };
      addError(exec, error as GraphQLError, undefined);
      return respond(null);
    };
    try {
      const rootType = schema.getRootType(operation.operation);
      if (!rootType) {
        throw new GraphQLError(`Schema is not configured to execute ${operation.operation} operation.`, { nodes: operation });
      }
      let root = plans.variesWithVariables ? undefined : plans.roots.get(operation);
      if (!root) {
        root = planSelection(exec, rootType, [operation.selectionSet]);
        if (!plans.variesWithVariables) plans.roots.set(operation, root);
      }
      const data = operation.operation === 'mutation' ? executeSerially(exec, root, rootValue) : executeFields(exec, root, rootValue, undefined);
      return isPromise(data) ? data.then(respond, failed) : respond(data);
    } catch (error) {
      return failed(error);
    }
  };
}

/** The operation to run, or why there is none (graphql-js's rules and words). */
export function selectOperation(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | string {
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName == null) {
      if (operation) return 'Must provide operation name if query contains multiple operations.';
      operation = definition;
    } else if (definition.name?.value === operationName) {
      operation = definition;
    }
  }
  return operation ?? (operationName == null ? 'Must provide an operation.' : `Unknown operation named "${operationName}".`);
}

/** The fields of an object, side by side: promises are waited for together, keys keep the query's order. */
function executeFields(exec: Execution, plan: SelectionPlan, source: unknown, path: Path | undefined): unknown {
  const result = emptyResult(plan);
  let pending = false;
  try {
    for (const field of plan.fields) {
      const value = executeField(exec, field, source, path);
      result[field.key] = value;
      if (isPromise(value)) pending = true;
    }
  } catch (error) {
    // A non-null field failed: the object is null, once its other fields have settled.
    if (pending) {
      return settle(plan, result).finally(() => {
        throw error;
      });
    }
    throw error;
  }
  return pending ? settle(plan, result) : result;
}

/** The object once the promises among its values have settled (graphql-js's promiseForObject). */
function settle(plan: SelectionPlan, result: Record<string, unknown>): Promise<unknown> {
  const keys = Object.keys(result);
  return Promise.all(Object.values(result)).then((values) => {
    const settled = emptyResult(plan);
    keys.forEach((key, i) => (settled[key] = values[i]));
    return settled;
  });
}

/** Plain objects are fast; only one without a prototype can hold a `__proto__` key as data. */
const emptyResult = (plan: SelectionPlan): Record<string, unknown> => (plan.bare ? Object.create(null) : {});

/**
 * The fields of a mutation: each one after the previous has finished. Chained like graphql-js's
 * promiseReduce, one `then` per field, so that errors settle in the same turns as there.
 */
function executeSerially(exec: Execution, plan: SelectionPlan, source: unknown): unknown {
  const step = (result: Record<string, unknown>, field: FieldPlan): unknown => {
    const value = executeField(exec, field, source, undefined);
    if (isPromise(value)) {
      return value.then((settled) => {
        result[field.key] = settled;
        return result;
      });
    }
    result[field.key] = value;
    return result;
  };
  let accumulator: unknown = emptyResult(plan);
  for (const field of plan.fields) {
    accumulator = isPromise(accumulator) ? accumulator.then((result) => step(result as Record<string, unknown>, field)) : step(accumulator as Record<string, unknown>, field);
  }
  return accumulator;
}

function executeField(exec: Execution, field: FieldPlan, source: unknown, parentPath: Path | undefined): unknown {
  const path: Path = { prev: parentPath, key: field.key, typename: field.parentType.name };
  try {
    charge(exec);
    const { def } = field;
    let value: unknown;
    let info: GraphQLResolveInfo | undefined;
    if (def === TypeNameMetaFieldDef) {
      value = field.parentType.name;
    } else {
      const { resolve } = def;
      // One `info` per field, as in graphql-js: the resolver's is the one its value's resolveType and isTypeOf get.
      if (resolve || field.needsInfo) info = resolveInfo(exec, field, path);
      // (As in graphql-js, arguments are coerced first, resolver or not.)
      const args = def.args.length ? argumentsOf(exec, field) : {};
      if (resolve) {
        // Called plainly, as graphql-js does: `this` is not the field's definition.
        value = resolve(source, args, exec.contextValue, info!);
      } else if ((typeof source === 'object' && source !== null) || typeof source === 'function') {
        // graphql-js's defaultFieldResolver, without building `info` for a plain property.
        const parent = source as Record<string, unknown>;
        value = parent[def.name];
        if (typeof value === 'function') value = (parent[def.name] as Function)(args, exec.contextValue, (info ??= resolveInfo(exec, field, path)));
      }
    }
    const completed = isPromise(value) ? value.then((settled) => field.complete(exec, field, path, settled, info)) : field.complete(exec, field, path, value, info);
    if (isPromise(completed)) return completed.then(undefined, (error) => fieldError(exec, error, field, path, field.nonNull));
    return completed;
  } catch (error) {
    return fieldError(exec, error, field, path, field.nonNull);
  }
}

/**
 * The field's arguments. A field in a list of 20 objects has the same arguments 20 times: when they are all
 * plain values, they are coerced once and each call gets a copy: once per document when they are literals,
 * once per execution when they take variables (kept with the execution, so no request's variables outlive
 * it in the document cache). A list or an input object is coerced again for every call, so that a resolver
 * changing it in place cannot change its neighbours'.
 */
function argumentsOf(exec: Execution, field: FieldPlan): Record<string, unknown> {
  const kept = field.arguments ?? exec.arguments?.get(field);
  if (kept) return { ...kept };
  const args = getArgumentValues(field.def, field.nodes[0]!, exec.variableValues);
  if (Object.values(args).every((value) => typeof value !== 'object' || value === null)) {
    field.takesVariables ??= takesVariables(field.nodes[0]!.arguments ?? []);
    if (field.takesVariables) (exec.arguments ??= new Map()).set(field, { ...args });
    else field.arguments = { ...args };
  }
  return args;
}

/** Whether a variable appears in these nodes. */
function takesVariables(nodes: ASTNode | readonly ASTNode[]): boolean {
  let takes = false;
  visit(nodes as ASTNode, {
    Variable() {
      takes = true;
    },
  });
  return takes;
}

/** An error at a field or list item: thrown on to the parent when null is not allowed here, else reported. */
function fieldError(exec: Execution, raw: unknown, field: FieldPlan, path: Path, nonNull: boolean): null {
  // Once the budget is spent, every error goes straight up: the whole request stops.
  if (exec.budget.stop) throw raw;
  const error = locatedError(raw, field.nodes, responsePathAsArray(path));
  if (nonNull) throw error;
  addError(exec, error, path);
  return null;
}

function addError(exec: Execution, error: GraphQLError, path: Path | undefined): void {
  const nulled = (exec.nulled ??= new Set());
  for (let at = path; at; at = at.prev) if (nulled.has(at)) return;
  if (nulled.has(undefined)) return;
  nulled.add(path);
  exec.errors.push(error);
}

/** One completed value: past the budget, or past the deadline (read every 128 values), the work stops. */
function charge({ budget }: Execution): void {
  if (budget.stop || ++budget.spent > budget.max || (!(budget.spent & 127) && Date.now() > budget.at)) {
    throw (budget.stop ??= limitError(`The result exceeds ${budget.max} values.`, 'maxResultValues'));
  }
}

/** The `info` a resolver is given. */
function resolveInfo(exec: Execution, field: FieldPlan, path: Path): GraphQLResolveInfo {
  return {
    fieldName: field.def.name,
    fieldNodes: field.nodes,
    returnType: field.def.type,
    parentType: field.parentType,
    path,
    schema: exec.schema,
    fragments: exec.fragments,
    rootValue: exec.rootValue,
    operation: exec.operation,
    variableValues: exec.variableValues,
  };
}

const completers = new WeakMap<GraphQLOutputType, Completer>();

/** How to complete a value of this type: made once per type, shared by every field of that type. */
function completerFor(type: GraphQLOutputType): Completer {
  let complete = completers.get(type);
  if (complete) return complete;
  if (isNonNullType(type)) {
    const inner = completerFor(type.ofType);
    complete = (exec, field, path, value, info) => {
      const completed = inner(exec, field, path, value, info);
      if (completed === null) throw new Error(`Cannot return null for non-nullable field ${field.parentType.name}.${field.def.name}.`);
      return completed;
    };
  } else {
    const completeNonNull: Completer = isListType(type)
      ? completeList(completerFor(type.ofType), isNonNullType(type.ofType))
      : isLeafType(type)
        ? (_exec, _field, _path, value) => completeLeaf(type, value)
        : isAbstractType(type)
          ? (exec, field, path, value, info) => completeAbstract(exec, type, field, path, value, info!)
          : (exec, field, path, value, info) => completeObject(exec, type as GraphQLObjectType, field, path, value, info);
    complete = (exec, field, path, value, info) => {
      if (value instanceof Error) throw value;
      return value == null ? null : completeNonNull(exec, field, path, value, info);
    };
  }
  completers.set(type, complete);
  return complete;
}

function completeList(completeItem: Completer, itemNonNull: boolean): Completer {
  return (exec, field, path, value, info) => {
    if (typeof value !== 'object' || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new Error(`Expected Iterable, but did not find one for field "${field.parentType.name}.${field.def.name}".`);
    }
    let pending = false;
    const items: unknown[] = [];
    try {
      for (const item of value as Iterable<unknown>) {
        const itemPath: Path = { prev: path, key: items.length, typename: undefined };
        try {
          charge(exec);
          const completed = isPromise(item) ? item.then((settled) => completeItem(exec, field, itemPath, settled, info)) : completeItem(exec, field, itemPath, item, info);
          if (isPromise(completed)) {
            pending = true;
            items.push(completed.then(undefined, (error) => fieldError(exec, error, field, itemPath, itemNonNull)));
          } else items.push(completed);
        } catch (error) {
          items.push(fieldError(exec, error, field, itemPath, itemNonNull));
        }
      }
    } catch (error) {
      // A non-null item failed, so the list is null; the items still pending are abandoned, and one that
      // rejects later would be an unhandled rejection, which the Lambda runtime treats as fatal.
      if (pending) for (const item of items) if (isPromise(item)) item.then(undefined, () => {});
      throw error;
    }
    return pending ? Promise.all(items) : items;
  };
}

function completeLeaf(type: { serialize(value: unknown): unknown; name: string }, value: unknown): unknown {
  let serialized;
  try {
    serialized = type.serialize(value);
  } catch (error) {
    // A value a built-in scalar or an enum cannot represent is the resolver's fault, not the client's: a
    // plain Error, which production masks (errors.ts), rather than graphql-js's GraphQLError that would show
    // the value (a database row, say). A custom scalar's own GraphQLError is its author's choice.
    throw isSpecifiedScalarType(type as GraphQLScalarType) || isEnumType(type) ? new Error((error as Error).message) : error;
  }
  if (serialized == null) {
    throw new Error(`Expected \`${type.name}.serialize(${inspect(value)})\` to return non-nullable value, returned: ${serialized}`);
  }
  return serialized;
}

function completeAbstract(exec: Execution, type: GraphQLAbstractType, field: FieldPlan, path: Path, value: unknown, info: GraphQLResolveInfo): unknown {
  const runtimeType = (type.resolveType ?? defaultTypeResolver)(value, exec.contextValue, info, type);
  const complete = (name: unknown) => completeObject(exec, objectTypeOf(exec, type, field, name), field, path, value, info);
  return isPromise(runtimeType) ? runtimeType.then(complete) : complete(runtimeType);
}

/**
 * The object type `resolveType` named. graphql-js words each way this can go wrong on its own; one message
 * says them all here: what came back, for which field, and what to return instead.
 */
function objectTypeOf(exec: Execution, type: GraphQLAbstractType, field: FieldPlan, name: unknown): GraphQLObjectType {
  const runtimeType = typeof name === 'string' ? exec.schema.getType(name) : undefined;
  if (isObjectType(runtimeType) && exec.schema.isSubType(type, runtimeType)) return runtimeType;
  throw new Error(
    `Abstract type "${type.name}" resolved to ${inspect(name)} for field "${field.parentType.name}.${field.def.name}": resolveType must name one of its object types.`,
  );
}

function completeObject(exec: Execution, type: GraphQLObjectType, field: FieldPlan, path: Path, value: unknown, info?: GraphQLResolveInfo): unknown {
  let plan = field.subPlans?.get(type);
  if (!plan) {
    // (An unvalidated document may leave out the selection set: the object is then empty, as in graphql-js.)
    plan = planSelection(exec, type, field.nodes.flatMap((node) => node.selectionSet ?? []));
    (field.subPlans ??= new Map()).set(type, plan);
  }
  if (!type.isTypeOf) return executeFields(exec, plan, value, path);
  const isTypeOf = type.isTypeOf(value, exec.contextValue, info!);
  const check = (matches: unknown) => {
    if (!matches) throw new Error(`Expected value of type "${type.name}" but got: ${inspect(value)}.`);
    return executeFields(exec, plan, value, path);
  };
  return isPromise(isTypeOf) ? isTypeOf.then(check) : check(isTypeOf);
}

/** Collects the fields of these selection sets for one object type (graphql-js's collectFields), once. */
function planSelection(exec: Execution, type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): SelectionPlan {
  const byKey = new Map<string, FieldNode[]>();
  const visited = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      // (A fragment spread already collected is passed over before its directives are read, as in graphql-js.)
      if (selection.kind === Kind.FRAGMENT_SPREAD && visited.has(selection.name.value)) continue;
      if (!included(exec, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const nodes = byKey.get(key);
        if (nodes) nodes.push(selection);
        else byKey.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesTo(exec.schema, selection.typeCondition, type)) collect(selection.selectionSet);
      } else {
        const name = selection.name.value;
        visited.add(name);
        const fragment = exec.fragments[name];
        if (fragment && appliesTo(exec.schema, fragment.typeCondition, type)) collect(fragment.selectionSet);
      }
    }
  };
  for (const selectionSet of selectionSets) collect(selectionSet);

  const fields: FieldPlan[] = [];
  for (const [key, nodes] of byKey) {
    const def = fieldDefinition(exec.schema, type, nodes[0]!.name.value);
    // graphql-js leaves out a field the type does not have (validation has refused it already).
    if (!def) continue;
    const named = getNamedType(def.type);
    fields.push({
      key,
      nodes,
      def,
      parentType: type,
      nonNull: isNonNullType(def.type),
      complete: completerFor(def.type),
      needsInfo: isAbstractType(named) || (named as GraphQLObjectType).isTypeOf,
    });
  }
  return { fields, bare: byKey.has('__proto__') };
}

function fieldDefinition(schema: GraphQLSchema, type: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === '__typename') return TypeNameMetaFieldDef;
  if (schema.getQueryType() === type) {
    if (name === '__schema') return SchemaMetaFieldDef;
    if (name === '__type') return TypeMetaFieldDef;
  }
  return type.getFields()[name];
}

/** `@skip` and `@include`. */
function included(exec: Execution, node: Parameters<typeof getDirectiveValues>[1]): boolean {
  if (!node.directives?.length) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, exec.variableValues)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, exec.variableValues)?.if !== false;
}

function appliesTo(schema: GraphQLSchema, condition: Parameters<typeof typeFromAST>[1] | undefined, type: GraphQLObjectType): boolean {
  if (!condition) return true;
  const conditionType = typeFromAST(schema, condition);
  return conditionType === type || (isAbstractType(conditionType) && schema.isSubType(conditionType, type));
}

/** Whether any `@skip(if: $x)` or `@include(if: $x)` in the document depends on a variable. */
function takesVariableDirectives(document: DocumentNode): boolean {
  let takes = false;
  visit(document, {
    Directive(node) {
      if (/^(skip|include)$/.test(node.name.value) && takesVariables(node)) takes = true;
    },
  });
  return takes;
}


/** A promise, or any thenable (resolvers may return either). */
export const isPromise = (value: unknown): value is Promise<unknown> => typeof (value as { then?: unknown } | null)?.then === 'function';
