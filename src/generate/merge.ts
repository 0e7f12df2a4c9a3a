/**
 * merge
 *
 * Adds stubs for new schema fields to a resolver file the user owns, without changing anything
 * they wrote. The file is parsed with the TypeScript compiler API; the exported object literal is
 * found in the AST, and new properties are inserted as text at offsets computed from the AST, in
 * the file's own indentation, quotes, semicolons, line endings and trailing-comma style. Every
 * other byte of the file stays as it was: bodies, comments, imports, helpers, property order, and
 * properties for fields the schema no longer has (those are reported, never moved or commented
 * out: commented-out code silently stops compiling, while a stale property is flagged by tsc).
 */
import { ts } from '../util/typescript.js';
import { renderPropertyInline, renderPropertyLines, type Layout, type StubField } from './stub-render.js';
import { detectLayout } from './stub-style.js';

/** 1-based, as editors show them. */
export interface Position {
  line: number;
  column: number;
}

export interface ParsedStub {
  sourceFile: ts.SourceFile;
}

export interface SyntaxProblem extends Position {
  message: string;
}

/** Parses a stub file; returns its first syntax error instead when it has one. */
export function parseStubFile(path: string, text: string): ParsedStub | { syntaxError: SyntaxProblem } {
  const sourceFile = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const [first] = syntacticDiagnostics(sourceFile);
  if (first) {
    return {
      syntaxError: {
        ...positionOf(sourceFile, first.start ?? 0),
        message: ts.flattenDiagnosticMessageText(first.messageText, '\n'),
      },
    };
  }
  return { sourceFile };
}

export interface ExportedValue {
  /** Where the export is declared (the variable's name), for messages. */
  at: Position;
  /** The object literal it is initialised with, when it is one (`satisfies`, `as` and parentheses are looked through). */
  object?: ts.ObjectLiteralExpression;
}

/**
 * Finds the value exported as `name`: `export const Name = …`, or `const local = …` exported with
 * `export { local as Name }`. Undefined when the module has no export of that name.
 */
export function findExport(sourceFile: ts.SourceFile, name: string): ExportedValue | undefined {
  let exportedLocal: { local: string; node: ts.Node } | undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement) && hasExportKeyword(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name) {
          return { at: positionOf(sourceFile, declaration.name.getStart(sourceFile)), object: objectLiteralOf(declaration.initializer) };
        }
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && hasExportKeyword(statement)) {
      if (statement.name?.text === name) return { at: positionOf(sourceFile, statement.name.getStart(sourceFile)) };
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const specifier of statement.exportClause.elements) {
        if (specifier.name.text !== name) continue;
        // Re-exported from another module: it exists, but its object is not in this file.
        if (statement.moduleSpecifier) return { at: positionOf(sourceFile, specifier.getStart(sourceFile)) };
        exportedLocal = { local: (specifier.propertyName ?? specifier.name).text, node: specifier };
      }
    }
  }
  if (!exportedLocal) return undefined;
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === exportedLocal.local) {
        return { at: positionOf(sourceFile, declaration.name.getStart(sourceFile)), object: objectLiteralOf(declaration.initializer) };
      }
    }
  }
  return { at: positionOf(sourceFile, exportedLocal.node.getStart(sourceFile)) };
}

export interface MergeRequest {
  typeName: string;
  /** Every member name the schema gives the type, in schema order (places new properties near their neighbours). */
  schemaOrder: readonly string[];
  /** Property names that belong in the object: the schema's members plus `__isTypeOf`/`__resolveType`. */
  known: ReadonlySet<string>;
  /** The properties the object should have; the missing ones are inserted. */
  wanted: readonly StubField[];
}

export interface MergeResult {
  text: string;
  added: string[];
  /** Properties whose name the schema no longer has, where they are. */
  stale: Array<Position & { name: string }>;
  /**
   * Set when nothing was inserted because the object spreads a value gqlambda cannot see into:
   * where the first such spread is, its text, and the wanted fields the object does not spell out.
   */
  unresolvedSpread?: Position & { spread: string; missing: string[] };
}

