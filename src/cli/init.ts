import { Command } from 'commander';

// Placeholder until the init command lands; replaced by its owner.
export function initCommand(): Command {
  return new Command('init').description('not available yet').action(() => {
    throw new Error('gqlambda init is not available yet.');
  });
}
