import { fundsInbound } from './bank/inbound.js';
import { SYSTEMS } from './catalogue.js';
import { carrierInbound } from './carrier/inbound.js';
import { insurerInbound } from './insurer/inbound.js';
import type { Inbound } from './kit/inbound.js';
import { lenderInbound } from './lender/inbound.js';
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
  lender: lenderInbound,
  insurer: insurerInbound,
} as const satisfies Record<string, Inbound<unknown>>;

export type SystemKind = keyof typeof INBOUND;
export type NoticeOf<K extends SystemKind> = (typeof INBOUND)[K] extends Inbound<infer N> ? N : never;

/**
 * Systems that send their own format (`ownInbound` in their definition), parsed into their kind's
 * notice by adapters/<id>/inbound.ts (`export const inbound`), loaded when this module is.
 */
const BY_SYSTEM: ReadonlyMap<string, Inbound<unknown>> = new Map(
  await Promise.all(
    SYSTEMS.filter((s) => 'ownInbound' in s && s.ownInbound).map(async (s) => {
      const specifier = `./${s.id}/inbound.js`; // computed: Vite (vitest) would otherwise insist on a static glob
      const module = (await import(/* @vite-ignore */ specifier)) as { inbound?: Inbound<unknown> };
      if (!module.inbound) throw new Error(`adapters/${s.id}/inbound.ts exports no \`inbound\` (adapters/kit/inbound.ts)`);
      return [s.id, module.inbound] as const;
    }),
  ),
);

/** The inbound part of one system: its own, else its kind's. */
export function inboundOf<K extends SystemKind>(system: { id: string; kind: K }): Inbound<NoticeOf<K>> {
  return (BY_SYSTEM.get(system.id) ?? INBOUND[system.kind]) as Inbound<NoticeOf<K>>;
}
