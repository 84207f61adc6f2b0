import type { FastifyRequest } from 'fastify';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyBody } from '../adapters/kit/callbacks.js';
import { carrierEndpoints, fxProviderEndpoints, warehouseEndpoints, type Config, type Secret } from '../config/config.js';
import type { CallbackDeps } from './routes/callbacks.routes.js';

/** The HMAC secret of each outside system that calls back, by system id. */
export function callbackSecrets(config: Config): CallbackDeps['secrets'] {
  const secretsOf = (endpoints: Record<string, { secret: Secret }>) => Object.fromEntries(Object.entries(endpoints).map(([id, e]) => [id, e.secret]));
  return {
    singleWindow: config.SINGLE_WINDOW_CALLBACK_SECRET,
    banks: secretsOf(fxProviderEndpoints(config)),
    carriers: secretsOf(carrierEndpoints(config)),
    warehouses: secretsOf(warehouseEndpoints(config)),
  };
}

const header = (req: FastifyRequest, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * The outside system a callback request is from, when it carries that system's valid signature
 * over the body as read (for the per-system rate limit); undefined otherwise. The callback
 * route checks the signature again before it acts.
 */
export function signedCallbackSystem(req: FastifyRequest, secrets: CallbackDeps['secrets']): string | undefined {
  const system = req.url.slice('/v1/callbacks/'.length).split(/[/?#]/)[0] ?? '';
  const secret =
    system === 'single-window'
      ? secrets.singleWindow
      : Object.hasOwn(secrets.banks, system)
        ? secrets.banks[system]
        : Object.hasOwn(secrets.warehouses, system)
          ? secrets.warehouses[system]
          : Object.hasOwn(secrets.carriers, system)
            ? secrets.carriers[system]
            : undefined;
  if (!secret || typeof req.body !== 'string') return undefined;
  const verdict = verifyBody({ secret: secret.reveal(), body: req.body, timestamp: header(req, TIMESTAMP_HEADER), signature: header(req, SIGNATURE_HEADER) });
  return verdict.ok ? system : undefined;
}
