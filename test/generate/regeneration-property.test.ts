/**
 * Regeneration as a property. fast-check evolves a schema at random (types, fields, arguments and
 * their types added, removed, renamed and changed; unions gaining members; interfaces; types moved
 * between .graphql files) while a simulated user edits the resolver stubs the way people do (bodies,
 * helpers with imports, comments, `eslint-disable` lines, reordering, re-indenting with spaces or
 * tabs, CRLF line endings, a BOM). After every `generate`:
 *   - every line of every stub file, as the user left it, is still there byte for byte and in order;
 *   - a CRLF file gets CRLF lines only;
 *   - every field that needs a resolver has one in its type's file;
 *   - a second `generate` writes nothing.
 * At the end of each run the user brings their code in line with the schema (deletes what the schema
 * no longer has and what was written against an older type), generates, and the project type-checks.
 *
 * generate runs in process. Seeded in `npm test`;
 * `REGEN_RUNS=200 REGEN_STEPS=12 REGEN_SEED=n npx vitest run test/generate/regeneration-property.test.ts` for a long hunt.
 */
import fc from 'fast-check';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../src/generate/index.js';
import { linesKeptInOrder, makeProject, typecheck, type Project } from './stub-harness.js';

const RUNS = Number(process.env.REGEN_RUNS ?? 5);
const STEPS = Number(process.env.REGEN_STEPS ?? 8);
const SEED = Number(process.env.REGEN_SEED ?? 20261205);

// ---- the schema model -------------------------------------------------------------------------

interface Arg { name: string; type: string }
interface Field { name: string; type: string; args: Arg[]; /** A root field declared in `extend type …` in this schema file. */ extendedIn?: number }
type Named =
  | { kind: 'object'; name: string; fields: Field[]; interfaces: string[]; file: number }
  | { kind: 'union'; name: string; members: string[]; file: number }
  | { kind: 'interface'; name: string; file: number };

interface Model {
  types: Named[];
  next: number;
}

const SCALARS = ['String', 'Int', 'Boolean', 'ID', 'String!', 'Int!', '[String!]', '[Int!]!'];
const BUILT_IN = ['String', 'Int', 'Boolean', 'ID'];
const ARG_TYPES = ['Int', 'String', 'Boolean', 'ID!', '[Int!]', 'Int = 10', 'String = "x"'];
const FILES = 3;

function initialModel(): Model {
  return {
    next: 2,
    types: [
      { kind: 'object', name: 'Query', file: 0, interfaces: [], fields: [{ name: 'item', type: 'T1', args: [{ name: 'id', type: 'ID!' }] }] },
      { kind: 'object', name: 'T1', file: 1, interfaces: [], fields: [{ name: 'id', type: 'ID!', args: [] }, { name: 'title', type: 'String', args: [{ name: 'upper', type: 'Boolean' }] }] },
    ],
  };
}

const objects = (model: Model) => model.types.filter((type): type is Extract<Named, { kind: 'object' }> => type.kind === 'object');
const ROOTS = ['Query', 'Mutation'];
const userObjects = (model: Model) => objects(model).filter((type) => !ROOTS.includes(type.name));
const abstracts = (model: Model) => model.types.filter((type) => type.kind !== 'object');
const pick = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);
/** Names that collide with JavaScript's and TypeScript's own (Object.prototype, keywords, global types, the context type). */
const AWKWARD: Record<string, string[]> = {
  f: ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'default', 'delete', 'class', 'then', 'parent', 'args'],
  T: ['Record', 'Promise', 'Error', 'Date', 'Map', 'Context', 'Maybe', 'Object', 'Function', 'Array'],
};
const fresh = (model: Model, prefix: string) => `${prefix}${model.next++}`;
/** Every third name is an awkward one not yet used in the model. */
function freshName(model: Model, prefix: 'f' | 'T', n: number, taken: Iterable<string>): string {
  const used = new Set(taken);
  const awkward = AWKWARD[prefix]!.filter((name) => !used.has(name));
  return n % 3 === 0 && awkward.length > 0 ? awkward[n % awkward.length]! : fresh(model, prefix);
}
const baseName = (type: string) => type.replace(/[[\]!]/g, '').replace(/\s*=.*$/, '');

/** A field's possible return types: scalars and every named output type, nullable or not. */
function outputType(model: Model, n: number): string {
  const named = model.types.filter((type) => !ROOTS.includes(type.name)).map((type) => type.name);
  const choices = [...SCALARS, ...named, ...named.map((name) => `${name}!`), ...named.map((name) => `[${name}!]`)];
  return choices[n % choices.length]!;
}

