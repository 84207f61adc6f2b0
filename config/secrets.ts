import { DEV_PAYLOAD_KEYS, parsePayloadKeys } from '../codec/keys.js';
import { SYSTEM_DEV_SECRETS } from './systems.js';

/**
 * The production rule for secrets (docs/security.md "Secrets"). Development defaults are public
 * (they are in this repository); they apply only in development mode (see `isDevelopment`).
 * Anywhere else every secret must be set, and set to something nobody else knows.
 */

/** Every shared secret of the platform with its public development default. */
export const DEV_SECRETS = {
  OPS_API_KEY: 'cbec-ops-key-dev-0001',
  DEMO_API_KEY: 'cbec-demo-key-dazhou-0001',
  /** Each registered system's callback secret (config/systems.ts, from adapters/<id>/definition.ts). */
  ...SYSTEM_DEV_SECRETS,
  BUYER_ID_HASH_KEY: 'dev-buyer-id-hash-key',
  PAYLOAD_KEYS: DEV_PAYLOAD_KEYS,
} as const;

export type SecretName = keyof typeof DEV_SECRETS;
export const SECRET_NAMES = Object.keys(DEV_SECRETS) as SecretName[];
/**
 * The evidence-signing key (config/evidence-key.ts): checked in production like the secrets above,
 * but with no published development default: development generates its own under SIGNING_KEY_DIR.
 */
const EVIDENCE_SIGNING_KEY = 'EVIDENCE_SIGNING_KEY';
/** Only `npm start` and the demo use the demo enterprise's key: production may leave it unset (checked when set). */
const OPTIONAL_IN_PRODUCTION: ReadonlySet<SecretName> = new Set(['DEMO_API_KEY']);

/** Key material: at least 43 characters (32 bytes written as base64, `openssl rand -base64 32`). */
export const MIN_SECRET_CHARS = 43;
/** A random 43-character value has ~35 distinct characters; fewer than 16 means a pattern, not a key. */
const MIN_DISTINCT = 16;
const PLACEHOLDER = /change.?me|replace.?me|placeholder|example|your.?(?:key|secret)|secret|password|passw0rd|\bdev\b|^dev-|<[^>]*>|x{6,}|(.)\1{7,}/i;
/** Values that circulate in tutorials and leaked-password lists (compared case-insensitively). */
const DENY_LIST = new Set(['changeme', 'change-me', 'secret', 'password', 'admin', 'letmein', 'qwerty', 'default', 'test', 'dev', '0123456789abcdef0123456789abcdef0123456789abcdef']);

export interface Mode {
  development: boolean;
  /** Why development was not switched on although CBEC_ENV=development (for the error message). */
  ignoredSwitch?: string;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|::1|localhost|::ffff:127(\.\d{1,3}){3})$/i;

/** Development only when CBEC_ENV=development and the API listens on loopback (HOST, default 127.0.0.1). */
export function runMode(env: NodeJS.ProcessEnv): Mode {
  if (env.CBEC_ENV !== 'development') return { development: false };
  const host = env.HOST || '127.0.0.1';
  if (LOOPBACK.test(host)) return { development: true };
  return { development: false, ignoredSwitch: `CBEC_ENV=development is ignored because HOST=${host} is not a loopback address` };
}

/** What is wrong with one production secret value, or undefined. Never quotes the value. */
export function secretProblem(name: string, value: string | undefined, published: ReadonlySet<string>): string | undefined {
  if (value === undefined || value === '') return `${name} is not set (generate one: openssl rand -base64 32)`;
  if (published.has(value)) return `${name} is a default published in this repository`;
  if (DENY_LIST.has(value.toLowerCase())) return `${name} is on the deny list of well-known values`;
  if (PLACEHOLDER.test(value)) return `${name} looks like a placeholder (change-me, example, secret, repeated characters…)`;
  if (value.length < MIN_SECRET_CHARS) return `${name} has ${value.length} characters; at least ${MIN_SECRET_CHARS} are needed (32 bytes of key material as base64: openssl rand -base64 32)`;
  if (new Set(value).size < MIN_DISTINCT) return `${name} has too few distinct characters to be a random key (openssl rand -base64 32)`;
  return undefined;
}

