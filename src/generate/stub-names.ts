/**
 * stub-names
 *
 * A stub exports a value named after its GraphQL type. Most names are fine, but a type called
 * `Error`, `Date` or `JSON` would shadow the JavaScript global inside its own file — and the stub's
 * own `throw new Error(…)` would then call the resolver object. Such files declare a local with
 * another name and export it under the type's name (`export { errorResolvers as Error }`).
 */

/** Globals a resolver file is likely to use, plus words that cannot be a `const` name. Fixed, so output does not depend on the Node version. */
const UNSAFE_NAMES = new Set([
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
