import type { DataConverter } from '@temporalio/common';
import type { Secret } from '../config/config.js';
import { AesGcmPayloadCodec } from './aes-gcm-codec.js';

export { AesGcmPayloadCodec, ENCODING, keyIdOf, METADATA_KEY_ID_KEY, PayloadDecryptionError } from './aes-gcm-codec.js';
export { DEV_PAYLOAD_KEYS, parsePayloadKeys, PayloadKeyError, type KeyRing, type PayloadKey } from './keys.js';

/**
 * The codec for the configured PAYLOAD_KEYS (validated by loadConfig). The codec server uses it
 * as is (it also shows histories written before encryption); workers and clients get it through
 * dataConverter, which refuses plaintext when REQUIRE_ENCRYPTED_PAYLOADS is on.
 */
export function payloadCodec(config: { PAYLOAD_KEYS: Secret; REQUIRE_ENCRYPTED_PAYLOADS?: boolean }, opts: { strict?: boolean } = {}): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(config.PAYLOAD_KEYS.reveal(), { requireEncrypted: Boolean(opts.strict && config.REQUIRE_ENCRYPTED_PAYLOADS) });
}

/**
 * The data converter every Temporal client and worker of the platform uses: default payload
 * converter, then AES-256-GCM. Workflow bundles need nothing (codecs run outside the sandbox).
 * Failure messages and stack traces stay plaintext (the default failure converter): errors must
 * not quote personal data. Encrypting them too needs `failureConverterPath` in the workflow bundle.
 */
export function dataConverter(config: { PAYLOAD_KEYS: Secret; REQUIRE_ENCRYPTED_PAYLOADS?: boolean }): DataConverter {
  return { payloadCodecs: [payloadCodec(config, { strict: true })] };
}
export { FieldCipher, fieldCipher } from './field-cipher.js';
