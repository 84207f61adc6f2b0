import { describe, expect, it } from 'vitest';
import { disruptionPlan } from './run.js';
import { webhookChecks, type HostileReceiver } from './receivers.js';
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

describe('chaos disruption plan', () => {
  it('takes the kinds in turn and spreads them over three quarters of the shipments', () => {
    expect(disruptionPlan({ shipments: 1000, workerKills: 4, apiKills: 2, serverRestarts: 1 })).toEqual([
      { kind: 'worker', afterFinished: 0 },
      { kind: 'api', afterFinished: 107 },
      { kind: 'server', afterFinished: 214 },
      { kind: 'worker', afterFinished: 321 },
      { kind: 'api', afterFinished: 428 },
      { kind: 'worker', afterFinished: 535 },
      { kind: 'worker', afterFinished: 642 },
    ]);
    expect(disruptionPlan({ shipments: 10, workerKills: 0, apiKills: 0, serverRestarts: 0 })).toEqual([]);
  });
});

describe('chaos webhook checks', () => {
  const receiver = (eventTypes: string[], arrivals: HostileReceiver['arrivals']) =>
    ({ behaviour: 'steady', eventTypes, arrivals, stats: { requests: 0, badSignatures: 0, answered500: 0, answeredLate: 0, acksDropped: 0, outages: 0 } }) as unknown as HostileReceiver;
  const events = [
    { id: 'e1', type: 'a', orderingKey: 'S1', sequence: 1 },
    { id: 'e2', type: 'b', orderingKey: 'S1', sequence: 2 },
    { id: 'e3', type: 'a', orderingKey: 'S2', sequence: 1 },
  ];
  it('counts events missing, first arrivals out of order and repeats, per subscription', () => {
    const all = receiver([], [{ id: 'e2', orderingKey: 'S1', sequence: 2 }, { id: 'e1', orderingKey: 'S1', sequence: 1 }, { id: 'e2', orderingKey: 'S1', sequence: 2 }]);
    const onlyA = receiver(['a'], [{ id: 'e1', orderingKey: 'S1', sequence: 1 }, { id: 'e3', orderingKey: 'S2', sequence: 1 }]);
    const figures = webhookChecks([all, onlyA], events, 0);
    expect(figures.lost).toEqual(['steady: a S2 #1 (e3)']);
    expect(figures.outOfOrder).toEqual(['steady: S1 #1 after #2']);
    expect(figures).toMatchObject({ duplicates: 1, expected: 5 });
  });
});
