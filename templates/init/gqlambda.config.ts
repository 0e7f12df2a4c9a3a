import { defineConfig } from 'gqlambda';

// Every key is optional; the values below are the defaults, except `mappers`.
export default defineConfig({
  // Glob(s) of .graphql files, relative to this file. Several files and `extend type` are fine.
  schema: ['schema/**/*.graphql'],
  // One editable resolver file per type. gqlambda adds stubs for new fields and never changes your code.
  resolvers: 'src/resolvers',
  // Generated code, overwritten by `gqlambda generate`.
  generated: '.gqlambda',
  // Where the context type and the factory that builds it for each request live.
  context: { module: 'src/context.ts', type: 'Context', factory: 'createContext' },
  // Runtime options (CORS, limits, error formatting, …), or null for none.
  server: 'src/server.ts',
  // Custom scalar -> TypeScript type, e.g. { DateTime: 'string' }.
  scalars: {},
  // Schema type -> the model your resolvers return for it, as 'path#Export'.
  mappers: { Book: './src/data.ts#BookRecord' },
  bundle: { runtime: 'nodejs22.x' },
});