function replaceTypeReferences(model: Model, from: string, to: string | undefined): void {
  for (const type of objects(model)) {
    for (const field of type.fields) if (baseName(field.type) === from) field.type = to ? field.type.replace(from, to) : 'String';
    type.interfaces = type.interfaces.flatMap((name) => (name === from ? (to ? [to] : []) : [name]));
  }
  for (const type of model.types) if (type.kind === 'union') type.members = type.members.flatMap((name) => (name === from ? (to ? [to] : []) : [name]));
  model.types = model.types.filter((type) => type.kind !== 'union' || type.members.length > 0);
  // A union emptied above may have been a field's type.
  const names = new Set(model.types.map((type) => type.name));
  for (const type of objects(model)) for (const field of type.fields) if (!BUILT_IN.includes(baseName(field.type)) && !names.has(baseName(field.type))) field.type = 'String';
}

interface SchemaChange { op: (typeof SCHEMA_OPS)[number]; a: number; b: number; c: number }
const SCHEMA_OPS = [
  'addType', 'removeType', 'renameType', 'addField', 'removeField', 'renameField', 'changeFieldType',
  'addArg', 'removeArg', 'changeArgType', 'addUnion', 'addUnionMember', 'addInterface', 'implement', 'moveType',
  'addMutation', 'extendRoot',
] as const;

function applySchemaChange(model: Model, { op, a, b, c }: SchemaChange): void {
  const type = pick(objects(model), a);
  const field = type && pick(type.fields.filter((f) => f.name !== 'id'), b);
  switch (op) {
    case 'addType': {
      const name = freshName(model, 'T', c, model.types.map((t) => t.name));
      model.types.push({ kind: 'object', name, file: c % FILES, interfaces: [], fields: [{ name: 'id', type: 'ID!', args: [] }, { name: fresh(model, 'f'), type: outputType(model, b), args: b % 2 ? [{ name: 'n', type: 'Int' }] : [] }] });
      objects(model)[0]!.fields.push({ name: fresh(model, 'get'), type: name, args: [{ name: 'id', type: 'ID!' }] });
      return;
    }
    case 'removeType': {
      const victim = pick([...userObjects(model), ...abstracts(model)], a);
      if (!victim) return;
      model.types = model.types.filter((t) => t !== victim);
      replaceTypeReferences(model, victim.name, undefined);
      return;
    }
    case 'renameType': {
      const victim = pick([...userObjects(model), ...abstracts(model)], a);
      if (!victim) return;
      const [from, to] = [victim.name, victim.kind === 'object' ? freshName(model, 'T', c, model.types.map((t) => t.name)) : fresh(model, victim.kind === 'union' ? 'U' : 'N')];
      victim.name = to;
      replaceTypeReferences(model, from, to);
      return;
    }
    case 'addField':
      type?.fields.push({ name: freshName(model, 'f', a, type.fields.map((f) => f.name)), type: outputType(model, b), args: c % 3 === 0 ? [] : [{ name: fresh(model, 'a'), type: ARG_TYPES[c % ARG_TYPES.length]! }] });
      return;
    case 'removeField':
      if (type && field && (!ROOTS.includes(type.name) || type.fields.filter((f) => f.extendedIn === undefined).length > 1 || field.extendedIn !== undefined)) type.fields = type.fields.filter((f) => f !== field);
      return;
    case 'renameField':
      if (type && field) field.name = freshName(model, 'f', c, type.fields.map((f) => f.name));
      return;
    case 'changeFieldType':
      if (field) field.type = outputType(model, c);
      return;
    case 'addArg':
      field?.args.push({ name: fresh(model, 'a'), type: ARG_TYPES[c % ARG_TYPES.length]! });
      return;
    case 'removeArg':
      if (field && field.args.length > 0) field.args.splice(c % field.args.length, 1);
      return;
    case 'changeArgType': {
      const arg = field && pick(field.args, c);
      if (arg) arg.type = ARG_TYPES[(ARG_TYPES.indexOf(arg.type) + 1 + c) % ARG_TYPES.length]!;
      return;
    }
    case 'addUnion': {
      const member = pick(userObjects(model), b);
      if (!member) return;
      const name = fresh(model, 'U');
      model.types.push({ kind: 'union', name, members: [member.name], file: c % FILES });
      objects(model)[0]!.fields.push({ name: fresh(model, 'search'), type: `[${name}!]!`, args: [{ name: 'text', type: 'String' }] });
      return;
    }
    case 'addUnionMember': {
      const union = pick(model.types.filter((t) => t.kind === 'union'), a);
      const member = pick(userObjects(model), b);
      if (union?.kind === 'union' && member && !union.members.includes(member.name)) union.members.push(member.name);
      return;
    }
    case 'addInterface': {
      const name = fresh(model, 'N');
      model.types.push({ kind: 'interface', name, file: c % FILES });
      objects(model)[0]!.fields.push({ name: fresh(model, 'node'), type: name, args: [{ name: 'id', type: 'ID!' }] });
      return;
    }
    case 'implement': {
      const target = pick(userObjects(model), a);
      const iface = pick(model.types.filter((t) => t.kind === 'interface'), b);
      if (target && iface && !target.interfaces.includes(iface.name)) target.interfaces.push(iface.name);
      return;
    }
    case 'addMutation': {
      const mutation = objects(model).find((t) => t.name === 'Mutation');
      const field: Field = { name: fresh(model, 'do'), type: outputType(model, b), args: [{ name: 'input', type: ARG_TYPES[c % ARG_TYPES.length]! }] };
      if (mutation) mutation.fields.push(field);
      else model.types.push({ kind: 'object', name: 'Mutation', file: c % FILES, interfaces: [], fields: [field] });
      return;
    }
    case 'extendRoot': {
      // A root field moves to (or between) `extend type` blocks in other files; one stays in the type itself.
      const root = pick(objects(model).filter((t) => ROOTS.includes(t.name)), a);
      const moved = root && pick(root.fields, b);
      if (!root || !moved) return;
      if (moved.extendedIn === undefined && root.fields.filter((f) => f.extendedIn === undefined).length < 2) return;
      moved.extendedIn = c % FILES;
      return;
    }
    case 'moveType': {
      const moved = pick(model.types, a);
      if (moved) moved.file = (moved.file + 1 + (c % (FILES - 1))) % FILES;
      return;
    }
  }
}

