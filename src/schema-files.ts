/**
 * Which files the config's `schema` and `operations` globs match. Apart from schema.ts, so that the
 * fingerprint of generate's inputs can list them without loading graphql-js.
 */
import { glob } from 'tinyglobby';
import { GqlambdaError } from './errors.js';
import { displayPath } from './util/paths.js';

/** Every file the globs match, sorted; a glob that matches nothing is an error naming it (and the config `key`). */
export async function findSchemaFiles(root: string, patterns: readonly string[], key: 'schema' | 'operations' = 'schema'): Promise<string[]> {
  const ignore = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const found = new Set<string>();
  for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
    const matches = await glob(pattern, { cwd: root, absolute: true, onlyFiles: true, expandDirectories: false, ignore });
    if (matches.length === 0) {
      throw new GqlambdaError('SCHEMA', `the ${key} glob "${pattern}" matches no files`, {
        hint: `create a .graphql file there, or fix \`${key}\` in the config (globs are relative to ${displayPath(root) || '.'}).`,
      });
    }
    for (const match of matches) found.add(match);
  }
  // Plain code-unit order, not the locale's: the merged output must not depend on the machine.
  return [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

