import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, readFile, readdir, readlink, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a file so that readers see either the old or the new content, never half of it, even after
 * a crash or a power cut: the bytes go to a temporary file beside the target, are flushed to disk,
 * and the temporary file is renamed over the target; the folder is flushed so the rename itself is
 * durable (without the two fsyncs a power cut can leave a zero-length file behind the rename).
 *
 * The file stays what it was: a symlink keeps pointing where it did (its target is written), and an
 * existing file keeps its mode (executable, read-only) and, where the process may, its owner.
 * On any failure the temporary file is removed; a process killed mid-write leaves it behind, and
 * {@link removeStaleTempFiles} clears it on the next run.
 *
 * `mode` applies to a new file (after the umask); an existing file's own mode wins.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const target = await followLinks(resolve(path));
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  const existing = await stat(target).catch(ignoreMissing);
  const temp = tempPath(target);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', mode ?? 0o666);
    await handle.writeFile(data);
    if (existing) await keepOwnership(handle, existing);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** `.<name>.<pid>.<random>.tmp` beside `path`: hidden, and carrying the writer's pid so a later run can tell it is orphaned. */
export function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Removes the temporary files a killed writer left in `folder` (see {@link writeFileAtomic}): those
 * whose pid is no longer running. A live writer's files are left alone. Returns the names removed.
 */
export async function removeStaleTempFiles(folder: string): Promise<string[]> {
  // No folder (or a file in its place, which the write that follows reports): nothing to clear.
  const names = await readdir(folder).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOTDIR' ? undefined : ignoreMissing(error)));
  const removed: string[] = [];
  for (const name of names ?? []) {
    const pid = TEMP_FILE.exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    await rm(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** True when a process with this pid exists (on this machine). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file a chain of symlinks ends at, even when that file does not exist yet (a dangling link is written through). */
async function followLinks(path: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch(ignoreMissing);
    if (!info?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: 'ELOOP', path });
}

async function keepOwnership(handle: FileHandle, existing: { mode: number; uid: number; gid: number }): Promise<void> {
  const ours = await handle.stat();
  if (ours.uid !== existing.uid || ours.gid !== existing.gid) {
    try {
      await handle.chown(existing.uid, existing.gid);
    } catch (error) {
      // Only root (or the owner, to one of its groups) may give a file away; otherwise it becomes ours.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    }
  }
  // After the chown, which clears the set-user-ID and set-group-ID bits.
  await handle.chmod(existing.mode & 0o7777);
}

/** Flushes the folder entry that the rename changed. Not every platform can open a folder (Windows); there the rename is all we have. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}

/** The file's text, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
