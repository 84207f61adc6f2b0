import { SYSTEMS, type RegisteredSystem } from '../adapters/catalogue.js';
import type { CorridorSpec } from '../adapters/kit/system.js';

/**
 * Logistics corridors a shipment can choose (docs/reference/domain-rules.md §5): each carrier's
 * definition (adapters/<carrier>/definition.ts) declares the corridors it serves, with the customs
 * transport mode of the main leg and the service levels of its transit waits. The one import of
 * domain/ from outside it: the system catalogue, pure data (see .dependency-cruiser.cjs).
 */
export interface CorridorInfo extends CorridorSpec {
  /** The carrier system serving it. */
  carrier: string;
}

type CorridorsOf<S> = S extends { corridors: infer C } ? keyof C & string : never;
export type CorridorId = CorridorsOf<RegisteredSystem>;

export const CORRIDORS: Readonly<Record<CorridorId, CorridorInfo>> = Object.fromEntries(
  SYSTEMS.flatMap((s) => Object.entries('corridors' in s ? (s.corridors as Record<string, CorridorSpec>) : {}).map(([id, spec]) => [id, { carrier: s.id, ...spec }])),
) as Record<CorridorId, CorridorInfo>;

export function corridorInfo(id: string): CorridorInfo {
  const info = (CORRIDORS as Record<string, CorridorInfo>)[id];
  if (!info) throw new RangeError(`unknown corridor ${id}`);
  return info;
}
