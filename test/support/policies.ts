import { expect } from 'vitest';
import { eventually, type Platform } from './platform.js';


/** A policy as the API shows it. */
export async function policyOf(p: Platform, id: string) {
  return (await p.api.GET('/v1/policies/{id}', { params: { path: { id } } })).data!;
}

/** Polls a policy until `done` holds (two business minutes of patience on a loaded machine: 120 s). */
export function policyWhen(p: Platform, id: string, what: string, done: (x: Awaited<ReturnType<typeof policyOf>>) => boolean) {
  return eventually(async () => {
    const x = await policyOf(p, id);
    return done(x) ? x : undefined;
  }, `${id}: ${what}`, 120_000);
}

/** The enterprise's INSURANCE consent for the insurer on one shipment (goods, timeline), then a cargo policy applied for: its id. */
export async function insuredCargo(p: Platform, shipmentId: string): Promise<string> {
  const consent = await p.api.POST('/v1/finance/consents', { body: { recipient: 'insurer', purpose: 'INSURANCE', subjectIds: [shipmentId], allSubjects: false, facts: ['GOODS', 'TIMELINE'], validUntil: new Date(Date.now() + 86_400_000).toISOString() } });
  expect(consent.response.status).toBe(201);
  const applied = await p.api.POST('/v1/policies', { body: { shipmentId, insurer: 'insurer' } });
  expect(applied.response.status).toBe(202);
  return applied.data!.id;
}
