/**
 * Enveloped XML-DSig of a CEB request (ceb-messages.md §2.5, §4) with xml-crypto: inclusive C14N
 * 1.0, Reference URI="" with the enveloped-signature transform, RSA-SHA1/SHA-1 or the e-Port's
 * SM2-SM3/SM3, KeyInfo = KeyName (certificate number) + X509Certificate. Because C14N is
 * inclusive, the canonical SignedInfo carries the root's namespace declarations (xmlns:ceb…), as
 * the e-Port's tools build it.
 */
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization, SignedXml } from 'xml-crypto';
import { AdapterError, isAdapterError } from '../../kit/errors.js';
import { XMLDSIG_NAMESPACE } from '../ceb/types.js';
import { parseXmlTree } from '../ceb/xml.js';
import { DSIG, METHODS, Sm3Digest, delegatingMethod } from './algorithms.js';
import { certificateInfo } from './certificate.js';
import { SigningErrorCode, type MessageSigner, type SigningKey } from './types.js';

/** Import requests put ExtendMessage before ds:Signature; export requests after it (§2.1). */
const IMPORT_REQUEST = /^CEB(311|411|511|513|621|623|625|711)Message$/;
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function signingFailed(message: string, cause?: unknown): AdapterError {
  return new AdapterError({ code: SigningErrorCode.SigningFailed, message: `single-window signing: ${message}`, retryable: false, ...(cause instanceof Error ? { details: { cause: cause.message } } : {}) });
}

/** Where the signature goes: before an export message's ExtendMessage, else last child of the root. */
function location(xml: string): { reference: string; action: 'append' | 'before' } {
  const root = parseXmlTree(xml);
  if (root.children.some((c) => c.ns === XMLDSIG_NAMESPACE && c.local === 'Signature')) throw signingFailed(`${root.local} is already signed`);
  const extend = root.children.some((c) => c.local === 'ExtendMessage');
  if (extend && !IMPORT_REQUEST.test(root.local)) return { reference: "/*/*[local-name()='ExtendMessage']", action: 'before' };
  return { reference: '/*', action: 'append' };
}

/** Turns any SigningKey (key file, USB key, crypto device, remote service) into a MessageSigner. */
export function createXmlSigner(key: SigningKey): MessageSigner {
  const info = certificateInfo(key.certificate);
  const { publicKey: _unused, ...certificate } = info;
  if (info.algorithm !== key.algorithm) throw signingFailed(`the certificate is for ${info.algorithm}, the key says ${key.algorithm}`);
  const keyName = key.keyName ?? info.keyName;
  const methods = METHODS[key.algorithm];
  const keyInfo = (prefix: string) => {
    const p = prefix ? `${prefix}:` : '';
    return `<${p}KeyName>${escape(keyName)}</${p}KeyName><${p}X509Data><${p}X509Certificate>${info.certificate}</${p}X509Certificate></${p}X509Data>`;
  };
  return {
    certificateInfo: { ...certificate, keyName },
    async sign(xml) {
      let where: ReturnType<typeof location>;
      try {
        where = location(xml);
      } catch (err) {
        throw isAdapterError(err) ? err : signingFailed('the message is not XML it can sign', err);
      }
      const sig = new SignedXml({
        privateKey: 'held by the SigningKey', // xml-crypto wants one; the delegating method ignores it
        canonicalizationAlgorithm: DSIG.c14n,
        signatureAlgorithm: methods.signature as never,
        getKeyInfoContent: (args) => keyInfo(args?.prefix ?? ''),
      });
      sig.SignatureAlgorithms = { [methods.signature]: delegatingMethod(methods.signature, (data) => key.signData(data)) } as typeof sig.SignatureAlgorithms;
      sig.HashAlgorithms = { ...sig.HashAlgorithms, [DSIG.sm3]: Sm3Digest } as typeof sig.HashAlgorithms;
      sig.addReference({ xpath: '/*', uri: '', isEmptyUri: true, transforms: [DSIG.enveloped], digestAlgorithm: methods.digest as never });
      await new Promise<void>((resolve, reject) => {
        sig.computeSignature(xml, { prefix: 'ds', location: where }, (err) => (err ? reject(err) : resolve()));
      }).catch((err: unknown) => {
        throw isAdapterError(err) ? err : signingFailed('the key could not sign', err);
      });
      return sig.getSignedXml();
    },
  };
}

const quietParser = () => new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined, fatalError: (m: string) => { throw new Error(m); } } });

/**
 * The message as inclusive C14N without its root-level ds:Signature: what the signature's digest
 * covers. Two sends of one message that differ only in their (non-deterministic) signature give
 * the same text, which is what an idempotency ledger should compare. Throws on malformed XML.
 */
export function unsignedContent(xml: string): string {
  parseXmlTree(xml); // no DOCTYPE, well-formed
  const doc = quietParser().parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (!root) throw new Error('no root element');
  for (const child of Array.from(root.childNodes)) {
    if (child.nodeType === 1 && (child as Element).namespaceURI === XMLDSIG_NAMESPACE && (child as Element).localName === 'Signature') {
      root.removeChild(child);
    }
  }
  return new C14nCanonicalization().process(root as unknown as Node, {});
}
