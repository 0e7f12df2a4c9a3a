/**
 * A few lines of source around a position, with a caret under the column (the way compilers show it):
 *
 *     2 | type Query {
 *   > 3 |   hello: Strin!
 *       |          ^
 *     4 | }
 *
 * With `length` (a compiler diagnostic's span) the whole span is underlined with `~` instead.
 */
export function codeFrame(text: string, line: number, column: number, { context = 2, length = 0 } = {}): string {
  const lines = text.split(/\r?\n/);
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    const source = lines[n - 1] ?? '';
    out.push(`${marker} ${String(n).padStart(width)} | ${source}`.trimEnd());
    if (n === line) {
      // Tabs stay tabs so the caret lines up with the text above it.
      const pad = source.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, ' ');
      const underline = length > 1 ? '~'.repeat(Math.max(1, Math.min(length, source.length - (column - 1)))) : '^';
      out.push(`  ${' '.repeat(width)} | ${pad}${underline}`);
    }
  }
  return out.join('\n');
}
