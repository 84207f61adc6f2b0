import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { DecryptionError, open, seal } from './aes-gcm.js';
import { CURRENT_DICTIONARY, DICTIONARIES } from './dictionary.js';
import { parsePayloadKeys, type KeyRing } from './keys.js';

export const ENCODING = 'binary/encrypted';
export const METADATA_ENCODING_KEY = 'encoding';
/** Where payloads sealed before the key id moved into the data carry it (decoded, never written). */
export const METADATA_KEY_ID_KEY = 'encryption-key-id';

const PayloadProto = proto.temporal.api.common.v1.Payload;
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? Buffer.from(b).toString('utf8') : undefined);

export class PayloadDecryptionError extends Error {}

/**
 * The first byte of a sealed plaintext names the dictionary it was deflated with
 * (dictionary.ts DICTIONARIES: 0x01, 0x02). A serialized payload never starts with such a byte
 * (0x01–0x07 would be field 0, which protobuf forbids), so payloads sealed before compression
 * (starting 0x0A or 0x12) decode as they are; being inside the ciphertext, it is authenticated
 * with the rest. New payloads are deflated with the current dictionary (a 9610's payloads to a
 * fifth of their serialized size).
 */
function pack(payload: Payload): Buffer {
  return Buffer.concat([Buffer.of(CURRENT_DICTIONARY), deflateRawSync(PayloadProto.encode(payload).finish(), { dictionary: DICTIONARIES.get(CURRENT_DICTIONARY)!, level: 9 })]);
}

function unpack(plain: Buffer): Payload {
  const dictionary = DICTIONARIES.get(plain[0]!);
  if (dictionary) return PayloadProto.decode(inflateRawSync(plain.subarray(1), { dictionary })) as Payload;
  return PayloadProto.decode(plain) as Payload;
}

/**
 * The key an encrypted payload was sealed with (for key rotation: which histories still need a
 * key), and the sealed bytes: from the data's clear prefix, or from the metadata of payloads
 * sealed before the key id moved there.
 */
export function keyIdOf(payload: Payload): { keyId: string; sealed: Buffer } {
  const data = Buffer.from(payload.data ?? new Uint8Array());
  const labelled = text(payload.metadata?.[METADATA_KEY_ID_KEY]);
  if (labelled) return { keyId: labelled, sealed: data };
  const n = data[0] ?? 0;
  if (n === 0 || data.length < 1 + n) throw new PayloadDecryptionError('an encrypted payload has no key id (neither a data prefix nor encryption-key-id metadata)');
  return { keyId: data.subarray(1, 1 + n).toString('utf8'), sealed: data.subarray(1 + n) };
}

/**
 * AES-256-GCM payload codec. Each payload is serialized (metadata and data), deflated with a
 * preset dictionary (dictionary.ts; payloads sealed before that decode too), sealed with the
 * primary key (aes-gcm.ts: `iv ‖ ciphertext ‖ tag`, key id as additional authenticated data, so a
 * swapped key id fails like any other tampering) and stored with the one metadata entry
 * `encoding: binary/encrypted` and data `n ‖ key id (n bytes, clear) ‖ iv ‖ ciphertext ‖ tag`.
 * Payloads sealed before carry the key id as metadata `encryption-key-id` instead (22 bytes more
 * on each of the ~80 payloads of a 9610 history); they decode as they are.
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
    const id = Buffer.from(keyId, 'utf8');
    return { metadata: { [METADATA_ENCODING_KEY]: utf8(ENCODING) }, data: new Uint8Array(Buffer.concat([Buffer.of(id.length), id, data])) };
  }

  decodeOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING) {
      if (this.#requireEncrypted) throw new PayloadDecryptionError(`refused a payload that is not encrypted (encoding "${text(payload.metadata?.[METADATA_ENCODING_KEY]) ?? 'none'}"): REQUIRE_ENCRYPTED_PAYLOADS is on`);
      return payload;
    }
    const { keyId, sealed } = keyIdOf(payload);
    try {
      return unpack(open(this.#keys, keyId, sealed));
    } catch (err) {
      if (err instanceof DecryptionError) throw new PayloadDecryptionError(err.message);
      throw err;
    }
  }
}
