/**
 * model-fields
 *
 * A type mapped to a model (`mappers: { Product: './src/models.ts#ProductRecord' }`) gets the model
 * as the parent of its resolvers. graphql-js's default resolver reads `parent[field]`, so every
 * schema field the model has no property for needs a resolver; codegen's resolver types make those
 * optional, so nothing flags a missing one until a non-null field comes back null at run time.
 * This reads the model's property names from its declaration, syntactically (no type checker: fast
 * and independent of the user's tsconfig), for the shapes that can be read that way: an interface,
 * an object type alias or a class, with `extends` and `&` of other such declarations in the same file.
 */
import { resolve } from 'node:path';
import { ts } from '../util/typescript.js';
import type { Position } from './merge.js';

export type ModelFields = { fields: ReadonlySet<string> } | { unreadable: string };

/** The property names of the model `mapper` (`path#Export`) names, or why they cannot be read. */
export function readModelFields(
  root: string,
  mapper: string,
  readFile: (absPath: string) => string | undefined,
): ModelFields {
  const hash = mapper.lastIndexOf('#');
  const module = mapper.slice(0, hash);
  const name = mapper.slice(hash + 1);
  if (!module.startsWith('.') && !module.startsWith('/')) return { unreadable: `${module} is a package, not a file of the project` };
  let text: string | undefined;
  try {
    text = candidates(resolve(root, module)).map(readFile).find((found) => found !== undefined);
  } catch (error) {
    return { unreadable: `${module} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (text === undefined) return { unreadable: `${module} does not exist` };
  const sourceFile = ts.createSourceFile(module, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const fields = new Set<string>();
  const problem = collect(sourceFile, name, fields, new Set());
  return problem === undefined ? { fields } : { unreadable: problem.replace('{module}', module) };
}

/**
 * The files a module path may mean, as TypeScript resolves it: ESM-style `./models.js` is the
 * `./models.ts` source, and a path without an extension may be `.ts`, `.tsx` or a folder's index.
 */
function candidates(path: string): string[] {
  const js = /\.(m|c)?js$/.exec(path);
  if (js) {
    const base = path.slice(0, -js[0].length);
    const source = `.${js[1] ?? ''}ts`;
    return [`${base}${source}`, ...(js[1] ? [] : [`${base}.tsx`]), `${base}.d${source}`, path];
  }
  if (/\.[cm]?tsx?$/.test(path)) return [path];
  return [`${path}.ts`, `${path}.tsx`, `${path}.d.ts`, `${path}/index.ts`];
}

type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.ClassDeclaration;

/** Adds the members of declaration `name` to `fields`; returns why it cannot when it cannot. */
function collect(sourceFile: ts.SourceFile, name: string, fields: Set<string>, seen: Set<string>): string | undefined {
  if (seen.has(name)) return undefined;
  seen.add(name);
  const declarations = sourceFile.statements.filter((statement) => isDeclarationOf(statement, name));
  if (declarations.length === 0) {
    const reExported = sourceFile.statements.some(
      (statement) =>
        ts.isExportDeclaration(statement) &&
        statement.moduleSpecifier !== undefined &&
        (statement.exportClause === undefined ||
          (ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.some((element) => element.name.text === name))),
    );
    return reExported ? `\`${name}\` is re-exported from another module` : `{module} declares no interface, type or class \`${name}\``;
  }
  // Interfaces merge: every declaration of the name adds members.
  for (const declaration of declarations) {
    if (ts.isInterfaceDeclaration(declaration) || ts.isClassDeclaration(declaration)) {
      const problem = ts.isClassDeclaration(declaration) ? addClassMembers(declaration, name, fields) : addMembers(declaration.members, name, fields);
      if (problem) return problem;
      for (const heritage of declaration.heritageClauses ?? []) {
        // A class declares what it implements itself; only what it extends adds members.
        if (heritage.token === ts.SyntaxKind.ImplementsKeyword) continue;
        for (const base of heritage.types) {
          if (!ts.isIdentifier(base.expression) || !declaresType(sourceFile, base.expression.text)) {
            return `\`${name}\` extends \`${base.getText(sourceFile)}\`, which {module} does not declare`;
          }
          const baseProblem = collect(sourceFile, base.expression.text, fields, seen);
          if (baseProblem) return baseProblem;
        }
      }
    } else {
      const problem = collectType(sourceFile, declaration.type, name, fields, seen);
      if (problem) return problem;
    }
  }
  return undefined;
}

function isDeclarationOf(statement: ts.Statement, name: string): statement is Declaration {
  return (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name;
}

function declaresType(sourceFile: ts.SourceFile, name: string): boolean {
  return sourceFile.statements.some((statement) => isDeclarationOf(statement, name));
}

function collectType(sourceFile: ts.SourceFile, type: ts.TypeNode, name: string, fields: Set<string>, seen: Set<string>): string | undefined {
  if (ts.isParenthesizedTypeNode(type)) return collectType(sourceFile, type.type, name, fields, seen);
  if (ts.isTypeLiteralNode(type)) return addMembers(type.members, name, fields);
  if (ts.isIntersectionTypeNode(type)) {
    for (const part of type.types) {
      const problem = collectType(sourceFile, part, name, fields, seen);
      if (problem) return problem;
    }
    return undefined;
  }
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeArguments === undefined && declaresType(sourceFile, type.typeName.text)) {
    return collect(sourceFile, type.typeName.text, fields, seen);
  }
  return `\`${name}\` is not an object type gqlambda can read (\`${type.getText(sourceFile)}\`)`;
}

function addMembers(members: ts.NodeArray<ts.TypeElement>, name: string, fields: Set<string>): string | undefined {
  for (const member of members) {
    // Call and construct signatures give the model no property; an index signature could be any.
    if (ts.isCallSignatureDeclaration(member) || ts.isConstructSignatureDeclaration(member)) continue;
    if (ts.isIndexSignatureDeclaration(member)) return `\`${name}\` has an index signature`;
    const memberName = member.name;
    if (memberName && (ts.isIdentifier(memberName) || ts.isStringLiteral(memberName) || ts.isNumericLiteral(memberName))) {
      fields.add(memberName.text);
    } else {
      return `\`${name}\` has a computed property name`;
    }
  }
  return undefined;
}

/**
 * An instance's properties: fields, accessors and methods (the default resolver calls a function
 * property), and constructor parameter properties; static members belong to the class, not to it.
 */
function addClassMembers(declaration: ts.ClassDeclaration, name: string, fields: Set<string>): string | undefined {
  const isStatic = (member: ts.Node): boolean =>
    ts.canHaveModifiers(member) && (ts.getModifiers(member) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
  for (const member of declaration.members) {
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (ts.isParameterPropertyDeclaration(parameter, member) && ts.isIdentifier(parameter.name)) fields.add(parameter.name.text);
      }
      continue;
    }
    if (isStatic(member) || ts.isClassStaticBlockDeclaration(member) || ts.isSemicolonClassElement(member)) continue;
    if (ts.isIndexSignatureDeclaration(member)) return `\`${name}\` has an index signature`;
    const memberName = member.name;
    if (memberName && (ts.isIdentifier(memberName) || ts.isStringLiteral(memberName) || ts.isNumericLiteral(memberName))) {
      fields.add(memberName.text);
    } else if (memberName && ts.isPrivateIdentifier(memberName)) {
      continue; // `#secret` is not a property the default resolver can read
    } else {
      return `\`${name}\` has a computed property name`;
    }
  }
  return undefined;
}