const renderField = (f: Field) => `  ${f.name}${f.args.length ? `(${f.args.map((arg) => `${arg.name}: ${arg.type}`).join(', ')})` : ''}: ${f.type}`;

function sdlFiles(model: Model): Map<string, string> {
  const files = new Map<string, string>();
  const add = (file: number, text: string) => {
    const path = `schema/part${file}.graphql`;
    files.set(path, `${files.get(path) ?? ''}${files.has(path) ? '\n' : ''}${text}`);
  };
  for (const type of model.types) {
    let text: string;
    if (type.kind === 'union') text = `union ${type.name} = ${type.members.join(' | ')}\n`;
    else if (type.kind === 'interface') text = `interface ${type.name} {\n  id: ID!\n}\n`;
    else {
      const fields = type.fields.filter((f) => f.extendedIn === undefined).map(renderField);
      text = `type ${type.name}${type.interfaces.length ? ` implements ${type.interfaces.join(' & ')}` : ''} {\n${fields.join('\n')}\n}\n`;
    }
    add(type.file, text);
  }
  for (const type of objects(model)) {
    for (const file of new Set(type.fields.flatMap((f) => (f.extendedIn === undefined ? [] : [f.extendedIn])))) {
      add(file, `extend type ${type.name} {\n${type.fields.filter((f) => f.extendedIn === file).map(renderField).join('\n')}\n}\n`);
    }
  }
  return files;
}

/** What the stub for `Type.property` is written against (its return type); undefined when the schema has no such field. */
function signature(model: Model, typeName: string, property: string): string | undefined {
  const type = model.types.find((t) => t.name === typeName);
  if (!type) return undefined;
  if (type.kind !== 'object') return property === '__resolveType' ? `${type.kind}` : undefined;
  return type.fields.find((f) => f.name === property)?.type;
}

/** The properties generate must have written: every root field, every field with arguments, __resolveType. */
function neededProperties(model: Model): Map<string, string[]> {
  const needed = new Map<string, string[]>();
  for (const type of model.types) {
    if (type.kind !== 'object') needed.set(type.name, ['__resolveType']);
    else {
      const fields = type.fields.filter((f) => ROOTS.includes(type.name) || f.args.length > 0).map((f) => f.name);
      if (fields.length > 0) needed.set(type.name, fields);
    }
  }
  return needed;
}

// ---- the user's edits ---------------------------------------------------------------------------

