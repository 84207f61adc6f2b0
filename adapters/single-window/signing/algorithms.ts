/**
 * Algorithm URIs of the CEB signature (ceb-messages.md §4) and the two xml-crypto plug-ins the
 * e-Port's SM2 profile needs: the SM3 digest and the SM2-with-SM3 signature method.
 */
import type { HashAlgorithm, SignatureAlgorithm as XmlCryptoSignatureAlgorithm } from 'xml-crypto';
import { sm2Verify, sm3 } from './sm2.js';
import type { SignatureAlgorithm } from './types.js';

export const DSIG = {
  c14n: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  /** Declared by one public implementation (§4); accepted when verifying, never written. */
  c14nWithComments: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
  sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
  sm2Sm3: 'http://www.chinaport.gov.cn/2022/04/xmldsig#sm2-sm3',
  sm3: 'http://www.chinaport.gov.cn/2022/04/xmldsig#sm3',
} as const;

export const METHODS: Record<SignatureAlgorithm, { signature: string; digest: string }> = {
  'rsa-sha1': { signature: DSIG.rsaSha1, digest: DSIG.sha1 },
  'sm2-sm3': { signature: DSIG.sm2Sm3, digest: DSIG.sm3 },
};

export class Sm3Digest implements HashAlgorithm {
  getHash(xml: string): string {
    return sm3(Buffer.from(xml, 'utf8')).toString('base64');
  }
  getAlgorithmName() {
    return DSIG.sm3 as ReturnType<HashAlgorithm['getAlgorithmName']>;
  }
}

type Callback<T> = (err: Error | null, value?: T) => void;

/** A signature method whose signing is delegated to `sign` (async: a card or remote key may take time). */
export function delegatingMethod(uri: string, sign: (data: Uint8Array) => Promise<Uint8Array>): new () => XmlCryptoSignatureAlgorithm {
  return class {
    getSignature(signedInfo: string | Uint8Array, _privateKey: unknown, callback?: Callback<string>): string | void {
      if (!callback) throw new Error('this signature method signs asynchronously');
      const data = typeof signedInfo === 'string' ? Buffer.from(signedInfo, 'utf8') : Buffer.from(signedInfo);
      sign(data).then((sig) => callback(null, Buffer.from(sig).toString('base64')), (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    }
    verifySignature(): boolean {
      throw new Error('this signature method only signs');
    }
    getAlgorithmName() {
      return uri as ReturnType<XmlCryptoSignatureAlgorithm['getAlgorithmName']>;
    }
  } as unknown as new () => XmlCryptoSignatureAlgorithm;
}

/** SM2-with-SM3 verification against one public key (hex '04…'), whatever key xml-crypto passes. */
export function sm2VerifyMethod(publicKey: string, userId: string): new () => XmlCryptoSignatureAlgorithm {
  return class {
    getSignature(): string {
      throw new Error('this signature method only verifies');
    }
    verifySignature(material: string, _key: unknown, signatureValue: string, callback?: Callback<boolean>): boolean | void {
      const ok = sm2Verify(Buffer.from(material, 'utf8'), Buffer.from(signatureValue.replace(/\s+/g, ''), 'base64'), publicKey, userId);
      if (callback) return callback(null, ok);
      return ok;
    }
    getAlgorithmName() {
      return DSIG.sm2Sm3 as ReturnType<XmlCryptoSignatureAlgorithm['getAlgorithmName']>;
    }
  } as unknown as new () => XmlCryptoSignatureAlgorithm;
}
