/**
 * Import specifiers written into generated files. Generated code is TypeScript compiled with
 * `moduleResolution: Bundler` or NodeNext, where `./x.js` finds `./x.ts`; so `.ts` becomes `.js`.
 */
import { relative, resolve } from 'node:path';
import { toPosix } from '../util/paths.js';

/** `from` (a folder) to `target` (a file), as a relative specifier such as `../src/context.js`. */
export function importSpecifier(fromFolder: string, target: string): string {
  let spec = toPosix(relative(fromFolder, target)).replace(/\.(m|c)?tsx?$/, (ext) => ext.replace('ts', 'js').replace('x', ''));
  if (!spec.startsWith('.')) spec = `./${spec}`;
  return spec;
}

/** Absolute path of the generated folder. */
export function generatedDir(config: { root: string; generated: string }): string {
  return resolve(config.root, config.generated);
}

/** The lock file held by a run while it writes the project (src/util/lock.ts). */
export function projectLock(config: { root: string; generated: string }): string {
  return resolve(generatedDir(config), '.lock');
}
