import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * Verifying the platform's signed evidence packages (docs/finance.md §4, README.md "Evidence").
 * Self-contained on purpose: a lender or insurer may copy this file (it needs only node:crypto).
 *
 *   envelope = { format: 'cbec-evidence/1', alg: 'EdDSA', kid, digest, signature, package }
 *
 * `signature` is the Ed25519 signature (base64url) of the package's canonical JSON (object keys
 * sorted by UTF-16 code units, no whitespace, undefined members dropped), `digest` its SHA-256
 * (hex), `kid` the signing key's id as published at GET /v1/finance/evidence-keys (JWK, no API
 * key needed): the base64url SHA-256 thumbprint of the public key (RFC 7638).
 */
export const EVIDENCE_FORMAT = 'cbec-evidence/1';

export interface EvidenceEnvelope {
  format: typeof EVIDENCE_FORMAT;
  alg: 'EdDSA';
  kid: string;
  digest: string;
  signature: string;
  package: Record<string, unknown>;
}

/** A published public key (JWK, RFC 8037). */
export interface EvidenceJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg?: 'EdDSA';
  use?: 'sig';
}

export type EvidenceVerification =
  | { ok: true; kid: string; digest: string }
  | { ok: false; reason: 'MALFORMED' | 'UNKNOWN_KEY' | 'DIGEST_MISMATCH' | 'BAD_SIGNATURE'; message: string };

/** The canonical JSON the platform signs: sorted keys, no whitespace, undefined object members dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The RFC 7638 thumbprint of an Ed25519 public key (raw 32 bytes, base64url `x`): its key id. */
export function evidenceKeyId(x: string): string {
  return createHash('sha256').update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest('base64url');
}

/**
 * Whether `envelope` is a package signed by one of `keys` and unchanged since: the key named by
 * `kid` must be among them (and its id its thumbprint), the digest must be the package's, and the
 * signature must verify. Never throws.
 */
export function verifyEvidence(envelope: unknown, keys: readonly EvidenceJwk[]): EvidenceVerification {
  const e = envelope as Partial<EvidenceEnvelope> | null;
  if (!e || typeof e !== 'object' || e.format !== EVIDENCE_FORMAT || e.alg !== 'EdDSA' || typeof e.kid !== 'string' || typeof e.digest !== 'string' || typeof e.signature !== 'string' || typeof e.package !== 'object' || e.package === null) {
    return { ok: false, reason: 'MALFORMED', message: `not a ${EVIDENCE_FORMAT} envelope` };
  }
  const jwk = keys.find((k) => k.kid === e.kid && k.kty === 'OKP' && k.crv === 'Ed25519' && evidenceKeyId(k.x) === k.kid);
  if (!jwk) return { ok: false, reason: 'UNKNOWN_KEY', message: `key ${e.kid} is not among the platform's published evidence keys` };
  const body = Buffer.from(canonicalJson(e.package), 'utf8');
  const digest = createHash('sha256').update(body).digest('hex');
  if (digest !== e.digest) return { ok: false, reason: 'DIGEST_MISMATCH', message: 'the package does not match its digest: it was changed after signing' };
  let valid = false;
  try {
    valid = verify(null, body, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' }), Buffer.from(e.signature, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'BAD_SIGNATURE', message: `the signature does not verify with key ${jwk.kid}` };
  return { ok: true, kid: jwk.kid, digest };
}
