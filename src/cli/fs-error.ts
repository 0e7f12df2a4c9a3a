/**
 * fs-error
 *
 * A file system error that reaches the CLI (an unwritable dist/, a file where a folder should be, a
 * full disk) is the user's to fix, not a bug: it becomes a GqlambdaError naming the path.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { GqlambdaError } from '../errors.js';
import { displayPath } from '../util/paths.js';

const EXPLAINED: Record<string, (path: string) => { message: string; hint: string }> = {
  EACCES: (path) => ({ message: `permission denied for ${path}`, hint: `make ${displayPath(dirname(path))} writable for your user (or run where you can write), then try again.` }),
  EPERM: (path) => ({ message: `the operation on ${path} is not permitted`, hint: `check the permissions and attributes of ${displayPath(dirname(path))}, then try again.` }),
  EROFS: (path) => ({ message: `${path} is on a read-only file system`, hint: 'build in a writable folder, or set bundle.outfile to a path on a writable file system.' }),
  ENOSPC: (path) => ({ message: `no space left on the device to write ${path}`, hint: 'free some disk space, then try again.' }),
  EISDIR: (path) => ({ message: `${path} is a folder where a file is needed`, hint: `remove or rename the folder ${path}, then try again.` }),
  ENOTDIR: (path) => {
    const inTheWay = fileInTheWay(path);
    return {
      message: `cannot use ${path}: ${inTheWay ? `${displayPath(inTheWay)} is a file, not a folder` : 'a part of the path is a file, not a folder'}`,
      hint: `remove or rename ${inTheWay ? displayPath(inTheWay) : 'the file in the way'} (or set bundle.outfile elsewhere), then try again.`,
    };
  },
};

export function asUserError(error: unknown): unknown {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  const explain = code === undefined ? undefined : EXPLAINED[code];
  if (error instanceof GqlambdaError || !explain || typeof path !== 'string') return error;
  const { message, hint } = explain(displayPath(path));
  return new GqlambdaError('FILESYSTEM', `${message} (${code})`, { file: displayPath(path), hint, cause: error });
}

/** The nearest ancestor of `path` that exists and is a file, which ENOTDIR is about. */
function fileInTheWay(path: string): string | undefined {
  for (let current = dirname(path); current !== dirname(current); current = dirname(current)) {
    try {
      if (!statSync(current).isDirectory()) return current;
    } catch {
      // Not there (yet): look further up.
    }
  }
  return undefined;
}
