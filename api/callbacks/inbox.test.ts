import { FieldCipher } from '../../codec/field-cipher.js';
import { DEV_PAYLOAD_KEYS } from '../../codec/keys.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { FastifyBaseLogger } from 'fastify';
import { createTestDatabase } from '../../test/support/db.js';
import type { Secret } from '../../config/config.js';
import { listDeadLetters, requeueDeadLetter } from './inbox.js';
import { redeliverInbox, type CallbackSystem, type RedeliveryDeps } from './process.js';

/**
 * The inbox redelivery on a real database: callbacks stored but not delivered (Temporal
 * unreachable, the API killed mid-request) are delivered again, whether or not the sender
 * retries; one that keeps failing is dead-lettered and never holds back the others.
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let deps: RedeliveryDeps;
const errors: unknown[] = [];
const rail: CallbackSystem = { id: 'rail', kind: 'carrier', secret: {} as Secret };
beforeAll(async () => {
  database = await createTestDatabase();
  const log = { error: (o: unknown) => errors.push(o), warn: () => undefined } as unknown as FastifyBaseLogger;
  deps = { db: database.db, temporal: {} as Client, systems: new Map([['rail', rail]]), maxAttempts: 3, log, cipher: new FieldCipher(DEV_PAYLOAD_KEYS) };
});
afterAll(async () => database.drop());

const tag = `inbox-${Date.now()}`;
async function stored(name: string, ageMs: number, outcome = 'RECEIVED') {
  const at = new Date(Date.now() - ageMs);
  await database.db.inboundMessage.create({ data: { system: 'rail', bodyHash: `${tag}-${name}`, contentType: 'application/json', body: JSON.stringify({ name }), outcome, receivedAt: at, nextAttemptAt: new Date(at.getTime() + 10_000) } });
}
const row = (name: string) => database.db.inboundMessage.findUniqueOrThrow({ where: { bodyHash: `${tag}-${name}` } });
const outcomeOf = async (name: string) => (await row(name)).outcome;
const nameOf = (raw: string) => (JSON.parse(raw) as { name: string }).name;
/** Makes every stored callback due now (as if its retry time had passed). */
const timePasses = () => database.db.inboundMessage.updateMany({ where: { bodyHash: { startsWith: tag } }, data: { nextAttemptAt: new Date(Date.now() - 1) } });

describe('inbox redelivery', () => {
  it('delivers stored callbacks that waited, oldest first, and leaves fresh and finished ones alone', async () => {
    await stored('old-1', 60_000);
    await stored('old-2', 30_000);
    await stored('fresh', 1_000);
    await stored('done', 60_000, 'DELIVERED');
    const seen: string[] = [];
    const n = await redeliverInbox(deps, async (_s, raw) => {
      seen.push(nameOf(raw));
      return { outcome: 'DELIVERED' };
    });
    expect(seen).toEqual(['old-1', 'old-2']);
    expect(n.delivered).toBe(2);
    expect([await outcomeOf('old-1'), await outcomeOf('old-2'), await outcomeOf('fresh'), await outcomeOf('done')]).toEqual(['DELIVERED', 'DELIVERED', 'RECEIVED', 'DELIVERED']);
    await database.db.inboundMessage.deleteMany({ where: { bodyHash: { startsWith: tag } } });
  });

  it('stops a round when Temporal is down, keeps the callbacks and retries them after a backoff', async () => {
    for (const [i, name] of ['down-1', 'down-2', 'down-3', 'down-4'].entries()) await stored(name, 60_000 - i * 1000);
    const tried: string[] = [];
    const n = await redeliverInbox(deps, async (_s, raw) => {
      tried.push(nameOf(raw));
      throw new Error('14 UNAVAILABLE: Temporal is down');
    });
    expect(n).toEqual({ delivered: 0, failed: 3, deadLettered: 0 });
    expect(tried).toEqual(['down-1', 'down-2', 'down-3']); // three failures in a row end the round
    expect(await outcomeOf('down-1')).toBe('RECEIVED');
    expect((await row('down-1')).nextAttemptAt.getTime()).toBeGreaterThan(Date.now()); // not before its backoff
    const next = await redeliverInbox(deps, async () => ({ outcome: 'WORKFLOW_CLOSED' }));
    expect(next.delivered).toBe(1); // only down-4 is due; the others wait for their retry time
    await timePasses();
    expect((await redeliverInbox(deps, async () => ({ outcome: 'DELIVERED' }))).delivered).toBe(3);
    await database.db.inboundMessage.deleteMany({ where: { bodyHash: { startsWith: tag } } });
  });

  it('dead-letters a poison callback after the configured attempts while later callbacks are delivered', async () => {
    await stored('poison', 90_000);
    for (const name of ['good-1', 'good-2', 'good-3']) await stored(name, 60_000);
    const delivered: string[] = [];
    const process = async (_s: CallbackSystem, raw: string) => {
      if (nameOf(raw) === 'poison') throw new TypeError('Cannot read properties of undefined');
      delivered.push(nameOf(raw));
      return { outcome: 'DELIVERED' as const };
    };
    const first = await redeliverInbox(deps, process);
    expect(delivered).toEqual(['good-1', 'good-2', 'good-3']); // the poison one did not hold them back
    expect(first).toEqual({ delivered: 3, failed: 1, deadLettered: 0 });
    for (let round = 2; round <= deps.maxAttempts; round++) {
      await timePasses();
      await redeliverInbox(deps, process);
    }
    const poison = await row('poison');
    expect([poison.outcome, poison.attempts, poison.lastError]).toEqual(['DEAD_LETTER', 3, 'Cannot read properties of undefined']);
    expect(errors).toHaveLength(1);
    await timePasses();
    expect((await redeliverInbox(deps, process)).failed).toBe(0); // dead letters are not retried
    expect((await listDeadLetters(database.db)).items.map((d) => d.bodyHash)).toEqual([`${tag}-poison`]);
    // ops requeue it once the cause is fixed: delivered by the next round
    expect(await requeueDeadLetter(database.db, poison.id)).toBe(true);
    expect(await requeueDeadLetter(database.db, poison.id)).toBe(false);
    await redeliverInbox(deps, async () => ({ outcome: 'DELIVERED' }));
    expect(await outcomeOf('poison')).toBe('DELIVERED');
  });

  it('lists dead letters newest first a page at a time, each one once, the last page without a next cursor', async () => {
    for (const [i, name] of ['dead-1', 'dead-2', 'dead-3', 'dead-4', 'dead-5'].entries()) await stored(name, 60_000 - i * 1000, 'DEAD_LETTER');
    const mine = (items: { bodyHash: string }[]) => items.map((d) => d.bodyHash.slice(tag.length + 1)).filter((n) => n.startsWith('dead-'));
    const seen: string[] = [];
    let before: bigint | undefined;
    for (let pages = 1; ; pages++) {
      const page = await listDeadLetters(database.db, { limit: 2, before });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...mine(page.items));
      if (page.nextCursor === null) break;
      before = BigInt(page.nextCursor);
      expect(pages).toBeLessThan(10);
    }
    expect(seen).toEqual(['dead-5', 'dead-4', 'dead-3', 'dead-2', 'dead-1']);
    await database.db.inboundMessage.deleteMany({ where: { bodyHash: { startsWith: tag } } });
  });
});
