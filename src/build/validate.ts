/**
 * Checks made before the build does any work, so that a bad combination fails in a second with a
 * sentence that names the key, not after a minute of bundling (CDK's bundling.ts constructor checks).
 * Returns warnings for settings that work but probably are not what the user wants.
 */
import type { ResolvedConfig } from '../config.js';
import { GqlambdaError } from '../errors.js';

/**
 * Set by Lambda itself; a function that defines them fails to deploy
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
 */
const RESERVED_ENVIRONMENT = new Set([
  '_HANDLER', '_X_AMZN_TRACE_ID', 'AWS_DEFAULT_REGION', 'AWS_REGION', 'AWS_EXECUTION_ENV', 'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE', 'AWS_LAMBDA_FUNCTION_VERSION', 'AWS_LAMBDA_INITIALIZATION_TYPE', 'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME', 'AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API', 'LAMBDA_TASK_ROOT', 'LAMBDA_RUNTIME_DIR',
]);

export function validateBuild(config: ResolvedConfig, options: { maxSize?: number }): string[] {
  const where = config.configFile ? `${config.configFile.split(/[\\/]/).pop()}: ` : '';
  const fail = (key: string, message: string, hint: string): never => {
    throw new GqlambdaError('CONFIG', `${where}${key}: ${message}`, { file: config.configFile, hint });
  };
  const warnings: string[] = [];

  if (!/^nodejs\d+\.x$/.test(config.bundle.runtime)) fail('bundle.runtime', `"${config.bundle.runtime}" is not a Node.js Lambda runtime.`, 'use "nodejs22.x" or "nodejs24.x".');
  if (!config.bundle.outfile.endsWith('.zip')) fail('bundle.outfile', `"${config.bundle.outfile}" must end in .zip.`, 'Lambda deploys a .zip file, e.g. "dist/lambda.zip".');
  if (options.maxSize !== undefined && !(Number.isFinite(options.maxSize) && options.maxSize > 0)) {
    fail('bundle.maxSize', `${options.maxSize} is not a positive number of bytes.`, 'give the budget in bytes, e.g. 300000.');
  }
  for (const name of Object.keys(config.function.environment)) {
    // Lambda: "Keys start with a letter and are at least two characters. Keys only contain letters, numbers, and the underscore character."
    if (!/^[a-zA-Z][a-zA-Z0-9_]+$/.test(name)) fail(`function.environment.${name}`, 'is not a valid Lambda environment variable name.', 'names start with a letter, have two characters or more, and use only letters, digits and _.');
    if (RESERVED_ENVIRONMENT.has(name)) fail(`function.environment.${name}`, 'is reserved: Lambda sets it itself.', 'remove it from function.environment.');
  }
  if (config.function.memorySize < 128 || config.function.memorySize > 10_240) {
    fail('function.memorySize', `${config.function.memorySize} MB is outside Lambda's range of 128 to 10240 MB.`, 'pick a size between 128 and 10240.');
  }
  if (config.function.timeout < 1 || config.function.timeout > 900) {
    fail('function.timeout', `${config.function.timeout} s is outside Lambda's range of 1 to 900 seconds.`, 'pick a timeout between 1 and 900.');
  }
  for (const name of config.bundle.external) {
    if (/^(?:graphql|gqlambda)(?:\/|$)/.test(name)) {
      warnings.push(`bundle.external lists "${name}": the zip then works only where a layer provides it, and the runtime and your resolvers must load the same copy.`);
    }
  }
  if (config.function.timeout > 30) {
    warnings.push(`function.timeout is ${config.function.timeout} s, but API Gateway HTTP APIs give up after 30 s: requests through the API will not wait that long.`);
  }
  return warnings;
}