interface Edit { op: (typeof EDIT_OPS)[number]; file: number; a: number; b: number }
const EDIT_OPS = [
  'comment', 'eslintFile', 'eslintLine', 'helper', 'body', 'returnValue', 'reorder', 'reindentFour', 'reindentTabs', 'crlf', 'bom', 'blankLines',
  'dropTrailingComma', 'closingComment', 'methodStyle', 'asyncArrow', 'emptyObject', 'noSemicolons', 'doubleQuotes',
  'deleteFile', 'extraResolver',
] as const;

interface StubObject { source: ts.SourceFile; properties: Array<{ name: string; node: ts.ObjectLiteralElementLike }> }

function stubObject(text: string, typeName: string): StubObject | undefined {
  const source = ts.createSourceFile(`${typeName}.ts`, text, ts.ScriptTarget.Latest, true);
  // `export const Query = {…}`, or `const promiseResolvers = {…}` with `export { promiseResolvers as Promise }`.
  let local = typeName;
  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    for (const specifier of statement.exportClause.elements) if (specifier.name.text === typeName) local = (specifier.propertyName ?? specifier.name).text;
  }
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== local || !declaration.initializer || !ts.isObjectLiteralExpression(declaration.initializer)) continue;
      const properties = declaration.initializer.properties.map((node) => ({ name: node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) ? node.name.text : '', node }));
      return { source, properties };
    }
  }
  return undefined;
}

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');

