import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './keys.js';

/**
 * AES-256-GCM under the payload key ring: the one encryption of the platform, used for Temporal
 * payloads (aes-gcm-codec.ts) and for personal fields at rest (field-cipher.ts). A sealed value
 * is `iv ‖ ciphertext ‖ tag` with a random 96-bit IV; the key id is the additional authenticated
 * data, so a swapped key id fails like any other tampering.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class DecryptionError extends Error {}

/** Encrypts with the primary key; returns its id and the sealed bytes. */
export function seal(keys: KeyRing, plain: Uint8Array): { keyId: string; data: Buffer } {
  const { id, key } = keys.primary;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(id, 'utf8'));
  return { keyId: id, data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]) };
}

/** Decrypts bytes sealed under the key `keyId` (any key of the ring); throws DecryptionError saying why (never the key). */
export function open(keys: KeyRing, keyId: string, data: Buffer, what = 'encrypted payload'): Buffer {
  const entry = keys.byId.get(keyId);
  if (!entry) throw new DecryptionError(`${what} encrypted with unknown key id "${keyId}": add it to PAYLOAD_KEYS (known: ${[...keys.byId.keys()].join(', ')})`);
  if (data.length < IV_BYTES + TAG_BYTES) throw new DecryptionError(`${what} (key "${keyId}") is too short`);
  const decipher = createDecipheriv('aes-256-gcm', entry.key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(keyId, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError(`${what} (key "${keyId}") failed authentication: tampered with or encrypted under another key with the same id`);
  }
}
