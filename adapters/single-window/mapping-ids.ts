import { createHash } from 'node:crypto';
import { newCebGuid } from './ceb/index.js';

/** 36-char upper-case UUID-shaped guid from SHA-256 of the idempotency key. */
export function guidFor(idempotencyKey: string): string {
  const h = createHash('sha256').update(idempotencyKey).digest('hex');
  return newCebGuid(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`);
}
