import { describe, expect, it } from 'vitest';
import { localAlias, needsLocalAlias } from '../../src/generate/stub-names.js';

describe('stub names', () => {
  it('gives types that would shadow a global, or are reserved words, a readable local name', () => {
    expect(['Error', 'JSON', 'Date', 'URLSearchParams', 'delete', 'Query', 'Product'].map(needsLocalAlias)).toEqual([
      true, true, true, true, true, false, false,
    ]);
    expect(localAlias('Error', 'Resolvers')).toBe('errorResolvers');
    expect(localAlias('JSON', 'Scalar')).toBe('jsonScalar');
    expect(localAlias('URLSearchParams', 'Resolvers')).toBe('urlSearchParamsResolvers');
    expect(localAlias('delete', 'Resolvers')).toBe('deleteResolvers');
  });
});
