import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the installed gqlambda package (where package.json, templates/ and dist/ are). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const templatesDir = resolve(packageRoot, 'templates');

/** Forward slashes on every platform: paths written into generated code and zips. */
export function toPosix(path: string): string {
  return path.split('\\').join('/');
}

/** A path as shown to users: relative to the working directory when inside it, absolute otherwise. */
export function displayPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? toPosix(path) : toPosix(rel);
}
