/**
 * stubs
 *
 * Plans the resolver files: one `<resolvers>/<Type>.ts` per type that needs one, and the generated
 * `resolver-map.generated.ts` that gathers them. A missing file is written from a template; an
 * existing one belongs to the user and only gets stubs for fields new in the schema (merge.ts).
 * Pure: schema + config + a file reader in, file contents and warnings out, the same every run.
 */
import {
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isNonNullType,
  isUnionType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { ts } from '../util/typescript.js';
import type { ResolvedConfig } from '../config.js';
import type { Federation } from '../federation.js';
import { templatesDir, toPosix } from '../util/paths.js';
import { renderTemplate } from '../util/template.js';
import { generatedHeader } from './header.js';
import { findExport, mergeObject, parseStubFile, type Position } from './merge.js';
import { generatedDir, importSpecifier } from './paths.js';
import { configKeyPosition, readModelFields } from './model-fields.js';
import { localAlias, needsLocalAlias, resolversTypeFor } from './stub-names.js';
import { defaultLayout, renderPropertyLines, type StubField } from './stub-render.js';

export const RESOLVER_MAP_FILE = 'resolver-map.generated.ts';
const RESOLVER_TYPES_FILE = 'resolvers.generated.ts';

export interface StubWarning {
  message: string;
  /** Absolute path of the file the warning is about. */
  file: string;
  line: number;
  column: number;
}

export interface StubPlanInput {
  schema: GraphQLSchema;
  config: ResolvedConfig;
  /** The file's current content, or undefined when it does not exist. */
  readFile: (absPath: string) => string | undefined;
  /** A Federation 2 subgraph: entities get `__resolveReference`; what the runtime answers gets nothing. */
  federation?: Federation;
}

export interface StubPlan {
  /** Every stub file (new, updated or unchanged) and the resolver map; absolute paths, sorted. */
  files: Array<{ path: string; content: string }>;
  warnings: StubWarning[];
}

/** What one schema type needs in its resolver file. */
interface TypeStub {
  name: string;
  kind: 'resolvers' | 'scalar';
  /** Written when missing. Types that need nothing still get their file used when the user made one. */
  needed: boolean;
  /** Properties the object must have; missing ones are added. */
  wanted: StubField[];
  /** Every member name the schema gives the type, in schema order. */
  schemaOrder: string[];
  /** Names that may appear in the object without a warning. */
  known: Set<string>;
}

export function planStubs(input: StubPlanInput): StubPlan {
  const { schema, config, readFile } = input;
  const resolversDir = resolve(config.root, config.resolvers);
  const outDir = generatedDir(config);
  const warnings: StubWarning[] = [];
  const files: StubPlan['files'] = [];
  const inMap: string[] = [];
  const warn = (path: string, at: Position, message: string): void => {
    warnings.push({ message, file: path, line: at.line, column: at.column });
  };

  const stubs = describeTypes(
    schema,
    (typeName) => mappedModelFields(config, typeName, readFile, warn),
    (typeName) => config.mappers[typeName] !== undefined,
    input.federation,
  );
  for (const stub of stubs) {
    const path = join(resolversDir, `${stub.name}.ts`);
    const existing = readFile(path);
    // An emptied file holds nothing of the user's: it is written again like a deleted one.
    if (existing === undefined || (existing.trim() === '' && stub.needed)) {
      if (!stub.needed) continue;
      files.push({ path, content: renderNewFile(stub, config, resolversDir, outDir) });
      inMap.push(stub.name);
      continue;
    }
    const updated = updateFile(stub, path, existing, warn);
    files.push({ path, content: updated.content });
    if (updated.inMap) inMap.push(stub.name);
  }

  const described = new Set(stubs.map((stub) => stub.name));
  const leftBehind = findLeftBehind(schema, config, readFile, outDir, resolversDir, described, warn);

  files.push({ path: join(outDir, RESOLVER_MAP_FILE), content: renderResolverMap(inMap, leftBehind, config, resolversDir, outDir) });
  files.sort((a, b) => compare(a.path, b.path));
  warnings.sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column);
  return { files, warnings };
}

