import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { canonicalJson, EVIDENCE_FORMAT, evidenceKeyId, type EvidenceEnvelope, type EvidenceJwk } from '../adapters/kit/verify-evidence.js';
import type { Config } from './config.js';
import { writeFileOnce } from './write-once.js';

/**
 * The platform's evidence-signing key (docs/finance.md §4): Ed25519, its 32-byte seed configured as
 * the secret EVIDENCE_SIGNING_KEY (base64, `openssl rand -base64 32`). Development without it: a
 * seed generated once under SIGNING_KEY_DIR (`evidence-signing.key`, mode 0600), so a fresh clone
 * starts with nothing set; production refuses to start without it (config/secrets.ts). After a
 * rotation EVIDENCE_PREVIOUS_PUBLIC_KEY (the old key's published `x`) stays published, so packages
 * signed before still verify. The seed is never logged and never crosses a workflow boundary.
 */
export interface EvidenceSigner {
  kid: string;
  /** The signed envelope of `pkg`: its canonical JSON, SHA-256 and Ed25519 signature. */
  sign(pkg: object): EvidenceEnvelope & { canonical: string };
}

export interface EvidenceKeys {
  signer: EvidenceSigner;
  /** What GET /v1/finance/evidence-keys publishes: the current key first, then the previous one. */
  published: EvidenceJwk[];
}

/** The DER prefix that wraps a raw Ed25519 seed as PKCS#8 (RFC 8410). */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const DEV_KEY_FILE = 'evidence-signing.key';

/** Whether `value` is base64 (or base64url) of exactly 32 bytes. */
export function isEvidenceSeed(value: string): boolean {
  return /^[A-Za-z0-9+/_-]{43}=?$/.test(value.trim()) && Buffer.from(value.trim(), 'base64').length === 32;
}

const jwkOf = (x: string): EvidenceJwk => ({ kty: 'OKP', crv: 'Ed25519', x, kid: evidenceKeyId(x), alg: 'EdDSA', use: 'sig' });

/** The signer and the published keys for a seed (base64) and an optional previous public key (base64url `x`). */
export function evidenceKeysFrom(seed: string, previousX?: string): EvidenceKeys {
  const key: KeyObject = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, Buffer.from(seed.trim(), 'base64')]), format: 'der', type: 'pkcs8' });
  const current = jwkOf(createPublicKey(key).export({ format: 'jwk' }).x!);
  const signer: EvidenceSigner = {
    kid: current.kid,
    sign(pkg) {
      const canonical = canonicalJson(pkg);
      const body = Buffer.from(canonical, 'utf8');
      return {
        format: EVIDENCE_FORMAT, alg: 'EdDSA', kid: current.kid,
        digest: createHash('sha256').update(body).digest('hex'),
        signature: sign(null, body, key).toString('base64url'),
        package: JSON.parse(canonical) as Record<string, unknown>,
        canonical,
      };
    },
  };
  const previous = previousX && previousX !== current.x ? [jwkOf(previousX)] : [];
  return { signer, published: [current, ...previous] };
}

/**
 * The development seed under `dir`, made on first use. Two processes (or calls) racing: the second
 * reads the first's, whole (a file opened with 'wx' and then written could be read empty).
 */
async function devSeed(dir: string): Promise<string> {
  const path = join(dir, DEV_KEY_FILE);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileOnce(path, `${randomBytes(32).toString('base64')}\n`, 0o600);
  return (await readFile(path, 'utf8')).trim();
}

/** The configured keys; in development without EVIDENCE_SIGNING_KEY, the generated one (`root`: base of a relative SIGNING_KEY_DIR). */
export async function loadEvidenceKeys(c: Pick<Config, 'EVIDENCE_SIGNING_KEY' | 'EVIDENCE_PREVIOUS_PUBLIC_KEY' | 'SIGNING_KEY_DIR' | 'development'>, root = process.cwd()): Promise<EvidenceKeys> {
  let seed = c.EVIDENCE_SIGNING_KEY?.reveal();
  if (!seed) {
    if (!c.development) throw new Error('EVIDENCE_SIGNING_KEY is not set: the platform signs every evidence package it discloses (openssl rand -base64 32)');
    seed = await devSeed(isAbsolute(c.SIGNING_KEY_DIR) ? c.SIGNING_KEY_DIR : resolve(root, c.SIGNING_KEY_DIR));
  }
  return evidenceKeysFrom(seed, c.EVIDENCE_PREVIOUS_PUBLIC_KEY);
}
