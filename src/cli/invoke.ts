import { Command } from 'commander';

// Placeholder until the invoke command lands; replaced by its owner.
export function invokeCommand(): Command {
  return new Command('invoke').description('not available yet').action(() => {
    throw new Error('gqlambda invoke is not available yet.');
  });
}
