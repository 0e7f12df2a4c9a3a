import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// The runtime is bundled into every user's zip: it may import only graphql, Node's built-ins and its own
// modules, never the CLI, the generator, the builder or esbuild (bundle size and cold start). graphql-http
// is the tests' judge of the GraphQL-over-HTTP spec, not a part of the runtime.
const runtimeDir = join(import.meta.dirname, '../../src/runtime');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function importedSpecifiers(text: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) specifiers.push((match[1] ?? match[2])!);
  return specifiers;
}

describe('runtime module boundary', () => {
  const files = sourceFiles(runtimeDir);

  it('finds the runtime sources', () => {
    expect(files.map((file) => relative(runtimeDir, file))).toContain('index.ts');
  });

  it.each(files.map((file) => [relative(runtimeDir, file), file]))('%s imports only graphql, node: built-ins and runtime modules', (_name, file) => {
    const outside = importedSpecifiers(readFileSync(file, 'utf8')).filter((specifier) => {
      if (specifier.startsWith('.')) return !join(file, '..', specifier).startsWith(runtimeDir);
      return !/^graphql(\/|$)|^node:/.test(specifier);
    });
    expect(outside).toEqual([]);
  });
});
