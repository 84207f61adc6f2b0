import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startBalancer, type Balancer } from './balancer.js';

let balancer: Balancer | undefined;
afterEach(async () => balancer?.close());

describe('balancer', () => {
  it('forwards a request to an upstream and counts it', async () => {
    const upstream = createServer((req, res) => res.end(`seen ${req.method} ${req.url}`));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const address = upstream.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      balancer = await startBalancer([`http://127.0.0.1:${port}`]);
      const res = await fetch(`${balancer.url}/v1/x`, { method: 'POST', body: 'b' });
      expect(await res.text()).toBe('seen POST /v1/x');
      expect(balancer.stats.forwarded).toBe(1);
    } finally {
      await new Promise((resolve) => upstream.close(resolve));
    }
  });

  it('answers 502 when a request fails outside the forwarding, and keeps serving', async () => {
    // an unparsable upstream URL throws before any forwarding: it used to be an unhandled
    // rejection in the request's 'end' handler (the client never got an answer)
    balancer = await startBalancer(['not a url']);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${balancer.url}/v1/x`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(502);
      expect(await res.json()).toMatchObject({ code: 'BALANCER_ERROR' });
    }
  });
});
