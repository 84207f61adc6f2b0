import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { effectHandlers, Rejection, type Dialect } from './effect-route.js';
import { createSimulator } from './simulator.js';

const codes = { InvalidRequest: 'X.INVALID_REQUEST', IdempotencyKeyRequired: 'X.KEY_REQUIRED' };
const Body = z.object({ amount: z.number().int() });

/** A system with one route `POST /orders/:id`: refuses amounts over 100, otherwise counts the effect. */
function system<C>(dialect: Dialect<C>) {
  const sim = createSimulator({ system: 'x', timeScale: 1 });
  let effects = 0;
  sim.app.post('/orders/:id', effectHandlers(sim, dialect)('order', Body, 201, (body, { params, caller }) => {
    if (body.amount > 100) throw new Rejection(422, 'X.TOO_MUCH', 'at most 100', { max: 100 });
    effects += 1;
    return { id: params.id, amount: body.amount, caller, effects };
  }));
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    const res = await sim.app.inject({ method: 'POST', url: '/orders/A1', headers, payload: body as object });
    return { status: res.statusCode, body: res.json() as unknown };
  };
  return { post, effects: () => effects };
}

describe('effect routes in a dialect', () => {
  it('answers by default with the key header required, 201 once per key, refusals as { code, message, details }', async () => {
    const x = system(codes);
    expect(await x.post({ amount: 1 })).toEqual({ status: 400, body: { code: 'X.KEY_REQUIRED', message: 'the idempotency-key header is required' } });
    expect((await x.post({ amount: 'one' }, { 'idempotency-key': 'k0' })).body).toMatchObject({ code: 'X.INVALID_REQUEST' });
    const first = await x.post({ amount: 5 }, { 'idempotency-key': 'k1' });
    expect(first).toEqual({ status: 201, body: { id: 'A1', amount: 5, effects: 1 } });
    expect(await x.post({ amount: 5 }, { 'idempotency-key': 'k1' })).toEqual(first);
    expect(await x.post({ amount: 6 }, { 'idempotency-key': 'k1' })).toEqual({
      status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED', message: 'idempotency key k1 was already used with a different request' },
    });
    expect(await x.post({ amount: 500 }, { 'idempotency-key': 'k2' })).toEqual({ status: 422, body: { code: 'X.TOO_MUCH', message: 'at most 100', details: { max: 100 } } });
    expect(x.effects()).toBe(1);
  });

  it('speaks a system of its own: caller first, key in a body field, every answer 200 in an envelope', async () => {
    const x = system({
      ...codes,
      IdempotencyKeyReused: 'X.KEY_REUSED',
      key: { field: 'request_no' },
      messages: { keyReused: (key) => `${key} reused` },
      authenticate: (req) => {
        if (req.headers['x-user'] !== 'u1') throw new Rejection(401, 'X.WHO', 'unknown caller');
        return 'u1';
      },
      status: 200,
      ok: (data) => ({ rc: 'OK', data }),
      error: (r) => ({ rc: r.code, msg: r.message, data: r.details ?? null }),
    });
    expect(await x.post({ amount: 1 })).toEqual({ status: 200, body: { rc: 'X.WHO', msg: 'unknown caller', data: null } });
    const as = { 'x-user': 'u1' };
    expect(await x.post({ amount: 1 }, as)).toEqual({ status: 200, body: { rc: 'X.KEY_REQUIRED', msg: 'the request_no field is required', data: null } });
    expect(await x.post({ request_no: 'r1', amount: 1 }, as)).toEqual({ status: 200, body: { rc: 'OK', data: { id: 'A1', amount: 1, caller: 'u1', effects: 1 } } });
    expect(await x.post({ request_no: 'r1', amount: 2 }, as)).toEqual({ status: 200, body: { rc: 'X.KEY_REUSED', msg: 'r1 reused', data: null } });
    expect(await x.post({ request_no: 'r2', amount: 101 }, as)).toEqual({ status: 200, body: { rc: 'X.TOO_MUCH', msg: 'at most 100', data: { max: 100 } } });
  });
});