/**
 * Root types, object types with fields that take arguments or that their mapped model lacks,
 * interfaces, unions and custom scalars. `modelFields` gives a mapped type's model property names
 * (undefined for a type without a mapper, or whose model cannot be read).
 */
function describeTypes(
  schema: GraphQLSchema,
  modelFields: (typeName: string) => ReadonlySet<string> | undefined,
  isMapped: (typeName: string) => boolean,
  federation?: Federation,
): TypeStub[] {
  const roots = new Map<string, 'query' | 'mutation' | 'subscription'>();
  for (const [operation, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ] as const) {
    if (type) roots.set(type.name, operation);
  }

  const stubs: TypeStub[] = [];
  for (const type of sortedTypes(schema, roots)) {
    // The runtime's federation module answers `_service`, `_entities` and `_Entity`; `_Any` and the spec's
    // scalars are passed through as they come. An `@external` field is another subgraph's to resolve.
    if (federation?.addedTypes.has(type.name)) continue;
    const own = (field: GraphQLField<unknown, unknown>): boolean =>
      !federation || !(federation.external.has(`${type.name}.${field.name}`) || (type.name === federation.queryType && federation.addedQueryFields.includes(field.name)));
    const entity = federation?.resolvable.includes(type.name) === true;
    if (isObjectType(type)) {
      const fields = Object.values(type.getFields()).filter(own);
      const operation = roots.get(type.name);
      const model = operation ? undefined : modelFields(type.name);
      // The default resolver reads `parent[field]`: a field the model has no property for needs its own.
      // An unmapped type's parent is the schema type itself; an unreadable model carries nothing we know of.
      // Of an unmapped parent only scalar and enum fields are answered from it: codegen types a composite
      // field of the parent with the plain schema type but the resolver's result with ResolversTypes,
      // and the two disagree wherever an interface or union sits inside (23 type errors on GitHub's schema).
      const carried = (field: GraphQLField<unknown, unknown>): boolean =>
        model === undefined ? !isMapped(type.name) && isLeafType(getNamedType(field.type)) : model.has(field.name);
      const needsOwn = fields.filter((field) => field.args.length > 0 || (model !== undefined && !model.has(field.name)));
      const reference: StubField[] = entity ? [{ name: '__resolveReference', kind: 'resolveReference' }] : [];
      // TypeScript checks a resolver object literal's own `constructor: Function` (`toString`, …)
      // against the resolver type's field of that name: a type that has a resolver object answers such fields in it.
      const hasObject = needsOwn.length > 0 || entity;
      const stubbed = operation ? fields : hasObject ? fields.filter((field) => needsOwn.includes(field) || isObjectMemberName(field.name)) : [];
      const isEntity = federation?.entities.includes(type.name) === true;
      stubs.push({
        name: type.name,
        kind: 'resolvers',
        needed: stubbed.length > 0 || entity,
        wanted: [
          ...reference,
          ...stubbed.map((field): StubField => {
            if (operation === 'subscription') return { name: field.name, kind: 'subscription' };
            const reason = needsOwn.includes(field) ? 'arguments' : 'objectMember';
            // A field that took arguments answered from the parent until now: its stub keeps answering.
            // Not on an entity, whose parent may be only the reference the router sent (key fields).
            if (!operation && carried(field) && !(isEntity && reason === 'arguments')) {
              return { name: field.name, kind: 'parentField', nullable: !isNonNullType(field.type), reason };
            }
            return { name: field.name, kind: 'field' };
          }),
        ],
        schemaOrder: [...reference.map((field) => field.name), ...fields.map((field) => field.name)],
        known: new Set([...reference.map((field) => field.name), ...fields.map((field) => field.name), '__isTypeOf']),
      });
    } else if (isInterfaceType(type) || isUnionType(type)) {
      const fields = isInterfaceType(type) ? Object.keys(type.getFields()) : [];
      const possibleTypes = schema.getPossibleTypes(type).map((possible) => possible.name).sort(compare);
      stubs.push({
        name: type.name,
        kind: 'resolvers',
        needed: true,
        wanted: [{ name: '__resolveType', kind: 'resolveType', possibleTypes }],
        schemaOrder: ['__resolveType', ...fields],
        known: new Set(['__resolveType', ...fields]),
      });
    } else if (isScalarType(type) && !isSpecifiedScalarType(type)) {
      stubs.push({ name: type.name, kind: 'scalar', needed: true, wanted: [], schemaOrder: [], known: new Set() });
    }
  }
  return stubs;
}

