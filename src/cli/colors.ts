import { createColors } from 'picocolors';

/**
 * Colour only on a terminal: picocolors alone also colours when `CI` is set, which fills CI logs
 * with escape codes. NO_COLOR (any value) turns it off, FORCE_COLOR turns it on.
 */
const env = process.env;
const enabled =
  !('NO_COLOR' in env) && ('FORCE_COLOR' in env || (process.stdout.isTTY === true && process.stderr.isTTY === true && env.TERM !== 'dumb'));

export const pc = createColors(enabled);
