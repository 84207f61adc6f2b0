import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyBody } from '../../adapters/kit/callbacks.js';
import { parseReceipts } from '../../adapters/single-window/ceb/index.js';
import { routeReceipt } from '../../adapters/single-window/routing.js';
import type { Secret } from '../../config/config.js';
import type { Db } from '../../db/client.js';
import { raiseSignalledRank } from '../../db/projection.js';
import { storeInboundMessage, undeliveredInboundMessages } from '../../db/inbound-messages.js';
import type { FieldCipher } from '../../codec/field-cipher.js';
import { isActionable, receiptNeedsSignal, receiptRank, type CustomsReceipt } from '../../domain/customs.js';

/** Milestones some flow waits for; others (PICKED_UP, INFO) are stored, not signalled (a signal is a billed action). */
const MILESTONES: readonly string[] = ['ARRIVED_AT_SITE', 'DEPARTED', 'BORDER_CROSSED', 'ARRIVED'];
import { fundsReceived, railEventReceived, receiptReceived, type FundsEvent, type RailEvent } from '../../workflows/contract.js';
import { warehouseNotice } from './warehouse-callbacks.js';
import { taxBillNotice, TAX_BILL_DOC } from './tax-bill-callbacks.js';
import { summaryReceiptNotice, summaryResultNotice } from './summary-callbacks.js';

export interface CallbackDeps {
  db: Db;
  temporal: Client;
  secrets: { singleWindow: Secret; banks: Record<string, Secret>; carriers: Record<string, Secret>; warehouses: Record<string, Secret> };
  /** Seals callback bodies in the inbox (db/inbound-messages.ts). */
  cipher: FieldCipher;
  /** How often stored, undelivered callbacks are delivered again (default 5 s; 0: never). */
  redeliveryEveryMs?: number;
}

export type Outcome = 'DELIVERED' | 'UNMATCHED' | 'WORKFLOW_CLOSED' | 'IGNORED';
type Processed = { outcome: Outcome; reply: unknown };

/**
 * Inbound callbacks from outside systems. Each is authenticated (HMAC), stored raw once
 * (de-duplicated by body hash), routed to its shipment and signalled to the workflow. A callback
 * whose signal failed is answered 503 and processed again when the sender retries, and in any case
 * by the inbox redelivery (redeliverInbox); one that was delivered is not.
 */
