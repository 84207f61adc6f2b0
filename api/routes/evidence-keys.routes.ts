import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../../config/config.js';
import { loadEvidenceKeys, type EvidenceKeys } from '../../config/evidence-key.js';
import { EvidenceKeySet } from '../finance.schemas.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The platform's evidence-signing public keys (docs/finance.md §4), for lenders and insurers to
 * verify the packages they receive (adapters/kit/verify-evidence.ts). Public: no API key, as a
 * JWKS is; only public keys are here.
 */
export const evidenceKeyRoutes =
  (deps: { config: Config }): FastifyPluginAsyncZod =>
  async (app) => {
    let keys: Promise<EvidenceKeys> | undefined;
    app.get('/v1/finance/evidence-keys', {
      schema: {
        tags: ['finance'], operationId: 'listEvidenceKeys', security: [],
        summary: 'The public keys that sign the evidence packages lenders and insurers receive (JWK)',
        description: 'No API key needed. Verify an envelope with the key its kid names: Ed25519 over the canonical JSON of its package (adapters/lender/README.md "Evidence").',
        response: { 200: EvidenceKeySet },
      },
    }, async (_req, reply) => {
      keys ??= loadEvidenceKeys(deps.config, ROOT).catch((err: unknown) => {
        keys = undefined; // try again on the next request
        throw err;
      });
      const published = (await keys).published.map((k) => ({ ...k, alg: 'EdDSA' as const, use: 'sig' as const }));
      return reply.header('cache-control', 'public, max-age=300').send({ keys: published });
    });
  };
