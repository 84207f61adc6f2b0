import { corridorInfo } from './corridors.js';

/** The outside warehouse systems (adapters/overseas-warehouse, adapters/bonded-warehouse). */
export const OVERSEAS_SYSTEM = 'overseas-warehouse';
export const BONDED_SYSTEM = 'bonded-warehouse';
/** The FX provider of an export that names none. */
export const DEFAULT_FX_PROVIDER = 'bank';

/** What a shipment's request says about the outside systems it uses (its stored request is enough). */
export interface RequestFacts {
  mode: string;
  corridor?: string | null;
  fxProvider?: string;
}

/**
 * The outside systems a shipment uses, one per kind: the carrier of its corridor, the bank or
 * payment institution that collects its proceeds (exports) and the warehouse it goes through
 * (9810 overseas, 1210 bonded). A callback of a kind counts only from the system named here.
 */
export function counterpartsOf(r: RequestFacts): { carrier?: string; fxProvider?: string; warehouse?: string } {
  return {
    ...(r.corridor ? { carrier: corridorInfo(r.corridor).carrier } : {}),
    ...(r.mode !== '1210' ? { fxProvider: r.fxProvider ?? DEFAULT_FX_PROVIDER } : {}),
    ...(r.mode === '9810' ? { warehouse: OVERSEAS_SYSTEM } : r.mode === '1210' ? { warehouse: BONDED_SYSTEM } : {}),
  };
}
