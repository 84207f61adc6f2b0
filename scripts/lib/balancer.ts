import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A small round-robin HTTP load balancer in front of several API instances, standing in for
 * the compose network / ingress of a real deployment: an instance that refuses the connection
 * is skipped and the request goes to the next one (requests are buffered, so a retry resends the
 * same bytes). Used by the chaos run and the topology test, where API instances get killed.
 */
export interface Balancer {
  url: string;
  /** Requests forwarded, and how many had to skip a dead instance. */
  stats: { forwarded: number; failedOver: number; unavailable: number };
  close(): Promise<void>;
}

export async function startBalancer(upstreams: string[], port = 0): Promise<Balancer> {
  const stats = { forwarded: 0, failedOver: 0, unavailable: 0 };
  let next = 0;
  const forward = (target: URL, method: string, path: string, headers: IncomingHttpHeaders, body: Buffer) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = request({ host: target.hostname, port: target.port, method, path, headers: { ...headers, host: target.host } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });

  /** Sends the buffered request to the first upstream that takes it, or answers 503. */
  const answer = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    const first = next++ % upstreams.length;
    for (let i = 0; i < upstreams.length; i++) {
      const target = new URL(upstreams[(first + i) % upstreams.length]!);
      try {
        const upstream = await forward(target, req.method ?? 'GET', req.url ?? '/', req.headers, body);
        stats.forwarded += 1;
        if (i > 0) stats.failedOver += 1;
        res.writeHead(upstream.status, upstream.headers);
        res.end(upstream.body);
        return;
      } catch (err) {
        // only a refused or reset connection is safe to resend elsewhere; the others would be
        // too, since every write the API accepts is idempotent, but keep the rule strict
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') break;
      }
    }
    stats.unavailable += 1;
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify({ code: 'NO_API_INSTANCE', message: 'no API instance answered' }));
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // an error outside the forwarding (a bad upstream URL, a response already half sent) ends
      // this one request with a 502 instead of an unhandled rejection that stops the balancer
      void answer(req, res, Buffer.concat(chunks)).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: 'BALANCER_ERROR', message: err instanceof Error ? err.message : String(err) }));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}`,
    stats,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