/**
 * The property names of the model a type is mapped to. When they cannot be read, a warning at the
 * mapper says so, and the type gets only the stubs it would get without a mapper.
 */
function mappedModelFields(
  config: ResolvedConfig,
  typeName: string,
  readFile: StubPlanInput['readFile'],
  warn: (path: string, at: Position, message: string) => void,
): ReadonlySet<string> | undefined {
  const mapper = config.mappers[typeName];
  if (mapper === undefined) return undefined;
  const model = readModelFields(config.root, mapper, readFile);
  if ('fields' in model) return model.fields;
  const configFile = config.configFile ?? resolve(config.root, 'gqlambda.config.ts');
  const at = config.configFile ? configKeyPosition(readFile(config.configFile), config.configFile, ['mappers', typeName]) : { line: 1, column: 1 };
  warn(
    configFile,
    at,
    `mappers.${typeName}: gqlambda could not see the fields of the model (${model.unreadable}), so stubs for ${typeName} fields the model lacks were not generated; add resolvers for them yourself.`,
  );
  return undefined;
}

/** `constructor`, `toString`, `valueOf`, …: names every object has through Object.prototype. */
function isObjectMemberName(name: string): boolean {
  return !name.startsWith('__') && Object.prototype.hasOwnProperty.call(Object.prototype, name);
}

/** Root operation types in operation order, then every other type by name: the map's order too. */
function sortedTypes(schema: GraphQLSchema, roots: ReadonlyMap<string, string>): GraphQLNamedType[] {
  const all = Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));
  const rootTypes = [...roots.keys()].map((name) => schema.getType(name)).filter((type) => type !== undefined);
  const others = all.filter((type) => !roots.has(type.name)).sort((a, b) => compare(a.name, b.name));
  return [...rootTypes, ...others];
}

function renderNewFile(stub: TypeStub, config: ResolvedConfig, resolversDir: string, outDir: string): string {
  const alias = needsLocalAlias(stub.name);
  const local = alias ? localAlias(stub.name, stub.kind === 'scalar' ? 'Scalar' : 'Resolvers') : stub.name;
  const exportAlias = alias
    ? `\n// Exported under another name than its local one so that \`${stub.name}\` still means the global here.\nexport { ${local} as ${stub.name} };\n`
    : '';
  if (stub.kind === 'scalar') return renderScalar(stub.name, config.scalars[stub.name], local, alias, exportAlias);

  const resolversType = resolversTypeFor(stub.name);
  const properties = stub.wanted.map((field) => renderPropertyLines(stub.name, field, defaultLayout.unit, defaultLayout)).join('');
  return finish(
    renderTemplate(
      template('resolver-stub.ts.tpl'),
      {
        typeName: stub.name,
        importedType: resolversType.imported,
        resolversType: resolversType.annotation,
        typesModule: importSpecifier(resolversDir, join(outDir, RESOLVER_TYPES_FILE)),
        declaration: alias ? `const ${local}` : `export const ${local}`,
        properties,
        exportAlias,
      },
      'resolver-stub.ts.tpl',
    ),
  );
}

/**
 * A scalar the config maps to `string`, `number` or `boolean` starts as a working, checked
 * pass-through of that type; any other scalar starts as a stub that throws the marker.
 */
function renderScalar(name: string, mapped: string | undefined, local: string, alias: boolean, exportAlias: string): string {
  const declaration = alias ? `const ${local}` : `export const ${local}`;
  const primitive = mapped === undefined ? undefined : PRIMITIVE_LITERALS[mapped.trim()];
  if (!primitive || mapped === undefined) {
    return finish(renderTemplate(template('scalar-stub.ts.tpl'), { typeName: name, declaration, exportAlias }, 'scalar-stub.ts.tpl'));
  }
  return finish(
    renderTemplate(
      template('scalar-default.ts.tpl'),
      { typeName: name, tsType: mapped.trim(), declaration, exportAlias, ...primitive },
      'scalar-default.ts.tpl',
    ),
  );
}