/** Inserts the missing wanted properties into `object`; everything else in the file is kept byte for byte. */
export function mergeObject(sourceFile: ts.SourceFile, object: ts.ObjectLiteralExpression, request: MergeRequest): MergeResult {
  const text = sourceFile.text;
  const layout = detectLayout(sourceFile);
  const elements = [...object.properties];
  const present = new Map<string, number>();
  const staleAt: Array<{ name: string; offset: number }> = [];
  elements.forEach((element, index) => {
    const name = propertyName(element);
    if (name === undefined) return;
    present.set(name, index);
    if (!request.known.has(name)) staleAt.push({ name, offset: element.getStart(sourceFile) });
  });

  // What spreads provide counts as present: a stub written before `...shared` for a field `shared`
  // has is dead code and fails the type check (TS2783, "specified more than once").
  const unresolved: ts.SpreadAssignment[] = [];
  const provided = new Set<string>();
  for (const element of elements) {
    if (!ts.isSpreadAssignment(element)) continue;
    const names = spreadNames(sourceFile, element.expression, new Set());
    if (names === undefined) unresolved.push(element);
    else for (const name of names) provided.add(name);
  }

  const missing = request.wanted.filter((field) => !present.has(field.name) && !provided.has(field.name));
  const unchanged = (): MergeResult => ({
    text,
    added: [],
    stale: staleAt.map(({ name, offset }) => ({ name, ...positionOf(sourceFile, offset) })),
  });
  if (missing.length === 0) return unchanged();
  const [firstUnresolved] = unresolved;
  if (firstUnresolved) {
    // The spread may provide any of the missing fields; a stub for one it does provide would not compile.
    return {
      ...unchanged(),
      unresolvedSpread: {
        ...positionOf(sourceFile, firstUnresolved.getStart(sourceFile)),
        spread: firstUnresolved.expression.getText(sourceFile),
        missing: missing.map((field) => field.name),
      },
    };
  }

  // Group the new properties by where they go, keeping schema order inside each group.
  const groups = new Map<string, { placement: Placement; fields: StubField[] }>();
  for (const field of missing) {
    const placement = placementFor(field.name, elements, present, request.schemaOrder, object.properties.hasTrailingComma);
    const key = placement.kind === 'empty' ? 'empty' : `${placement.kind}:${placement.index}`;
    const group = groups.get(key) ?? { placement, fields: [] };
    group.fields.push(field);
    groups.set(key, group);
  }

  const rank = (name: string): number => request.schemaOrder.indexOf(name);
  const spaced = separatedByBlankLines(sourceFile, elements);
  const edits = [...groups.values()].map(({ placement, fields }) => ({
    ...renderEdit(sourceFile, object, placement, fields, request.typeName, layout, spaced),
    rank: rank(fields[0]?.name ?? ''),
  }));
  // Applied back to front so that earlier offsets stay valid; at one offset the lower rank ends up first.
  edits.sort((a, b) => b.pos - a.pos || b.rank - a.rank);
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.pos) + edit.text + result.slice(edit.pos);
  // Stale properties are reported where they are in the file as written, after the insertions.
  const shifted = (offset: number): number =>
    offset + edits.reduce((sum, edit) => (edit.pos <= offset ? sum + edit.text.length : sum), 0);
  const stale = staleAt.map(({ name, offset }) => ({ name, ...positionInText(result, shifted(offset)) }));
  return { text: result, added: missing.map((field) => field.name), stale };
}

