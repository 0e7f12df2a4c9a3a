/** The programmatic API of gqlambda. The runtime is a separate entry: `gqlambda/runtime`. */
export { defineConfig, defaultConfig } from './config.js';
export type { GqlambdaConfig, UserConfig, BundleConfig, FunctionConfig, LambdaRuntime, Profile, ResolvedConfig } from './config.js';
export { GqlambdaError } from './errors.js';
