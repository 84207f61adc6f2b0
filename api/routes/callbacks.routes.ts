import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { inboundOf } from '../../adapters/inbound.js';
import { header } from '../../adapters/kit/inbound.js';
import { SIGNATURE_HEADER } from '../../adapters/kit/callbacks.js';
import type { FieldCipher } from '../../codec/field-cipher.js';
import type { Db } from '../../db/client.js';
import { CallbackRefused } from '../callbacks/deliver.js';
import { installRawBodyParser, type RawBody } from '../callbacks/raw-body.js';
import { bodyHashOf } from '../../db/inbox-store.js';
import { pruneSignatures, recordFailure, setOutcome, storeCallback } from '../callbacks/inbox.js';
import { CallbackInvalid, processNotice, redeliverInbox, type CallbackSystem } from '../callbacks/process.js';

export interface CallbackDeps {
  db: Db;
  temporal: Client;
  /** The outside systems that may call back, by id (the last segment of /v1/callbacks/<id>). */
  systems: ReadonlyMap<string, CallbackSystem>;
  /** Seals callback bodies in the inbox and opens them for redelivery (api/callbacks/inbox.ts). */
  cipher: FieldCipher;
  /** Failed deliveries after which a stored callback is dead-lettered (CALLBACK_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** How often stored, undelivered callbacks are delivered again (default 5 s; 0: never). */
  redeliveryEveryMs?: number;
}

/** How often signatures older than the replay window are forgotten. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Inbound callbacks from outside systems, POST /v1/callbacks/<system>. Each is authenticated and
 * parsed by its adapter's inbound part (adapters/inbound.ts), stored raw once (api/callbacks/inbox.ts),
 * bound to its shipment and signalled (api/callbacks/notices.ts, customs.ts). A callback whose
 * signal failed is answered 503 and delivered again by the inbox redelivery; one that keeps
 * failing is dead-lettered for ops (ops.callbacks.routes.ts).
 */
export async function callbackRoutes(app: FastifyInstance, deps: CallbackDeps): Promise<void> {
  installRawBodyParser(app);

  app.post<{ Params: { system: string } }>('/v1/callbacks/:system', { schema: { hide: true } }, async (req, reply) => {
    // a Map: prototype names (__proto__, constructor) are unknown systems like any other
    const system = deps.systems.get(req.params.system);
    if (!system) return reply.code(404).send({ code: 'NOT_FOUND', message: `no callback endpoint for ${req.params.system}`, fields: [] });
    return handle(req, reply, system);
  });

  async function handle(req: FastifyRequest, reply: FastifyReply, system: CallbackSystem) {
    const inbound = inboundOf(system);
    const body = req.body as RawBody | undefined;
    const raw = body?.text ?? '';
    const verdict = inbound.authenticate({ body: body?.bytes ?? '', headers: req.headers }, system.secret.reveal());
    if (!verdict.ok) return reply.code(401).send({ code: verdict.code, message: 'callback not authenticated', fields: [] });
    // PostgreSQL text cannot store U+0000: refuse it before anything is written (it was a 500)
    if (raw.includes('\u0000')) return invalid(reply, 'body', 'the body contains a NUL character');
    const parsed = inbound.parse(raw);
    if (!parsed.ok) return invalid(reply, parsed.field, parsed.message);
    const bodyHash = bodyHashOf(system.id, raw);
    const stored = await storeCallback(deps.db, deps.cipher, { system: system.id, signature: header({ body: raw, headers: req.headers }, SIGNATURE_HEADER)!, bodyHash, contentType: String(req.headers['content-type'] ?? ''), body: raw });
    if (stored === 'REPLAYED') {
      return reply.code(409).send({ code: 'CALLBACK_REPLAYED', message: 'this signed callback was already received; a retry must be signed anew', fields: [] });
    }
    if (stored === 'PROCESSED') return reply.code(200).send(inbound.duplicate);
    try {
      const result = await processNotice(deps, system, parsed.notice);
      await setOutcome(deps.db, bodyHash, result.outcome, result.shipmentId);
      return reply.code(200).send(inbound.accepted);
    } catch (err) {
      if (err instanceof CallbackRefused) {
        await setOutcome(deps.db, bodyHash, 'REFUSED');
        req.log.warn({ system: system.id, code: err.code, field: err.field, reason: err.message }, 'Callback refused: it does not count for the shipment it names');
        return reply.code(err.status).send({ code: err.code, message: err.message, fields: [{ path: err.field, message: err.message }] });
      }
      if (err instanceof CallbackInvalid) {
        await setOutcome(deps.db, bodyHash, 'REJECTED');
        return invalid(reply, err.field, err.message);
      }
      await recordFailure(deps.db, bodyHash, String((err as Error).message ?? err), deps.maxAttempts);
      req.log.error({ err, system: system.id }, 'Callback stored but not delivered; the sender or the inbox redelivery will retry');
      return reply.code(503).send({ code: 'CALLBACK_NOT_DELIVERED', message: 'try again later', fields: [] });
    }
  }

  // Callbacks stored but not delivered (Temporal unreachable, the API killed mid-request) are
  // delivered again from the inbox, whether or not their sender retries; old signatures are pruned.
  if (deps.redeliveryEveryMs !== 0) {
    let prunedAt = 0;
    const round = async () => {
      await redeliverInbox({ ...deps, log: app.log });
      if (Date.now() - prunedAt > PRUNE_EVERY_MS) {
        prunedAt = Date.now();
        await pruneSignatures(deps.db);
      }
    };
    const timer = setInterval(() => void round().catch((err: unknown) => app.log.warn({ err }, 'inbox redelivery failed; next round retries')), deps.redeliveryEveryMs ?? 5_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
}

function invalid(reply: FastifyReply, field: string, message: string) {
  return reply.code(400).send({ code: 'CALLBACK_INVALID', message, fields: [{ path: field, message }] });
}
