import { describe, expect, it } from 'vitest';
import { findExport, mergeObject, parseStubFile, type MergeRequest } from '../../src/generate/merge.js';
import type { StubField } from '../../src/generate/stub-render.js';

const field = (name: string): StubField => ({ name, kind: 'field' });

/** Merges `wanted` into the object exported as `Query` (or `typeName`) of `text`. */
function merge(text: string, schemaOrder: string[], options: Partial<MergeRequest> = {}) {
  const parsed = parseStubFile('/project/src/resolvers/Query.ts', text);
  if ('syntaxError' in parsed) throw new Error(parsed.syntaxError.message);
  const typeName = options.typeName ?? 'Query';
  const exported = findExport(parsed.sourceFile, typeName);
  if (!exported?.object) throw new Error('no object');
  return mergeObject(parsed.sourceFile, exported.object, {
    typeName,
    schemaOrder,
    known: new Set(schemaOrder),
    wanted: schemaOrder.map(field),
    ...options,
  });
}

const stub = (indent: string, name: string, unit = '  ', q = "'", semi = ';', eol = '\n'): string =>
  `${indent}${name}: (_parent, _args, _context) => {${eol}${indent}${unit}throw new Error(${q}Not implemented: Query.${name}${q})${semi}${eol}${indent}},${eol}`;

