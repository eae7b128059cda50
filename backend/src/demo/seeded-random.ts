/**
 * A seeded pseudo-random generator (mulberry32) with the draws the demo workload needs. The same
 * seed always yields the same sequence, so the demo data can be reproduced and tested against.
 * Not for anything secret.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Returns a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Returns an integer from `min` to `max`, both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /**
   * Rounds a non-negative expected count to an integer whose mean is that count: 2.3 becomes 3 with
   * probability 0.3, else 2.
   */
  count(expected: number): number {
    const whole = Math.floor(expected);
    return whole + (this.chance(expected - whole) ? 1 : 0);
  }

  /** Returns a factor around 1 whose logarithm is uniform in [-spread, spread]. */
  jitter(spread: number): number {
    return Math.exp((this.next() * 2 - 1) * spread);
  }
}

/**
 * Picks items in proportion to their weights. Builds the cumulative table once, so each pick is a
 * binary search.
 */
export class WeightedPicker<T> {
  private readonly items: T[];
  private readonly cumulative: number[];

  constructor(weights: ReadonlyArray<readonly [T, number]>) {
    this.items = weights.map(([item]) => item);
    let total = 0;
    this.cumulative = weights.map(([, weight]) => (total += weight));
  }

  pick(random: SeededRandom): T {
    const target = random.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low];
  }
}

/** Derives a 32-bit seed from a base seed and a name (FNV-1a), so that each tenant gets its own stream. */
export function deriveSeed(seed: number, name: string): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
