import { pc } from './colors.js';
import { GqlambdaError } from '../errors.js';
import { asUserError } from './fs-error.js';

/**
 * One clear line for a user error (`file:line:col: message`), then the detail (a code frame) and the
 * hint; a stack only with --verbose. picocolors already turns colour off without a TTY and with NO_COLOR.
 */
export function formatCliError(thrown: unknown, { verbose }: { verbose: boolean }): string {
  const error = asUserError(thrown);
  if (error instanceof GqlambdaError) {
    const where = error.location ? `${error.location}: ` : '';
    let text = `${pc.red('error')} ${where}${error.message}\n`;
    if (error.detail) text += `${error.detail}\n`;
    if (error.hint) text += `${pc.dim('hint:')} ${error.hint}\n`;
    if (verbose && error.stack) text += `${pc.dim(error.stack)}\n`;
    return text;
  }
  const message = error instanceof Error ? error.message : String(error);
  let text = `${pc.red('error')} internal error: ${message}\n`;
  text += `${pc.dim('hint:')} this is a bug in gqlambda; please report it with the output of --verbose.\n`;
  if (verbose && error instanceof Error && error.stack) text += `${pc.dim(error.stack)}\n`;
  return text;
}
