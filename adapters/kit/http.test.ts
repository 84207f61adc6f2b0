import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient, retryAfterMs, type HttpLogger } from './http.js';
import { rejection } from './testing.js';

const app = Fastify();
let baseUrl = '';
beforeAll(async () => {
  await app.register(formbody);
  app.post('/declare', async (req) => ({ ok: true, echo: (req.body as Record<string, string>).xml?.length, buyerIdNumber: '110101199003070015' }));
  app.post('/busy', async (_req, reply) => reply.code(503).header('retry-after', new Date(Date.now() + 30_000).toUTCString()).send({ code: 'BUSY' }));
  app.post('/limited', async (_req, reply) => reply.code(429).header('retry-after', '7').send({}));
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => app.close());

function recorder() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields: Record<string, unknown>) => void lines.push({ level, message, fields });
  const logger: HttpLogger = { info: at('info'), warn: at('warn'), debug: at('debug') };
  return { lines, logger };
}

describe('kit http client', () => {
  it('logs each exchange without secrets or personal data', async () => {
    const { lines, logger } = recorder();
    const http = createHttpClient({ system: 'single-window', baseUrl, logger, headers: { authorization: 'Bearer s3cret' } });
    const xml = '<ceb:CEB621Message><ceb:buyerIdNumber>110101199003070015</ceb:buyerIdNumber><ceb:buyerName>张三</ceb:buyerName><ceb:buyerTelephone>13800000000</ceb:buyerTelephone><ds:SignatureValue>c2ln</ds:SignatureValue></ceb:CEB621Message>';
    await http.postForm('/declare', { xml }, { idempotencyKey: 'wf-1:CEB621Message:r0' });
    expect(lines.map((l) => `${l.level} ${l.message}`)).toEqual(['info Adapter request', 'debug Adapter exchange']);
    expect(lines[0]!.fields).toMatchObject({ system: 'single-window', method: 'POST', path: '/declare', status: 200, idempotencyKey: 'wf-1:CEB621Message:r0' });
    const everything = JSON.stringify(lines);
    for (const secret of ['s3cret', '110101199003070015', '张三', '13800000000', 'c2ln']) expect(everything).not.toContain(secret);
    expect(everything).toContain('CEB621Message');
  });

  it('honours Retry-After as seconds and as an HTTP date, and reports the failure as a warning', async () => {
    const { lines, logger } = recorder();
    const http = createHttpClient({ system: 'bank', baseUrl, logger });
    const busy = await rejection(http.postJson('/busy', {}, { idempotencyKey: 'k1' }));
    expect(busy).toMatchObject({ code: 'TRANSPORT.UNAVAILABLE', retryable: true, status: 503 });
    expect(busy.retryAfterMs).toBeGreaterThan(25_000);
    expect(busy.retryAfterMs).toBeLessThanOrEqual(30_000);
    const limited = await rejection(http.postJson('/limited', {}, { idempotencyKey: 'k2' }));
    expect(limited).toMatchObject({ code: 'TRANSPORT.RATE_LIMITED', retryAfterMs: 7000 });
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.fields.status)).toEqual([503, 429]);
  });

  it('reads Retry-After values', () => {
    expect(retryAfterMs('120')).toBe(120_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs('0')).toBeUndefined();
  });

  it('stays silent without a logger', async () => {
    const http = createHttpClient({ system: 'tax', baseUrl });
    await expect(http.postForm('/declare', { xml: '<x/>' }, { idempotencyKey: 'k3' })).resolves.toMatchObject({ status: 200 });
  });
});
