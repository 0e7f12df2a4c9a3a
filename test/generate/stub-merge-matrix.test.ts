/**
 * Every combination of the formatting habits merge.ts claims to follow, with different subsets of
 * fields already written: the result must parse, contain the original text untouched (as a
 * subsequence, and line by line), have every wanted field, and be left alone by a second merge.
 */
import { describe, expect, it } from 'vitest';
import { findExport, mergeObject, parseStubFile } from '../../src/generate/merge.js';
import { isSubsequence, linesKeptInOrder } from './stub-harness.js';

const schemaOrder = ['alpha', 'beta', 'gamma', 'delta'];
const presentSets = [[], ['alpha'], ['delta'], ['beta', 'delta'], ['alpha', 'gamma'], ['delta', 'alpha'], ['alpha', 'beta', 'gamma', 'delta']];

interface Style {
  indent: string;
  trailingComma: boolean;
  blankLines: boolean;
  comments: boolean;
  eol: string;
  spread: boolean;
}

function* styles(): Generator<Style> {
  for (const indent of ['  ', '    ', '\t'])
    for (const trailingComma of [true, false])
      for (const blankLines of [true, false])
        for (const comments of [true, false])
          for (const eol of ['\n', '\r\n'])
            for (const spread of [false, true]) yield { indent, trailingComma, blankLines, comments, eol, spread };
}

function render(style: Style, present: string[]): string {
  const { indent, eol } = style;
  const properties = present.map((name) => {
    const lines: string[] = [];
    if (style.comments) lines.push(`${indent}// ${name} is hand-written`);
    lines.push(`${indent}${name}: async (_parent, _args, context) => {`, `${indent}${indent}return context.${name};`, `${indent}}`);
    return lines;
  });
  if (style.spread) properties.push([`${indent}...shared`]);
  const body = properties
    .map((lines, i) => {
      const last = i === properties.length - 1;
      const comma = !last || style.trailingComma ? ',' : '';
      const trailing = style.comments && !last ? ' // keep' : '';
      return lines.join(eol) + comma + trailing;
    })
    .join(style.blankLines ? eol + eol : eol);
  return ['import type { QueryResolvers } from "./types.js"', 'const shared = {}', '', `export const Query: QueryResolvers = {${body ? eol + body : ''}`, '}', ''].join(eol);
}

describe('merge matrix: formatting styles × fields already present', () => {
  it('keeps every original byte and line, adds every missing field once, and is idempotent', () => {
    let cases = 0;
    for (const style of styles()) {
      for (const present of presentSets) {
        const before = render(style, present);
        const label = JSON.stringify({ ...style, present });
        const once = mergeInto(before);
        expect(isSubsequence(before, once), label).toBe(true);
        expect(linesKeptInOrder(before.replace(/\r\n/g, '\n'), once.replace(/\r\n/g, '\n')), label).toBe(true);
        for (const name of schemaOrder) {
          expect(once.split(`${name}: `).length - 1, `${label} ${name}`).toBe(1);
        }
        if (style.eol === '\r\n') expect(once.replace(/\r\n/g, ''), label).not.toContain('\n');
        // Merging again parses the result (a syntax error would throw) and must change nothing.
        expect(mergeInto(once), label).toBe(once);
        cases++;
      }
    }
    expect(cases).toBe(96 * presentSets.length);
  });
});

function mergeInto(text: string): string {
  const parsed = parseStubFile('/p/Query.ts', text);
  if ('syntaxError' in parsed) throw new Error(`${parsed.syntaxError.message} at ${parsed.syntaxError.line}:${parsed.syntaxError.column}\n${text}`);
  const object = findExport(parsed.sourceFile, 'Query')?.object;
  if (!object) throw new Error('no object');
  return mergeObject(parsed.sourceFile, object, {
    typeName: 'Query',
    schemaOrder,
    known: new Set(schemaOrder),
    wanted: schemaOrder.map((name) => ({ name, kind: 'field' as const })),
  }).text;
}
