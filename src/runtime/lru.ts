/**
 * lru
 *
 * A least-recently-used map bounded by the total weight of its entries (the document cache weighs a
 * query by its length, since a parsed document's size follows its text). A Map iterates in insertion
 * order, so re-inserting on every hit keeps the least recently used entry first, and it goes first.
 */
export class Lru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private total = 0;

  constructor(private readonly maxWeight: number) {}

  get(key: string): V | undefined {
    const entry = this.map.get(key);
    if (entry === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  /** Adds an entry; one heavier than the whole budget is not kept. */
  set(key: string, value: V, weight = 1): void {
    if (weight > this.maxWeight) return;
    const previous = this.map.get(key);
    if (previous) this.total -= previous.weight;
    this.map.delete(key);
    this.map.set(key, { value, weight });
    this.total += weight;
    for (const [oldest, entry] of this.map) {
      if (this.total <= this.maxWeight) break;
      this.map.delete(oldest);
      this.total -= entry.weight;
    }
  }

  get size(): number {
    return this.map.size;
  }
}