function payloadKeysProblem(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return 'PAYLOAD_KEYS is not set: production encrypts Temporal payloads with its own keys (keyId:$(openssl rand -base64 32))';
  const dev = parsePayloadKeys(DEV_PAYLOAD_KEYS).primary.key;
  let ring;
  try {
    ring = parsePayloadKeys(value);
  } catch {
    return undefined; // the schema reports the format error
  }
  for (const k of ring.byId.values()) {
    if (k.key.equals(dev)) return `PAYLOAD_KEYS: key "${k.id}" is the development key published in this repository`;
    if (new Set(k.key).size < MIN_DISTINCT) return `PAYLOAD_KEYS: key "${k.id}" is not random (too few distinct bytes)`;
  }
  return undefined;
}

function databasePassword(url: string | undefined): string | undefined {
  try {
    const password = url ? decodeURIComponent(new URL(url).password) : '';
    return password || undefined;
  } catch {
    return undefined; // the schema reports a malformed URL
  }
}

/**
 * Why SIGNING_MODE=none cannot go to production: the import XSD makes ds:Signature mandatory in
 * CEB621, CEB623, CEB625 and CEB711 (docs/reference/ceb-messages.md §4 "When a signature is
 * required"; §2.5), so unsigned they are schema-invalid. Development may keep none (logged).
 */
export const UNSIGNED_IMPORT_MESSAGES =
  'without a business signature CEB621/623/625 (and CEB711) are schema-invalid (ds:Signature is mandatory in the import XSD, docs/reference/ceb-messages.md §4)';

/**
 * Every reason the environment is not fit for production, one line each naming the variable:
 * missing, published, placeholder, deny-listed, short or shared secrets; missing payload keys;
 * no signing (SIGNING_MODE unset or none) or signing without the enterprise's own key.
 */
export function productionProblems(env: NodeJS.ProcessEnv): string[] {
  const published = new Set<string>(Object.values(DEV_SECRETS));
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const name of [...SECRET_NAMES, EVIDENCE_SIGNING_KEY]) {
    const value = env[name];
    if (!value && OPTIONAL_IN_PRODUCTION.has(name as SecretName)) continue;
    const problem = name === 'PAYLOAD_KEYS' ? payloadKeysProblem(value) : secretProblem(name, value, published);
    if (problem) problems.push(`${name}: ${problem}`);
    else if (value) {
      const other = seen.get(value);
      if (other) problems.push(`${name}: ${name} has the same value as ${other}; every secret must be distinct`);
      seen.set(value, name);
    }
  }
  const dbPassword = databasePassword(env.DATABASE_URL);
  if (dbPassword !== undefined && (DENY_LIST.has(dbPassword.toLowerCase()) || PLACEHOLDER.test(dbPassword) || published.has(dbPassword))) {
    problems.push('DATABASE_URL: its password is a placeholder or well-known value (CBEC_DB_PASSWORD in .env: openssl rand -base64 32)');
  }
  const signing = env.SIGNING_MODE;
  if (!signing || signing === 'none') {
    problems.push(`SIGNING_MODE: ${UNSIGNED_IMPORT_MESSAGES}; set SIGNING_MODE=sm2 (or rsa-sha1) with the enterprise's own SIGNING_KEY_PATH and SIGNING_CERT_PATH`);
  } else if (!env.SIGNING_KEY_PATH) {
    problems.push(`SIGNING_KEY_PATH: SIGNING_MODE=${signing} needs the enterprise's own key and certificate (SIGNING_KEY_PATH, SIGNING_CERT_PATH); generated test keys are for development only`);
  }
  return problems;
}
