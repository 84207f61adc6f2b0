import { SYSTEMS } from '../../adapters/catalogue.js';
import { systemEndpoint, type Config } from '../../config/config.js';
import type { CallbackSystem } from './process.js';

/** The outside systems that may call back (those with a callback secret in adapters/systems.ts), by id, with their kind and secret. */
export function callbackSystems(config: Config): ReadonlyMap<string, CallbackSystem> {
  const systems = new Map<string, CallbackSystem>();
  for (const system of SYSTEMS) {
    const { secret } = systemEndpoint(config, system);
    // lenders' callbacks are bound to their loan (api/callbacks/lender.ts), insurers' to their policy (api/callbacks/insurer.ts)
    if (secret && system.kind !== 'tax') systems.set(system.id, { id: system.id, kind: system.kind, secret });
  }
  return systems;
}