export async function callbackRoutes(app: FastifyInstance, deps: CallbackDeps): Promise<void> {
  // Keep raw bodies: the signature covers the bytes as sent.
  app.addContentTypeParser(['application/x-www-form-urlencoded', 'application/json'], { parseAs: 'string', bodyLimit: 5 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.post('/v1/callbacks/single-window', { schema: { hide: true } }, async (req, reply) => handle(req, reply, 'single-window', deps.secrets.singleWindow, singleWindowNotice));

  async function singleWindowNotice(raw: string): Promise<Processed> {
    const xml = new URLSearchParams(raw).get('message');
    if (!xml) throw new BadCallback('form field "message" with the receipt XML is required');
    if (/<(\w+:)?CEB816Message[\s>]/.test(xml)) {
      return { outcome: await taxBillNotice(deps, xml, (m) => new BadCallback(m)), reply: 'SUCCESS' };
    }
    if (/<(\w+:)?CEB792Message[\s>]/.test(xml)) {
      return { outcome: await summaryResultNotice(deps, xml, (m) => new BadCallback(m)), reply: 'SUCCESS' };
    }
    let receipts;
    try {
      receipts = parseReceipts(xml);
    } catch (err) {
      throw new BadCallback(`receipt XML could not be parsed: ${(err as Error).message}`);
    }
    const outcomes: Outcome[] = [];
    for (const r of receipts) {
      if (!isActionable(r.returnStatus)) {
        outcomes.push('IGNORED');
        continue;
      }
      const route = routeReceipt(r);
      if (route?.docType === 'SUMMARY') {
        outcomes.push(await summaryReceiptNotice(deps, r)); // CEB702: a CustomsSummary row, not a shipment document
        continue;
      }
      const doc = route && (await findDocument(deps.db, route));
      if (!route || !doc) {
        outcomes.push('UNMATCHED');
        continue;
      }
      const receipt: CustomsReceipt = {
        docType: route.docType,
        messageType: r.messageType,
        guid: r.guid,
        returnStatus: r.returnStatus,
        returnInfo: r.returnInfo,
        returnTime: r.returnTime,
        ...(r.copNo ? { copNo: r.copNo } : {}),
        ...(r.preNo ? { preNo: r.preNo } : {}),
        ...(r.invtNo ? { invtNo: r.invtNo } : {}),
      };
      if (route.docType === 'IMPORT_INVENTORY' && r.invtNo) {
        // the e-tax bill (CEB816) names only the inventory number: file it before it can arrive
        await deps.db.shipmentDocument.upsert({
          where: { system_docType_businessKey: { system: 'single-window', docType: TAX_BILL_DOC, businessKey: r.invtNo } },
          create: { shipmentId: doc.shipmentId, system: 'single-window', docType: TAX_BILL_DOC, businessKey: r.invtNo },
          update: {},
        });
      }
      // Only receipts that reach something a flow waits for are signalled (each signal is a billed
      // action); the others stay in the inbox. The rank is raised after the signal, so a failed
      // delivery is retried, and two receipts at once may both be signalled, which changes nothing.
      if (!receiptNeedsSignal(route.docType, r.returnStatus, doc.signalledRank)) {
        outcomes.push('IGNORED');
        continue;
      }
      const outcome = await deliver(() => deps.temporal.workflow.getHandle(doc.shipmentId).signal(receiptReceived, receipt));
      if (outcome === 'DELIVERED') await raiseSignalledRank(deps.db, doc.id, receiptRank(r.returnStatus));
      outcomes.push(outcome);
    }
    return { outcome: summarize(outcomes), reply: 'SUCCESS' };
  }

  // Banks and payment institutions (funds received) and carriers (milestones), by system id.
  app.post<{ Params: { system: string } }>('/v1/callbacks/:system', { schema: { hide: true } }, async (req, reply) => {
    const system = req.params.system;
    const bankSecret = deps.secrets.banks[system];
    if (bankSecret) return handle(req, reply, system, bankSecret, fundsNotice);
    const warehouseSecret = deps.secrets.warehouses[system];
    if (warehouseSecret) return handle(req, reply, system, warehouseSecret, warehouseEvent);
    const secret = deps.secrets.carriers[system];
    if (!secret) return reply.code(404).send({ code: 'NOT_FOUND', message: `no callback endpoint for ${system}`, fields: [] });
    return handle(req, reply, system, secret, milestone);
  });

  async function warehouseEvent(raw: string): Promise<Processed> {
    return {
      outcome: await warehouseNotice(parseJson(raw), (m) => new BadCallback(m), (reference, send) => signalReference(deps, reference, send)),
      reply: { received: true },
    };
  }

  async function milestone(raw: string): Promise<Processed> {
    const e = parseJson(raw) as Omit<Partial<RailEvent>, 'event'> & { reference?: string; event?: string };
    if (!e.reference || !e.eventId || !e.event || !e.bookingNo) throw new BadCallback('reference, eventId, bookingNo and event are required');
    if (!MILESTONES.includes(e.event as RailEvent['event'])) return { outcome: 'IGNORED', reply: { received: true } };
    const event: RailEvent = { eventId: e.eventId, bookingNo: e.bookingNo, event: e.event as RailEvent['event'], location: String(e.location ?? ''), at: String(e.at ?? '') };
    return { outcome: await signalShipment(deps, e.reference, (h) => h.signal(railEventReceived, event)), reply: { received: true } };
  }

  /** The processor of a system's callbacks (for the routes and for redelivery of stored ones). */
  function processorFor(system: string): ((raw: string) => Promise<Processed>) | undefined {
    if (system === 'single-window') return singleWindowNotice;
    if (deps.secrets.banks[system]) return fundsNotice;
    if (deps.secrets.warehouses[system]) return warehouseEvent;
    if (deps.secrets.carriers[system]) return milestone;
    return undefined;
  }

  // Callbacks stored but not delivered (Temporal unreachable, the API killed mid-request) are
  // delivered again from the inbox, whether or not their sender retries: see redeliverInbox.
  if (deps.redeliveryEveryMs !== 0) {
    const timer = setInterval(() => void redeliverInbox(deps, processorFor).catch((err: unknown) => app.log.warn({ err }, 'inbox redelivery failed; next round retries')), deps.redeliveryEveryMs ?? 5_000);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }

  async function fundsNotice(raw: string): Promise<Processed> {
    const e = parseJson(raw) as Partial<FundsEvent> & { reference?: string; type?: string };
    if (!e.reference || !e.eventId || !e.collectionId || !e.amount || !e.currency) throw new BadCallback('reference, eventId, collectionId, amount and currency are required');
    if (e.type !== 'FUNDS_RECEIVED') return { outcome: 'IGNORED', reply: { received: true } };
    const event: FundsEvent = { eventId: e.eventId, collectionId: e.collectionId, amount: e.amount, currency: e.currency, valueDate: String(e.valueDate ?? ''), bankRef: String(e.bankRef ?? '') };
    return { outcome: await signalShipment(deps, e.reference, (h) => h.signal(fundsReceived, event)), reply: { received: true } };
  }

  async function handle(
    req: FastifyRequest,
    reply: FastifyReply,
    system: string,
    secret: Secret,
    process: (raw: string) => Promise<Processed>,
  ) {
    const raw = typeof req.body === 'string' ? req.body : '';
    const verdict = verifyBody({ secret: secret.reveal(), body: raw, timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER) });
    if (!verdict.ok) return reply.code(401).send({ code: verdict.code, message: 'callback not authenticated', fields: [] });
    // PostgreSQL text cannot store U+0000: refuse it before anything is written (it was a 500)
    if (raw.includes('\u0000')) return reply.code(400).send({ code: 'CALLBACK_INVALID', message: 'the body contains a NUL character', fields: [] });
    const bodyHash = createHash('sha256').update(`${system}\n${raw}`).digest('hex');
    const stored = await storeInboundMessage(deps.db, deps.cipher, { system, signature: header(req, SIGNATURE_HEADER)!, bodyHash, contentType: String(req.headers['content-type'] ?? ''), body: raw });
    if (stored === 'REPLAYED') {
      return reply.code(409).send({ code: 'CALLBACK_REPLAYED', message: 'this signed callback was already received; a retry must be signed anew', fields: [] });
    }
    if (stored === 'PROCESSED') {
      return reply.code(200).send(system === 'single-window' ? 'SUCCESS' : { received: true, duplicate: true });
    }
    try {
      const result = await process(raw);
      await setOutcome(deps.db, bodyHash, result.outcome);
      return reply.code(200).send(result.reply);
    } catch (err) {
      if (err instanceof BadCallback) {
        await setOutcome(deps.db, bodyHash, 'REJECTED');
        return reply.code(400).send({ code: 'CALLBACK_INVALID', message: err.message, fields: [] });
      }
      req.log.error({ err, system }, 'Callback stored but not delivered; the sender or the inbox redelivery will retry');
      return reply.code(503).send({ code: 'CALLBACK_NOT_DELIVERED', message: 'try again later', fields: [] });
    }
  }
}

class BadCallback extends Error {}

/** A stored callback is redelivered once it has waited this long (its own request may still be running before that). */
const REDELIVER_AFTER_MS = 10_000;

/**
 * One round of inbox redelivery: callbacks stored (outcome RECEIVED) whose delivery failed are
 * processed again, oldest first. No lock and no transaction is held while delivering (the
 * embedded database serves one connection): two API instances may deliver the same callback in
 * the same round, which changes nothing, since workflows ignore a receipt, milestone or payment
 * they already have, exactly as when a sender retries.
 */
export async function redeliverInbox(deps: CallbackDeps, processorFor: (system: string) => ((raw: string) => Promise<Processed>) | undefined): Promise<number> {
  const stale = await undeliveredInboundMessages(deps.db, deps.cipher, { before: new Date(Date.now() - REDELIVER_AFTER_MS), take: 200 });
  let delivered = 0;
  for (const message of stale) {
    const process = processorFor(message.system);
    if (!process) continue;
    try {
      const result = await process(message.body);
      await setOutcome(deps.db, message.bodyHash, result.outcome);
      delivered += 1;
    } catch (err) {
      if (err instanceof BadCallback) await setOutcome(deps.db, message.bodyHash, 'REJECTED');
      else break; // Temporal still unreachable: stop this round
    }
  }
  return delivered;
}

/** The outgoing document a receipt answers (filed before it was sent), with the rank signalled so far. */
async function findDocument(db: Db, route: { docType: string; businessKey: string }): Promise<{ id: bigint; shipmentId: string; signalledRank: number } | undefined> {
  const [doc] = await db.$queryRaw<{ id: bigint; shipmentId: string; signalledRank: number }[]>`
    SELECT "id", "shipmentId", "signalledRank" FROM "ShipmentDocument"
    WHERE "system" = 'single-window' AND "docType" = ${route.docType} AND "businessKey" = ${route.businessKey}`;
  return doc;
}

async function setOutcome(db: Db, bodyHash: string, outcome: Outcome | 'REJECTED'): Promise<void> {
  await db.$executeRaw`UPDATE "InboundMessage" SET "outcome" = ${outcome} WHERE "bodyHash" = ${bodyHash}`;
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseJson(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    if (v && typeof v === 'object') return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new BadCallback('body must be a JSON object');
}

/**
 * Signals the workflow a callback's reference names: a shipment known to the database, or a
 * bonded stock entry (its id is its workflow id).
 */
async function signalReference(deps: CallbackDeps, reference: string, send: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<void>): Promise<Outcome> {
  if (reference.startsWith('stock-entry:')) {
    const entry = await deps.db.stockEntry.findUnique({ where: { id: reference }, select: { id: true } });
    return entry ? deliver(() => send(deps.temporal.workflow.getHandle(reference))) : 'UNMATCHED';
  }
  return signalShipment(deps, reference, send);
}

async function signalShipment(deps: CallbackDeps, shipmentId: string, send: (h: ReturnType<Client['workflow']['getHandle']>) => Promise<void>): Promise<Outcome> {
  const row = await deps.db.shipment.findUnique({ where: { id: shipmentId }, select: { id: true } });
  if (!row) return 'UNMATCHED';
  return deliver(() => send(deps.temporal.workflow.getHandle(shipmentId)));
}

/** Sends a signal; a workflow that has already ended is an outcome, not an error. */
export async function deliver(send: () => Promise<void>): Promise<Outcome> {
  try {
    await send();
    return 'DELIVERED';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'WORKFLOW_CLOSED';
    throw err;
  }
}

function summarize(outcomes: Outcome[]): Outcome {
  if (outcomes.includes('DELIVERED')) return 'DELIVERED';
  if (outcomes.includes('WORKFLOW_CLOSED')) return 'WORKFLOW_CLOSED';
  if (outcomes.includes('UNMATCHED')) return 'UNMATCHED';
  return 'IGNORED';
}
