// Issue 16 item 8 on the gateway route: the Chengdu gateway's synchronous answer is a receipt
// (ceb-messages.md §3.4) read by its XML declaration, so a GB2312 answer keeps its text.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSingleWindowClient } from './client.js';
import { GB2312_RECEIPT } from './fixtures.js';

let server: Server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(Buffer.from(GB2312_RECEIPT.toString('latin1').replace('<returnStatus>120<', '<returnStatus>5<'), 'latin1'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

it('reads a GB2312 synchronous answer by its declaration (status 5 and its text)', async () => {
  const ack = await createSingleWindowClient({ baseUrl }).submit({ messageType: 'CEB603Message', xml: '<x/>' }, 'k-1');
  expect(ack).toEqual({ syncStatus: '5', syncInfo: '逻辑校验通过' });
});
