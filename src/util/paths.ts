import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of the installed gqlambda package (where package.json, templates/ and dist/ are). */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const templatesDir = resolve(packageRoot, 'templates');

/** Forward slashes on every platform: paths written into generated code and zips. */
export function toPosix(path: string): string {
  return path.split('\\').join('/');
}
