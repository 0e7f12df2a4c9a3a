/**
 * lru
 *
 * A map bounded by the total weight of its entries (the document cache weighs a query by its length,
 * since a parsed document's size follows its text), evicting entries not used lately first. It is a
 * CLOCK ("second chance") cache rather than a strict LRU: a hit only marks the entry, where moving it to
 * the end of the Map would cost a delete and an insert (and, over time, a rehash) on every request.
 */
interface Entry<V> {
  value: V;
  weight: number;
  used: boolean;
}

/** The cache's operations. */
export interface Lru<V> {
  get(key: string): V | undefined;
  /** Adds an entry; one heavier than the whole budget is not kept. */
  set(key: string, value: V, weight?: number): void;
}

/** A cache holding at most `maxWeight` in total. (A closure rather than a class: its names minify.) */
export function createLru<V>(maxWeight: number): Lru<V> {
  const map = new Map<string, Entry<V>>();
  let total = 0;
  return {
    get(key) {
      const entry = map.get(key);
      if (entry === undefined) return undefined;
      entry.used = true;
      return entry.value;
    },
    set(key, value, weight = 1) {
      if (weight > maxWeight) return;
      const previous = map.get(key);
      if (previous) total -= previous.weight;
      map.delete(key);
      map.set(key, { value, weight, used: false });
      total += weight;
      // The Map keeps insertion order: walk from the oldest, giving the new entry and those used since their
      // last turn a second chance at the end. Marks are cleared as the walk meets them, and the new entry
      // alone fits the budget, so the walk ends.
      for (const [oldest, entry] of map) {
        if (total <= maxWeight) break;
        map.delete(oldest);
        if (entry.used || oldest === key) {
          entry.used = false;
          map.set(oldest, entry);
        } else {
          total -= entry.weight;
        }
      }
    },
  };
}
