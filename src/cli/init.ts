import { Command } from 'commander';
import { relative, resolve } from 'node:path';
import { pc } from './colors.js';
import { displayPath, toPosix } from '../util/paths.js';
import { printReport } from './generate.js';

export function initCommand(): Command {
  return new Command('init')
    .description('scaffold a gqlambda project (schema, context, resolvers, config) and generate its code')
    .argument('[dir]', 'folder to create the project in', '.')
    .option('--name <name>', 'package name (default: the folder name)')
    .option('--force', 'add the scaffold to a folder that is not empty (files already there are kept; package.json gains what it lacks)')
    .option('--schema <globs...>', 'scaffold around an existing schema (paths or globs of .graphql files), without the example')
    .action(async (dir: string, options: { name?: string; force?: boolean; schema?: string[] }) => {
      // Globs are given relative to where the command runs; the config holds them relative to the project.
      const schema = options.schema?.map((pattern) => toPosix(relative(resolve(dir), resolve(pattern))));
      const { initProject } = await import('../init.js');
      const result = await initProject({ dir, name: options.name, force: options.force === true, schema });
      const where = result.root === process.cwd() ? '.' : displayPath(result.root);
      process.stdout.write(`${pc.green('✓')} scaffolded ${pc.bold(result.name)} in ${where}\n`);
      for (const file of result.files) process.stdout.write(`  ${pc.green('created')} ${displayPath(`${result.root}/${file}`)}\n`);
      for (const file of result.kept) process.stdout.write(`  ${pc.dim('kept')}    ${displayPath(`${result.root}/${file}`)} (already there)\n`);
      for (const change of result.changes) process.stdout.write(`  ${pc.yellow('changed')} ${change}\n`);

      // Generate right away, so the project is complete: types, the resolver map and the handler.
      // Loaded on use: codegen, TypeScript and esbuild would slow down every `gqlambda --help`.
      const [{ loadConfig }, { generate }] = await Promise.all([import('../config-load.js'), import('../generate/index.js')]);
      const config = await loadConfig({ cwd: result.root });
      // The resolver files init just wrote are not news: only what generate itself wrote is listed.
      const scaffolded = new Set(result.files.map((file) => resolve(result.root, file)));
      const report = await generate(config);
      printReport({ ...report, files: report.files.filter((file) => !(file.status === 'unchanged' && scaffolded.has(resolve(file.path)))) });

      process.stdout.write(
        `\nNext steps:\n` +
          (where === '.' ? '' : `  ${pc.cyan(`cd ${where}`)}\n`) +
          `  ${pc.cyan('gqlambda generate')}  after editing the schema: adds stubs, never changes your code\n` +
          `  ${pc.cyan('gqlambda build')}     type-checks and writes dist/lambda.zip (handler: index.handler)\n`,
      );
    });
}
