import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import { scaled } from '../../domain/time.js';
import { deliverCallback, type CallbackTarget } from './callbacks.js';
import { IdempotencyConflict, Ledger } from './ledger.js';

export interface SimulatorOptions {
  /** Outside system name, e.g. 'single-window'. */
  system: string;
  /** Business-time speed-up (see domain/time.ts); delays below are business milliseconds. */
  timeScale: number;
  /** Where asynchronous callbacks go; unset means the simulator only answers synchronously. */
  callback?: CallbackTarget;
  /** Real-time latency added to every business request, in ms. */
  latencyMs?: number;
  /** Share (0..1) of business requests that fail transiently with 503. */
  failureRate?: number;
}

export interface Faults {
  latencyMs: number;
  failureRate: number;
  /** Real epoch ms until which every business request answers 503. */
  outageUntil: number;
  /**
   * Share (0..1) of business requests answered only after `slowMs`: the request is processed
   * (its effect happens) but a caller with a shorter timeout sees a timeout and retries.
   */
  slowRate: number;
  slowMs: number;
  /** Share (0..1) of callbacks delivered twice (as gateways do when an answer is lost). */
  duplicateCallbackRate: number;
  /**
   * Share (0..1) of callbacks that never reach the receiver, as when it was down for all of the
   * sender's retries (the Chengdu gateway gives up after six): the receipt exists on the sender's
   * side only. The platform must find it by asking (api/callbacks/receipt-recovery.ts).
   */
  callbackLossRate: number;
  /** Up to this many real ms of random extra delay on every scheduled step: callbacks arrive out of order. */
  jitterMs: number;
  /** Factor on every scheduled step's business delay (1: as configured; 0: at once, for benchmarks). */
  delayFactor: number;
}

const QUIET = { outageUntil: 0, slowRate: 0, slowMs: 0, duplicateCallbackRate: 0, callbackLossRate: 0, jitterMs: 0, delayFactor: 1 };
const FAULT_NAMES = ['latencyMs', 'failureRate', 'slowRate', 'slowMs', 'duplicateCallbackRate', 'callbackLossRate', 'jitterMs', 'delayFactor'] as const;

export interface Simulator {
  app: FastifyInstance;
  ledger: Ledger;
  faults: Faults;
  /** Scenario asked for by tests or demos, per business key (order number, reference…). */
  scenario(key: string): { name: string; params: Record<string, unknown> } | undefined;
  /** Runs `fn` after a business delay, scaled to real time; cancelled on close. */
  later(businessDelayMs: number, fn: () => Promise<void> | void): void;
  /** Sends a signed callback with retries; resolves when delivered or given up. */
  sendCallback(body: string, contentType: string, accept?: (status: number, text: string) => boolean, headers?: Record<string, string>): Promise<boolean>;
  /** Faults injected so far (for the chaos report). */
  injected: { failures: number; outages: number; slow: number; duplicateCallbacks: number; lostCallbacks: number };
  /** Callbacks delivered or given up so far (for tests and the chaos report). */
  callbackLog: { at: string; delivered: boolean; attempts: number; body: string; lastError?: string }[];
}