describe('mergeObject: inserting stubs without touching user code', () => {
  it('inserts after the nearest earlier schema field, in the file’s indentation, keeping everything else', () => {
    const before = [
      "import type { QueryResolvers } from './types.js';",
      '',
      'export const Query: QueryResolvers = {',
      "  hello: () => 'hi', // greeting",
      '  /** The current time. */',
      '  now: () => new Date().toISOString(),',
      '};',
      '',
    ].join('\n');
    const result = merge(before, ['hello', 'me', 'now', 'later']);
    expect(result.added).toEqual(['me', 'later']);
    expect(result.text).toBe(
      [
        "import type { QueryResolvers } from './types.js';",
        '',
        'export const Query: QueryResolvers = {',
        "  hello: () => 'hi', // greeting",
        stub('  ', 'me') + '  /** The current time. */',
        '  now: () => new Date().toISOString(),',
        stub('  ', 'later') + '};',
        '',
      ].join('\n'),
    );
  });

  it('never adds a comma to the user’s last property: without trailing commas, new fields go before it', () => {
    const before = 'export const Query = {\n    hello: () => "hi",\n    bye: () => "bye"\n}\n';
    const result = merge(before, ['hello', 'bye', 'later']);
    expect(result.text).toBe(
      'export const Query = {\n    hello: () => "hi",\n' + stub('    ', 'later', '    ', '"', '') + '    bye: () => "bye"\n}\n',
    );
  });

  it('follows tabs, double quotes, missing semicolons and CRLF line endings', () => {
    const before = 'import type { QueryResolvers } from "./types.js"\r\n\r\nexport const Query: QueryResolvers = {\r\n\thello: () => "hi",\r\n}\r\n';
    const result = merge(before, ['hello', 'later']);
    expect(result.text).toBe(before.replace('\thello: () => "hi",\r\n', '\thello: () => "hi",\r\n' + stub('\t', 'later', '\t', '"', '', '\r\n')));
    expect(result.text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('takes the indent step the file uses most, not an odd continuation line', () => {
    const before = "export const Query = {\n    hello: (_p, args: { name?: string }) =>\n      args.name ??\n        'anon',\n    bye: () => 'bye',\n};\n";
    expect(merge(before, ['hello', 'bye', 'later']).text).toBe(before.replace("    bye: () => 'bye',\n", "    bye: () => 'bye',\n" + stub('    ', 'later', '  ')));
    const fourSpaces = "export const Query = {\n    a: () => {\n        return 1;\n    },\n    b: () =>\n      2,\n};\n";
    expect(merge(fourSpaces, ['a', 'b', 'c']).text).toBe(fourSpaces.replace('      2,\n', '      2,\n' + stub('    ', 'c', '    ')));
  });

  it('puts a field with no earlier neighbour first, above the comments that belong to the first property', () => {
    const before = 'export const Query = {\n  // Says hello.\n  hello: () => "hi",\n};\n';
    const result = merge(before, ['first', 'hello']);
    expect(result.text).toBe('export const Query = {\n' + stub('  ', 'first', '  ', '"') + '  // Says hello.\n  hello: () => "hi",\n};\n');
  });

  it('writes single-line objects on one line', () => {
    expect(merge("export const Query = { hello: () => 'hi' };\n", ['hello', 'bye']).text).toBe(
      "export const Query = { bye: (_parent, _args, _context) => { throw new Error('Not implemented: Query.bye'); }, hello: () => 'hi' };\n",
    );
    expect(merge("export const Query = { hello: () => 'hi', };\n", ['hello', 'bye']).text).toBe(
      "export const Query = { hello: () => 'hi', bye: (_parent, _args, _context) => { throw new Error('Not implemented: Query.bye'); }, };\n",
    );
  });

  it('opens up an empty object', () => {
    expect(merge('export const Query = {};\n', ['a']).text).toBe('export const Query = {\n' + stub('  ', 'a') + '};\n');
    expect(merge('  export const Query = {\n  };\n', ['a']).text).toBe('  export const Query = {\n' + stub('    ', 'a') + '  };\n');
  });

  it('counts what a same-file spread provides as present, and inserts the rest before the spread', () => {
    const before = [
      'const base = { hello: () => "hi" };',
      'const shared: Partial<Record<string, unknown>> = { ...base, "bye": () => "bye", now() { return 1; } } satisfies object;',
      'export const Query = {',
      '  first: () => 1,',
      '  ...(shared as object),',
      '  ...{ inline: 2 },',
      '};',
      '',
    ].join('\n');
    const result = merge(before, ['first', 'hello', 'bye', 'now', 'inline', 'later']);
    expect(result.added).toEqual(['later']);
    expect(result.unresolvedSpread).toBeUndefined();
    expect(result.text).toBe(before.replace('  ...(shared', stub('  ', 'later', '  ', '"') + '  ...(shared'));
  });

  it('inserts nothing when a spread cannot be resolved, and says where it is and what is missing', () => {
    for (const spread of ['shared', 'makeShared()', 'maybe', 'looping', 'computed']) {
      const before = [
        "import { shared } from './shared.js';",
        'declare function makeShared(): object;',
        'let maybe = { hello: 1 };',
        'const looping: object = { ...looping };',
        "const key = 'hello';",
        'const computed = { [key]: 1 };',
        'export const Query = {',
        '  first: () => 1,',
        `  ...${spread},`,
        '};',
        '',
      ].join('\n');
      const result = merge(before, ['first', 'hello', 'later']);
      expect(result.text, spread).toBe(before);
      expect(result.added, spread).toEqual([]);
      expect(result.unresolvedSpread, spread).toEqual({ line: 9, column: 3, spread, missing: ['hello', 'later'] });
    }
    // With nothing missing there is nothing to say.
    expect(merge('export const Query = {\n  a: 1,\n  ...shared,\n};\n', ['a']).unresolvedSpread).toBeUndefined();
  });

  it('recognises fields written as methods, shorthands and quoted keys, through satisfies and export aliases', () => {
    const before = [
      'const hello = () => "hi";',
      'const queryResolvers = {',
      '  hello,',
      '  bye() { return "bye"; },',
      "  'quoted': () => 1,",
      '} satisfies Record<string, unknown>;',
      'export { queryResolvers as Query };',
      '',
    ].join('\n');
    const result = merge(before, ['hello', 'bye', 'quoted']);
    expect(result).toEqual({ text: before, added: [], stale: [] });
  });

  it('keeps the order of the schema for several fields at one place, and spaced objects stay spaced', () => {
    const before = 'export const Query = {\n  a: () => 1,\n\n  d: () => 4,\n};\n';
    const result = merge(before, ['a', 'b', 'c', 'd']);
    expect(result.text).toBe('export const Query = {\n  a: () => 1,\n\n' + stub('  ', 'b') + '\n' + stub('  ', 'c') + '\n  d: () => 4,\n};\n');
  });

  it('falls back to inline insertion when another property follows on the same line', () => {
    const before = 'export const Query = {\n  a: () => 1, c: () => 3,\n};\n';
    expect(merge(before, ['a', 'b', 'c']).text).toBe(
      "export const Query = {\n  a: () => 1, b: (_parent, _args, _context) => { throw new Error('Not implemented: Query.b'); }, c: () => 3,\n};\n",
    );
  });

  it('reports properties the schema no longer has where they are after the insertion, and leaves them there', () => {
    const before = 'export const Query = {\n  hello: () => "hi",\n  old: () => 1, // keep me\n  [computed]: () => 2,\n};\n';
    const result = merge(before, ['hello', 'added']);
    expect(result.text).toBe('export const Query = {\n  hello: () => "hi",\n' + stub('  ', 'added', '  ', '"') + '  old: () => 1, // keep me\n  [computed]: () => 2,\n};\n');
    expect(result.stale).toEqual([{ name: 'old', line: 6, column: 3 }]);
  });

  it('is idempotent: merging its own output adds nothing', () => {
    const before = 'export const Query = { a: () => 1 }\n';
    const once = merge(before, ['a', 'b', 'c']).text;
    expect(merge(once, ['a', 'b', 'c'])).toEqual({ text: once, added: [], stale: [] });
  });

  it('keeps a byte order mark', () => {
    const before = '\uFEFFexport const Query = {\n  a: () => 1,\n};\n';
    expect(merge(before, ['a', 'b']).text).toBe('\uFEFFexport const Query = {\n  a: () => 1,\n' + stub('  ', 'b') + '};\n');
  });

  it('writes subscription and __resolveType stubs', () => {
    const subscription = merge('export const Subscription = {\n};\n', ['tick'], {
      typeName: 'Subscription',
      wanted: [{ name: 'tick', kind: 'subscription' }],
    });
    expect(subscription.text).toContain(
      "  tick: {\n    subscribe: (_parent, _args, _context) => {\n      throw new Error('Not implemented: Subscription.tick');\n    },\n  },\n",
    );
    const node = merge('export const Node = {};\n', ['__resolveType'], {
      typeName: 'Node',
      wanted: [{ name: '__resolveType', kind: 'resolveType', possibleTypes: ['Product', 'User'] }],
    });
    expect(node.text).toContain("  __resolveType: (_parent) => {\n    // Return the name of the object type _parent is: 'Product' or 'User'.\n    throw new Error('Not implemented: Node.__resolveType');\n");
  });
});

describe('parseStubFile and findExport', () => {
  it('reports the first syntax error with its line and column', () => {
    const parsed = parseStubFile('/x/Query.ts', 'export const Query = {\n  a: () => {\n};\n');
    expect(parsed).toEqual({ syntaxError: { line: 3, column: 2, message: "',' expected." } });
  });

  it('finds exports declared directly, through aliases and re-exports, and says when there is none', () => {
    const { sourceFile } = parseStubFile('/x/a.ts', 'const q = {};\nexport { q as Query };\nexport function Mutation() {}\nexport { Other } from "./o.js";\n') as { sourceFile: import('typescript').SourceFile };
    expect(findExport(sourceFile, 'Query')).toMatchObject({ at: { line: 1, column: 7 } });
    expect(findExport(sourceFile, 'Query')?.object).toBeDefined();
    expect(findExport(sourceFile, 'Mutation')).toEqual({ at: { line: 3, column: 17 } });
    expect(findExport(sourceFile, 'Other')).toEqual({ at: { line: 4, column: 10 } });
    expect(findExport(sourceFile, 'Missing')).toBeUndefined();
  });
});