const PRIMITIVE_LITERALS: Record<string, { literalTest: string; literalValue: string }> = {
  string: { literalTest: 'ast.kind !== Kind.STRING', literalValue: 'ast.value' },
  number: { literalTest: 'ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT', literalValue: 'Number(ast.value)' },
  boolean: { literalTest: 'ast.kind !== Kind.BOOLEAN', literalValue: 'ast.value' },
};

/**
 * An existing file: add stubs for the missing members, report members the schema no longer has.
 * A file gqlambda cannot read safely (syntax error, no such export, not an object literal) is
 * returned exactly as it is, with a warning that says why and what to do. `inMap` says whether the
 * resolver map imports it: always for a type that needs resolvers (a missing export then fails the
 * type check rather than silently serving nothing); for other types only when the file exports
 * the type's name (a file that merely shares the name, say a model, is not a resolver file).
 */
function updateFile(
  stub: TypeStub,
  path: string,
  text: string,
  warn: (path: string, at: Position, message: string) => void,
): { content: string; inMap: boolean } {
  const unchanged = { content: text, inMap: true };
  const parsed = parseStubFile(path, text);
  if ('syntaxError' in parsed) {
    const { message } = parsed.syntaxError;
    warn(
      path,
      parsed.syntaxError,
      `syntax error (${message}); gqlambda left the file untouched. Fix it and run generate again to add stubs for new ${stub.name} fields.`,
    );
    return unchanged;
  }
  const exported = findExport(parsed.sourceFile, stub.name);
  if (!exported) {
    if (!stub.needed) return { content: text, inMap: false };
    warn(
      path,
      { line: 1, column: 1 },
      `the file does not export \`${stub.name}\`; the resolver map imports it from there. Export it (\`export const ${stub.name}${stub.kind === 'scalar' ? ' = new GraphQLScalarType({ … })' : `: ${resolversTypeFor(stub.name).annotation} = { … }`}\`), or delete the file to have it written again.`,
    );
    return unchanged;
  }
  if (stub.kind === 'scalar') return unchanged;
  if (!exported.object) {
    if (stub.wanted.length > 0) {
      warn(
        path,
        exported.at,
        `\`${stub.name}\` is not an object literal, so gqlambda cannot add stubs for new ${stub.name} fields there; add them yourself (or write \`export const ${stub.name}: ${resolversTypeFor(stub.name).annotation} = { … }\`).`,
      );
    }
    return unchanged;
  }
  const merged = mergeObject(parsed.sourceFile, exported.object, {
    typeName: stub.name,
    schemaOrder: stub.schemaOrder,
    known: stub.known,
    wanted: stub.wanted,
  });
  if (merged.unresolvedSpread) {
    const { spread, missing } = merged.unresolvedSpread;
    const fields = missing.map((name) => `${stub.name}.${name}`);
    const listed = fields.length === 1 ? fields[0] : `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;
    warn(
      path,
      merged.unresolvedSpread,
      `the file spreads \`${spread}\`, so gqlambda cannot tell which fields it provides; add stubs for ${listed} yourself if it lacks them.`,
    );
  }
  for (const stale of merged.stale) {
    warn(
      path,
      stale,
      `${stub.name}.${stale.name} is no longer in the schema; remove it (the type check will also flag it).`,
    );
  }
  return { content: merged.text, inMap: true };
}

/**
 * A type removed from the schema leaves its file behind. The previous resolver map says which files
 * it imported, and which it already listed as left out; those still on disk for types that no
 * longer have resolvers are reported (never deleted) and listed in the new map, so that the
 * warning comes back on every run until the user deletes the file.
 */
