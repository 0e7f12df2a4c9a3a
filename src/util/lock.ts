/**
 * lock
 *
 * One writer per project at a time: an editor's watcher and a terminal both running `gqlambda
 * generate` (or `build`) would otherwise read stubs the other is rewriting and interleave their
 * writes. The lock is a file (`.gqlambda/.lock`) created atomically with its holder's pid, command and
 * start time, so the process that waits can say who it waits for. A lock whose process is gone (a
 * killed run), or that is older than any run takes, is stale and taken over.
 *
 * Within one process (`gqlambda dev` generating on every change, build calling generate) calls queue
 * behind each other, and a call made while the lock is already held by the same chain of calls runs
 * at once instead of waiting for itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GqlambdaError } from '../errors.js';
import { isRunning, tempPath } from './fs.js';
import { displayPath } from './paths.js';

export interface LockHolder {
  pid: number;
  /** What the holder is running, e.g. `gqlambda generate`. */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  host: string;
  /** Tells this holder's lock from a later one with a reused pid. */
  token: string;
}

export interface LockOptions {
  /** How long to wait for another process to finish. @default GQLAMBDA_LOCK_WAIT seconds, else 10 s */
  waitMs?: number;
  /** A lock older than this is stale whatever its pid says (a reused pid, another machine). @default 10 minutes */
  staleMs?: number;
  /** Told once when this call starts waiting, and when it takes over a stale lock. */
  onNote?: (message: string) => void;
}

const DEFAULT_WAIT_MS = 10_000;
const STALE_MS = 10 * 60_000;
const POLL_MS = 100;

const held = new AsyncLocalStorage<Set<string>>();
const queues = new Map<string, Promise<unknown>>();

/** Runs `work` while holding the lock file at `path` (created with its folder). */
export async function withLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const mine = held.getStore();
  if (mine?.has(path)) return work();
  // Calls from this process take turns; only the first in line touches the file.
  const previous = queues.get(path) ?? Promise.resolve();
  const turn = previous.catch(() => undefined).then(async () => {
    const holder = await acquire(path, options).catch((error: unknown) => {
      // An unwritable folder: name the lock, not its temporary file.
      if ((error as NodeJS.ErrnoException).path) (error as NodeJS.ErrnoException).path = path;
      throw error;
    });
    try {
      return await held.run(new Set([...(mine ?? []), path]), work);
    } finally {
      await release(path, holder);
    }
  });
  queues.set(path, turn);
  try {
    return await turn;
  } finally {
    if (queues.get(path) === turn) queues.delete(path);
  }
}

function waitMs(options: LockOptions): number {
  if (options.waitMs !== undefined) return options.waitMs;
  const fromEnv = Number(process.env.GQLAMBDA_LOCK_WAIT);
  return process.env.GQLAMBDA_LOCK_WAIT && Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv * 1000 : DEFAULT_WAIT_MS;
}

async function acquire(path: string, options: LockOptions): Promise<LockHolder> {
  const note = options.onNote ?? ((message: string) => process.stderr.write(`note: ${message}\n`));
  const staleMs = options.staleMs ?? STALE_MS;
  const deadline = Date.now() + waitMs(options);
  const me: LockHolder = {
    pid: process.pid,
    command: ['gqlambda', ...process.argv.slice(2)].join(' '),
    since: new Date().toISOString(),
    host: hostname(),
    token: randomBytes(8).toString('hex'),
  };
  let announced = false;
  await mkdir(dirname(path), { recursive: true });
  for (;;) {
    if (await createExclusive(path, `${JSON.stringify(me, null, 2)}\n`)) return me;
    const raw = await readFile(path, 'utf8').catch(() => undefined);
    if (raw === undefined) continue; // released between our two calls: try again at once
    const other = parseHolder(raw);
    const stale = staleness(other, staleMs);
    if (stale) {
      if (await breakLock(path, raw)) note(`${displayPath(path)} was left by ${stale}; took it over`);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(path, other!);
    if (!announced) note(`waiting for ${describe(other!)} to finish writing this project…`);
    announced = true;
    await sleep(POLL_MS);
  }
}

/** Creates `path` with `content` only if it does not exist, never visible half-written. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const temp = tempPath(path);
  await writeFile(temp, content);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links: an exclusive create, readable half-written for an instant.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(content).finally(() => handle.close());
      return true;
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallbackError;
    }
  } finally {
    await rm(temp, { force: true });
  }
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    return typeof value.pid === 'number' && typeof value.since === 'string' ? ({ command: 'gqlambda', host: '', token: '', ...value } as LockHolder) : undefined;
  } catch {
    return undefined;
  }
}

/** Why the lock is stale (for the note), or undefined while its holder may still be writing. */
function staleness(holder: LockHolder | undefined, staleMs: number): string | undefined {
  if (!holder) return 'a run that did not finish writing it';
  const age = Date.now() - Date.parse(holder.since);
  if (!(age < staleMs)) return `${describe(holder)}, older than ${Math.round(staleMs / 60_000)} minutes`;
  const here = holder.host === hostname();
  // Our own pid: this process queues its calls, so the lock is a leftover of one that could not release it.
  if (here && (holder.pid === process.pid || !isRunning(holder.pid))) return `pid ${holder.pid}, which is no longer running`;
  return undefined;
}

/**
 * Removes a stale lock unless someone else already replaced it: the lock is moved aside atomically
 * (only one breaker wins the rename), and put back when what was moved is not the stale content.
 */
async function breakLock(path: string, staleContent: string): Promise<boolean> {
  const aside = tempPath(path);
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => undefined);
  if (moved !== staleContent) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
  return moved === staleContent;
}

async function release(path: string, me: LockHolder): Promise<void> {
  const raw = await readFile(path, 'utf8').catch(() => undefined);
  if (raw !== undefined && parseHolder(raw)?.token === me.token) await rm(path, { force: true });
}

function describe(holder: LockHolder): string {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(holder.since)) / 1000));
  const where = holder.host && holder.host !== hostname() ? ` on ${holder.host}` : '';
  return `pid ${holder.pid}${where} (\`${holder.command}\`, since ${holder.since}, ${seconds} s ago)`;
}

function lockedError(path: string, holder: LockHolder): GqlambdaError {
  return new GqlambdaError('LOCKED', `another gqlambda is writing this project: ${describe(holder)} holds ${displayPath(path)}`, {
    file: displayPath(path),
    hint: `wait for it to finish (or stop it), then run this again; GQLAMBDA_LOCK_WAIT=<seconds> waits longer. If pid ${holder.pid} is not a gqlambda run, delete ${displayPath(path)}.`,
  });
}
