import type { FastifyInstance } from 'fastify';
import { verifyEvidence, type EvidenceJwk } from './verify-evidence.js';

/**
 * A simulated lender's (or insurer's) check of the platform's signed evidence, as a real one would
 * make it: the published keys fetched (GET /v1/finance/evidence-keys) on first need and again when
 * a package names a key not among them (a rotation), every package verified, and addressed to this
 * system. Runs before the effect, so a refusal records nothing and the call may be retried.
 */
export interface EvidenceCheck {
  /** The platform's published keys (the simulators fetch PUBLIC_URL/v1/finance/evidence-keys). */
  keys: () => Promise<EvidenceJwk[]>;
  /** The routes (Fastify route URLs, POST) whose body carries `documents` and `evidence`. */
  routes: readonly string[];
  /** Document type naming the package by digest: naming it without sending it is refused. */
  documentType: string;
  codes: { missing: string; notVerified: string };
}

interface Body {
  documents?: { type?: unknown }[];
  evidence?: unknown[];
}

export function checkEvidenceOn(app: FastifyInstance, system: string, check: EvidenceCheck): void {
  let cached: EvidenceJwk[] | undefined;
  const keysFor = async (kid: unknown) => {
    if (!cached || !cached.some((k) => k.kid === kid)) cached = await check.keys();
    return cached;
  };
  app.addHook('preHandler', async (req, reply) => {
    if (req.method !== 'POST' || !check.routes.includes(req.routeOptions.url ?? '')) return;
    const body = (req.body ?? {}) as Body;
    const evidence = Array.isArray(body.evidence) ? body.evidence : [];
    const named = Array.isArray(body.documents) && body.documents.some((d) => d?.type === check.documentType);
    if (named && evidence.length === 0) {
      return reply.code(422).send({ code: check.codes.missing, message: `${check.documentType} is named by digest but the signed package was not sent (evidence)` });
    }
    for (const [i, envelope] of evidence.entries()) {
      let keys: EvidenceJwk[];
      try {
        keys = await keysFor((envelope as { kid?: unknown })?.kid);
      } catch (err) {
        return reply.code(503).send({ code: 'EVIDENCE_KEYS_UNAVAILABLE', message: `the platform's evidence keys could not be fetched: ${(err as Error).message}` });
      }
      const verdict = verifyEvidence(envelope, keys);
      if (!verdict.ok) return reply.code(422).send({ code: check.codes.notVerified, message: `evidence[${i}]: ${verdict.message}`, details: { field: `evidence.${i}`, reason: verdict.reason } });
      const recipient = ((envelope as { package: { recipient?: unknown } }).package).recipient;
      if (recipient !== system) return reply.code(422).send({ code: check.codes.notVerified, message: `evidence[${i}] is addressed to ${String(recipient)}, not ${system}`, details: { field: `evidence.${i}.package.recipient`, reason: 'WRONG_RECIPIENT' } });
    }
    return undefined;
  });
}

/** The keys as a lender fetches them: GET <platform>/v1/finance/evidence-keys, no API key. */
export function fetchEvidenceKeys(platformUrl: string): () => Promise<EvidenceJwk[]> {
  return async () => {
    const res = await fetch(`${platformUrl}/v1/finance/evidence-keys`);
    if (!res.ok) throw new Error(`GET /v1/finance/evidence-keys answered ${res.status}`);
    return ((await res.json()) as { keys: EvidenceJwk[] }).keys;
  };
}
