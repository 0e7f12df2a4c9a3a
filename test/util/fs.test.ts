/**
 * writeFileAtomic as a user's repository sees it: links, modes and owners survive a regenerate, the
 * bytes are on disk before the rename and the rename before it returns, and no `.tmp` file is left
 * behind by a failure. The file system calls are the real ones, recorded (and, for the disk-full
 * case, failed) through a thin wrapper around node:fs/promises.
 */
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeStaleTempFiles, writeFileAtomic } from '../../src/util/fs.js';

const fsLog = vi.hoisted(() => ({ calls: [] as string[], failWrite: undefined as string | undefined }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const name = (path: unknown): string => String(path).split('/').pop()!.replace(/\.\d+\.[0-9a-f]{8}\.tmp$/, '.TMP');
  const open = async (path: string, ...rest: unknown[]): Promise<FileHandle> => {
    const handle = await (real.open as (...args: unknown[]) => Promise<FileHandle>)(path, ...rest);
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'sync') return async () => (fsLog.calls.push(`sync ${name(path)}`), target.sync());
        if (prop === 'writeFile' && fsLog.failWrite) {
          const code = fsLog.failWrite;
          return async () => Promise.reject(Object.assign(new Error(`${code}: simulated`), { code }));
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  const rename = async (from: string, to: string): Promise<void> => {
    fsLog.calls.push(`rename ${name(from)} ${name(to)}`);
    return real.rename(from, to);
  };
  return { ...real, open, rename, default: { ...real, open, rename } };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gqlambda-fs-'));
  fsLog.calls = [];
  fsLog.failWrite = undefined;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const leftovers = (folder = dir): string[] => readdirSync(folder).filter((name) => name.endsWith('.tmp'));

describe('writeFileAtomic keeps the file what it was', () => {
  it('writes through a symlink: the link stays a link and its target gets the new content', async () => {
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'shared/Query.ts'), 'old\n');
    mkdirSync(join(dir, 'resolvers'));
    symlinkSync('../shared/Query.ts', join(dir, 'resolvers/Query.ts'));

    await writeFileAtomic(join(dir, 'resolvers/Query.ts'), 'new\n');

    expect(lstatSync(join(dir, 'resolvers/Query.ts')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'resolvers/Query.ts'))).toBe('../shared/Query.ts');
    expect(readFileSync(join(dir, 'shared/Query.ts'), 'utf8')).toBe('new\n');
    expect([...leftovers(join(dir, 'shared')), ...leftovers(join(dir, 'resolvers'))]).toEqual([]);
  });

  it('writes through a chain of links, and through a link whose target does not exist yet', async () => {
    writeFileSync(join(dir, 'real.ts'), 'old\n');
    symlinkSync('real.ts', join(dir, 'middle.ts'));
    symlinkSync('middle.ts', join(dir, 'outer.ts'));
    symlinkSync('missing.ts', join(dir, 'dangling.ts'));

    await writeFileAtomic(join(dir, 'outer.ts'), 'new\n');
    await writeFileAtomic(join(dir, 'dangling.ts'), 'created\n');

    expect(lstatSync(join(dir, 'outer.ts')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'middle.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.ts'), 'utf8')).toBe('new\n');
    expect(lstatSync(join(dir, 'dangling.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'missing.ts'), 'utf8')).toBe('created\n');
  });

  it.each([
    ['an executable file', 0o755],
    ['a read-only file', 0o444],
    ['a private file', 0o600],
  ])('keeps the mode of %s', async (_label, mode) => {
    const file = join(dir, 'file.ts');
    writeFileSync(file, 'old\n');
    chmodSync(file, mode);

    await writeFileAtomic(file, 'new\n');

    expect(readFileSync(file, 'utf8')).toBe('new\n');
    expect(statSync(file).mode & 0o7777).toBe(mode);
  });

  it.runIf(process.getuid?.() === 0)('keeps the owner and group (running as root, which may give files away)', async () => {
    const file = join(dir, 'file.ts');
    writeFileSync(file, 'old\n');
    chownSync(file, 4321, 8765);

    await writeFileAtomic(file, 'new\n');

    expect(statSync(file)).toMatchObject({ uid: 4321, gid: 8765 });
  });

  it('gives a new file the requested mode', async () => {
    await writeFileAtomic(join(dir, 'new/run.sh'), '#!/bin/sh\n', 0o755);
    expect(statSync(join(dir, 'new/run.sh')).mode & 0o777).toBe(0o755 & ~process.umask());
  });
});

describe('writeFileAtomic is durable', () => {
  it('flushes the temporary file before the rename and the folder after it', async () => {
    const folder = dir.split('/').pop()!;
    await writeFileAtomic(join(dir, 'Query.ts'), 'new\n');
    expect(fsLog.calls).toEqual(['sync .Query.ts.TMP', 'rename .Query.ts.TMP Query.ts', `sync ${folder}`]);
  });
});

describe('writeFileAtomic leaves no .tmp file behind', () => {
  it('when writing fails (disk full): the old file is untouched and the error is the write error', async () => {
    writeFileSync(join(dir, 'Query.ts'), 'old\n');
    fsLog.failWrite = 'ENOSPC';

    await expect(writeFileAtomic(join(dir, 'Query.ts'), 'new\n')).rejects.toMatchObject({ code: 'ENOSPC' });

    expect(readFileSync(join(dir, 'Query.ts'), 'utf8')).toBe('old\n');
    expect(leftovers()).toEqual([]);
  });

  it('when the rename fails (a folder is in the way)', async () => {
    mkdirSync(join(dir, 'Query.ts'));
    await expect(writeFileAtomic(join(dir, 'Query.ts'), 'new\n')).rejects.toMatchObject({ code: 'EISDIR' });
    expect(leftovers()).toEqual([]);
  });

  it('removeStaleTempFiles clears what a killed writer left, and leaves a running writer’s file alone', async () => {
    writeFileSync(join(dir, '.Query.ts.999999999.0badcafe.tmp'), 'half');
    writeFileSync(join(dir, `.Film.ts.${process.ppid}.0badcafe.tmp`), 'being written');
    writeFileSync(join(dir, 'notes.tmp'), 'the user’s own');

    expect(await removeStaleTempFiles(dir)).toEqual(['.Query.ts.999999999.0badcafe.tmp']);
    expect(readdirSync(dir).sort()).toEqual([`.Film.ts.${process.ppid}.0badcafe.tmp`, 'notes.tmp']);
  });
});
