import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../adapters/kit/http.js';
import { activityLogInterceptor, adapterHttpLogger, createLogger, temporalLogger } from './logging.js';

let server: Server;
let baseUrl: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.statusCode = req.url === '/broken' ? 503 : 200;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function captured() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) } });
  return { lines, logger };
}

describe('activity logs', () => {
  const info = { workflowExecution: { workflowId: 'shipment:ent-obs:OBS-1', runId: 'run-1' }, activityType: 'fileTaxRecord', workflowType: 'shipmentWorkflow' };

  it('carry the workflow id, shipment id and activity type on adapter and activity lines', async () => {
    const { lines, logger } = captured();
    const env = new MockActivityEnvironment(info, { interceptors: [activityLogInterceptor(logger)] });
    const http = createHttpClient({ system: 'tax', baseUrl, headers: { authorization: 'Bearer sk-never-logged' }, logger: adapterHttpLogger(logger) });
    await env.run(async () => http.getJson('/records/1'));

    const adapterLine = lines.find((l) => l.msg === 'Adapter request');
    expect(adapterLine).toMatchObject({ level: 30, workflowId: 'shipment:ent-obs:OBS-1', shipmentId: 'shipment:ent-obs:OBS-1', activityType: 'fileTaxRecord', system: 'tax', status: 200 });
    expect(lines.find((l) => l.msg === 'Activity attempt completed')).toMatchObject({ workflowId: 'shipment:ent-obs:OBS-1', activityType: 'fileTaxRecord', attempt: 1 });
    expect(JSON.stringify(lines)).not.toContain('sk-never-logged');
  });

  it('log a failed attempt with the error code', async () => {
    const { lines, logger } = captured();
    const env = new MockActivityEnvironment(info, { interceptors: [activityLogInterceptor(logger)] });
    const http = createHttpClient({ system: 'tax', baseUrl, logger: adapterHttpLogger(logger) });
    await expect(env.run(async () => http.getJson('/broken'))).rejects.toThrow(/503/);
    expect(lines.find((l) => l.msg === 'Adapter request failed')).toMatchObject({ level: 40, workflowId: 'shipment:ent-obs:OBS-1', status: 503 });
    expect(lines.find((l) => l.msg === 'Activity attempt failed')).toMatchObject({ level: 20, shipmentId: 'shipment:ent-obs:OBS-1', activityType: 'fileTaxRecord', error: { code: 'TRANSPORT.UNAVAILABLE', retryable: true, status: 503 } });
  });

  it('the SDK logger adds the shipment id and flattens errors', () => {
    const { lines, logger } = captured();
    temporalLogger(logger).warn('Activity failed', { workflowId: 'shipment:ent-obs:OBS-1', activityType: 'pushOrder', taskToken: 'abc', error: Object.assign(new Error('boom'), { code: 'X' }) });
    expect(lines[0]).toMatchObject({ level: 40, msg: 'Activity failed', shipmentId: 'shipment:ent-obs:OBS-1', activityType: 'pushOrder', error: { message: 'boom', code: 'X' } });
    expect(lines[0]).not.toHaveProperty('taskToken');
  });

  it('outside an activity, adapter lines have no activity fields', () => {
    const { lines, logger } = captured();
    adapterHttpLogger(logger).info('Adapter request', { system: 'bank' });
    expect(lines[0]).not.toHaveProperty('workflowId');
    expect(lines[0]).toMatchObject({ system: 'bank' });
  });
});
