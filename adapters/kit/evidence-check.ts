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
  /** The routes (Fastify route URLs, POST) whose body may carry `signedEvidence`. */
  routes: readonly string[];
  /** Why this request needs a signed package (it is refused without one), or undefined. */
  required: (body: Record<string, unknown>, route: string) => string | undefined;
  codes: { missing: string; notVerified: string };
}

export function checkEvidenceOn(app: FastifyInstance, system: string, check: EvidenceCheck): void {
  let cached: EvidenceJwk[] | undefined;
  const keysFor = async (kid: unknown) => {
    if (!cached || !cached.some((k) => k.kid === kid)) cached = await check.keys();
    return cached;
  };
  app.addHook('preHandler', async (req, reply) => {
    const route = req.routeOptions.url ?? '';
    if (req.method !== 'POST' || !check.routes.includes(route)) return;
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<string, unknown>;
    const evidence = Array.isArray(body.signedEvidence) ? (body.signedEvidence as unknown[]) : [];
    const needed = check.required(body, route);
    if (needed && evidence.length === 0) return reply.code(422).send({ code: check.codes.missing, message: needed, details: { field: 'signedEvidence' } });
    for (const [i, envelope] of evidence.entries()) {
      let keys: EvidenceJwk[];
      try {
        keys = await keysFor((envelope as { kid?: unknown })?.kid);
      } catch (err) {
        return reply.code(503).send({ code: 'EVIDENCE_KEYS_UNAVAILABLE', message: `the platform's evidence keys could not be fetched: ${(err as Error).message}` });
      }
      const verdict = verifyEvidence(envelope, keys);
      if (!verdict.ok) return reply.code(422).send({ code: check.codes.notVerified, message: `signedEvidence[${i}]: ${verdict.message}`, details: { field: `signedEvidence.${i}`, reason: verdict.reason } });
      const recipient = ((envelope as { package: { recipient?: unknown } }).package).recipient;
      if (recipient !== system) return reply.code(422).send({ code: check.codes.notVerified, message: `signedEvidence[${i}] is addressed to ${String(recipient)}, not ${system}`, details: { field: `signedEvidence.${i}.package.recipient`, reason: 'WRONG_RECIPIENT' } });
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