/**
 * The common half of every simulator: a Fastify app with the control endpoints
 * (GET /_ledger, POST /_control/faults, /_control/outage, /_control/scenarios, /_control/reset),
 * fault injection on business routes (latency, transient 503s, outages) and signed callbacks.
 * Each system's simulator.ts adds its business routes to `app`.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const app = Fastify({ logger: false, bodyLimit: 5 * 1024 * 1024 });
  void app.register(formbody);
  const ledger = new Ledger();
  const faults: Faults = { ...QUIET, latencyMs: options.latencyMs ?? 0, failureRate: options.failureRate ?? 0 };
  const scenarios = new Map<string, { name: string; params: Record<string, unknown> }>();
  const timers = new Set<NodeJS.Timeout>();
  const pending = new Set<Promise<unknown>>();
  const callbackLog: Simulator['callbackLog'] = [];
  const slowed = new Set<string>();
  const injected: Simulator['injected'] = { failures: 0, outages: 0, slow: 0, duplicateCallbacks: 0, lostCallbacks: 0 };
  let closed = false;

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/_')) return;
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (Date.now() < faults.outageUntil) {
      injected.outages += 1;
      return reply.code(503).header('retry-after', '1').send({ code: 'SYSTEM_UNAVAILABLE', message: `${options.system} is down` });
    }
    if (faults.failureRate > 0 && Math.random() < faults.failureRate) {
      injected.failures += 1;
      return reply.code(503).send({ code: 'TRANSIENT_FAILURE', message: `${options.system} failed transiently` });
    }
    if (faults.slowRate > 0 && Math.random() < faults.slowRate) {
      injected.slow += 1;
      slowed.add(req.id);
    }
  });
  // a slow answer: the effect has happened, only the answer is late
  app.addHook('onSend', async (req) => {
    if (!slowed.delete(req.id)) return;
    await new Promise((r) => setTimeout(r, faults.slowMs));
  });

  app.setErrorHandler((err: Error, _req, reply) => {
    if (err instanceof IdempotencyConflict) {
      return reply.code(422).send({ code: 'IDEMPOTENCY_KEY_REUSED', message: err.message });
    }
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL', message: err.message });
  });

  app.get('/_ledger', async () => ({ system: options.system, effects: ledger.list() }));
  app.get('/_callbacks', async () => ({ system: options.system, callbacks: callbackLog }));
  app.post('/_control/faults', async (req) => {
    const body = (req.body ?? {}) as Partial<Faults>;
    for (const name of FAULT_NAMES) if (typeof body[name] === 'number' && Number.isFinite(body[name])) faults[name] = body[name];
    return faults;
  });
  app.post('/_control/outage', async (req) => {
    const body = (req.body ?? {}) as { durationMs?: number; businessDurationMs?: number };
    const ms = body.durationMs ?? scaled(body.businessDurationMs ?? 0, options.timeScale, 0);
    faults.outageUntil = Date.now() + ms;
    return { outageUntil: new Date(faults.outageUntil).toISOString() };
  });
  app.delete('/_control/outage', async () => {
    faults.outageUntil = 0;
    return { outageUntil: null };
  });
  app.post('/_control/scenarios', async (req, reply) => {
    const body = (req.body ?? {}) as { key?: unknown; scenario?: unknown; params?: unknown };
    if (typeof body.key !== 'string' || typeof body.scenario !== 'string') {
      return reply.code(400).send({ code: 'BAD_REQUEST', message: 'key and scenario are required strings' });
    }
    scenarios.set(body.key, { name: body.scenario, params: (body.params ?? {}) as Record<string, unknown> });
    return { key: body.key, scenario: body.scenario };
  });
  app.post('/_control/reset', async () => {
    ledger.clear();
    scenarios.clear();
    callbackLog.length = 0;
    Object.assign(faults, { ...QUIET, latencyMs: options.latencyMs ?? 0, failureRate: options.failureRate ?? 0 });
    return { reset: true };
  });

  function track<T>(p: Promise<T>): Promise<T> {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  }

  app.addHook('onClose', async () => {
    closed = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    await Promise.allSettled([...pending]);
  });

  return {
    app,
    ledger,
    faults,
    injected,
    callbackLog,
    scenario: (key) => scenarios.get(key),
    later(businessDelayMs, fn) {
      if (closed) return;
      const jitter = faults.jitterMs > 0 ? Math.floor(Math.random() * faults.jitterMs) : 0;
      const t = setTimeout(() => {
        timers.delete(t);
        if (!closed) void track(Promise.resolve().then(fn)).catch(() => undefined);
      }, scaled(businessDelayMs * faults.delayFactor, options.timeScale, 1) + jitter);
      timers.add(t);
    },
    async sendCallback(body, contentType, accept, headers) {
      if (!options.callback || closed) return false;
      if (faults.callbackLossRate > 0 && Math.random() < faults.callbackLossRate) {
        injected.lostCallbacks += 1;
        callbackLog.push({ at: new Date().toISOString(), delivered: false, attempts: 0, body, lastError: 'lost (fault callbackLossRate)' });
        return false;
      }
      const deliver = async () => {
        const result = await track(deliverCallback({ target: options.callback!, body, contentType, ...(accept ? { accept } : {}), ...(headers ? { headers } : {}) }));
        callbackLog.push({ at: new Date().toISOString(), delivered: result.delivered, attempts: result.attempts, body, ...(result.lastError ? { lastError: result.lastError } : {}) });
        return result.delivered;
      };
      const delivered = await deliver();
      // a duplicate: the receiver must recognise it and change nothing
      if (delivered && faults.duplicateCallbackRate > 0 && Math.random() < faults.duplicateCallbackRate) {
        injected.duplicateCallbacks += 1;
        await deliver();
      }
      return delivered;
    },
  };
}
