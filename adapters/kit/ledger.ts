import { createHash } from 'node:crypto';

export interface LedgerEntry {
  key: string;
  operation: string;
  /** How many times a request with this key arrived (1 = no repeat). */
  requests: number;
  requestHash: string;
  result: unknown;
  at: string;
}

export class IdempotencyConflict extends Error {
  constructor(readonly key: string) {
    super(`idempotency key ${key} was already used with a different request`);
  }
}

/**
 * A simulator's record of effects per idempotency key: the same key returns the stored result
 * and performs nothing again. Tests read it through GET /_ledger to prove "exactly once".
 */
export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();

  once<T>(key: string, operation: string, request: unknown, effect: () => T): { result: T; repeated: boolean } {
    const requestHash = createHash('sha256').update(JSON.stringify(request ?? null)).digest('hex');
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.operation !== operation || existing.requestHash !== requestHash) throw new IdempotencyConflict(key);
      existing.requests += 1;
      return { result: existing.result as T, repeated: true };
    }
    const result = effect();
    this.entries.set(key, { key, operation, requests: 1, requestHash, result, at: new Date().toISOString() });
    return { result, repeated: false };
  }

  get(key: string): LedgerEntry | undefined {
    return this.entries.get(key);
  }

  list(): LedgerEntry[] {
    return [...this.entries.values()];
  }

  clear(): void {
    this.entries.clear();
  }
}
