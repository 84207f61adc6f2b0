/**
 * Verifying a CEB request's enveloped signature against certificates the verifier trusts (the
 * simulator's stand-in for customs' check of the declaring enterprise's card). Strict about shape:
 * exactly one ds:Signature under the root, one Reference URI="" with the enveloped-signature
 * transform, the algorithms of §4, and the certificate in KeyInfo one of the trusted ones.
 */
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { XMLDSIG_NAMESPACE } from '../ceb/types.js';
import { parseXmlTree, type XmlElement } from '../ceb/xml.js';
import { DSIG, METHODS, Sm3Digest, sm2VerifyMethod } from './algorithms.js';
import { certificateInfo } from './certificate.js';
import { SM2_DEFAULT_USER_ID } from './sm2.js';
import type { CertificateInfo } from './types.js';

export type VerifyFailure = 'missing' | 'malformed' | 'untrusted' | 'expired' | 'invalid';
export type VerifyResult =
  | { ok: true; certificate: CertificateInfo }
  | { ok: false; reason: VerifyFailure; message: string };

export interface VerifyOptions {
  /** Certificates (PEM, or DER) of which one must have made the signature. */
  trusted: readonly (string | Buffer)[];
  /** SM2 distinguishing ID (default 1234567812345678). */
  userId?: string;
  /** Checks the certificate's validity at this time (default now). */
  now?: Date;
}

const fail = (reason: VerifyFailure, message: string): VerifyResult => ({ ok: false, reason, message });
const dsig = (el: XmlElement, local: string) => el.children.filter((c) => c.ns === XMLDSIG_NAMESPACE && c.local === local);
const one = (el: XmlElement | undefined, local: string) => (el ? dsig(el, local) : []).length === 1 ? dsig(el!, local)[0] : undefined;

/** Checks the SignedInfo shape; returns the algorithm pair's problem, or undefined when it is one we accept. */
function checkShape(signature: XmlElement): { problem?: string; method?: string; certificate?: Buffer } {
  const signedInfo = one(signature, 'SignedInfo');
  const c14n = one(signedInfo, 'CanonicalizationMethod')?.attrs.Algorithm;
  const method = one(signedInfo, 'SignatureMethod')?.attrs.Algorithm;
  const refs = signedInfo ? dsig(signedInfo, 'Reference') : [];
  if (!signedInfo || !c14n || !method) return { problem: 'SignedInfo lacks CanonicalizationMethod or SignatureMethod' };
  if (c14n !== DSIG.c14n && c14n !== DSIG.c14nWithComments) return { problem: `canonicalization ${c14n} is not C14N 1.0` };
  const pair = Object.values(METHODS).find((m) => m.signature === method);
  if (!pair) return { problem: `signature method ${method} is not rsa-sha1 or sm2-sm3` };
  if (refs.length !== 1 || refs[0]!.attrs.URI !== '') return { problem: 'exactly one Reference with URI="" (the whole message) is required' };
  const transforms = (one(refs[0], 'Transforms') ? dsig(one(refs[0], 'Transforms')!, 'Transform') : []).map((t) => t.attrs.Algorithm);
  if (!transforms.includes(DSIG.enveloped) || transforms.some((t) => t !== DSIG.enveloped && t !== DSIG.c14n && t !== DSIG.c14nWithComments)) {
    return { problem: `transforms ${transforms.join(', ') || '(none)'}: the enveloped-signature transform (and C14N) only` };
  }
  const digest = one(refs[0], 'DigestMethod')?.attrs.Algorithm;
  if (digest !== pair.digest) return { problem: `digest method ${String(digest)} does not go with ${method}` };
  const certText = one(one(one(signature, 'KeyInfo'), 'X509Data'), 'X509Certificate')?.text;
  return { method, ...(certText ? { certificate: Buffer.from(certText.replace(/\s+/g, ''), 'base64') } : {}) };
}

/** Verifies the enveloped signature of a CEB request. Never throws on bad input. */
export function verifyCebSignature(xml: string, opts: VerifyOptions): VerifyResult {
  let root: XmlElement;
  try {
    root = parseXmlTree(xml);
  } catch (err) {
    return fail('malformed', (err as Error).message);
  }
  // XML knows only these references without a DTD (and CEB messages have none); refuse the rest
  // here rather than let the DOM parser guess.
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(xml)) return fail('malformed', 'undefined entity reference');
  const signatures = dsig(root, 'Signature');
  if (signatures.length === 0) return fail('missing', `${root.local} is not signed`);
  if (signatures.length > 1) return fail('malformed', `${root.local} has ${signatures.length} signatures`);
  const shape = checkShape(signatures[0]!);
  if (shape.problem || !shape.method) return fail('malformed', shape.problem ?? 'bad signature');

  const trusted = opts.trusted.map((c) => {
    const info = certificateInfo(c);
    return { info, der: Buffer.from(info.certificate, 'base64') };
  });
  // The KeyInfo certificate must be a trusted one; without one, any trusted key may have signed.
  const candidates = shape.certificate ? trusted.filter((t) => t.der.equals(shape.certificate!)) : trusted;
  if (candidates.length === 0) return fail('untrusted', 'the signing certificate is not one registered for the sender');
  const now = opts.now ?? new Date();
  let last = 'no trusted certificate fits the signature method';
  for (const { info } of candidates) {
    if (METHODS[info.algorithm].signature !== shape.method) continue;
    if (now < new Date(info.notBefore) || now > new Date(info.notAfter)) {
      last = `certificate ${info.keyName} is not valid at ${now.toISOString()}`;
      if (candidates.length === 1) return fail('expired', last);
      continue;
    }
    const result = check(xml, info, opts.userId ?? SM2_DEFAULT_USER_ID);
    if (result === true) {
      const { publicKey: _key, ...certificate } = info;
      return { ok: true, certificate };
    }
    last = result;
  }
  return fail('invalid', last);
}

/** xml-crypto's core validation (digest of the reference, then SignatureValue over SignedInfo). */
function check(xml: string, info: ReturnType<typeof certificateInfo>, userId: string): true | string {
  const verifier = new SignedXml({ publicCert: typeof info.publicKey === 'string' ? toPem(info.certificate) : info.publicKey, getCertFromKeyInfo: () => null });
  verifier.HashAlgorithms = { ...verifier.HashAlgorithms, [DSIG.sm3]: Sm3Digest } as typeof verifier.HashAlgorithms;
  if (typeof info.publicKey === 'string') {
    verifier.SignatureAlgorithms = { [DSIG.sm2Sm3]: sm2VerifyMethod(info.publicKey, userId) } as typeof verifier.SignatureAlgorithms;
  } else {
    verifier.SignatureAlgorithms = { [DSIG.rsaSha1]: verifier.SignatureAlgorithms[DSIG.rsaSha1] } as typeof verifier.SignatureAlgorithms;
  }
  try {
    const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined } }).parseFromString(xml, 'text/xml');
    const root = doc.documentElement;
    const node = root && Array.from(root.childNodes).find((c) => c.nodeType === 1 && (c as Element).namespaceURI === XMLDSIG_NAMESPACE && (c as Element).localName === 'Signature');
    if (!node) return 'no signature under the root';
    verifier.loadSignature(node as unknown as Node);
    return verifier.checkSignature(xml) ? true : 'the signed content does not match its digest';
  } catch (err) {
    const message = (err as Error).message;
    return /digest/i.test(message) ? 'the signed content does not match its digest' : /signature value/i.test(message) ? 'the signature value does not verify' : message;
  }
}

const toPem = (b64: string) => `-----BEGIN CERTIFICATE-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
