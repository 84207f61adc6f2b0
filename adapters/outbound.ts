import { systemsOfKind, type RegisteredSystem } from './catalogue.js';
import type { SystemKind } from './kit/system.js';
import type { OutboundKind, SystemOutbound } from './kit/system-outbound.js';

/** A registered system with its outbound part loaded. */
export interface OutboundSystem<K extends OutboundKind = OutboundKind> {
  system: RegisteredSystem;
  outbound: SystemOutbound<K>;
}

export interface OutboundSystems {
  carriers: readonly OutboundSystem<'carrier'>[];
  fxProviders: readonly OutboundSystem<'fx'>[];
  warehouses: readonly OutboundSystem<'warehouse'>[];
  lenders: readonly OutboundSystem<'lender'>[];
  insurers: readonly OutboundSystem<'insurer'>[];
}

let loaded: Promise<OutboundSystems> | undefined;

/**
 * The outbound parts (adapters/<id>/outbound.ts, by convention) of every registered carrier, FX
 * provider, warehouse system, lender and insurer, for the worker, the simulators and the tests: adding one to
 * adapters/systems.ts is all the wiring it needs. Loaded once per process. (The Single Window and
 * the tax bureau are wired by hand: the first needs the signing set-up.)
 */
export function loadOutbound(): Promise<OutboundSystems> {
  loaded ??= (async () => ({
    carriers: await loadKind('carrier'),
    fxProviders: await loadKind('fx'),
    warehouses: await loadKind('warehouse'),
    lenders: await loadKind('lender'),
    insurers: await loadKind('insurer'),
  }))();
  return loaded;
}

function loadKind<K extends OutboundKind & SystemKind>(kind: K): Promise<OutboundSystem<K>[]> {
  return Promise.all(systemsOfKind(kind).map((system: RegisteredSystem) => load<K>(system)));
}

async function load<K extends OutboundKind>(system: RegisteredSystem): Promise<OutboundSystem<K>> {
  // a computed specifier: Vite (vitest) would otherwise insist on a static glob pattern
  const specifier = `./${system.id}/outbound.js`;
  const module = (await import(/* @vite-ignore */ specifier)) as { outbound?: SystemOutbound<K> };
  if (!module.outbound) throw new Error(`adapters/${system.id}/outbound.ts exports no \`outbound\` (adapters/kit/system-outbound.ts)`);
  return { system, outbound: module.outbound };
}
