import { Command } from 'commander';

// Placeholder until the build command lands; replaced by its owner.
export function buildCommand(): Command {
  return new Command('build').description('not available yet').action(() => {
    throw new Error('gqlambda build is not available yet.');
  });
}
