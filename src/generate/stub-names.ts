/**
 * stub-names
 *
 * A stub exports a value named after its GraphQL type. Most names are fine, but a type called
 * `Error`, `Date` or `JSON` would shadow the JavaScript global inside its own file — and the stub's
 * own `throw new Error(…)` would then call the resolver object. Such files declare a local with
 * another name and export it under the type's name (`export { errorResolvers as Error }`).
 */

/** Globals a resolver file is likely to use, plus words that cannot be a `const` name. Fixed, so output does not depend on the Node version. */
export const UNSAFE_NAMES: ReadonlySet<string> = new Set([
  // ECMAScript globals
  'AggregateError', 'Array', 'ArrayBuffer', 'BigInt', 'Boolean', 'DataView', 'Date', 'Error', 'EvalError',
  'Function', 'Infinity', 'Intl', 'Iterator', 'JSON', 'Map', 'Math', 'NaN', 'Number', 'Object', 'Promise',
  'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'String', 'Symbol', 'SyntaxError',
  'TypeError', 'URIError', 'WeakMap', 'WeakRef', 'WeakSet', 'globalThis', 'undefined',
  // Node.js and web globals available in Lambda's Node.js runtime
  'AbortController', 'AbortSignal', 'Blob', 'Buffer', 'Event', 'EventTarget', 'File', 'FormData', 'Headers',
  'Request', 'Response', 'TextDecoder', 'TextEncoder', 'URL', 'URLSearchParams', 'console', 'crypto', 'fetch',
  'process', 'performance', 'structuredClone',
  // Reserved words (valid GraphQL names, invalid as a const)
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else',
  'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof',
  'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void',
  'while', 'with', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected',
  'public', 'await', 'arguments', 'eval',
]);

/** True when `export const <name>` would shadow a global the file needs, or is not valid JavaScript. */
export function needsLocalAlias(typeName: string): boolean {
  return UNSAFE_NAMES.has(typeName);
}

/** The local name used instead: `errorResolvers`, `dateScalar`, `jsonScalar`, `urlSearchParamsResolvers`. */
export function localAlias(typeName: string, suffix: 'Resolvers' | 'Scalar'): string {
  // Lower-case the leading capitals, but keep the one that starts the next word (URLSearch -> urlSearch).
  const head = /^[A-Z]+(?=[A-Z][a-z])|^[A-Z]+/.exec(typeName)?.[0] ?? '';
  return `${head.toLowerCase()}${typeName.slice(head.length)}${suffix}`;
}

/**
 * The type a resolver file is annotated with. Codegen names it `<Type>Resolvers` after converting
 * the type name to PascalCase (`HTTPRequest` -> `HttpRequestResolvers`, `Product_review` ->
 * `Product_ReviewResolvers`). Names that conversion leaves alone (a capital, then lower-case
 * letters, digits and single capitals) use that readable name; any other goes through the
 * `Resolvers` map by its GraphQL name, which never depends on a naming convention.
 */
export function resolversTypeFor(typeName: string): { imported: string; annotation: string } {
  if (/^[A-Z](?:[a-z0-9]|(?<![A-Z])[A-Z])*$/.test(typeName)) {
    return { imported: `${typeName}Resolvers`, annotation: `${typeName}Resolvers` };
  }
  return { imported: 'Resolvers', annotation: `NonNullable<Resolvers['${typeName}']>` };
}
