/** Deterministic sampling for the seed data: a PRNG, weighted picks, amounts, exact splits. */

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from weighted items in O(log n) (cumulative table + binary search). */
export class Picker<T> {
  private readonly cumulative: number[] = [];
  constructor(private readonly items: readonly T[], weights: readonly number[]) {
    let sum = 0;
    for (const w of weights) this.cumulative.push((sum += w));
  }
  get empty(): boolean {
    return this.items.length === 0 || (this.cumulative[this.cumulative.length - 1] ?? 0) <= 0;
  }
  pick(r: number): T {
    const target = r * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

export const pickerOf = <T extends string>(w: Record<T, number>) => new Picker(Object.keys(w) as T[], Object.values(w) as number[]);

/** A log-normal amount around `median`, clipped to [min, max], rounded to the cent. */
export function amount(r: () => number, median: number, sigma: number, min: number, max: number): number {
  const u = Math.max(r(), 1e-9);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  return Math.round(Math.min(max, Math.max(min, median * Math.exp(sigma * z))) * 100) / 100;
}

/** Splits `total` over weights exactly (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k]![1]]! += 1;
  return out;
}
