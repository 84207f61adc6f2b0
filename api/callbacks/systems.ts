import type { SystemKind } from '../../adapters/inbound.js';
import { carrierEndpoints, fxProviderEndpoints, warehouseEndpoints, type Config } from '../../config/config.js';
import type { CallbackSystem } from './process.js';

/** The outside systems that may call back, by id, with their kind and secret (from config). */
export function callbackSystems(config: Config): ReadonlyMap<string, CallbackSystem> {
  const systems = new Map<string, CallbackSystem>([['single-window', { id: 'single-window', kind: 'single-window', secret: config.SINGLE_WINDOW_CALLBACK_SECRET }]]);
  const add = (kind: SystemKind, endpoints: Record<string, { secret: CallbackSystem['secret'] }>) => {
    for (const [id, e] of Object.entries(endpoints)) systems.set(id, { id, kind, secret: e.secret });
  };
  add('fx', fxProviderEndpoints(config));
  add('warehouse', warehouseEndpoints(config));
  add('carrier', carrierEndpoints(config));
  return systems;
}
