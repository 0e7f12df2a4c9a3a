/**
 * A temporary LAMBDA_TASK_ROOT: the function's files in a fresh folder, plus a `node_modules` link to the
 * project's own, so that externals (the AWS SDK, anything in bundle.external) resolve as they would
 * from a layer or the runtime, for ESM imports as well as for require.
 */
import { mkdtemp, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findPackageRootModules } from './node-modules.js';

export interface TaskRoot {
  dir: string;
  dispose(): Promise<void>;
}

export async function createTaskRoot(files: Iterable<[name: string, data: Uint8Array | string]>, projectRoot?: string): Promise<TaskRoot> {
  const dir = realpathSync(await mkdtemp(join(tmpdir(), 'gqlambda-task-')));
  for (const [name, data] of files) {
    const target = join(dir, name);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
  const modules = projectRoot ? findPackageRootModules(projectRoot) : undefined;
  if (modules && !existsSync(join(dir, 'node_modules'))) await symlink(modules, join(dir, 'node_modules'), 'dir');
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) };
}
