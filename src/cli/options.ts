import { Option } from 'commander';

/** `-c, --config`, the same on every command that reads the project's config. */
export function configOption(): Option {
  return new Option('-c, --config <path>', 'config file (default: the nearest gqlambda.config.{ts,mjs,js,json})');
}
