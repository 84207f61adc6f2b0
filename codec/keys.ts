/**
 * The payload key ring, from PAYLOAD_KEYS: `id:base64key[,id:base64key…]`. The first key
 * encrypts new payloads; every listed key decrypts (rotation: put the new key first and keep the
 * old ones until no history that needs them is retained).
 */
export interface PayloadKey {
  id: string;
  key: Buffer;
}

export interface KeyRing {
  /** The key new payloads are encrypted with (the first listed). */
  primary: PayloadKey;
  /** Every key, by id. */
  byId: ReadonlyMap<string, PayloadKey>;
}

/** Public development key: `npm start` and the tests work out of the box. Replace in production. */
export const DEV_PAYLOAD_KEYS = 'dev1:h/ECeeUXWL85kWKZeCS8RwI2wVnfYiis0ordqNqhplU=';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export class PayloadKeyError extends Error {}

/** Parses and validates a key ring; throws PayloadKeyError saying what is wrong (never the key). */
export function parsePayloadKeys(text: string): KeyRing {
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) throw new PayloadKeyError('PAYLOAD_KEYS is empty: expected "keyId:base64key[,keyId:base64key…]"');
  const byId = new Map<string, PayloadKey>();
  const keys: PayloadKey[] = [];
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    if (colon < 0) throw new PayloadKeyError(`PAYLOAD_KEYS entry ${i + 1} has no key id: expected "keyId:base64key"`);
    const id = entry.slice(0, colon).trim();
    const b64 = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) throw new PayloadKeyError(`PAYLOAD_KEYS entry ${i + 1}: key id "${id}" must be 1–64 of A–Z a–z 0–9 . _ -`);
    if (byId.has(id)) throw new PayloadKeyError(`PAYLOAD_KEYS: key id "${id}" is listed twice`);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw new PayloadKeyError(`PAYLOAD_KEYS: key "${id}" is not base64`);
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new PayloadKeyError(`PAYLOAD_KEYS: key "${id}" is ${key.length} bytes; AES-256-GCM needs 32 (generate one with: openssl rand -base64 32)`);
    const k = { id, key };
    byId.set(id, k);
    keys.push(k);
  });
  return { primary: keys[0]!, byId };
}
