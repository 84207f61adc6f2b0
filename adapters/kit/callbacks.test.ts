import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { deliverCallback } from './callbacks.js';

describe('deliverCallback', () => {
  it('gives up after its attempts and says why the last one failed: the answer, or no answer', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(503).end('busy');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
    try {
      const busy = await deliverCallback({ target: { url, secret: 's' }, body: '{}', contentType: 'application/json', attempts: 2, retryDelayMs: 1 });
      expect(busy).toEqual({ delivered: false, attempts: 2, lastError: 'status 503' });
      expect(requests).toBe(2);
    } finally {
      await new Promise((r) => server.close(r));
    }
    // the receiver gone: the connection is refused
    const gone = await deliverCallback({ target: { url, secret: 's' }, body: '{}', contentType: 'application/json', attempts: 1 });
    expect(gone.delivered).toBe(false);
    expect(gone.lastError).toMatch(/^TypeError: fetch failed/);
  });
});
