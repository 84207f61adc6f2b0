import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { FieldCipher } from '../../codec/field-cipher.js';
import { DEV_PAYLOAD_KEYS } from '../../codec/keys.js';
import { createTestDatabase } from '../../test/support/db.js';
import { redeliverInbox, type CallbackDeps } from './callbacks.routes.js';

/**
 * The inbox redelivery on a real database: callbacks stored but not delivered (Temporal
 * unreachable, the API killed mid-request) are delivered again, whether or not the sender retries.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let deps: CallbackDeps;
beforeAll(async () => {
  database = await createTestDatabase();
  deps = { db: database.db, temporal: {} as Client, secrets: { singleWindow: undefined as never, banks: {}, carriers: {}, warehouses: {} }, cipher: new FieldCipher(DEV_PAYLOAD_KEYS) };
});
afterAll(async () => database.drop());

const tag = `inbox-${Date.now()}`;
async function stored(name: string, ageMs: number, outcome = 'RECEIVED') {
  await database.db.inboundMessage.create({ data: { system: 'rail', bodyHash: `${tag}-${name}`, contentType: 'application/json', body: JSON.stringify({ name }), outcome, receivedAt: new Date(Date.now() - ageMs) } });
}
const outcomeOf = async (name: string) => (await database.db.inboundMessage.findUnique({ where: { bodyHash: `${tag}-${name}` } }))?.outcome;

describe('inbox redelivery', () => {
  it('delivers stored callbacks that waited, oldest first, and leaves fresh and finished ones alone', async () => {
    await stored('old-1', 60_000);
    await stored('old-2', 30_000);
    await stored('fresh', 1_000);
    await stored('done', 60_000, 'DELIVERED');
    const seen: string[] = [];
    const n = await redeliverInbox(deps, () => async (raw) => {
      seen.push((JSON.parse(raw) as { name: string }).name);
      return { outcome: 'DELIVERED', reply: {} };
    });
    expect(seen).toEqual(['old-1', 'old-2']);
    expect(n).toBe(2);
    expect([await outcomeOf('old-1'), await outcomeOf('old-2'), await outcomeOf('fresh'), await outcomeOf('done')]).toEqual(['DELIVERED', 'DELIVERED', 'RECEIVED', 'DELIVERED']);
  });

  it('stops the round when delivery still fails and keeps the callback for the next round', async () => {
    await stored('down-1', 60_000);
    await stored('down-2', 50_000);
    const tried: string[] = [];
    const n = await redeliverInbox(deps, () => async (raw) => {
      tried.push((JSON.parse(raw) as { name: string }).name);
      throw new Error('14 UNAVAILABLE: Temporal is down');
    });
    expect(n).toBe(0);
    expect(tried).toEqual(['down-1']);
    expect(await outcomeOf('down-1')).toBe('RECEIVED');
    const next = await redeliverInbox(deps, () => async () => ({ outcome: 'WORKFLOW_CLOSED', reply: {} }));
    expect(next).toBe(2);
    expect(await outcomeOf('down-2')).toBe('WORKFLOW_CLOSED');
  });
});
