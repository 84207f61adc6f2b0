/**
 * A small webhook receiver for cbec-hub (README.md here): verifies the Standard Webhooks
 * signature, refuses stale timestamps, de-duplicates by webhook-id and hands each event on once.
 * Node only, no framework: `WEBHOOK_SECRET=whsec_… PORT=4400 npm run webhook-receiver` (or
 * `node examples/webhook-receiver/receiver.ts` on Node 23.6 or later, which runs TypeScript as it is).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface ReceivedEvent {
  id: string;
  type: string;
  shipmentId: string | null;
  orderingKey: string;
  sequence: number;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface ReceiverStats {
  accepted: number;
  duplicates: number;
  refused: number;
}

/** Signatures older or newer than this are refused (replayed captures). */
const TOLERANCE_SECONDS = 5 * 60;
const MAX_BODY_BYTES = 1024 * 1024;

/** Whether one of the `v1,<base64>` signatures in the header is the HMAC of `id.timestamp.body` under one of the secrets. */
export function verifySignature(secrets: readonly string[], id: string, timestamp: string, body: string, header: string): boolean {
  const given = header.split(' ').filter((s) => s.startsWith('v1,')).map((s) => Buffer.from(s.slice(3), 'base64'));
  return secrets.some((secret) => {
    const expected = createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(`${id}.${timestamp}.${body}`).digest();
    return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
  });
}

/** Starts the receiver; `onEvent` sees each event once, in the order they arrive. */
export function startReceiver(opts: { port: number; secrets: () => readonly string[]; onEvent: (e: ReceivedEvent) => void }): Promise<{ server: Server; stats: ReceiverStats; url: string }> {
  const seen = new Set<string>(); // a real receiver keeps these in its database, for longer than the sender retries (3 days)
  const stats: ReceiverStats = { accepted: 0, duplicates: 0, refused: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? '');
      const timestamp = String(req.headers['webhook-timestamp'] ?? '');
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= TOLERANCE_SECONDS;
      if (req.method !== 'POST' || !id || !fresh || !verifySignature(opts.secrets(), id, timestamp, body, String(req.headers['webhook-signature'] ?? ''))) {
        stats.refused += 1;
        res.writeHead(401).end('bad signature');
        return;
      }
      // answer 2xx to a repeat too, else the sender retries it
      if (seen.has(id)) {
        stats.duplicates += 1;
        res.writeHead(200).end('duplicate');
        return;
      }
      seen.add(id);
      stats.accepted += 1;
      opts.onEvent(JSON.parse(body) as ReceivedEvent);
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(opts.port, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : opts.port;
    resolve({ server, stats, url: `http://127.0.0.1:${port}/hooks` });
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const secrets = (process.env.WEBHOOK_SECRET ?? '').split(',').filter(Boolean);
  if (secrets.length === 0) {
    console.error('set WEBHOOK_SECRET to the whsec_… secret shown when you registered the endpoint (comma-separated during a rotation)');
    process.exit(2);
  }
  const { url } = await startReceiver({
    port: Number(process.env.PORT ?? 4400),
    secrets: () => secrets,
    // shipment events carry the timeline entry; stock.received its status and inbound number; webhook_endpoint.disabled its reason
    onEvent: (e) => console.log(`${e.occurredAt} ${e.type.padEnd(24)} ${e.orderingKey} #${e.sequence} ${String(e.data.timelineType ?? e.data.status ?? '')} ${String(e.data.info ?? e.data.inboundNo ?? e.data.reason ?? '')}`),
  });
  console.log(`webhook receiver listening on ${url}`);
}
