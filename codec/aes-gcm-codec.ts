import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { DecryptionError, open, seal } from './aes-gcm.js';
import { DICTIONARY_V1 } from './dictionary.js';
import { parsePayloadKeys, type KeyRing } from './keys.js';

export const ENCODING = 'binary/encrypted';
export const METADATA_ENCODING_KEY = 'encoding';
export const METADATA_KEY_ID_KEY = 'encryption-key-id';

const PayloadProto = proto.temporal.api.common.v1.Payload;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

export class PayloadDecryptionError extends Error {}

/**
 * First byte of a sealed plaintext that is the serialized payload deflated with DICTIONARY_V1.
 * A serialized payload never starts with it (0x01 would be field 0, which protobuf forbids), so
 * payloads sealed before compression (starting 0x0A or 0x12) decode as they are; being inside
 * the ciphertext, it is authenticated with the rest.
 */
const DEFLATED_V1 = 0x01;

/** The payload serialized and deflated (small JSON payloads shrink by about half with the dictionary). */
function pack(payload: Payload): Buffer {
  return Buffer.concat([Buffer.of(DEFLATED_V1), deflateRawSync(PayloadProto.encode(payload).finish(), { dictionary: DICTIONARY_V1, level: 9 })]);
}

function unpack(plain: Buffer): Payload {
  if (plain[0] === DEFLATED_V1) return PayloadProto.decode(inflateRawSync(plain.subarray(1), { dictionary: DICTIONARY_V1 })) as Payload;
  return PayloadProto.decode(plain) as Payload;
}

/**
 * AES-256-GCM payload codec. Each payload is serialized (metadata and data), deflated with a
 * preset dictionary (dictionary.ts; payloads sealed before that decode too), sealed with the
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
    const { keyId, data } = seal(this.#keys, pack(payload));
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
      return unpack(open(this.#keys, id, Buffer.from(payload.data ?? new Uint8Array())));
    } catch (err) {
      if (err instanceof DecryptionError) throw new PayloadDecryptionError(err.message);
      throw err;
    }
  }
}
