/**
 * answer
 *
 * What `gqlambda invoke` makes of the handler's answer for its author: the resolver errors the
 * runtime masked as "Unexpected error." (read back from the function's own error log lines), and
 * whether the answer is a failure (an HTTP 4xx/5xx, or GraphQL errors in the body).
 */
import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import type { ResolvedConfig } from '../config.js';
import { toPosix } from '../util/paths.js';

export interface UnmaskedError {
  /** The field's response path, `films.0.title`, when the log names it. */
  path?: string;
  message: string;
}

/** The resolver errors in the function's log: its `{"level":"error", …, "error": {"message"}}` lines. */
export function unmaskedErrors(logs: string): UnmaskedError[] {
  const found: UnmaskedError[] = [];
  for (const line of logs.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { level?: unknown; path?: unknown; error?: { name?: unknown; message?: unknown } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    const error = entry.error;
    if (entry.level !== 'error' || typeof error?.message !== 'string') continue;
    const name = typeof error.name === 'string' ? `${error.name}: ` : '';
    found.push({ ...(typeof entry.path === 'string' ? { path: entry.path } : {}), message: `${name}${error.message}` });
  }
  return found;
}

/** Why the answer is a failure a client would see, or undefined for a clean answer. */
export function answerFailure(result: unknown): string | undefined {
  const status = (result as { statusCode?: unknown } | null | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400) return `the answer has status ${status}`;
  const body = httpBody(result);
  const payload = body === undefined ? result : parseOrUndefined(body);
  const errors = (payload as { errors?: unknown } | null | undefined)?.errors;
  if (Array.isArray(errors) && errors.length > 0) return `the answer has ${errors.length} GraphQL error${errors.length === 1 ? '' : 's'}`;
  return undefined;
}

/** The decoded body of an HTTP-style answer, which is what a client would see. */
export function httpBody(result: unknown): string | undefined {
  const response = result as { statusCode?: unknown; body?: unknown; isBase64Encoded?: unknown } | null | undefined;
  if (typeof response?.statusCode !== 'number' || typeof response.body !== 'string') return undefined;
  return response.isBase64Encoded === true ? Buffer.from(response.body, 'base64').toString('utf8') : response.body;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The newest source the zip is built from (schema, resolvers, context, server, config) when it is
 * newer than the zip, or undefined when the zip is current.
 */
export async function newerSource(config: ResolvedConfig, zipPath: string): Promise<string | undefined> {
  const zipTime = (await stat(zipPath)).mtimeMs;
  const patterns = [...config.schema, `${toPosix(config.resolvers)}/**/*.{ts,mts,cts,tsx,js,mjs}`, config.context.module, ...(config.server ? [config.server] : [])];
  const files = await glob(patterns, { cwd: config.root, absolute: true, ignore: ['**/node_modules/**'] });
  if (config.configFile) files.push(config.configFile);
  let newest: { path: string; time: number } | undefined;
  for (const path of files) {
    const time = await stat(path).then((info) => info.mtimeMs, () => 0);
    if (time > zipTime && (!newest || time > newest.time)) newest = { path, time };
  }
  return newest ? toPosix(relative(config.root, resolve(newest.path))) : undefined;
}

