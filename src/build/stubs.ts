/**
 * `--strict-stubs`: the build fails while a resolver stub still throws the generator's marker,
 * `throw new Error('Not implemented: Type.field')`. The check reads the syntax tree, so a marker in a
 * comment or in a string the code does not throw does not count.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ts } from '../util/typescript.js';
import { glob } from 'tinyglobby';
import { GqlambdaError } from '../errors.js';
import { STUB_MARKER } from '../generate/stub-render.js';
import { toPosix } from '../util/paths.js';

export interface StubLocation {
  file: string;
  line: number;
  column: number;
  /** `Query.hello`. */
  field: string;
}

/** `parsed`: a syntax tree of the file as it is already made (the type check's), else it is parsed here. */
export async function findUnimplementedStubs(root: string, resolversDir: string, parsed?: (path: string, text: string) => ts.SourceFile | undefined): Promise<StubLocation[]> {
  const files = await glob(['**/*.{ts,mts,cts,tsx}'], { cwd: join(root, resolversDir), absolute: true, ignore: ['**/*.d.ts', '**/node_modules/**'] });
  const found: StubLocation[] = [];
  for (const path of files.sort()) {
    const text = await readFile(path, 'utf8');
    const source = parsed?.(path, text) ?? ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      const message = ts.isThrowStatement(node) ? thrownMessage(node.expression) : undefined;
      if (message?.startsWith(STUB_MARKER)) {
        const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({ file: toPosix(relative(root, path)), line: line + 1, column: character + 1, field: message.slice(STUB_MARKER.length).split(/\s/)[0] ?? '' });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

/** The message of `new Error('…')` / `Error('…')` with a literal string, else undefined. */
function thrownMessage(expression: ts.Expression | undefined): string | undefined {
  if (!expression || !(ts.isNewExpression(expression) || ts.isCallExpression(expression))) return undefined;
  const [first] = expression.arguments ?? [];
  if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) return first.text;
  if (first && ts.isTemplateExpression(first)) return first.head.text;
  return undefined;
}

export function assertNoStubs(stubs: StubLocation[]): void {
  if (stubs.length === 0) return;
  const [first] = stubs as [StubLocation];
  throw new GqlambdaError('STUBS', `${stubs.length} resolver${stubs.length === 1 ? '' : 's'} still throw "Not implemented" (${first.field}${stubs.length > 1 ? ', …' : ''}).`, {
    file: first.file,
    line: first.line,
    column: first.column,
    detail: stubs.map((stub) => `${stub.file}:${stub.line}:${stub.column}  ${stub.field}`).join('\n'),
    hint: 'implement these fields, or build without --strict-stubs.',
  });
}
