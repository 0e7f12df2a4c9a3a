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

export class Lru<V> {
  private readonly map = new Map<string, Entry<V>>();
  private total = 0;

  constructor(private readonly maxWeight: number) {}

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** Adds an entry; one heavier than the whole budget is not kept. */
  set(key: string, value: V, weight = 1): void {
    if (weight > this.maxWeight) return;
    const previous = this.map.get(key);
    if (previous) this.total -= previous.weight;
    this.map.delete(key);
    this.map.set(key, { value, weight, used: false });
    this.total += weight;
    // The Map keeps insertion order: walk from the oldest, giving the new entry and those used since their
    // last turn a second chance at the end. Marks are cleared as the walk meets them, and the new entry
    // alone fits the budget, so the walk ends.
    for (const [oldest, entry] of this.map) {
      if (this.total <= this.maxWeight) break;
      this.map.delete(oldest);
      if (entry.used || oldest === key) {
        entry.used = false;
        this.map.set(oldest, entry);
      } else {
        this.total -= entry.weight;
      }
    }
  }

  get size(): number {
    return this.map.size;
  }
}