function positionInText(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

type Placement = { kind: 'after' | 'before'; index: number } | { kind: 'empty' };

/**
 * After the property of the nearest earlier schema field the object has; before the first property
 * when it has none. Never after a last property without a trailing comma (that would mean editing
 * the user's line to add one): before it instead. With spreads (`...shared`), before the first
 * spread, so that whatever the spread provides still wins over the stub.
 */
function placementFor(
  name: string,
  elements: readonly ts.ObjectLiteralElementLike[],
  present: ReadonlyMap<string, number>,
  schemaOrder: readonly string[],
  hasTrailingComma: boolean,
): Placement {
  if (elements.length === 0) return { kind: 'empty' };
  const spread = elements.findIndex((element) => ts.isSpreadAssignment(element));
  if (spread !== -1) return { kind: 'before', index: spread };
  let anchor = -1;
  for (const earlier of schemaOrder.slice(0, Math.max(0, schemaOrder.indexOf(name)))) {
    const index = present.get(earlier);
    if (index !== undefined) anchor = index;
  }
  if (anchor === -1) return { kind: 'before', index: 0 };
  if (anchor === elements.length - 1 && !hasTrailingComma) return { kind: 'before', index: anchor };
  return { kind: 'after', index: anchor };
}

function renderEdit(
  sourceFile: ts.SourceFile,
  object: ts.ObjectLiteralExpression,
  placement: Placement,
  fields: readonly StubField[],
  typeName: string,
  layout: Layout,
  spaced: boolean,
): { pos: number; text: string } {
  const text = sourceFile.text;
  // In an object whose properties are separated by blank lines, new ones get a blank line too:
  // before each when they follow a property, after each when they precede one.
  const lines = (indent: string, blank: 'before' | 'after' | 'none' = 'none'): string =>
    fields
      .map((field) => {
        const property = renderPropertyLines(typeName, field, indent, layout);
        if (!spaced || blank === 'none') return property;
        return blank === 'before' ? layout.eol + property : property + layout.eol;
      })
      .join('');
  const inline = (): string[] => fields.map((field) => renderPropertyInline(typeName, field, layout));

  if (placement.kind === 'empty') {
    const open = object.getStart(sourceFile);
    const close = object.end - 1;
    const closeLineStart = lineStartOf(text, close);
    if (isBlank(text.slice(closeLineStart, close)) && closeLineStart > open) {
      return { pos: closeLineStart, text: lines(indentOfLine(text, close) + layout.unit) };
    }
    // `{}` on one line: open it up, indented one level deeper than the line it is on.
    const baseIndent = indentOfLine(text, open);
    return { pos: open + 1, text: layout.eol + lines(baseIndent + layout.unit) + baseIndent };
  }

  const element = object.properties[placement.index] as ts.ObjectLiteralElementLike;
  if (placement.kind === 'after') {
    const afterComma = skipTo(text, element.end, ',') + 1;
    const lineEnd = endOfLineAfter(text, afterComma);
    if (lineEnd !== undefined) {
      const elementStart = element.getStart(sourceFile);
      const indent = startsItsLine(text, elementStart) ? indentOfLine(text, elementStart) : indentOfLine(text, object.getStart(sourceFile)) + layout.unit;
      return { pos: lineEnd, text: lines(indent, 'before') };
    }
    return { pos: afterComma, text: inline().map((property) => ` ${property},`).join('') };
  }

  // Before the element, and before the comments that belong to it (the ones on its own lines).
  const full = element.pos;
  const fullLine = sourceFile.getLineAndCharacterOfPosition(full).line;
  const ownComment = (ts.getLeadingCommentRanges(text, full) ?? []).find(
    (comment) => sourceFile.getLineAndCharacterOfPosition(comment.pos).line > fullLine,
  );
  const start = ownComment?.pos ?? element.getStart(sourceFile);
  if (startsItsLine(text, start) && sourceFile.getLineAndCharacterOfPosition(start).line > fullLine) {
    return { pos: lineStartOf(text, start), text: lines(indentOfLine(text, start), 'after') };
  }
  const elementStart = element.getStart(sourceFile);
  return { pos: elementStart, text: inline().map((property) => `${property}, `).join('') };
}

/** True when most neighbouring properties have a blank line between them. */
function separatedByBlankLines(sourceFile: ts.SourceFile, elements: readonly ts.ObjectLiteralElementLike[]): boolean {
  let blank = 0;
  let tight = 0;
  for (let i = 1; i < elements.length; i++) {
    const gap = sourceFile.text.slice((elements[i - 1] as ts.Node).end, (elements[i] as ts.Node).getStart(sourceFile));
    if (/\n[ \t]*\r?\n/.test(gap)) blank++;
    else tight++;
  }
  return blank > tight;
}

/**
 * The property names a spread provides, when the file says so plainly: an object literal, or a
 * top-level `const` initialised with one (typed or not; its own spreads are followed the same way).
 * Undefined for anything else (an import, a call, a variable of some other shape).
 */
function spreadNames(sourceFile: ts.SourceFile, expression: ts.Expression, seen: Set<string>): string[] | undefined {
  let object = objectLiteralOf(expression);
  if (!object) {
    const inner = unwrap(expression);
    if (!ts.isIdentifier(inner) || seen.has(inner.text)) return undefined;
    seen.add(inner.text);
    object = objectLiteralOf(topLevelConst(sourceFile, inner.text)?.initializer);
    if (!object) return undefined;
  }
  const names: string[] = [];
  for (const element of object.properties) {
    if (ts.isSpreadAssignment(element)) {
      const nested = spreadNames(sourceFile, element.expression, seen);
      if (nested === undefined) return undefined;
      names.push(...nested);
      continue;
    }
    const name = propertyName(element);
    if (name === undefined) return undefined;
    names.push(name);
  }
  return names;
}

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** `const name = …` at the top of the file (a `let` may be reassigned, so it does not count). */
function topLevelConst(sourceFile: ts.SourceFile, name: string): ts.VariableDeclaration | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement) || (statement.declarationList.flags & ts.NodeFlags.Const) === 0) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration;
    }
  }
  return undefined;
}

