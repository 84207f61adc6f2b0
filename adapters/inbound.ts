import { fundsInbound } from './bank/inbound.js';
import { carrierInbound } from './carrier/inbound.js';
import type { Inbound } from './kit/inbound.js';
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
