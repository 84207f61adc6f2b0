import { describe, expect, it } from 'vitest';
import { effectChecks } from './verify.js';

const entry = (system: string, operation: string, key: string) => ({ system, operation, key, requests: 1, requestHash: 'h', result: null, at: '' });
const ship = 'shipment:ent-a:ORDER-1';

describe('chaos effect checks', () => {
  it('accepts one key per step, retries under the same key and new FX quotes per attempt', () => {
    const { duplicates, orphans } = effectChecks([
      entry('rail', 'book', `${ship}:transport-booking:r0`),
      { ...entry('bank', 'settle', `${ship}:fx-settlement:r0`), requests: 3 },
      entry('bank', 'quote', `${ship}:fx-quote:r0`),
      entry('bank', 'quote', `${ship}:fx-quote:r1`),
    ], new Set([ship]));
    expect(duplicates).toEqual([]);
    expect(orphans).toEqual([]);
  });

  it('flags a step performed under two keys, a call without a key and an effect nobody owns', () => {
    const { duplicates, orphans } = effectChecks([
      entry('rail', 'book', `${ship}:transport-booking:r0`),
      entry('rail', 'book', `${ship}:transport-booking:r1`),
      entry('single-window', 'CEB303Message', 'anonymous:5e3c'),
      entry('tax', 'recordExemption', 'shipment:ent-b:ORDER-9:tax-exemption:r0'),
    ], new Set([ship]));
    expect(duplicates).toEqual(['single-window CEB303Message under key anonymous:5e3c', `rail book ${ship}:transport-booking under 2 keys`]);
    expect(orphans).toEqual(['tax recordExemption under key shipment:ent-b:ORDER-9:tax-exemption:r0']);
  });
});
