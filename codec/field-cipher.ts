import type { Secret } from '../config/config.js';
import { open, seal } from './aes-gcm.js';
import { parsePayloadKeys, type KeyRing } from './keys.js';

/** Prefix of a sealed text value: `enc:v1:<keyId>:<base64(iv ‖ ciphertext ‖ tag)>`. */
const PREFIX = 'enc:v1:';

/**
 * Encrypts single text values at rest (buyers' names, ID numbers, phones, addresses; callback
 * bodies) with the payload keys (PAYLOAD_KEYS), so that a database dump shows ciphertext and the
 * keys rotate like payload keys: new values under the first key, old ones still open.
 */
export class FieldCipher {
  readonly #keys: KeyRing;

  constructor(keys: KeyRing | string) {
    this.#keys = typeof keys === 'string' ? parsePayloadKeys(keys) : keys;
  }

  seal(text: string): string {
    const { keyId, data } = seal(this.#keys, Buffer.from(text, 'utf8'));
    return `${PREFIX}${keyId}:${data.toString('base64')}`;
  }

  /** The clear text of a sealed value; a value that is not sealed (written before encryption) is returned as it is. */
  open(value: string): string {
    if (!FieldCipher.isSealed(value)) return value;
    const rest = value.slice(PREFIX.length);
    const colon = rest.indexOf(':');
    return open(this.#keys, rest.slice(0, colon), Buffer.from(rest.slice(colon + 1), 'base64'), 'personal data').toString('utf8');
  }

  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(PREFIX) && value.indexOf(':', PREFIX.length) > PREFIX.length;
  }
}

const ciphers = new WeakMap<Secret, FieldCipher>();

/** The field cipher of the configured PAYLOAD_KEYS, built once per configuration. */
export function fieldCipher(config: { PAYLOAD_KEYS: Secret }): FieldCipher {
  let c = ciphers.get(config.PAYLOAD_KEYS);
  if (!c) ciphers.set(config.PAYLOAD_KEYS, (c = new FieldCipher(config.PAYLOAD_KEYS.reveal())));
  return c;
}
