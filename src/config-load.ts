/**
 * config-load
 *
 * Finds gqlambda.config.{ts,mts,cts,js,mjs,cjs,json} (walking up from the working directory, like gqlgen's
 * `findCfg`), loads it, validates every key and merges it over `defaultConfig()`.
 * Every error names the config file and the key path: `gqlambda.config.ts: bundle.runtime: …`.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
// A namespace import: esbuild then bundles only the parts of zod the config uses (170 KB, not 760 KB with every locale).
import * as z from 'zod';
import { defaultConfig, type GqlambdaConfig, type ResolvedConfig, type UserConfig } from './config.js';
import { importConfigFile } from './config-import.js';
import { CONFIG_EXTENSIONS, CONFIG_FILE_NAMES, findConfigFile } from './config-find.js';
import { GqlambdaError } from './errors.js';
import { displayPath } from './util/paths.js';

export { findConfigFile };

export interface LoadConfigOptions {
  /** Where the search starts. @default process.cwd() */
  cwd?: string;
  /** An explicit config file (`--config PATH`), relative to cwd; no search then. */
  configPath?: string;
}

/**
 * Loads the project's config. Without a config file anywhere up the tree the defaults apply, with the
 * working directory as the project root.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const configFile = options.configPath === undefined ? findConfigFile(cwd) : explicitConfigFile(cwd, options.configPath);
  if (configFile === undefined) return { ...defaultConfig(), root: cwd };
  const raw = await importConfigFile(configFile);
  const user = validateConfig(raw, configFile);
  return { ...mergeConfig(defaultConfig(), user), root: dirname(configFile), configFile };
}

function explicitConfigFile(cwd: string, configPath: string): string {
  const file = resolve(cwd, configPath);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new GqlambdaError('CONFIG', `config file not found: ${configPath}`, {
      hint: `check the --config path; gqlambda looks for ${CONFIG_FILE_NAMES.join(', ')}.`,
    });
  }
  const ext = extname(file);
  if (!(CONFIG_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new GqlambdaError('CONFIG', `unsupported config file type "${ext}"`, {
      file: displayPath(file),
      hint: `use a ${CONFIG_EXTENSIONS.join(', ')} config file.`,
    });
  }
  return file;
}

// ---------------------------------------------------------------------------------------------------------
// Validation. Every schema carries the phrase that completes "expected …" in the error.

const nonEmpty = (what: string) => z.string({ error: what }).min(1, { error: what });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `one of ${values.join(', ')}` });
const int = (what: string, min: number, max: number) =>
  z
    .number({ error: what })
    .int({ error: what })
    .min(min, { error: what })
    .max(max, { error: what });
const stringMap = (value: string) => z.record(z.string(), nonEmpty(value), { error: 'an object of strings' });

const envName = /^[A-Za-z][A-Za-z0-9_]*$/;

const userConfigSchema = z.strictObject(
  {
    schema: z.union([nonEmpty('a glob'), z.array(nonEmpty('a glob')).min(1, { error: 'a non-empty list of globs' })], {
      error: 'a glob or a non-empty list of globs, such as "schema/**/*.graphql"',
    }),
    resolvers: nonEmpty('a folder path'),
    generated: nonEmpty('a folder path'),
    context: z.strictObject(
      {
        module: nonEmpty('a module path, such as "src/context.ts"'),
        type: nonEmpty('the name of an exported type'),
        factory: nonEmpty('the name of an exported function'),
      },
      { error: 'an object' },
    ).partial(),
    server: z.union([nonEmpty('a module path'), z.null()], { error: 'a module path, such as "src/server.ts", or null' }),
    scalars: stringMap('a TypeScript type, such as "string"'),
    mappers: z.record(
      z.string(),
      z.string({ error: 'a "path#Export" string' }).regex(/^[^#]+#[A-Za-z_$][\w$]*$/, { error: 'a "path#Export" string, such as "./src/models.ts#BookModel"' }),
      { error: 'an object of "path#Export" strings' },
    ),
    operations: z.union([nonEmpty('a glob'), z.array(nonEmpty('a glob'))], { error: 'a glob or a list of globs, such as "client/**/*.graphql"' }),
    bundle: z.strictObject(
      {
        runtime: oneOf(['nodejs22.x', 'nodejs24.x']),
        format: oneOf(['esm', 'cjs']),
        minify: z.boolean({ error: 'true or false' }),
        sourcemap: z.union([z.literal(false), z.enum(['external', 'inline'])], { error: 'false, "external" or "inline"' }),
        external: z.array(nonEmpty('a module specifier'), { error: 'a list of module specifiers' }),
        excludeAwsSdk: z.boolean({ error: 'true or false' }),
        outfile: nonEmpty('a file path'),
        maxSize: int('a positive number of bytes', 1, Number.MAX_SAFE_INTEGER),
      },
      { error: 'an object' },
    ).partial(),
    function: z.strictObject(
      {
        architecture: oneOf(['arm64', 'x86_64']),
        // Lambda: "You can configure memory between 128 MB and 10,240 MB in 1-MB increments."
        memorySize: int('a whole number of MB between 128 and 10240', 128, 10240),
        // Lambda: "The maximum timeout value is 900 seconds (15 minutes)."
        timeout: int('a whole number of seconds between 1 and 900', 1, 900),
        // Lambda: environment variable keys start with a letter and contain only letters, digits and _.
        environment: z.record(
          z.string().regex(envName, { error: 'an environment variable name (a letter, then letters, digits or _)' }),
          z.string({ error: 'a string value' }),
          { error: 'an object of strings' },
        ),
        samTemplate: z.boolean({ error: 'true or false' }),
      },
      { error: 'an object' },
    ).partial(),
  },
  { error: 'an object (the default export of the config file)' },
).partial();

