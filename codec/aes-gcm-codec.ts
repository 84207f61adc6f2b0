import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { parsePayloadKeys, type KeyRing } from './keys.js';

export const ENCODING = 'binary/encrypted';
export const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_KEY_ID_KEY = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const PayloadProto = proto.temporal.api.common.v1.Payload;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

export class PayloadDecryptionError extends Error {}

/**
 * AES-256-GCM payload codec. Each payload is serialized (metadata and data), encrypted with the
 * primary key under a random 96-bit IV, and stored as `iv ‖ ciphertext ‖ tag` with metadata
 * `encoding: binary/encrypted` and `encryption-key-id: <id>`; the key id is also the additional
 * authenticated data, so a swapped key id fails like any other tampering.
 * Payloads without the encrypted encoding decode unchanged (histories written before the codec),
 * unless `requireEncrypted` (REQUIRE_ENCRYPTED_PAYLOADS): then they are refused, so a workflow
 * started or signalled in plaintext (a client without the codec, or tampering) fails its task.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  readonly #keys: KeyRing;
  readonly #requireEncrypted: boolean;

  constructor(keys: KeyRing | string, opts: { requireEncrypted?: boolean } = {}) {
    this.#keys = typeof keys === 'string' ? parsePayloadKeys(keys) : keys;
    this.#requireEncrypted = opts.requireEncrypted ?? false;
  }

  get primaryKeyId(): string {
    return this.#keys.primary.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encodeOne(p));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decodeOne(p));
  }

  encodeOne(payload: Payload): Payload {
    const { id, key } = this.#keys.primary;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(id, 'utf8'));
    const plain = PayloadProto.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCODING), [METADATA_KEY_ID_KEY]: utf8(id) },
      data: new Uint8Array(data),
    };
  }

  decodeOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING) {
      if (this.#requireEncrypted) throw new PayloadDecryptionError(`refused a payload that is not encrypted (encoding "${text(payload.metadata?.[METADATA_ENCODING_KEY]) ?? 'none'}"): REQUIRE_ENCRYPTED_PAYLOADS is on`);
      return payload;
    }
    const id = text(payload.metadata?.[METADATA_KEY_ID_KEY]);
    if (!id) throw new PayloadDecryptionError(`an encrypted payload has no ${METADATA_KEY_ID_KEY} metadata`);
    const entry = this.#keys.byId.get(id);
    if (!entry) throw new PayloadDecryptionError(`payload encrypted with unknown key id "${id}": add it to PAYLOAD_KEYS (known: ${[...this.#keys.byId.keys()].join(', ')})`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`encrypted payload (key "${id}") is too short`);
    const decipher = createDecipheriv('aes-256-gcm', entry.key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(id, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`encrypted payload (key "${id}") failed authentication: tampered with or encrypted under another key with the same id`);
    }
    return PayloadProto.decode(plain) as Payload;
  }
}
