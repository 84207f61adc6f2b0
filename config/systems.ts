import { SYSTEMS, type RegisteredSystem } from '../adapters/catalogue.js';
import { secretVar, urlVar, type EnvPrefix } from '../adapters/kit/system.js';

/**
 * The settings every registered outside system (adapters/systems.ts) brings, derived from its
 * definition: `<PREFIX>_URL` (default: its simulator on 127.0.0.1:<port>) and, when it calls back,
 * `<PREFIX>_CALLBACK_SECRET` (a public development default; production requires a real one).
 */
export type CallingSystem = Extract<RegisteredSystem, { devCallbackSecret: string }>;
export type SystemUrlName = `${EnvPrefix<RegisteredSystem['id']>}_URL`;
export type SystemSecretName = `${EnvPrefix<CallingSystem['id']>}_CALLBACK_SECRET`;

/** Each system's `<PREFIX>_URL` with its default. */
export const SYSTEM_URL_DEFAULTS = Object.fromEntries(SYSTEMS.map((s) => [urlVar(s.id), `http://127.0.0.1:${s.port}`])) as Record<SystemUrlName, string>;

/** Each calling system's `<PREFIX>_CALLBACK_SECRET` with its public development default. */
export const SYSTEM_DEV_SECRETS = Object.fromEntries(
  SYSTEMS.flatMap((s) => ('devCallbackSecret' in s ? [[secretVar(s.id), s.devCallbackSecret]] : [])),
) as Record<SystemSecretName, string>;
