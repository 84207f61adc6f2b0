/**
 * The definition of one outside system (adapters/<id>/definition.ts): pure data that config
 * loading, worker wiring, simulator start-up, callback routing, the corridors and the docs derive
 * from. Listed once in adapters/systems.ts. Its two code parts sit next to it by convention:
 * `adapters/<id>/outbound.ts` (client and simulator factories, used by the worker and scripts) and,
 * for a system that sends its own callback format (`ownInbound`), `adapters/<id>/inbound.ts`
 * (used by the API). This file, the definitions and adapters/systems.ts stay pure (no I/O, no
 * outbound code): domain/corridors.ts and the workflow bundle import them.
 */

/** What kind of system it is: which port it implements and which callbacks it sends. */
export type SystemKind = 'single-window' | 'tax' | 'carrier' | 'fx' | 'warehouse' | 'lender' | 'insurer';

/** A logistics corridor a carrier serves (domain/corridors.ts adds the carrier's id). */
export interface CorridorSpec {
  label: string;
  /** Customs transport mode of the main leg (JGS-20: 2 waterway, 3 rail, 6 mail). */
  trafMode: '2' | '3' | '6';
  /** Business time allowed from departure to leaving China, and from there to arrival. */
  sla: { border: number; arrival: number };
}

export interface SystemDefinition {
  /** kebab-case id: the folder under adapters/, the callback path /v1/callbacks/<id>, the env prefix. */
  id: string;
  kind: SystemKind;
  /** Port of its simulator on 127.0.0.1: the default of <PREFIX>_URL. Also orders the systems. */
  port: number;
  /** It calls back: <PREFIX>_CALLBACK_SECRET is required, with this public development default. */
  devCallbackSecret?: string;
  /** Carriers: the corridors it serves, by corridor id. */
  corridors?: Readonly<Record<string, CorridorSpec>>;
  /** It sends its own callback format, parsed by adapters/<id>/inbound.ts (else its kind's parser). */
  ownInbound?: boolean;
}

/** Typed identity, keeping the literal id, kind and corridor ids for the derived types. */
export function defineSystem<const D extends SystemDefinition>(definition: D): D {
  return definition;
}

type Snake<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Snake<B>}` : S;
/** The environment-variable prefix of a system id: 'rail-water' → 'RAIL_WATER'. */
export type EnvPrefix<Id extends string> = Uppercase<Snake<Id>>;

export function envPrefix<Id extends string>(id: Id): EnvPrefix<Id> {
  return id.replaceAll('-', '_').toUpperCase() as EnvPrefix<Id>;
}

export const urlVar = <Id extends string>(id: Id) => `${envPrefix(id)}_URL` as const;
export const secretVar = <Id extends string>(id: Id) => `${envPrefix(id)}_CALLBACK_SECRET` as const;