/** The key path of an issue, as users write it: `bundle.runtime`, `schema[1]`, `mappers.Book`. */
function keyPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

const validKeys: Record<string, string[]> = {
  '': Object.keys(userConfigSchema.shape),
  context: ['module', 'type', 'factory'],
  bundle: Object.keys(defaultConfig().bundle).concat('maxSize'),
  function: Object.keys(defaultConfig().function),
};

function describeIssue(issue: z.core.$ZodIssue, input: unknown): { message: string; hint: string } {
  const where = keyPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const keys = validKeys[where] ?? [];
    const guess = closest(key, keys);
    return {
      message: `${keyPath([...issue.path, key])}: unknown key${guess ? ` (did you mean "${guess}"?)` : ''}`,
      hint: `valid keys${where ? ` in ${where}` : ''}: ${keys.join(', ')}.`,
    };
  }
  if (issue.code === 'invalid_key') {
    const key = issue.path.at(-1);
    return {
      message: `${where}: expected ${issue.issues[0]?.message ?? 'a valid key'}, got ${JSON.stringify(key)}`,
      hint: 'rename the key.',
    };
  }
  return {
    message: `${where || '(config)'}: expected ${issue.message}, got ${show(valueAt(input, issue.path))}`,
    hint: where ? `fix ${where} in the config file, or remove it to use the default.` : 'export an object from the config file.',
  };
}

/** The valid key within two edits of a misspelt one (`resolver` -> `resolvers`), if there is one. */
function closest(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Checks every key of a raw config; the first problem is the error, the others go in its detail. */
export function validateConfig(raw: unknown, configFile: string): UserConfig {
  const result = userConfigSchema.safeParse(raw);
  if (result.success) return result.data as UserConfig;
  const [first, ...rest] = result.error.issues.map((issue) => describeIssue(issue, raw));
  const file = displayPath(configFile);
  throw new GqlambdaError('CONFIG', first?.message ?? 'invalid config', {
    file,
    hint: first?.hint,
    detail: rest.length > 0 ? rest.map((issue) => `  also: ${issue.message}`).join('\n') : undefined,
  });
}

/** Validated user values over the defaults; nested objects are merged key by key. */
export function mergeConfig(defaults: GqlambdaConfig, user: UserConfig): GqlambdaConfig {
  return {
    schema: user.schema === undefined ? defaults.schema : typeof user.schema === 'string' ? [user.schema] : [...user.schema],
    operations: user.operations === undefined ? defaults.operations : typeof user.operations === 'string' ? [user.operations] : [...user.operations],
    resolvers: user.resolvers ?? defaults.resolvers,
    generated: user.generated ?? defaults.generated,
    context: { ...defaults.context, ...stripUndefined(user.context) },
    server: user.server === undefined ? defaults.server : user.server,
    scalars: { ...defaults.scalars, ...user.scalars },
    mappers: { ...defaults.mappers, ...user.mappers },
    bundle: { ...defaults.bundle, ...stripUndefined(user.bundle) },
    function: { ...defaults.function, ...stripUndefined(user.function) },
  };
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  if (value === undefined) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
