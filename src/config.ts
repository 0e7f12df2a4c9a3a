/**
 * config
 *
 * The shape of gqlambda.config.ts / gqlambda.config.json and every default in one place.
 * Loading and validation (with key paths in errors) live in config-load.ts.
 */

export type LambdaRuntime = 'nodejs22.x' | 'nodejs24.x';
export type Profile = 'development' | 'production';

export interface BundleConfig {
  /** Lambda runtime; the esbuild target is derived from it. @default 'nodejs22.x' */
  runtime: LambdaRuntime;
  /** ESM writes index.mjs, CJS writes index.js. @default 'esm' */
  format: 'esm' | 'cjs';
  /** @default true */
  minify: boolean;
  /** false, 'external' (a .map file kept out of the zip) or 'inline'. @default false */
  sourcemap: false | 'external' | 'inline';
  /** Module specifiers left out of the bundle, on top of the AWS SDK v3. @default [] */
  external: string[];
  /** Leave `@aws-sdk/*` out of the bundle, since Lambda's Node.js runtime provides it. @default true */
  excludeAwsSdk: boolean;
  /** Where the zip is written, relative to the project. @default 'dist/lambda.zip' */
  outfile: string;
  /** Fail the build when the zip is larger than this many bytes. @default undefined (only Lambda's limits) */
  maxSize?: number;
}

export interface FunctionConfig {
  /** @default 'arm64' */
  architecture: 'arm64' | 'x86_64';
  /** MB. @default 512 */
  memorySize: number;
  /** Seconds. @default 10 */
  timeout: number;
  /** Environment variables of the deployed function. @default {} */
  environment: Record<string, string>;
  /** Write dist/template.yaml (AWS SAM). @default true */
  samTemplate: boolean;
}

export interface GqlambdaConfig {
  /** Glob(s) of .graphql files, relative to the config file. @default ['schema/**\/*.graphql'] */
  schema: string[];
  /**
   * Glob(s) of the clients' .graphql operations: validated at build time and served as trusted documents
   * (by `documentId`); `gqlambda build --operations` sets it too. @default [] (none)
   */
  operations: string[];
  /** Folder of the per-type resolver stubs (the user's code). @default 'src/resolvers' */
  resolvers: string;
  /** Folder that gqlambda owns and overwrites. @default '.gqlambda' */
  generated: string;
  context: {
    /** Module exporting the context type and factory. @default 'src/context.ts' */
    module: string;
    /** Name of the exported context type. @default 'Context' */
    type: string;
    /** Name of the exported factory `(event, lambdaContext, request) => Context`. @default 'createContext' */
    factory: string;
  };
  /**
   * Module whose default export holds the runtime options (CORS, limits, setup hook, …), or null for none.
   * @default 'src/server.ts'
   */
  server: string | null;
  /** Custom scalar -> TypeScript type, e.g. `{ DateTime: 'string' }`. @default {} */
  scalars: Record<string, string>;
  /** Schema type -> model type as `path#Export`, relative to the config file. @default {} */
  mappers: Record<string, string>;
  bundle: BundleConfig;
  function: FunctionConfig;
}

/** What users write: every key optional, nested objects partial. */
export interface UserConfig {
  schema?: string | string[];
  operations?: string | string[];
  resolvers?: string;
  generated?: string;
  context?: Partial<GqlambdaConfig['context']>;
  server?: string | null;
  scalars?: Record<string, string>;
  mappers?: Record<string, string>;
  bundle?: Partial<BundleConfig>;
  function?: Partial<FunctionConfig>;
}

/** Types a gqlambda.config.ts; returns its argument unchanged. */
export function defineConfig(config: UserConfig): UserConfig {
  return config;
}

export function defaultConfig(): GqlambdaConfig {
  return {
    schema: ['schema/**/*.graphql'],
    operations: [],
    resolvers: 'src/resolvers',
    generated: '.gqlambda',
    context: { module: 'src/context.ts', type: 'Context', factory: 'createContext' },
    server: 'src/server.ts',
    scalars: {},
    mappers: {},
    bundle: {
      runtime: 'nodejs22.x',
      format: 'esm',
      minify: true,
      sourcemap: false,
      external: [],
      excludeAwsSdk: true,
      outfile: 'dist/lambda.zip',
    },
    function: {
      architecture: 'arm64',
      memorySize: 512,
      timeout: 10,
      environment: {},
      samTemplate: true,
    },
  };
}

/** A loaded config: the resolved values plus where they came from. */
export interface ResolvedConfig extends GqlambdaConfig {
  /** Absolute folder of the project (the config file's folder). */
  root: string;
  /** Absolute path of the config file, or undefined when defaults were used. */
  configFile?: string;
}