/**
 * Where a config key is written (`['mappers', 'Book']`, `['context', 'factory']`), 1-based, found
 * syntactically in a .ts/.js/.json config; 1:1 when it is not written out (a default, or computed).
 */
export function configKeyPosition(configText: string | undefined, configFile: string, path: readonly string[]): Position {
  if (configText === undefined) return { line: 1, column: 1 };
  const kind = configFile.endsWith('.json') ? ts.ScriptKind.JSON : ts.ScriptKind.TS;
  const sourceFile = ts.createSourceFile(configFile, configText, ts.ScriptTarget.Latest, true, kind);
  const keyText = (node: ts.PropertyName): string | undefined =>
    ts.isIdentifier(node) || ts.isStringLiteral(node) ? node.text : undefined;
  // Walks down one key at a time from any object literal that has the first key.
  const find = (object: ts.ObjectLiteralExpression, keys: readonly string[]): ts.Node | undefined => {
    for (const property of object.properties) {
      if (!ts.isPropertyAssignment(property) || keyText(property.name) !== keys[0]) continue;
      if (keys.length === 1) return property;
      return ts.isObjectLiteralExpression(property.initializer) ? find(property.initializer, keys.slice(1)) : property;
    }
    return undefined;
  };
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isObjectLiteralExpression(node)) found = find(node, path);
    if (!found) ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (!found) return { line: 1, column: 1 };
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(found.getStart(sourceFile));
  return { line: line + 1, column: character + 1 };
}

/**
 * The names a module exports, read syntactically; undefined when it re-exports everything of
 * another module (`export * from`), which cannot be read that way.
 */
export function exportedNames(text: string, fileName: string): Set<string> | undefined {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause) return undefined;
      if (ts.isNamedExports(statement.exportClause)) for (const element of statement.exportClause.elements) names.add(element.name.text);
      continue;
    }
    if (ts.isExportAssignment(statement)) {
      names.add('default');
      continue;
    }
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    if (!modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
    } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
      names.add((statement.name as ts.Identifier).text);
    }
  }
  return names;
}

/** The source file a module path names (`./models.js` is `./models.ts`), or undefined when none exists. */
export function moduleSource(path: string, readFile: (absPath: string) => string | undefined): { path: string; text: string } | undefined {
  for (const candidate of candidates(path)) {
    const text = readFile(candidate);
    if (text !== undefined) return { path: candidate, text };
  }
  return undefined;
}
