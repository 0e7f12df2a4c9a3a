/**
 * The `gqlambda dev` server: builds the generated handler with the development profile, loads it into
 * this process, and answers each HTTP request through the same API Gateway event Lambda would get.
 * A watcher rebuilds on change and swaps the handler; a failed rebuild keeps the last good one serving.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Profile, ResolvedConfig } from '../config.js';
import { generate } from '../generate/index.js';
import { generatedDir } from '../generate/paths.js';
import { bundle } from '../build/bundle.js';
import { loadConfig } from '../config-load.js';
import { toEvent, type EventKind } from './events.js';

type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface DevOptions {
  config: ResolvedConfig;
  port: number;
  host: string;
  eventSource: EventKind;
  profile: Profile;
  claims?: Record<string, unknown>;
  /** One line per request, per rebuild, per error. */
  log: (line: RequestLine | BuildLine) => void;
}

export interface RequestLine { kind: 'request'; method: string; operation?: string; status: number; ms: number; errors: string[] }
export interface BuildLine { kind: 'build'; ok: boolean; ms: number; error?: unknown }

export interface DevServer { url: string; close(): Promise<void> }

export async function startDev(options: DevOptions): Promise<DevServer> {
  let { config } = options;
  const cacheDir = join(generatedDir(config), 'dev');
  let handler = await loadHandler(config, options.profile, cacheDir, 0);
  let requests = 0;
  let generation = 0;

  const server: Server = createServer(async (req, res) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const requestId = `dev-${++requests}`;
    const event = toEvent(options.eventSource, req, body, { requestId, claims: options.claims });
    const deadline = Date.now() + config.function.timeout * 1000;
    const result = (await handler(event, {
      awsRequestId: requestId,
      functionName: 'gqlambda-dev',
      memoryLimitInMB: String(config.function.memorySize),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    })) as { statusCode: number; headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; body: string; isBase64Encoded?: boolean };
    const answer = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '');
    res.writeHead(result.statusCode, { ...result.headers, ...result.multiValueHeaders });
    res.end(answer);
    options.log({ kind: 'request', method: req.method ?? 'GET', operation: operationName(req.url, body), status: result.statusCode, ms: performance.now() - started, errors: errorMessages(answer) });
  });

  const watcher = watchProject(() => config, async () => {
    const started = performance.now();
    try {
      // The config is read again on every change: it, or a file it imports, may be what changed.
      if (config.configFile !== undefined) config = { ...(await loadConfig({ configPath: config.configFile })), root: config.root };
      handler = await loadHandler(config, options.profile, cacheDir, ++generation);
      options.log({ kind: 'build', ok: true, ms: performance.now() - started });
    } catch (error) {
      options.log({ kind: 'build', ok: false, ms: performance.now() - started, error });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  }).catch((error: unknown) => {
    watcher.close();
    throw error;
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${options.host}:${address.port}/graphql`,
    close: async () => {
      watcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** Generates, bundles and imports the handler under a new file name, so Node loads the new code. */
async function loadHandler(config: ResolvedConfig, profile: Profile, cacheDir: string, generation: number): Promise<LambdaHandler> {
  await generate(config);
  const entry = join(generatedDir(config), 'handler.ts');
  const result = await bundle({ root: config.root, entry, bundle: config.bundle, profile, outDir: cacheDir });
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, `handler-${generation}.${config.bundle.format === 'esm' ? 'mjs' : 'cjs'}`);
  await writeFile(file, result.code);
  const module = (await import(pathToFileURL(file).href)) as { handler?: LambdaHandler; default?: { handler?: LambdaHandler } };
  const loaded = module.handler ?? module.default?.handler;
  if (typeof loaded !== 'function') throw new Error(`${file} exports no handler function`);
  await rm(file, { force: true });
  return loaded;
}

/** Source, schema and config files under the project root, outside generated and installed files, debounced. */
const WATCHED = /\.(?:[cm]?[jt]sx?|graphqls?|gql|json)$/;

/** `current` gives the config in force: a reloaded config may move the generated folder. */
function watchProject(current: () => ResolvedConfig, onChange: () => Promise<void>): FSWatcher {
  const { root } = current();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  return watch(root, { recursive: true }, (_type, name) => {
    const ignored = [generatedDir(current()), join(root, 'node_modules'), join(root, 'dist'), join(root, '.git')].map((dir) => relative(root, dir) + sep);
    if (name === null || !WATCHED.test(name) || ignored.some((dir) => `${name}${sep}`.startsWith(dir))) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(onChange);
    }, 20);
  });
}

function operationName(url: string | undefined, body: Buffer): string | undefined {
  try {
    if (body.length > 0) {
      const parsed = JSON.parse(body.toString('utf8')) as { operationName?: unknown; query?: unknown };
      return typeof parsed.operationName === 'string' ? parsed.operationName : nameInQuery(parsed.query);
    }
    const params = new URL(url ?? '/', 'http://localhost').searchParams;
    return params.get('operationName') ?? nameInQuery(params.get('query'));
  } catch {
    return undefined;
  }
}

function nameInQuery(query: unknown): string | undefined {
  return typeof query === 'string' ? /\b(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(query)?.[1] : undefined;
}

function errorMessages(answer: Buffer): string[] {
  try {
    const parsed = JSON.parse(answer.toString('utf8')) as { errors?: { message?: unknown }[] };
    return (parsed.errors ?? []).map((error) => String(error.message));
  } catch {
    return [];
  }
}