function findLeftBehind(
  schema: GraphQLSchema,
  config: ResolvedConfig,
  readFile: StubPlanInput['readFile'],
  outDir: string,
  resolversDir: string,
  described: ReadonlySet<string>,
  warn: (path: string, at: Position, message: string) => void,
): LeftBehind[] {
  const previous = readFile(join(outDir, RESOLVER_MAP_FILE));
  if (previous === undefined) return [];
  const targets: string[] = [];
  const map = ts.createSourceFile(RESOLVER_MAP_FILE, previous, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  for (const statement of map.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      targets.push(resolve(outDir, statement.moduleSpecifier.text).replace(/\.js$/, '.ts'));
    }
  }
  for (const match of previous.matchAll(LEFT_OUT_LINE)) targets.push(resolve(config.root, match[1] as string));

  const found = new Map<string, LeftBehind>();
  for (const target of targets) {
    const fromResolvers = relative(resolversDir, target);
    if (fromResolvers.startsWith('..') || isAbsolute(fromResolvers) || /[\\/]/.test(fromResolvers)) continue;
    const name = basename(fromResolvers, '.ts');
    if (described.has(name) || found.has(name)) continue;
    const text = readFile(target);
    if (text === undefined) continue;
    const parsed = parseStubFile(target, text);
    const at = 'sourceFile' in parsed ? (findExport(parsed.sourceFile, name)?.at ?? { line: 1, column: 1 }) : { line: 1, column: 1 };
    const reason = schema.getType(name) ? `${name} no longer has resolvers` : `type ${name} is no longer in the schema`;
    const shown = toPosix(relative(config.root, target));
    found.set(name, { name, shown, reason });
    warn(target, at, `${reason}; the file is no longer part of the resolver map. Delete it if you do not need it.`);
  }
  return [...found.values()].sort((a, b) => compare(a.name, b.name));
}

interface LeftBehind {
  name: string;
  /** Root-relative path, as written in the map's comment. */
  shown: string;
  reason: string;
}

/** `// Left out: src/resolvers/Thing.ts (…)` in the resolver map; read back on the next run. */
const LEFT_OUT_LINE = /^\/\/ Left out: (\S+\.ts) /gm;

function renderResolverMap(
  names: readonly string[],
  leftBehind: readonly LeftBehind[],
  config: ResolvedConfig,
  resolversDir: string,
  outDir: string,
): string {
  // `names` is already in map order: root types first, then by name (sortedTypes).
  const imports = names
    .map((name) => {
      const specifier = importSpecifier(outDir, join(resolversDir, `${name}.ts`));
      const binding = mapNeedsAlias(name) ? `${name} as ${mapLocal(name)}` : name;
      return `import { ${binding} } from '${specifier}';\n`;
    })
    .join('');
  const entries = names.map((name) => (mapNeedsAlias(name) ? `  ${name}: ${mapLocal(name)},\n` : `  ${name},\n`)).join('');
  return finish(
    renderTemplate(
      template('resolver-map.ts.tpl'),
      {
        header: generatedHeader('//'),
        resolversDir: toPosix(relative(config.root, resolversDir)) || '.',
        typesModule: importSpecifier(outDir, join(outDir, RESOLVER_TYPES_FILE)),
        leftOut: leftBehind.map((file) => `// Left out: ${file.shown} (${file.reason}; delete the file when you no longer need it).\n`).join(''),
        imports,
        entries,
      },
      'resolver-map.ts.tpl',
    ),
  );
}

/** In the map, `Resolvers` (the type it is annotated with) and `resolvers` (its export) are taken too. */
function mapNeedsAlias(name: string): boolean {
  return needsLocalAlias(name) || name === 'Resolvers' || name === 'resolvers';
}

function mapLocal(name: string): string {
  return `${name}Resolvers`;
}

const templateCache = new Map<string, string>();
function template(name: string): string {
  let text = templateCache.get(name);
  if (text === undefined) {
    text = readFileSync(join(templatesDir, name), 'utf8');
    templateCache.set(name, text);
  }
  return text;
}

/** Exactly one trailing newline, whatever the template's last line. */
function finish(text: string): string {
  return `${text.trimEnd()}\n`;
}

/** Code-point order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
