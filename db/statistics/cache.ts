import type { Group } from './types.js';

/**
 * Aggregates of rolled-up months, kept in memory: a closed month's StatsMonthly rows change only
 * when the month is refreshed, and the key holds each month's refresh time, so an entry can never
 * be stale (a refresh makes a new key; old ones age out). Bounded in entries and in groups per entry.
 */
export class RollupCache {
  private readonly entries = new Map<string, Group[]>();
  hits = 0;
  misses = 0;
  constructor(private readonly maxEntries = 500, private readonly maxGroups = 20_000) {}
  get(key: string): Group[] | undefined {
    const v = this.entries.get(key);
    if (v) {
      this.entries.delete(key);
      this.entries.set(key, v);
      this.hits++;
    } else {
      this.misses++;
    }
    return v;
  }
  set(key: string, groups: Group[]): void {
    if (groups.length > this.maxGroups) return;
    this.entries.set(key, groups);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
  clear(): void {
    this.entries.clear();
  }
}

/** The process-wide cache of rollup aggregates (the bench clears it to measure cold requests). */
export const rollupCache = new RollupCache();
