import type { FastifyRequest } from 'fastify';
import { inboundOf } from '../adapters/inbound.js';
import type { CallbackSystem } from './callbacks/process.js';
import type { RawBody } from './callbacks/raw-body.js';

/**
 * The outside system a callback request is from, when its adapter's inbound part authenticates
 * the body as read (for the per-system rate limit); undefined otherwise. The callback route
 * authenticates again before it acts.
 */
export function signedCallbackSystem(req: FastifyRequest, systems: ReadonlyMap<string, CallbackSystem>): string | undefined {
  const id = req.url.slice('/v1/callbacks/'.length).split(/[/?#]/)[0] ?? '';
  const system = systems.get(id);
  // the callback route's parser keeps the body raw (api/callbacks/raw-body.ts); a body it did not parse is not signed
  const bytes = (req.body as RawBody | undefined)?.bytes;
  if (!system || !Buffer.isBuffer(bytes)) return undefined;
  return inboundOf(system).authenticate({ body: bytes, headers: req.headers }, system.secret.reveal()).ok ? id : undefined;
}
