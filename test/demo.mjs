#!/usr/bin/env node
/**
 * `npm run demo`: what a new user does, end to end, with the real CLI in a temporary folder:
 *   gqlambda init → (generate) → gqlambda build → gqlambda invoke
 * then prints the answer. The folder is removed afterwards unless --keep is given.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../..');

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((latest, entry) => Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs), 0);
}

// `npm ci` already built the CLI (the prepare script); rebuild only when a source is newer than dist/.
if (newest(join(repoRoot, 'src')) > newest(join(repoRoot, 'dist')) || !existsSync(join(repoRoot, 'dist/bundle/cli.js'))) {
  process.stdout.write('dist/ is older than src/: building the CLI first (npm run build)\n');
  const built = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const cli = join(repoRoot, 'bin/gqlambda.js');
const keep = process.argv.includes('--keep');
const parent = mkdtempSync(join(tmpdir(), 'gqlambda-demo-'));
const project = join(parent, 'my-api');

function step(title, args, cwd) {
  const shown = args.map((arg) => (/[\s"{}]/.test(arg) ? `'${arg}'` : arg)).join(' ');
  process.stdout.write(`\n$ gqlambda ${shown}    # ${title}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(result.stdout);
  if (result.status !== 0) {
    process.stderr.write(`\ndemo: \`gqlambda ${args.join(' ')}\` failed with exit code ${result.status}; the project is kept at ${project}\n`);
    process.exit(result.status ?? 1);
  }
  return result.stdout;
}

try {
  process.stdout.write(`gqlambda demo in ${project}\n`);
  step('scaffold a project and generate its code', ['init', 'my-api'], parent);
  process.stdout.write(`\n--- schema/schema.graphql ---\n${readFileSync(join(project, 'schema/schema.graphql'), 'utf8')}`);
  process.stdout.write(`--- src/resolvers/Query.ts (yours to edit) ---\n${readFileSync(join(project, 'src/resolvers/Query.ts'), 'utf8')}`);
  step('regenerating changes nothing the user wrote', ['generate'], project);
  step('type-check, bundle, smoke-test, zip', ['build'], project);
  const answer = step('run the zip in a Lambda-like process with an HTTP API event', ['invoke', '--query', '{ hello books(author: "Octavia E. Butler") { title year excerpt(words: 6) } }'], project);

  const response = JSON.parse(answer);
  process.stdout.write(`\nThe answer (status ${response.statusCode}):\n${JSON.stringify(JSON.parse(response.body), null, 2)}\n`);
  process.stdout.write(
    keep
      ? `\nDeploy it: cd ${project} && sam deploy --guided --template-file dist/template.yaml\n`
      : '\nThe project is removed now; `npm run demo -- --keep` keeps it, ready for `sam deploy --guided --template-file dist/template.yaml`.\n',
  );
} finally {
  if (keep) process.stdout.write(`\n(kept ${project})\n`);
  else rmSync(parent, { recursive: true, force: true });
}
