import { fundsInbound } from './bank/inbound.js';
import { bankBInbound } from './bank-b/inbound.js';
import { carrierInbound } from './carrier/inbound.js';
import type { Inbound } from './kit/inbound.js';
import { paymentInstitutionInbound } from './payment-institution/inbound.js';
import { singleWindowInbound } from './single-window/inbound.js';
import { warehouseInbound } from './warehouse/inbound.js';

/**
 * The inbound parts of the adapters, by kind of outside system: how the platform authenticates
 * and parses the callbacks each kind sends. The API imports this file, never a client.
 */
export const INBOUND = {
  'single-window': singleWindowInbound,
  carrier: carrierInbound,
  fx: fundsInbound,
  warehouse: warehouseInbound,
} as const satisfies Record<string, Inbound<unknown>>;

export type SystemKind = keyof typeof INBOUND;
export type NoticeOf<K extends SystemKind> = (typeof INBOUND)[K] extends Inbound<infer N> ? N : never;

/** Systems that send their own format (parsed into their kind's notice): one line each. */
const BY_SYSTEM: ReadonlyMap<string, Inbound<unknown>> = new Map<string, Inbound<unknown>>([
  ['bank-b', bankBInbound],
  ['payment-institution', paymentInstitutionInbound],
]);

/** The inbound part of one system: its own, else its kind's. */
export function inboundOf<K extends SystemKind>(system: { id: string; kind: K }): Inbound<NoticeOf<K>> {
  return (BY_SYSTEM.get(system.id) ?? INBOUND[system.kind]) as Inbound<NoticeOf<K>>;
}
