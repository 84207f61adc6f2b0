/**
 * Test helpers shared by the adapters' contract suites and simulator tests. Test-only: it imports
 * vitest and Fastify, so no runtime module (index, client, simulator, mapping) may import it.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyBody, type CallbackTarget } from './callbacks.js';
import { AdapterError } from './errors.js';
import type { LedgerEntry } from './ledger.js';
import type { Simulator } from './simulator.js';

/** The AdapterError a call fails with (fails the test if it succeeds or throws anything else). */
export async function rejection(call: Promise<unknown>): Promise<AdapterError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof AdapterError) return err;
    throw err;
  }
  throw new Error('expected the call to be rejected');
}

/** Polls `probe` until it returns a value, for at most `timeoutMs` real milliseconds. */
export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 4_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What every contract harness offers: the port under test, the system's effects per key, a close. */
export interface ContractHarness<P> {
  port: P;
  /** The system's record of effects under one idempotency key (simulator: GET /_ledger). */
  ledger(idempotencyKey: string): Promise<{ operation: string; requests: number }[]>;
  close?(): Promise<void>;
}

/**
 * A contract suite's frame: `describe(name)` with the harness made before and closed after its
 * tests. `tests` gets the harness object at once; its fields are filled in before the first test.
 */
export function describeContract<H extends { close?(): Promise<void> }>(name: string, makeHarness: () => Promise<H>, tests: (h: H) => void): void {
  describe(name, () => {
    const h = {} as H;
    beforeAll(async () => {
      Object.assign(h, await makeHarness());
    });
    afterAll(async () => {
      await h.close?.();
    });
    tests(h);
  });
}

export interface CallbackReceiverOptions<T> {
  secret: string;
  /** Route the callbacks are posted to, e.g. /callbacks/bank. */
  path: string;
  /** Content type the callbacks are sent with (default application/json). */
  contentType?: string;
  /** Reads a delivered body (default JSON.parse). */
  parse?: (raw: string) => T;
  /** The answer to a verified callback (default 204, no body); a bad signature gets 401. */
  ack?: { status: number; text: string };
}

export interface CallbackReceiver<T> {
  url: string;
  /** Every delivery so far, in arrival order, with whether its signature verified. */
  received: { raw: string; verified: boolean; body: T }[];
  close(): Promise<void>;
}

/** A stand-in for the platform's inbound route on 127.0.0.1: verifies each callback's HMAC and keeps it. */
export async function startCallbackReceiver<T = unknown>(opts: CallbackReceiverOptions<T>): Promise<CallbackReceiver<T>> {
  const app = Fastify();
  const received: CallbackReceiver<T>['received'] = [];
  const parse = opts.parse ?? ((raw: string) => JSON.parse(raw) as T);
  app.addContentTypeParser(opts.contentType ?? 'application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post(opts.path, async (req, reply) => {
    const raw = req.body as string;
    const header = (name: string) => (typeof req.headers[name] === 'string' ? req.headers[name] : undefined);
    const verified = verifyBody({ secret: opts.secret, body: raw, timestamp: header(TIMESTAMP_HEADER), signature: header(SIGNATURE_HEADER) }).ok;
    received.push({ raw, verified, body: parse(raw) });
    if (!verified) return reply.code(401).send({ code: 'CALLBACK_SIGNATURE_INVALID' });
    return opts.ack ? reply.code(opts.ack.status).type('text/plain').send(opts.ack.text) : reply.code(204).send();
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${url}${opts.path}`, received, close: () => app.close() };
}

/** Reads a simulator's effects under one idempotency key (GET /_ledger). */
export async function readLedger(baseUrl: string, key: string): Promise<LedgerEntry[]> {
  const body = (await (await fetch(`${baseUrl}/_ledger`)).json()) as { effects: LedgerEntry[] };
  return body.effects.filter((e) => e.key === key);
}

/** Calls a simulator's control endpoint (/_control/…) and expects it to succeed. */
export async function control(baseUrl: string, path: string, body: unknown, method = 'POST'): Promise<void> {
  const res = await fetch(`${baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.ok).toBe(true);
}

export interface SimulatorFixture<T> {
  /** Where the simulator listens; set once the file's beforeAll hooks ran. */
  readonly baseUrl: string;
  /** Callbacks the simulator delivered (empty without `callbacks`). */
  readonly received: CallbackReceiver<T>['received'];
  ledger(key: string): Promise<LedgerEntry[]>;
  control(path: string, body: unknown, method?: string): Promise<void>;
}

/**
 * A simulator on 127.0.0.1 for the current test file (started in beforeAll, closed in afterAll),
 * with a signed-callback receiver in front of it when `callbacks` is given.
 */
export function useSimulator<T = unknown>(
  create: (callback: CallbackTarget | undefined) => Simulator,
  callbacks?: CallbackReceiverOptions<T>,
): SimulatorFixture<T> {
  let sim: Simulator | undefined;
  let receiver: CallbackReceiver<T> | undefined;
  let baseUrl = '';
  beforeAll(async () => {
    receiver = callbacks && (await startCallbackReceiver(callbacks));
    sim = create(receiver && callbacks && { url: receiver.url, secret: callbacks.secret });
    baseUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await sim?.app.close();
    await receiver?.close();
  });
  return {
    get baseUrl() {
      return baseUrl;
    },
    get received() {
      return receiver?.received ?? [];
    },
    ledger: (key) => readLedger(baseUrl, key),
    control: (path, body, method) => control(baseUrl, path, body, method),
  };
}