/** Inserts `lines` before line `index` (0-based, clamped) in the file's own line ending. */
function insertLines(text: string, index: number, lines: string[]): string {
  const eol = eolOf(text);
  const all = text.split(eol);
  const at = Math.min(Math.max(index, 0), all.length - 1);
  all.splice(at, 0, ...lines);
  return all.join(eol);
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length - 1;

function scalarValue(type: string | undefined): string | undefined {
  if (!type) return undefined;
  if (type.startsWith('[')) return '[]';
  const base = baseName(type);
  if (!type.endsWith('!') && !BUILT_IN.includes(base)) return 'null';
  return { String: "'text'", ID: "'id'", Int: '1', Boolean: 'true' }[base];
}

function applyEdit(project: Project, model: Model, edit: Edit, counter: { n: number }): boolean {
  const names = stubNames(project);
  const typeName = pick(names, edit.file);
  if (!typeName) return false;
  const rel = `src/resolvers/${typeName}.ts`;
  let text = project.read(rel)!;
  const object = stubObject(text, typeName);
  const property = object && pick(object.properties, edit.a);
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  const n = counter.n++;
  switch (edit.op) {
    case 'comment':
      text = insertLines(text, edit.b % (text.split('\n').length + 1), [`// note ${n}: checked with the team`]);
      break;
    case 'eslintFile':
      text = insertLines(text, 0, ['/* eslint-disable @typescript-eslint/no-unused-vars */']);
      break;
    case 'eslintLine':
      if (!property) return false;
      text = insertLines(text, lineOf(text, property.node.getStart()), [`${indent}// eslint-disable-next-line @typescript-eslint/require-await`]);
      break;
    case 'helper': {
      const lastImport = [...text.matchAll(/^import .*$/gm)].pop();
      text = insertLines(text, lastImport ? lineOf(text, lastImport.index) + 1 : 0, [`import { setTimeout as delay${n} } from 'node:timers/promises';`]);
      text = `${text}${text.endsWith('\n') ? '' : eolOf(text)}${['', `export async function pause${n}(ms: number): Promise<void> {`, `${indent}await delay${n}(ms);`, '}', ''].join(eolOf(text))}`;
      break;
    }
    case 'body':
    case 'returnValue': {
      // Among the resolvers written as `name: (…) => { … }`.
      const withBlock = (object?.properties ?? []).flatMap(({ name, node }) =>
        ts.isPropertyAssignment(node) && ts.isArrowFunction(node.initializer) && ts.isBlock(node.initializer.body) ? [{ name, block: node.initializer.body }] : [],
      );
      const chosen = pick(withBlock, edit.a);
      if (!chosen) return false;
      const { block } = chosen;
      const property = { name: chosen.name };
      const inner = `${indent}${indent}`;
      if (edit.op === 'body') {
        text = insertLines(text, lineOf(text, block.getStart()) + 1, [`${inner}// looked up in the cache first (${n})`, `${inner}const seen${n} = Date.now();`, `${inner}void seen${n};`]);
      } else {
        const value = property.name === '__resolveType' ? undefined : scalarValue(signature(model, typeName, property.name));
        if (value === undefined) return false;
        const eol = eolOf(text);
        text = `${text.slice(0, block.getStart())}{${eol}${inner}// hand-written (${n})${eol}${inner}return ${value};${eol}${indent}}${text.slice(block.getEnd())}`;
      }
      break;
    }
    case 'reorder': {
      if (!object || object.properties.length < 2) return false;
      const i = edit.a % (object.properties.length - 1);
      const [first, second] = [object.properties[i]!.node, object.properties[i + 1]!.node];
      const [x, y] = [text.slice(first.getStart(), first.getEnd()), text.slice(second.getStart(), second.getEnd())];
      text = `${text.slice(0, first.getStart())}${y}${text.slice(first.getEnd(), second.getStart())}${x}${text.slice(second.getEnd())}`;
      break;
    }
    case 'reindentFour':
      text = text.replace(/^((?: {2})+)(?=\S)/gm, (spaces) => '    '.repeat(spaces.length / 2));
      break;
    case 'reindentTabs':
      text = text.replace(/^((?: {2})+)(?=\S)/gm, (spaces) => '\t'.repeat(spaces.length / 2));
      break;
    case 'crlf':
      text = text.replace(/\r?\n/g, '\r\n');
      break;
    case 'bom':
      if (!text.startsWith('\uFEFF')) text = `\uFEFF${text}`;
      break;
    case 'blankLines':
      if (!property) return false;
      text = insertLines(text, lineOf(text, property.node.getStart()), ['']);
      break;
    case 'dropTrailingComma': {
      const last = object?.properties.at(-1)?.node;
      if (!last || text[last.getEnd()] !== ',') return false;
      text = `${text.slice(0, last.getEnd())}${text.slice(last.getEnd() + 1)}`;
      break;
    }
    case 'closingComment': {
      const last = object?.properties.at(-1)?.node;
      if (!last) return false;
      text = insertLines(text, lineOf(text, last.getEnd()) + 1, [`${indent}// more resolvers go here (${n})`]);
      break;
    }
    case 'methodStyle': {
      if (!property || !ts.isPropertyAssignment(property.node) || !ts.isArrowFunction(property.node.initializer) || !ts.isBlock(property.node.initializer.body)) return false;
      const arrow = property.node.initializer;
      const params = text.slice(arrow.parameters.pos, arrow.parameters.end);
      text = `${text.slice(0, property.node.getStart())}${property.name}(${params}) ${text.slice(arrow.body.getStart())}`;
      break;
    }
    case 'asyncArrow': {
      if (!property || !ts.isPropertyAssignment(property.node) || !ts.isArrowFunction(property.node.initializer) || property.node.initializer.modifiers?.length) return false;
      const start = property.node.initializer.getStart();
      text = `${text.slice(0, start)}async ${text.slice(start)}`;
      break;
    }
    case 'emptyObject': {
      const first = object?.properties[0]?.node;
      const last = object?.properties.at(-1)?.node;
      if (!first || !last) return false;
      const end = text[last.getEnd()] === ',' ? last.getEnd() + 1 : last.getEnd();
      text = `${text.slice(0, first.pos)}${text.slice(end)}`;
      break;
    }
    case 'noSemicolons':
      text = text.replace(/;(?=\r?$)/gm, '');
      break;
    case 'deleteFile':
      project.remove(rel);
      return true;
    case 'extraResolver': {
      // A resolver for a field that needs none (the default would read it off the parent).
      const type = model.types.find((t) => t.name === typeName);
      const first = object?.properties[0]?.node;
      const missing = type?.kind === 'object' && !ROOTS.includes(type.name) ? type.fields.find((f) => !object?.properties.some((p) => p.name === f.name)) : undefined;
      if (!first || !missing) return false;
      const orNull = missing.type.endsWith('!') ? '' : ' ?? null';
      text = insertLines(text, lineOf(text, first.getStart()), [`${indent}${missing.name}: (parent) => parent.${missing.name}${orNull},`]);
      break;
    }
    case 'doubleQuotes':
      text = text.replace(/^(import .*)'([^']*)';?(\r?)$/gm, '$1"$2"$3');
      break;
  }
  project.write(rel, text);
  return true;
}

function stubNames(project: Project): string[] {
  try {
    return readdirSync(join(project.root, 'src/resolvers')).filter((name) => name.endsWith('.ts')).map((name) => name.slice(0, -3)).sort();
  } catch {
    return [];
  }
}

/** The user brings their code in line with the schema: deletes files and properties the schema no longer has, and those written against an older type. */
function catchUp(project: Project, model: Model, writtenAgainst: Map<string, string | undefined>): void {
  for (const typeName of stubNames(project)) {
    const rel = `src/resolvers/${typeName}.ts`;
    if (!model.types.some((type) => type.name === typeName)) {
      project.remove(rel);
      continue;
    }
    let text = project.read(rel)!;
    const object = stubObject(text, typeName);
    for (const { name, node } of [...(object?.properties ?? [])].reverse()) {
      const now = signature(model, typeName, name);
      if (now !== undefined && writtenAgainst.get(`${typeName}.${name}`) === now) continue;
      let end = node.getEnd();
      if (text[end] === ',') end++;
      text = `${text.slice(0, node.pos)}${text.slice(end)}`;
      writtenAgainst.delete(`${typeName}.${name}`);
    }
    project.write(rel, text);
  }
}

// ---- the property -------------------------------------------------------------------------------

const schemaChange = fc.record({ op: fc.constantFrom(...SCHEMA_OPS), a: fc.nat(), b: fc.nat(), c: fc.nat() });
const edit = fc.record({ op: fc.constantFrom(...EDIT_OPS), file: fc.nat(), a: fc.nat(), b: fc.nat() });
const step = fc.record({ changes: fc.array(schemaChange, { minLength: 1, maxLength: 3 }), edits: fc.array(edit, { maxLength: 4 }) });

let project: Project | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

describe('regeneration as a property', () => {
  it(`keeps every line the user wrote, compiles once the code matches the schema, and is idempotent (${RUNS} runs × ≤${STEPS} steps, seed ${SEED})`, async () => {
    const started = performance.now();
    let steps = 0;
    const applied = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: STEPS }), async (history) => {
        project?.cleanup();
        project = makeProject({
          files: { 'src/context.ts': 'export interface Context {\n  userId?: string;\n}\n\nexport const createContext = (): Context => ({});\n' },
        });
        const model = initialModel();
        const writtenAgainst = new Map<string, string | undefined>();
        const counter = { n: 0 };
        const run = async (label: string) => {
          const schemaFiles = sdlFiles(model);
          rmSync(join(project!.root, 'schema'), { recursive: true, force: true });
          for (const [rel, text] of schemaFiles) project!.write(rel, text);
          const before = new Map(stubNames(project!).map((name) => [name, project!.read(`src/resolvers/${name}.ts`)!]));
          await generate(project!.config);
          for (const [name, text] of before) {
            const after = project!.read(`src/resolvers/${name}.ts`);
            expect(after, `${label}: ${name}.ts was removed`).toBeDefined();
            expect(linesKeptInOrder(text, after!), `${label}: a line of ${name}.ts changed\n--- before\n${text}\n--- after\n${after}`).toBe(true);
            if (text.includes('\r\n') && !/[^\r]\n/.test(text)) expect(/[^\r]\n/.test(after!), `${label}: ${name}.ts got LF lines in a CRLF file\n${after}`).toBe(false);
          }
          for (const [typeName, properties] of neededProperties(model)) {
            const text = project!.read(`src/resolvers/${typeName}.ts`);
            const present = new Set(text === undefined ? [] : stubObject(text, typeName)?.properties.map((p) => p.name));
            for (const property of properties) expect(present.has(property), `${label}: no resolver for ${typeName}.${property}\n${text}`).toBe(true);
            for (const property of present) if (!writtenAgainst.has(`${typeName}.${property}`)) writtenAgainst.set(`${typeName}.${property}`, signature(model, typeName, property));
          }
          const again = await generate(project!.config);
          expect(again.files.filter((file) => file.status !== 'unchanged').map((file) => file.path), `${label}: a second generate wrote files`).toEqual([]);
        };

        await run('first generate');
        for (const [index, { changes, edits }] of history.entries()) {
          for (const change of changes) applySchemaChange(model, change);
          for (const change of edits) if (applyEdit(project!, model, change, counter)) applied.set(change.op, (applied.get(change.op) ?? 0) + 1);
          await run(`step ${index + 1}`);
          steps++;
        }
        catchUp(project!, model, writtenAgainst);
        await run('after catching up');
        const diagnostics = typecheck(project!.root);
        expect(diagnostics, `the project does not type-check:\n${[...sdlFiles(model).values()].join('\n')}`).toEqual([]);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`regeneration property: ${RUNS} runs, ${steps} steps, seed ${SEED}, ${Math.round(performance.now() - started)} ms; edits applied:`, Object.fromEntries(applied));
  }, 60_000 + RUNS * STEPS * 2_000);
});
