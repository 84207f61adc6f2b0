/**
 * The delivery loop against real receivers over HTTP and a PostgreSQL database of its own: a
 * receiver that hangs gets no more than WEBHOOK_MAX_IN_FLIGHT_PER_ENDPOINT requests at once and
 * does not hold up another endpoint's events, which arrive in order per ordering key.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { fieldCipher } from '../../codec/index.js';
import { loadConfig } from '../../config/config.js';
import { appendEvent } from '../../db/events.js';
import { useScratchPostgres } from '../../test/support/db.js';
import { deliveryLoop } from './delivery.js';

const scratch = useScratchPostgres('webhook_loop');
const cipher = fieldCipher(loadConfig({ CBEC_ENV: 'development' }));

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook` };
}

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

describe('the webhook delivery loop', () => {
  it('caps requests in flight per endpoint, and a hanging receiver does not delay another endpoint', async () => {
    // the hanging receiver reads the request and never answers (the attempt times out after 15 s)
    let open = 0;
    let mostOpen = 0;
    let hangingSeen = 0;
    const hanging = await listen((req) => {
      hangingSeen += 1;
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      req.socket.once('close', () => (open -= 1));
      req.resume();
    });
    const arrived: { key: string; sequence: number; at: number }[] = [];
    const healthy = await listen((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const e = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { orderingKey: string; sequence: number };
        arrived.push({ key: e.orderingKey, sequence: e.sequence, at: Date.now() });
        res.writeHead(204).end();
      });
    });
    servers.push(hanging.server, healthy.server);

    const ent = 'ent-loop';
    await scratch.db.webhookEndpoint.createMany({ data: [
      { id: 'we_hanging', enterpriseId: ent, url: hanging.url, eventTypes: [], secret: cipher.seal('whsec_aGFuZ2luZy1zZWNyZXQtb2YtMzItYnl0ZXMtLS0tLQ==') },
      { id: 'we_healthy', enterpriseId: ent, url: healthy.url, eventTypes: [], secret: cipher.seal('whsec_aGVhbHRoeS1zZWNyZXQtb2YtMzItYnl0ZXMtLS0tLQ==') },
    ] });
    // 12 shipments with 5 events each, appended shipment after shipment
    const keys = Array.from({ length: 12 }, (_, i) => `ship-${i}`);
    for (let n = 1; n <= 5; n++) {
      for (const key of keys) await appendEvent(scratch.db, { id: `evt_loop_${key}_${n}`, enterpriseId: ent, type: 'stock.received', orderingKey: key, occurredAt: new Date(), data: { n } });
    }
    const started = Date.now();
    const errors: unknown[] = [];
    const loop = deliveryLoop({ db: scratch.db, cipher, development: true, timeScale: 1, everyMs: 50, retentionDays: 30, perEndpoint: 3 }, (err) => errors.push(err));
    const timer = setInterval(() => void loop.pump(), 50);
    try {
      await expect.poll(() => arrived.length, { timeout: 12_000, interval: 20 }).toBe(60);
      // every event well within one attempt timeout of the hanging endpoint (15 s): it held up nothing
      expect(Math.max(...arrived.map((a) => a.at)) - started).toBeLessThan(10_000);
      for (const key of keys) expect(arrived.filter((a) => a.key === key).map((a) => a.sequence)).toEqual([...arrived.filter((a) => a.key === key).map((a) => a.sequence)].sort((a, b) => a - b));
      expect(new Set(arrived.map((a) => `${a.key}#${a.sequence}`)).size).toBe(60);
      expect(hangingSeen).toBe(3);
      expect(mostOpen).toBe(3);
      const leased = await scratch.db.webhookDelivery.count({ where: { endpointId: 'we_hanging', status: 'PENDING', leaseUntil: { gte: new Date() } } });
      expect(leased).toBe(3);
    } finally {
      clearInterval(timer);
      // the hanging receiver lets go: its attempts end as failures and are recorded before the loop stops
      hanging.server.closeAllConnections();
      await loop.stop();
    }
    expect(errors).toEqual([]);
    const failed = await scratch.db.webhookAttempt.findMany({ where: { endpointId: 'we_hanging' } });
    expect(failed.map((a) => a.ok)).toEqual([false, false, false]);
  }, 30_000);

  it('keeps the cap across two processes and each shipment in order while slots are handed on', async () => {
    // a receiver that answers after a few ms, so requests overlap; it counts how many are open at once
    let open = 0;
    let mostOpen = 0;
    const arrived: { key: string; sequence: number }[] = [];
    const receiver = await listen((req, res) => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const e = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { orderingKey: string; sequence: number };
        arrived.push({ key: e.orderingKey, sequence: e.sequence });
        setTimeout(() => {
          open -= 1;
          res.writeHead(204).end();
        }, 5);
      });
    });
    servers.push(receiver.server);
    const ent = 'ent-handoff';
    await scratch.db.webhookEndpoint.create({ data: { id: 'we_busy', enterpriseId: ent, url: receiver.url, eventTypes: [], secret: cipher.seal('whsec_YnVzeS1lbmRwb2ludC1zZWNyZXQtb2YtMzItYnl0ZXM=') } });
    // 10 shipments with 8 events each, interleaved as a burst makes them
    const keys = Array.from({ length: 10 }, (_, i) => `burst-${i}`);
    for (let n = 1; n <= 8; n++) {
      for (const key of keys) await appendEvent(scratch.db, { id: `evt_burst_${key}_${n}`, enterpriseId: ent, type: 'stock.received', orderingKey: key, occurredAt: new Date(), data: { n } });
    }
    const errors: unknown[] = [];
    // two API processes' loops on the same database, cap 3 between them
    const loops = [1, 2].map(() => deliveryLoop({ db: scratch.db, cipher, development: true, timeScale: 1, everyMs: 50, retentionDays: 30, perEndpoint: 3 }, (err) => errors.push(err)));
    const timer = setInterval(() => loops.forEach((l) => void l.pump()), 50);
    try {
      await expect.poll(() => arrived.length, { timeout: 20_000, interval: 20 }).toBe(80);
    } finally {
      clearInterval(timer);
      await Promise.all(loops.map((l) => l.stop()));
    }
    expect(errors).toEqual([]);
    expect(mostOpen).toBeLessThanOrEqual(3);
    for (const key of keys) expect(arrived.filter((a) => a.key === key).map((a) => a.sequence)).toEqual([...arrived.filter((a) => a.key === key).map((a) => a.sequence)].sort((a, b) => a - b));
    expect(new Set(arrived.map((a) => `${a.key}#${a.sequence}`)).size).toBe(80);
    expect(await scratch.db.webhookDelivery.count({ where: { endpointId: 'we_busy', status: 'DELIVERED' } })).toBe(80);
  }, 40_000);
});
