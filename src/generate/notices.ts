/**
 * notices
 *
 * Schema and config changes whose consequences are in the user's own files, where generate never
 * writes: a union or interface gaining a member their `__resolveType` must now return, and a scalar
 * newly mapped in `scalars` whose stub file was written for the old type. Each is a warning at the
 * place to look. The previous state is read from the generated files the last run left behind.
 */
import { buildSchema, isAbstractType, type GraphQLSchema } from 'graphql';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { displayPath } from '../util/paths.js';
import type { Position } from './merge.js';

export interface Notice extends Position {
  file: string;
  message: string;
}

export interface NoticeInput {
  config: ResolvedConfig;
  schema: GraphQLSchema;
  /** The previous run's merged SDL and resolver types, when there was one. */
  previousSdl: string | undefined;
  previousTypes: string | undefined;
  readFile: (absPath: string) => string | undefined;
}

export function changeNotices(input: NoticeInput): Notice[] {
  return [...newMemberNotices(input), ...scalarNotices(input)];
}

function newMemberNotices({ config, schema, previousSdl, readFile }: NoticeInput): Notice[] {
  const previous = parseOrUndefined(previousSdl);
  if (!previous) return [];
  const notices: Notice[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    const before = previous.getType(type.name);
    if (!isAbstractType(type) || !before || !isAbstractType(before)) continue;
    const known = new Set(previous.getPossibleTypes(before).map((member) => member.name));
    const added = schema.getPossibleTypes(type).map((member) => member.name).filter((name) => !known.has(name)).sort();
    if (added.length === 0) continue;
    const file = join(config.root, config.resolvers, `${type.name}.ts`);
    const text = readFile(file);
    if (text === undefined) continue;
    const names = added.map((name) => `'${name}'`).join(', ');
    notices.push({
      file,
      ...positionOf(text, '__resolveType'),
      message: `${type.name} now has ${added.length === 1 ? 'the member' : 'the members'} ${added.join(', ')}: make sure __resolveType returns ${names} for ${added.length === 1 ? 'it' : 'them'}.`,
    });
  }
  return notices;
}

/** A scalar whose TypeScript type in `scalars` changed since the last run, and whose stub file exists. */
function scalarNotices({ config, previousTypes, readFile }: NoticeInput): Notice[] {
  if (previousTypes === undefined) return [];
  const notices: Notice[] = [];
  for (const [name, tsType] of Object.entries(config.scalars)) {
    const before = new RegExp(`^\\s+${name}: \\{ input: (.+?); output: .+?; \\}$`, 'm').exec(previousTypes)?.[1];
    if (before === undefined || before === tsType.trim()) continue;
    const file = join(config.root, config.resolvers, `${name}.ts`);
    if (readFile(file) === undefined) continue;
    notices.push({
      file,
      line: 1,
      column: 1,
      message: `scalars.${name} is now \`${tsType}\` (was \`${before}\`), but ${displayPath(file)} was written before: delete it to have it written again for \`${tsType}\`, or update its serialize, parseValue and parseLiteral to \`${tsType}\`.`,
    });
  }
  return notices;
}

function parseOrUndefined(sdl: string | undefined): GraphQLSchema | undefined {
  if (sdl === undefined) return undefined;
  try {
    return buildSchema(sdl);
  } catch {
    return undefined;
  }
}

function positionOf(text: string, needle: string): Position {
  const at = text.indexOf(needle);
  if (at === -1) return { line: 1, column: 1 };
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