function propertyName(element: ts.ObjectLiteralElementLike): string | undefined {
  if (ts.isSpreadAssignment(element)) return undefined;
  const name = element.name;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) {
    return name.text;
  }
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

function objectLiteralOf(expression: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  let current = expression;
  while (current) {
    if (ts.isObjectLiteralExpression(current)) return current;
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
      current = current.expression;
    } else if (ts.isTypeAssertionExpression(current) || ts.isNonNullExpression(current)) {
      current = current.expression;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function hasExportKeyword(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

export function positionOf(sourceFile: ts.SourceFile, pos: number): Position {
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(pos);
  return { line: line + 1, column: character + 1 };
}

/** The offset of `char`, skipping whitespace and comments from `from` (the comma after a property). */
function skipTo(text: string, from: number, char: string): number {
  let i = from;
  while (i < text.length && text[i] !== char) {
    if (text.startsWith('//', i)) i = lineEndOf(text, i);
    else if (text.startsWith('/*', i)) i = text.indexOf('*/', i + 2) + 2;
    else i++;
  }
  return i;
}

/**
 * When only blanks and comments follow `from` on its line, the offset just past the line break
 * (where a new line can go); undefined when more code follows on the same line.
 */
function endOfLineAfter(text: string, from: number): number | undefined {
  let i = from;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    if (text.startsWith('//', i)) i = lineEndOf(text, i);
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      if (end === -1 || /[\r\n]/.test(text.slice(i, end))) return undefined;
      i = end + 2;
      continue;
    }
    if (text.startsWith('\r\n', i)) return i + 2;
    if (text[i] === '\n') return i + 1;
    if (i >= text.length) return text.length;
    return undefined;
  }
}

function lineEndOf(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  if (end === -1) return text.length;
  return text[end - 1] === '\r' ? end - 1 : end;
}

function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

function indentOfLine(text: string, pos: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, pos)))?.[0] ?? '';
}

function startsItsLine(text: string, pos: number): boolean {
  return isBlank(text.slice(lineStartOf(text, pos), pos));
}

function isBlank(text: string): boolean {
  return /^[ \t]*$/.test(text);
}

/** The parser's diagnostics, through a one-file program (the public way to read them). */
function syntacticDiagnostics(sourceFile: ts.SourceFile): readonly ts.Diagnostic[] {
  const options: ts.CompilerOptions = { noLib: true, noResolve: true, types: [] };
  const host: ts.CompilerHost = {
    getSourceFile: (fileName) => (fileName === sourceFile.fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => fileName === sourceFile.fileName,
    readFile: () => undefined,
  };
  const program = ts.createProgram({ rootNames: [sourceFile.fileName], options, host });
  return program.getSyntacticDiagnostics(sourceFile);
}
