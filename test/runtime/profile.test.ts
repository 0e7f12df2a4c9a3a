/** resolveOptions: the profile's defaults, explicit overrides, and limits merged over their defaults. */
import { describe, expect, it } from 'vitest';
import { defaultLogger } from '../../src/runtime/logger.js';
import { BUILD_PROFILE, DEFAULT_LIMITS, resolveOptions } from '../../src/runtime/profile.js';

describe('resolveOptions', () => {
  it('unbundled code runs in the production profile, the safe one', () => {
    expect(BUILD_PROFILE).toBe('production');
  });

  it('production: introspection, debug and the explorer are off; everything has a value', () => {
    expect(resolveOptions({})).toEqual({
      profile: 'production',
      context: undefined,
      rootValue: undefined,
      introspection: false,
      debug: false,
      explorer: false,
      formatError: undefined,
      validationRules: [],
      limits: { maxDepth: 15, maxAliases: 30, maxTokens: 5000, maxBodyBytes: 100_000, maxCost: 50_000, defaultListSize: 10, maxResultValues: 100_000 },
      cors: undefined,
      csrfPrevention: false,
      batching: false,
      graphqlPath: undefined,
      healthCheckPath: undefined,
      logger: defaultLogger,
      timeoutReserveMs: 500,
    });
  });

  it('development: introspection, debug and the explorer are on', () => {
    expect(resolveOptions({ profile: 'development' })).toMatchObject({ introspection: true, debug: true, explorer: true });
  });

  it('explicit options win over the profile', () => {
    expect(resolveOptions({ profile: 'development', introspection: false, explorer: false })).toMatchObject({
      introspection: false,
      debug: true,
      explorer: false,
    });
    expect(resolveOptions({ introspection: true })).toMatchObject({ introspection: true, debug: false });
  });

  it('partial limits are merged over the defaults; an undefined limit keeps its default', () => {
    expect(resolveOptions({ limits: { maxDepth: 8, maxAliases: undefined, maxCost: 1000 } }).limits).toEqual({
      ...DEFAULT_LIMITS,
      maxDepth: 8,
      maxCost: 1000,
    });
  });

  it('fills in CORS, CSRF and batching defaults', () => {
    const resolved = resolveOptions({ cors: { origin: 'https://app.example.com' }, csrfPrevention: true, batching: true });
    expect(resolved.cors).toEqual({
      origin: 'https://app.example.com',
      credentials: false,
      allowedHeaders: ['content-type', 'authorization'],
      maxAge: 600,
    });
    expect(resolved.csrfPrevention).toEqual({ requestHeaders: ['x-apollo-operation-name', 'apollo-require-preflight', 'graphql-require-preflight'] });
    expect(resolved.batching).toEqual({ maxBatchSize: 10 });
    expect(resolveOptions({ batching: { maxBatchSize: 3 }, csrfPrevention: { requestHeaders: ['x-csrf'] } })).toMatchObject({
      batching: { maxBatchSize: 3 },
      csrfPrevention: { requestHeaders: ['x-csrf'] },
    });
  });

  it('logger: false silences request lines but still reports failures', () => {
    const { logger } = resolveOptions({ logger: false });
    expect(logger).not.toBe(defaultLogger);
    expect(logger.error).toBe(defaultLogger.error);
  });
});
