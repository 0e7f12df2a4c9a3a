/**
 * config-cause
 *
 * A type error inside .gqlambda/ is never the user's to fix there: generated code only fails when
 * the config points at something that is not there (a mapper's export, the context module, its
 * type or factory). generate warns about those at their config key; when the type check then fails
 * inside the generated folder, the build reports the config key as the cause, the type error as detail.
 */
import { isAbsolute, relative } from 'node:path';
import type { ResolvedConfig } from '../config.js';
import { GqlambdaError } from '../errors.js';
import type { GenerateWarning } from '../generate/index.js';
import { generatedDir } from '../generate/paths.js';
import { displayPath } from '../util/paths.js';

export function configCause(error: unknown, config: ResolvedConfig, warnings: readonly GenerateWarning[]): unknown {
  if (!(error instanceof GqlambdaError) || error.code !== 'TYPECHECK' || error.file === undefined) return error;
  const inGenerated = relative(generatedDir(config), isAbsolute(error.file) ? error.file : `${config.root}/${error.file}`);
  if (inGenerated.startsWith('..') || isAbsolute(inGenerated)) return error;
  const cause = warnings.find((warning) => warning.file === config.configFile);
  if (!cause) return error;
  return new GqlambdaError('CONFIG', cause.message, {
    file: displayPath(cause.file),
    line: cause.line,
    column: cause.column,
    detail: `The generated code fails to type-check because of it:\n${error.location}: ${error.message}`,
    hint: 'fix the key in the config; the files in the generated folder are rewritten on every build.',
    cause: error,
  });
}
