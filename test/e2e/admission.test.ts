/**
 * Admission control (issue 17 item 2, api/admission.ts): while the shipment task queue is behind,
 * POST /v1/shipments answers 429 OVERLOADED with a Retry-After and writes and starts nothing;
 * otherwise it creates as before. The signals are the task queue's backlog as the Temporal server
 * reports it (no worker polls this file's queue, so every create leaves tasks waiting) and the
 * shipments that moved lately, as the database has them (a create is a move).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdmissionSample } from '../../api/admission.js';
import { buildApp } from '../../api/app.js';
import { movingShipments } from '../../db/working-set.js';
import { shipment9610 } from '../support/fixtures.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

let p: Platform;
let tag: string;
beforeAll(async () => {
  p = await startPlatform({ worker: false });
  tag = p.enterpriseId.slice(4).toUpperCase();
});
afterAll(async () => p?.stop());

const post = (app: FastifyInstance, orderNo: string) =>
  app.inject({ method: 'POST', url: '/v1/shipments', headers: { authorization: `Bearer ${p.apiKey}`, 'content-type': 'application/json' }, payload: shipment9610(orderNo) });

/** Nothing of the refused order exists: no row, no workflow. */
async function nothingOf(orderNo: string) {
  const id = `shipment:${p.enterpriseId}:${orderNo}`;
  expect(await p.db.shipment.count({ where: { id } })).toBe(0);
  await expect(p.temporal.workflow.getHandle(id).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('admission control on POST /v1/shipments', () => {
  it('answers 429 OVERLOADED with a Retry-After from the drain rate while the backlog is over the limit, and creates nothing; 202 once it is under', async () => {
    let backlog: AdmissionSample = { count: 900, ageMs: 5000, dispatchRate: 40, moving: 0 };
    const config = { ...p.config, ADMISSION_MAX_BACKLOG: 500, ADMISSION_SAMPLE_MS: 100 };
    const app = await buildApp({ db: p.db, temporal: p.temporal, config, admissionSample: async () => backlog });
    try {
      const refused = await post(app, `AD-${tag}-1`);
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({ code: 'OVERLOADED', fields: [] });
      // (900 − 250) / 40 tasks a second
      expect(refused.headers['retry-after']).toBe('17');
      await nothingOf(`AD-${tag}-1`);

      backlog = { count: 100, ageMs: 500, dispatchRate: 40, moving: 0 };
      await new Promise((r) => setTimeout(r, 150));
      await post(app, `AD-${tag}-2`); // starts the next reading
      const admitted = await eventually(async () => {
        const res = await post(app, `AD-${tag}-3`);
        return res.statusCode === 429 ? undefined : res;
      }, 'a create admitted once the backlog is under the limit', 10_000);
      expect(admitted.statusCode).toBe(202);
      expect(await p.db.shipment.count({ where: { id: `shipment:${p.enterpriseId}:AD-${tag}-3` } })).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('reads the real backlog of the task queue from Temporal: with no worker polling, creates are refused once it reaches the limit', async () => {
    const config = { ...p.config, ADMISSION_MAX_BACKLOG: 3, ADMISSION_SAMPLE_MS: 200 };
    const app = await buildApp({ db: p.db, temporal: p.temporal, config });
    try {
      let n = 0;
      const refused = await eventually(async () => {
        const orderNo = `AR-${tag}-${++n}`;
        const res = await post(app, orderNo);
        if (res.statusCode !== 429) {
          expect(res.statusCode).toBe(202);
          await new Promise((r) => setTimeout(r, 250));
          return undefined;
        }
        return { res, orderNo };
      }, 'a 429 once the unpolled queue holds 3 tasks', 60_000);
      expect(refused.res.json()).toMatchObject({ code: 'OVERLOADED' });
      // nothing drains (no worker): the longest wait
      expect(refused.res.headers['retry-after']).toBe(String(config.ADMISSION_MAX_RETRY_AFTER_S));
      expect(n).toBeGreaterThan(3);
      await nothingOf(refused.orderNo);
      const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` } });
      expect(metrics.body).toMatch(/cbec_api_admission_refused_total [1-9]/);
      expect(metrics.body).toMatch(/cbec_task_queue_backlog\{figure="tasks"\} ([3-9]|\d\d+)/);
    } finally {
      await app.close();
    }
  });

  it('counts the shipments that moved lately in the database: refuses once they reach ADMISSION_MAX_MOVING, with one window as Retry-After while none stops moving', async () => {
    const window = 600_000;
    // everything this file created so far is in the window; the limit is two above it
    const before = await movingShipments(p.db, window);
    const config = { ...p.config, ADMISSION_MAX_BACKLOG: 10_000_000, ADMISSION_MAX_BACKLOG_AGE_MS: 86_400_000, ADMISSION_MAX_RETRY_AFTER_S: 3600, ADMISSION_MAX_MOVING: before + 2, ADMISSION_MOVING_WINDOW_MS: window, ADMISSION_SAMPLE_MS: 100 };
    const app = await buildApp({ db: p.db, temporal: p.temporal, config });
    try {
      let n = 0;
      const refused = await eventually(async () => {
        const orderNo = `AM-${tag}-${++n}`;
        const res = await post(app, orderNo);
        if (res.statusCode !== 429) {
          expect(res.statusCode).toBe(202);
          await new Promise((r) => setTimeout(r, 150)); // the next reading
          return undefined;
        }
        return { res, orderNo };
      }, 'a 429 once two more shipments moved', 30_000);
      expect(n).toBeGreaterThan(2);
      expect(await movingShipments(p.db, window)).toBe(before + n - 1);
      expect(refused.res.json()).toMatchObject({ code: 'OVERLOADED', message: expect.stringContaining('shipments moving') });
      expect(refused.res.headers['retry-after']).toBe('600');
      await nothingOf(refused.orderNo);
      const metrics = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${p.config.OPS_API_KEY.reveal()}` } });
      expect(metrics.body).toContain(`cbec_shipments_moving{figure="limit"} ${before + 2}`);
      expect(metrics.body).toMatch(/cbec_shipments_moving\{figure="shipments"\} \d+/);
    } finally {
      await app.close();
    }
  });
});
