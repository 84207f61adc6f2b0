import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { DEV_SECRETS, SECRET_NAMES } from './secrets.js';

const strong = () => randomBytes(32).toString('base64');
/** A production environment where every secret is strong and distinct. */
const production = (): Record<string, string> => ({
  ...Object.fromEntries(SECRET_NAMES.map((n) => [n, strong()])),
  PAYLOAD_KEYS: `k1:${strong()}`,
  EVIDENCE_SIGNING_KEY: strong(),
  SIGNING_MODE: 'sm2',
  SIGNING_KEY_PATH: '/run/secrets/k.pem',
  SIGNING_CERT_PATH: '/run/secrets/c.pem',
});
const refusal = (env: Record<string, string | undefined>) => {
  try {
    loadConfig(env as NodeJS.ProcessEnv);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted the environment');
};

describe('secrets in production (the default)', () => {
  it('starts with strong, distinct secrets and says it is not development', () => {
    const env = production();
    const c = loadConfig(env);
    expect(c.development).toBe(false);
    expect(c.OPS_API_KEY.reveal()).toBe(env.OPS_API_KEY);
    expect(JSON.stringify(c)).not.toContain(env.OPS_API_KEY);
  });

  it.each([
    ['OPS_API_KEY', undefined, 'OPS_API_KEY: OPS_API_KEY is not set (generate one: openssl rand -base64 32)'],
    ['OPS_API_KEY', DEV_SECRETS.OPS_API_KEY, 'OPS_API_KEY: OPS_API_KEY is a default published in this repository'],
    ['RAIL_CALLBACK_SECRET', DEV_SECRETS.BANK_CALLBACK_SECRET, 'RAIL_CALLBACK_SECRET: RAIL_CALLBACK_SECRET is a default published in this repository'],
    ['BANK_CALLBACK_SECRET', 'change-me-bank-secret', 'BANK_CALLBACK_SECRET: BANK_CALLBACK_SECRET looks like a placeholder'],
    ['POSTAL_CALLBACK_SECRET', 'CHANGEME-0123456789-abcdefghijklmnopqrstuvwxyz', 'POSTAL_CALLBACK_SECRET: POSTAL_CALLBACK_SECRET looks like a placeholder'],
    ['BUYER_ID_HASH_KEY', 'password', 'BUYER_ID_HASH_KEY: BUYER_ID_HASH_KEY is on the deny list of well-known values'],
    ['OPS_API_KEY', 'aB3$kL9!', 'OPS_API_KEY: OPS_API_KEY has 8 characters; at least 43 are needed (32 bytes of key material as base64: openssl rand -base64 32)'],
    ['OPS_API_KEY', randomBytes(24).toString('base64'), 'OPS_API_KEY: OPS_API_KEY has 32 characters; at least 43 are needed'],
    ['LAND_SEA_CALLBACK_SECRET', 'abababababababababababababababababababababababab', 'LAND_SEA_CALLBACK_SECRET: LAND_SEA_CALLBACK_SECRET has too few distinct characters to be a random key'],
    ['PAYLOAD_KEYS', undefined, 'PAYLOAD_KEYS: PAYLOAD_KEYS is not set: production encrypts Temporal payloads with its own keys'],
    ['PAYLOAD_KEYS', DEV_SECRETS.PAYLOAD_KEYS, 'PAYLOAD_KEYS: PAYLOAD_KEYS: key "dev1" is the development key published in this repository'],
    ['PAYLOAD_KEYS', `k2:${strong()},old:${DEV_SECRETS.PAYLOAD_KEYS.split(':')[1]}`, 'PAYLOAD_KEYS: PAYLOAD_KEYS: key "old" is the development key published in this repository'],
    ['PAYLOAD_KEYS', `k1:${Buffer.alloc(32).toString('base64')}`, 'PAYLOAD_KEYS: PAYLOAD_KEYS: key "k1" is not random (too few distinct bytes)'],
  ])('refuses %s = %j naming it', (name, value, message) => {
    const text = refusal({ ...production(), [name]: value });
    expect(text).toContain(message);
    if (value) expect(text).not.toContain(value.split(':').pop());
  });

  it('refuses one value shared by two secrets', () => {
    const shared = strong();
    expect(refusal({ ...production(), RAIL_CALLBACK_SECRET: shared, POSTAL_CALLBACK_SECRET: shared })).toContain('POSTAL_CALLBACK_SECRET: POSTAL_CALLBACK_SECRET has the same value as RAIL_CALLBACK_SECRET');
  });

  it('names every missing secret at once, and how to switch on development', () => {
    const text = refusal({});
    for (const name of SECRET_NAMES.filter((n) => n !== 'DEMO_API_KEY')) expect(text).toContain(`${name}: ${name} is not set`);
    expect(text).not.toContain('DEMO_API_KEY'); // used only by npm start and the demo
    expect(text).toContain('for local development set CBEC_ENV=development');
  });

  it('refuses a database password left at a placeholder', () => {
    expect(refusal({ ...production(), DATABASE_URL: 'postgresql://cbec:change-me@platform-db:5432/cbec' })).toContain('DATABASE_URL: its password is a placeholder or well-known value');
    expect(loadConfig({ ...production(), DATABASE_URL: `postgresql://cbec:${encodeURIComponent(strong())}@platform-db:5432/cbec` }).DATABASE_URL).toMatch(/^postgresql:/);
  });

  // ceb-messages.md §4: ds:Signature is mandatory in CEB621/623/625 (and CEB711) in the import XSD.
  it.each([['unset', undefined], ['none', 'none']])('refuses to start without signing (SIGNING_MODE %s)', (_, mode) => {
    expect(refusal({ ...production(), SIGNING_MODE: mode })).toContain('SIGNING_MODE: without a business signature CEB621/623/625 (and CEB711) are schema-invalid');
  });

  it('refuses to start without the evidence-signing key, or with one that is not 32 bytes, never quoting it', () => {
    expect(refusal({ ...production(), EVIDENCE_SIGNING_KEY: undefined })).toContain('EVIDENCE_SIGNING_KEY: EVIDENCE_SIGNING_KEY is not set (generate one: openssl rand -base64 32)');
    const short = randomBytes(40).toString('base64');
    const text = refusal({ ...production(), EVIDENCE_SIGNING_KEY: short });
    expect(text).toContain('EVIDENCE_SIGNING_KEY: base64 of 32 random bytes (openssl rand -base64 32)');
    expect(text).not.toContain(short);
    const shared = strong();
    expect(refusal({ ...production(), OPS_API_KEY: shared, EVIDENCE_SIGNING_KEY: shared })).toContain('EVIDENCE_SIGNING_KEY: EVIDENCE_SIGNING_KEY has the same value as OPS_API_KEY');
  });

  it('refuses signing with the generated test key', () => {
    expect(refusal({ ...production(), SIGNING_MODE: 'sm2', SIGNING_KEY_PATH: undefined, SIGNING_CERT_PATH: undefined })).toContain('SIGNING_KEY_PATH: SIGNING_MODE=sm2 needs the enterprise\'s own key');
    expect(loadConfig(production()).SIGNING_MODE).toBe('sm2');
  });
});

describe('development (CBEC_ENV=development on loopback only)', () => {
  it('fills in the public defaults on a loopback HOST', () => {
    for (const HOST of [undefined, '127.0.0.1', 'localhost', '::1']) {
      const c = loadConfig({ CBEC_ENV: 'development', ...(HOST ? { HOST } : {}) });
      expect(c.development).toBe(true);
      expect(c.OPS_API_KEY.reveal()).toBe(DEV_SECRETS.OPS_API_KEY);
      expect(c.PAYLOAD_KEYS.reveal()).toBe(DEV_SECRETS.PAYLOAD_KEYS);
    }
  });

  it('is production again when the API listens beyond loopback, and says why', () => {
    const text = refusal({ CBEC_ENV: 'development', HOST: '0.0.0.0' });
    expect(text).toContain('OPS_API_KEY: OPS_API_KEY is not set');
    expect(text).toContain('CBEC_ENV=development is ignored because HOST=0.0.0.0 is not a loopback address');
    expect(loadConfig({ ...production(), CBEC_ENV: 'development', HOST: '0.0.0.0' }).development).toBe(false);
  });

  it('takes no other spelling of the switch', () => {
    expect(() => loadConfig({ CBEC_ENV: 'dev' })).toThrow(/CBEC_ENV/);
    expect(loadConfig({ ...production(), CBEC_ENV: 'production' }).development).toBe(false);
  });
});
