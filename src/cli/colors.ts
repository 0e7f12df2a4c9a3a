import { createColors } from 'picocolors';

/**
 * Colour only on a terminal: picocolors alone also colours when `CI` is set, which fills CI logs
 * with escape codes. A non-empty NO_COLOR turns it off (no-color.org), a non-empty FORCE_COLOR on.
 */
const env = process.env;
const enabled = !env.NO_COLOR && (!!env.FORCE_COLOR || (process.stdout.isTTY === true && process.stderr.isTTY === true && env.TERM !== 'dumb'));

export const pc = createColors(enabled);
