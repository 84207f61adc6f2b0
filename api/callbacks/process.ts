import type { FastifyBaseLogger } from 'fastify';
import { inboundOf, type NoticeOf, type SystemKind } from '../../adapters/inbound.js';
import type { FieldCipher } from '../../codec/field-cipher.js';
import type { Secret } from '../../config/config.js';
import { singleWindowNotice } from './customs.js';
import { CallbackRefused, type DeliverDeps, type Processed } from './deliver.js';
import { dueForRedelivery, recordFailure, setOutcome } from './inbox.js';
import { insurerNotice } from './insurer.js';
import { lenderNotice } from './lender.js';
import { fundsNotice, milestoneNotice, warehouseNotice } from './notices.js';

/** An outside system allowed to call back: its id (the route's last segment), kind and HMAC secret. */
export interface CallbackSystem {
  id: string;
  kind: SystemKind;
  secret: Secret;
}

type Handlers = { [K in SystemKind]: (deps: DeliverDeps, system: string, notice: NoticeOf<K>) => Promise<Processed> };
const HANDLERS: Handlers = {
  'single-window': (deps, _system, notice) => singleWindowNotice(deps, notice),
  carrier: milestoneNotice,
  fx: fundsNotice,
  warehouse: warehouseNotice,
  lender: lenderNotice,
  insurer: insurerNotice,
};

/** A signed callback whose body is not what its system sends: answered 400 with the field at fault. */
export class CallbackInvalid extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a callback with its adapter's inbound parser and processes it (route, bind, signal). */
export async function processCallback<K extends SystemKind>(deps: DeliverDeps, system: { id: string; kind: K }, raw: string): Promise<Processed> {
  const parsed = inboundOf(system).parse(raw);
  if (!parsed.ok) throw new CallbackInvalid(parsed.field, parsed.message);
  return processNotice(deps, system, parsed.notice);
}

/** Processes a callback its route has parsed already (parsing a signed XML receipt costs more than the rest). */
export function processNotice<K extends SystemKind>(deps: DeliverDeps, system: { id: string; kind: K }, notice: NoticeOf<K>): Promise<Processed> {
  return (HANDLERS[system.kind] as (d: DeliverDeps, s: string, n: unknown) => Promise<Processed>)(deps, system.id, notice);
}

export interface RedeliveryDeps extends DeliverDeps {
  systems: ReadonlyMap<string, CallbackSystem>;
  /** Opens the sealed bodies of the inbox. */
  cipher: FieldCipher;
  /** Failed deliveries after which a callback is dead-lettered. */
  maxAttempts: number;
  log: FastifyBaseLogger;
}

/** Consecutive failures after which a round stops (Temporal is likely down; the backoff spaces retries). */
const OUTAGE_AFTER = 3;

/**
 * One round of inbox redelivery: callbacks stored but not delivered whose retry time has come are
 * processed again, oldest first. A failing one is retried later (backoff) and dead-lettered after
 * `maxAttempts`; the round goes on past it, so one poison callback never holds back the others.
 * No lock is held while delivering: two API instances may deliver the same callback in the same
 * round, which changes nothing (workflows ignore what they already have, as when a sender retries).
 */
export async function redeliverInbox(deps: RedeliveryDeps, process: (system: CallbackSystem, raw: string) => Promise<Processed> = (s, raw) => processCallback(deps, s, raw)): Promise<{ delivered: number; failed: number; deadLettered: number }> {
  const counts = { delivered: 0, failed: 0, deadLettered: 0 };
  let failedInARow = 0;
  for (const message of await dueForRedelivery(deps.db, deps.cipher)) {
    const system = deps.systems.get(message.system);
    if (!system) continue; // a system no longer configured: kept for ops
    try {
      const result = await process(system, message.body);
      await setOutcome(deps.db, message.bodyHash, result.outcome, result.shipmentId);
      counts.delivered += 1;
      failedInARow = 0;
    } catch (err) {
      const settled = settledOutcome(err);
      if (settled) {
        await setOutcome(deps.db, message.bodyHash, settled);
        deps.log.warn({ inboundMessageId: String(message.id), system: message.system, outcome: settled, reason: (err as Error).message }, 'Stored callback rejected or refused on redelivery');
        continue;
      }
      counts.failed += 1;
      if (await recordFailure(deps.db, message.bodyHash, String((err as Error).message ?? err), deps.maxAttempts)) {
        counts.deadLettered += 1;
        deps.log.error({ inboundMessageId: String(message.id), system: message.system, err }, 'Callback dead-lettered after repeated delivery failures; ops can requeue it');
      }
      if (++failedInARow >= OUTAGE_AFTER) break;
    }
  }
  return counts;
}

/** The stored outcome of an error that retrying cannot change (a malformed or refused callback). */
export function settledOutcome(err: unknown): 'REJECTED' | 'REFUSED' | undefined {
  if (err instanceof CallbackInvalid) return 'REJECTED';
  if (err instanceof CallbackRefused) return 'REFUSED';
  return undefined;
}
