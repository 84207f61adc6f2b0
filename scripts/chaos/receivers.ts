import { createServer, type Server } from 'node:http';
import type { components } from '../../api/client/index.js';
import { verifySignature } from '../../examples/webhook-receiver/receiver.js';

type EventType = components['schemas']['WebhookEndpointCreate']['eventTypes'][number];

/**
 * Hostile webhook receivers for the chaos run: each is registered as an endpoint of the run's
 * enterprise and misbehaves in its own way. Durations are business time divided by TIME_SCALE,
 * as every wait of the platform is. A receiver records every request whose signature verifies
 * (arrivals, duplicates included) before it decides how to answer.
 */
export type Behaviour =
  /** answers 204 at once */
  | 'steady'
  /** refuses connections (not listening) for 36 business hours, every 4 real seconds */
  | 'down'
  /** answers 500 to 30 % of requests */
  | 'failing'
  /** answers after 0–400 real ms; 1 % after 16 s, past the sender's 15 s timeout (the sender retries: a duplicate) */
  | 'slow'
  /** takes the event, then drops 10 % of answers on the way back (connection reset): the sender sends it again */
  | 'ack-lost';

export const BEHAVIOURS: { behaviour: Behaviour; eventTypes: EventType[] }[] = [
  { behaviour: 'steady', eventTypes: [] },
  { behaviour: 'down', eventTypes: [] },
  { behaviour: 'failing', eventTypes: ['shipment.status_changed', 'customs.released', 'customs.rejected'] },
  { behaviour: 'slow', eventTypes: ['customs.released', 'fx.settled', 'tax.refund_paid', 'transport.milestone'] },
  { behaviour: 'ack-lost', eventTypes: [] },
];

export interface Arrival {
  id: string;
  orderingKey: string;
  sequence: number;
}

export interface HostileReceiver {
  behaviour: Behaviour;
  eventTypes: string[];
  url: string;
  endpointId: string;
  /** Requests with a valid signature, in the order they arrived (duplicates included). */
  arrivals: Arrival[];
  stats: { requests: number; badSignatures: number; answered500: number; answeredLate: number; acksDropped: number; outages: number };
  setSecret(secret: string): void;
  stop(): Promise<void>;
}

export async function startHostileReceiver(behaviour: Behaviour, eventTypes: string[], timeScale: number): Promise<HostileReceiver> {
  let secrets: string[] = [];
  const arrivals: Arrival[] = [];
  const stats: HostileReceiver['stats'] = { requests: 0, badSignatures: 0, answered500: 0, answeredLate: 0, acksDropped: 0, outages: 0 };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      stats.requests += 1;
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      if (!verifySignature(secrets, id, String(req.headers['webhook-timestamp'] ?? ''), body, String(req.headers['webhook-signature'] ?? ''))) {
        stats.badSignatures += 1;
        res.writeHead(401).end();
        return;
      }
      if (behaviour === 'failing' && Math.random() < 0.3) {
        stats.answered500 += 1;
        res.writeHead(500).end('try later');
        return;
      }
      const e = JSON.parse(body) as Arrival;
      arrivals.push({ id: e.id, orderingKey: e.orderingKey, sequence: e.sequence });
      if (behaviour === 'ack-lost' && Math.random() < 0.1) {
        stats.acksDropped += 1;
        req.socket.destroy();
        return;
      }
      if (behaviour === 'slow') {
        const late = Math.random() < 0.01;
        if (late) stats.answeredLate += 1;
        later(late ? 16_000 : Math.random() * 400, () => res.writeHead(204).end());
        return;
      }
      res.writeHead(204).end();
    });
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    resolve(typeof a === 'object' && a ? a.port : 0);
  }));
  let stopped = false;
  if (behaviour === 'down') {
    // a whole outage: not listening (ECONNREFUSED), the open connections cut
    const outage = () => {
      if (stopped) return;
      stats.outages += 1;
      server.close();
      server.closeAllConnections();
      later(Math.max(1, (36 * 3_600_000) / timeScale), () => {
        if (!stopped) server.listen(port, '127.0.0.1');
        later(4_000, outage);
      });
    };
    later(4_000, outage);
  }
  return {
    behaviour,
    eventTypes,
    url: `http://127.0.0.1:${port}/hooks/${behaviour}`,
    endpointId: '',
    arrivals,
    stats,
    setSecret: (s) => (secrets = [s]),
    stop: async () => {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

/** Starts one receiver per behaviour and registers each as an endpoint of the run's enterprise (before any event). */
export async function registerReceivers(
  register: (body: { url: string; description: string; eventTypes: EventType[] }) => Promise<{ id: string; secret: string }>,
  timeScale: number,
): Promise<HostileReceiver[]> {
  const receivers: HostileReceiver[] = [];
  for (const { behaviour, eventTypes } of BEHAVIOURS) {
    const r = await startHostileReceiver(behaviour, eventTypes, timeScale);
    const created = await register({ url: r.url, description: `chaos ${behaviour}`, eventTypes });
    r.setSecret(created.secret);
    r.endpointId = created.id;
    receivers.push(r);
  }
  return receivers;
}

export interface WebhookFigures {
  endpoints: number;
  /** (endpoint, event) pairs the receiver never got. */
  lost: string[];
  /** Events that first arrived before an earlier event of their ordering key. */
  outOfOrder: string[];
  /** Arrivals of an event already received. */
  duplicates: number;
  expected: number;
  badSignatures: number;
  disabled: number;
  faults: { outages: number; answered500: number; answeredLate: number; acksDropped: number };
}

/** What each receiver should have got (events of the types it subscribes to) against what arrived. */
export function webhookChecks(receivers: HostileReceiver[], events: { id: string; type: string; orderingKey: string; sequence: number }[], disabled: number): WebhookFigures {
  const lost: string[] = [];
  const outOfOrder: string[] = [];
  let duplicates = 0;
  let expected = 0;
  for (const r of receivers) {
    const got = new Set<string>();
    const last = new Map<string, number>();
    for (const a of r.arrivals) {
      if (got.has(a.id)) {
        duplicates += 1;
        continue;
      }
      got.add(a.id);
      const before = last.get(a.orderingKey);
      if (before !== undefined && a.sequence < before) outOfOrder.push(`${r.behaviour}: ${a.orderingKey} #${a.sequence} after #${before}`);
      last.set(a.orderingKey, Math.max(before ?? a.sequence, a.sequence));
    }
    for (const e of events) {
      if (r.eventTypes.length > 0 && !r.eventTypes.includes(e.type)) continue;
      expected += 1;
      if (!got.has(e.id)) lost.push(`${r.behaviour}: ${e.type} ${e.orderingKey} #${e.sequence} (${e.id})`);
    }
  }
  const sum = (k: keyof HostileReceiver['stats']) => receivers.reduce((n, r) => n + r.stats[k], 0);
  return {
    endpoints: receivers.length,
    lost,
    outOfOrder,
    duplicates,
    expected,
    badSignatures: sum('badSignatures'),
    disabled,
    faults: { outages: sum('outages'), answered500: sum('answered500'), answeredLate: sum('answeredLate'), acksDropped: sum('acksDropped') },
  };
}
