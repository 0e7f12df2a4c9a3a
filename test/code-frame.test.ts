import { describe, expect, it } from 'vitest';
import { codeFrame } from '../src/util/code-frame.js';

describe('codeFrame', () => {
  const text = 'type Query {\n\thello: Strin!\n}\n';

  it('points a caret at the column, with the lines around it', () => {
    expect(codeFrame(text, 2, 9)).toBe(['  1 | type Query {', '> 2 | \thello: Strin!', '    | \t       ^', '  3 | }', '  4 |'].join('\n'));
  });

  it('underlines a compiler span, never past the end of the line', () => {
    expect(codeFrame(text, 2, 9, { context: 0, length: 5 })).toBe(['> 2 | \thello: Strin!', '    | \t       ~~~~~'].join('\n'));
    expect(codeFrame(text, 2, 9, { context: 0, length: 50 })).toBe(['> 2 | \thello: Strin!', '    | \t       ~~~~~~'].join('\n'));
  });
});
