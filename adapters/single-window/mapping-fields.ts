import { createHash } from 'node:crypto';
import { formatDecimal, newCebGuid } from './ceb/index.js';

/** Field helpers shared by the mapping files (mapping.ts, mapping-import.ts, mapping-summary.ts). */

/** 36-char upper-case UUID-shaped guid from SHA-256 of the idempotency key. */
export function guidFor(idempotencyKey: string): string {
  const h = createHash('sha256').update(idempotencyKey).digest('hex');
  return newCebGuid(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`);
}

/** At most `max` characters (code points, as the XSD length facets count). */
export const clip = (text: string, max: number): string => [...text].slice(0, max).join('');

/** An N19,5 amount or quantity as CEB decimal text (at most 5 decimal places). */
export const dec = (n: number): string => formatDecimal(n, 5);
