/**
 * The `gqlambda dev` server: builds the generated handler with the development profile, loads it into
 * this process, and answers each HTTP request through the same API Gateway event Lambda would get.
 * A watcher rebuilds on change and swaps the handler; a failed rebuild keeps the last good one serving.
 * The type check runs beside on a worker thread and reports; with `strict` a type error blocks the swap.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Profile, ResolvedConfig } from '../config.js';
import { wantsExplorer } from '../runtime/explorer.js';
import { toEvent, type EventKind } from './events.js';
import { graphiqlAsset, graphiqlPage } from './graphiql.js';
import { createReloader, type LambdaHandler } from './reloader.js';
import { createDevTypecheck, type TypecheckOutcome } from './typecheck.js';
import { watchProject } from './watch.js';

export interface DevOptions {
  config: ResolvedConfig;
  port: number;
  host: string;
  eventSource: EventKind;
  profile: Profile;
  claims?: Record<string, unknown>;
  /** A type error blocks the swap (and the start) instead of only being reported. */
  strict?: boolean;
  /** Loads the config again when its file changes. */
  reloadConfig?: () => Promise<ResolvedConfig>;
  /** One line per request, per rebuild, per error. */
  log: (line: DevLine) => void;
}

export interface RequestLine { kind: 'request'; method: string; operation?: string; status: number; ms: number; errors: string[] }
/** A rebuild: `fixed` when the one before it failed. */
export interface BuildLine { kind: 'build'; ok: boolean; ms: number; error?: unknown; fixed?: boolean }
/** A finished type check: reported when it fails, and when it passes after failing (`fixed`). */
export interface TypecheckLine { kind: 'typecheck'; ok: boolean; error?: unknown; fixed?: boolean; blocking?: boolean }
export type DevLine = RequestLine | BuildLine | TypecheckLine;

export interface DevServer { url: string; close(): Promise<void> }

/** The path the server prints and GraphiQL is served at (the handler itself answers any path it serves). */
const GRAPHQL_PATH = '/graphql';

type LambdaResult = { statusCode: number; headers?: Record<string, string>; multiValueHeaders?: Record<string, string[]>; body: string; isBase64Encoded?: boolean };

export async function startDev(options: DevOptions): Promise<DevServer> {
  let { config } = options;
  const strict = options.strict === true;
  let reloader = createReloader(config, options.profile);
  let checker = createDevTypecheck(config, strict);
  let typeErrors = false;
  let buildFailed = false;

  const reportTypes = (outcome: TypecheckOutcome, blocking: boolean): void => {
    if (!outcome.ok) options.log({ kind: 'typecheck', ok: false, error: outcome.error, blocking });
    else if (typeErrors) options.log({ kind: 'typecheck', ok: true, fixed: true });
    typeErrors = !outcome.ok;
  };
  // Checks asked for during a check share its outcome: only the newest caller reports it. A check cut
  // short by stopping the server or reloading the config (its worker ended) is not reported at all.
  let latestCheck = 0;
  let closed = false;
  const checkBeside = (): void => {
    const mine = ++latestCheck;
    const used = checker;
    void used.check().then((outcome) => mine === latestCheck && used === checker && !closed && reportTypes(outcome, false));
  };

  const stopAll = async (): Promise<void> => {
    await Promise.all([reloader.dispose(), checker.dispose()]);
  };

  let handler: LambdaHandler;
  try {
    handler = await reloader.build('all');
    if (strict) {
      const outcome = await checker.check();
      if (!outcome.ok) throw outcome.error;
    } else checkBeside();
  } catch (error) {
    await stopAll();
    throw error;
  }

  let requests = 0;
  const server: Server = createServer(async (req, res) => {
    const started = performance.now();
    if (await answeredLocally(req, res, started)) return;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const requestId = `dev-${++requests}`;
    const event = toEvent(options.eventSource, req, body, { requestId, claims: options.claims });
    const deadline = Date.now() + config.function.timeout * 1000;
    // The handler of this moment serves the whole request: a swap during it affects the next one only.
    const result = (await handler(event, {
      awsRequestId: requestId,
      functionName: 'gqlambda-dev',
      memoryLimitInMB: String(config.function.memorySize),
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    })) as LambdaResult;
    const answer = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '');
    res.writeHead(result.statusCode, { ...result.headers, ...result.multiValueHeaders });
    res.end(answer);
    options.log({ kind: 'request', method: req.method ?? 'GET', operation: operationName(req.url, body), status: result.statusCode, ms: performance.now() - started, errors: errorMessages(answer) });
  });

  /** GraphiQL and its assets, for a browser at the GraphQL path (not in the production profile, as on Lambda). */
  const answeredLocally = async (req: IncomingMessage, res: ServerResponse, started: number): Promise<boolean> => {
    if (req.method !== 'GET') return false;
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    const asset = await graphiqlAsset(pathname);
    if (asset) {
      res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' }).end(asset.body);
      return true;
    }
    if (pathname !== GRAPHQL_PATH || options.profile === 'production' || !wantsExplorer(req.method, req.headers.accept)) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(await graphiqlPage(config.root));
    options.log({ kind: 'request', method: 'GET', operation: 'GraphiQL', status: 200, ms: performance.now() - started, errors: [] });
    return true;
  };

  const rebuild = async (changed: string[]): Promise<void> => {
    const started = performance.now();
    try {
      if (config.configFile && changed.includes(config.configFile) && options.reloadConfig) {
        const next = await options.reloadConfig();
        await stopAll();
        config = next;
        reloader = createReloader(config, options.profile);
        checker = createDevTypecheck(config, strict);
        changed = [];
      }
      const next = await reloader.build(changed.length > 0 ? changed : 'all');
      if (strict) {
        const outcome = await checker.check();
        reportTypes(outcome, true);
        if (!outcome.ok) return;
      }
      handler = next;
      options.log({ kind: 'build', ok: true, ms: performance.now() - started, fixed: buildFailed });
      buildFailed = false;
      if (!strict) checkBeside();
    } catch (error) {
      buildFailed = true;
      options.log({ kind: 'build', ok: false, ms: performance.now() - started, error });
    }
  };
  const watcher = watchProject(config, rebuild);

  await watcher.ready;
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolvePromise);
  }).catch(async (error: unknown) => {
    await watcher.close();
    await stopAll();
    throw error;
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${options.host}:${address.port}${GRAPHQL_PATH}`,
    close: async () => {
      closed = true;
      await watcher.close();
      server.closeAllConnections();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
      await stopAll();
    },
  };
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
