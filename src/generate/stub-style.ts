/**
 * stub-style
 *
 * Reads the formatting habits of an existing stub file (line endings, indentation, quotes,
 * semicolons) so that properties gqlambda inserts look like the user wrote them.
 */
import { ts } from '../util/typescript.js';
import { defaultLayout, type Layout } from './stub-render.js';

export function detectLayout(sourceFile: ts.SourceFile): Layout {
  const text = sourceFile.text;
  return {
    eol: text.includes('\r\n') ? '\r\n' : text.includes('\n') ? '\n' : defaultLayout.eol,
    unit: detectIndentUnit(text),
    quote: detectQuote(sourceFile),
    semi: detectSemicolons(sourceFile),
  };
}

/**
 * A tab when most indented lines start with one; otherwise the most common step by which the
 * indentation grows from one line to the next (robust to odd continuation lines); else two spaces.
 */
function detectIndentUnit(text: string): string {
  let tabLines = 0;
  let spaceLines = 0;
  const steps = new Map<number, number>();
  let previous = 0;
  for (const line of text.split(/\r?\n/)) {
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const rest = line.slice(indent.length);
    // Blank lines and the ` * ` of block comments say nothing about the indent unit.
    if (rest.length === 0 || rest.startsWith('*')) continue;
    if (indent.startsWith('\t')) tabLines++;
    else if (indent.length > 0) spaceLines++;
    if (!indent.includes('\t') && indent.length > previous) {
      const step = indent.length - previous;
      steps.set(step, (steps.get(step) ?? 0) + 1);
    }
    previous = indent.includes('\t') ? previous : indent.length;
  }
  if (tabLines > spaceLines) return '\t';
  let best: [number, number] | undefined;
  for (const [step, count] of steps) {
    if (!best || count > best[1] || (count === best[1] && step < best[0])) best = [step, count];
  }
  return best ? ' '.repeat(best[0]) : defaultLayout.unit;
}

/** The quote most string literals in the file use. */
function detectQuote(sourceFile: ts.SourceFile): Layout['quote'] {
  let single = 0;
  let double = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) {
      const first = sourceFile.text[node.getStart(sourceFile)];
      if (first === "'") single++;
      else if (first === '"') double++;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (single === 0 && double === 0) return defaultLayout.quote;
  return double > single ? '"' : "'";
}

/** Whether top-level statements end with a semicolon (most of them, to tolerate one slip). */
function detectSemicolons(sourceFile: ts.SourceFile): string {
  let withSemi = 0;
  let without = 0;
  for (const statement of sourceFile.statements) {
    const endsLikeExpression =
      ts.isImportDeclaration(statement) ||
      ts.isVariableStatement(statement) ||
      ts.isExpressionStatement(statement) ||
      (ts.isExportDeclaration(statement) && statement.exportClause !== undefined) ||
      ts.isTypeAliasDeclaration(statement);
    if (!endsLikeExpression) continue;
    if (sourceFile.text[statement.end - 1] === ';') withSemi++;
    else without++;
  }
  if (withSemi === 0 && without === 0) return defaultLayout.semi;
  return without > withSemi ? '' : ';';
}
