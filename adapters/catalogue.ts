import type { SystemKind } from './kit/system.js';
import * as REGISTERED from './systems.js';

/**
 * The registered systems (adapters/systems.ts) as a list, ordered by simulator port (the order
 * they were added), and the types derived from it. Pure: domain/corridors.ts and config/ use it.
 */
export type RegisteredSystem = (typeof REGISTERED)[keyof typeof REGISTERED];

export const SYSTEMS: readonly RegisteredSystem[] = Object.values(REGISTERED).sort((a, b) => a.port - b.port);

export type SystemId = RegisteredSystem['id'];
export type SystemOfKind<K extends SystemKind> = Extract<RegisteredSystem, { kind: K }>;

export function systemsOfKind<K extends SystemKind>(kind: K): readonly SystemOfKind<K>[] {
  return SYSTEMS.filter((s): s is SystemOfKind<K> => s.kind === kind);
}
