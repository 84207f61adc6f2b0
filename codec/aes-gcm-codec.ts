import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { DecryptionError, open, seal } from './aes-gcm.js';
import { parsePayloadKeys, type KeyRing } from './keys.js';

export const ENCODING = 'binary/encrypted';
export const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_KEY_ID_KEY = 'encryption-key-id';

const PayloadProto = proto.temporal.api.common.v1.Payload;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

export class PayloadDecryptionError extends Error {}

/**
 * AES-256-GCM payload codec. Each payload is serialized (metadata and data), sealed with the
 * primary key (aes-gcm.ts: `iv ‖ ciphertext ‖ tag`, key id as additional authenticated data, so a
 * swapped key id fails like any other tampering) and stored with metadata
 * `encoding: binary/encrypted` and `encryption-key-id: <id>`.
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
    const { keyId, data } = seal(this.#keys, PayloadProto.encode(payload).finish());
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCODING), [METADATA_KEY_ID_KEY]: utf8(keyId) },
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
    try {
      return PayloadProto.decode(open(this.#keys, id, Buffer.from(payload.data ?? new Uint8Array()))) as Payload;
    } catch (err) {
      if (err instanceof DecryptionError) throw new PayloadDecryptionError(err.message);
      throw err;
    }
  }
}
