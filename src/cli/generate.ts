import { Command } from 'commander';

// Placeholder until the generate command lands; replaced by its owner.
export function generateCommand(): Command {
  return new Command('generate').description('not available yet').action(() => {
    throw new Error('gqlambda generate is not available yet.');
  });
}
