/** The document cache's map: bounded by weight, evicting what was not used lately. */
import { describe, expect, it } from 'vitest';
import { createLru } from '../../src/runtime/lru.js';

describe('Lru', () => {
  it('keeps the total weight under its budget, evicting the oldest first', () => {
    const lru = createLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    lru.set('c', 'C', 4);
    expect(lru.get('a')).toBeUndefined();
    expect([lru.get('b'), lru.get('c')]).toEqual(['B', 'C']);
  });

  it('gives an entry used since it was added a second chance', () => {
    const lru = createLru<string>(3);
    lru.set('a', 'A');
    lru.set('b', 'B');
    lru.set('c', 'C');
    lru.get('a');
    lru.set('d', 'D');
    expect(lru.get('a')).toBe('A');
    expect(lru.get('b')).toBeUndefined();
    expect([lru.get('c'), lru.get('d')]).toEqual(['C', 'D']);
  });

  it('evicts everything else for a heavy entry, and keeps nothing heavier than the budget', () => {
    const lru = createLru<string>(10);
    lru.set('a', 'A', 3);
    lru.get('a');
    lru.set('b', 'B', 10);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.get('b')).toBe('B');
    lru.set('c', 'C', 11);
    expect(lru.get('c')).toBeUndefined();
    expect(lru.get('b')).toBe('B');
  });

  it('replaces an entry under the same key without counting it twice', () => {
    const lru = createLru<string>(5);
    lru.set('a', 'A1', 5);
    lru.set('a', 'A2', 5);
    expect(lru.get('a')).toBe('A2'); // counted twice, 10 would be over the budget of 5 and evict it
  });
});
