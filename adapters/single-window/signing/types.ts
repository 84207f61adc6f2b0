/**
 * The signing seam of the Single Window adapter. Two levels, so that key storage can change
 * without touching XML:
 * - `MessageSigner` signs a whole CEB message (what the customs activity calls);
 * - `SigningKey` signs bytes (the canonical SignedInfo) and names its certificate: a key file
 *   (keys.ts), an e-Port USB key / IC card behind the E-port client control, a server crypto
 *   device or a remote signing service implement only this, and `createXmlSigner` (dsig.ts)
 *   turns any of them into a MessageSigner.
 */

/** rsa-sha1: XML-DSig RSA-SHA1 (2018 samples); sm2-sm3: the e-Port's SM2-with-SM3 ("国密算法（首选）", 202205). */
export type SignatureAlgorithm = 'rsa-sha1' | 'sm2-sm3';

export interface CertificateInfo {
  algorithm: SignatureAlgorithm;
  /** ds:KeyName: the certificate number (hex serial, like the e-Port's `01691f7f`). */
  keyName: string;
  subject: string;
  serialNumber: string;
  /** ISO 8601 */
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, colon-separated hex (as Node prints it). */
  fingerprint256: string;
  /** Base64 DER, as it goes into ds:X509Certificate. */
  certificate: string;
}

export interface MessageSigner {
  /** The certificate whose key signs (safe to log: no secret in it). */
  readonly certificateInfo: CertificateInfo;
  /**
   * The message with an enveloped ds:Signature placed where the XSDs put it (after BaseTransfer
   * and BaseSubscribe; before ExtendMessage in export messages, after it in import messages).
   * Rejects with an AdapterError (SINGLE_WINDOW.SIGNING_FAILED, or the key's own retryable
   * error for a remote key) when it cannot sign.
   */
  sign(xml: string): Promise<string>;
}

/** A private key that signs bytes, wherever it lives. */
export interface SigningKey {
  readonly algorithm: SignatureAlgorithm;
  /** The certificate of the key, DER. */
  readonly certificate: Buffer;
  /** ds:KeyName; default the certificate's serial number in hex. */
  readonly keyName?: string;
  /**
   * The signature of `data` (the canonical SignedInfo): RSASSA-PKCS1-v1_5 with SHA-1 for
   * rsa-sha1; for sm2-sm3 SM2 with SM3 and the user-ID digest Z_A (default ID
   * 1234567812345678), as r ‖ s (64 bytes) or DER SEQUENCE { r, s }.
   */
  signData(data: Uint8Array): Promise<Uint8Array>;
}

export const SigningErrorCode = {
  SigningFailed: 'SINGLE_WINDOW.SIGNING_FAILED',
} as const;
