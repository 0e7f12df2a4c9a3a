/**
 * Small requests cannot run a function out of memory: the document cache holds documents by the weight of
 * their text, and no failure at all (a cached validation failure held some 57 KB for a 15-character query,
 * so about 8,000 distinct `{ nosuchN }` requests took a 512 MB function past its heap limit).
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs bench script, no types
import { distinctRequests } from '../bench/memory.mjs';

describe('the document cache under many distinct requests', () => {
  it('answers 20,000 distinct valid and failing queries within a 64 MB heap', () => {
    // A 128 MB function's heap is about 100 MB; this child gets 64, so a cache that kept failures would die.
    const last = JSON.parse((distinctRequests({ requests: 20_000, every: 20_000, heapMB: 64 }) as string).trim());
    expect(last.statuses).toEqual({ 200: 20000 });
    expect(last.heapMB).toBeLessThan(40);
  });
});
