/**
 * Development key material: a key pair and a self-signed X.509 v3 certificate per transmitting
 * enterprise (BaseTransfer.copCode), RSA or SM2, standing in for the enterprise's China E-port
 * certificate (IC card / USB key). Node makes the keys; the certificate is DER written here
 * (der.ts) because Node can read certificates but not issue them, and WebCrypto-based libraries
 * cannot sign with SM2. Every certificate says TEST in its subject.
 */
import { X509Certificate, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bits, bool, children, explicit, int, nul, octets, oid, pem, printable, read, seq, set, time, uint, unpem, utf8,
} from './der.js';
import type { CertificateInfo, SignatureAlgorithm } from './types.js';
import {
  OID_SM2_WITH_SM3, generateSm2KeyPair, sm2KeyFromPkcs8, sm2Pkcs8, sm2PublicKeyFromSpki, sm2Sign, sm2SignatureToDer, sm2Spki,
} from './sm2.js';

const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const name = (attrs: [string, Buffer][]) => seq(...attrs.map(([o, v]) => set(seq(oid(o), v))));

export interface TestKeyOptions {
  algorithm: SignatureAlgorithm;
  copCode: string;
  copName: string;
  /** Default: now minus one day (clock skew). */
  notBefore?: Date;
  /** Validity in days (default 3650). */
  days?: number;
}

/** PEM texts of a private key (PKCS#8) and its certificate. */
export interface KeyMaterial {
  algorithm: SignatureAlgorithm;
  privateKeyPem: string;
  certificatePem: string;
}

/** A new key pair and self-signed test certificate for one enterprise (never for production). */
export function generateTestKeyMaterial(opts: TestKeyOptions): KeyMaterial {
  const notBefore = opts.notBefore ?? new Date(Date.now() - 86_400_000);
  const notAfter = new Date(notBefore.getTime() + (opts.days ?? 3650) * 86_400_000);
  const serial = randomBytes(8);
  serial[0]! &= 0x7f;
  serial[0]! |= 0x01; // positive, 8 bytes, never starting with 0x00
  const subject = name([
    ['2.5.4.6', printable('CN')],
    ['2.5.4.10', utf8(opts.copName)],
    ['2.5.4.11', utf8('TEST KEY - not a China E-port certificate')],
    ['2.5.4.3', utf8(opts.copCode)],
  ]);

  let spki: Buffer;
  let privateKeyDer: Buffer;
  let signTbs: (tbs: Buffer) => Buffer;
  let sigAlg: Buffer;
  if (opts.algorithm === 'rsa-sha1') {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    spki = pair.publicKey.export({ type: 'spki', format: 'der' });
    privateKeyDer = pair.privateKey.export({ type: 'pkcs8', format: 'der' });
    sigAlg = seq(oid(OID_SHA256_WITH_RSA), nul());
    signTbs = (tbs) => sign('sha256', tbs, pair.privateKey);
  } else {
    const pair = generateSm2KeyPair();
    spki = sm2Spki(pair.publicKey);
    privateKeyDer = sm2Pkcs8(pair);
    sigAlg = seq(oid(OID_SM2_WITH_SM3));
    signTbs = (tbs) => sm2SignatureToDer(sm2Sign(tbs, pair.privateKey));
  }
  const keyBits = childBits(spki);
  const extensions = explicit(3, seq(
    seq(oid('2.5.29.19'), bool(true), octets(seq())), // basicConstraints: not a CA
    seq(oid('2.5.29.15'), bool(true), octets(Buffer.from([0x03, 0x02, 0x06, 0xc0]))), // keyUsage: digitalSignature, nonRepudiation
    seq(oid('2.5.29.14'), octets(octets(createHash('sha1').update(keyBits).digest()))), // subjectKeyIdentifier
  ));
  const tbs = seq(explicit(0, int(2)), uint(serial), sigAlg, subject, seq(time(notBefore), time(notAfter)), subject, spki, extensions);
  const certificate = seq(tbs, sigAlg, bits(signTbs(tbs)));
  return { algorithm: opts.algorithm, privateKeyPem: pem('PRIVATE KEY', privateKeyDer), certificatePem: pem('CERTIFICATE', certificate) };
}

/** The subjectPublicKey of a SubjectPublicKeyInfo (what the key identifier hashes, RFC 5280 §4.2.1.2). */
function childBits(spki: Buffer): Buffer {
  const key = children(read(spki).value)[1];
  if (!key || key.tag !== 0x03) throw new Error('not a SubjectPublicKeyInfo');
  return key.value.subarray(1);
}

/** Reads a certificate (PEM or base64 DER) and says what the signature module needs of it. */
export function certificateInfo(certificate: string | Buffer): CertificateInfo & { publicKey: string | KeyObject } {
  const der = Buffer.isBuffer(certificate) ? certificate : unpem(certificate, 'CERTIFICATE');
  const x509 = new X509Certificate(der);
  const spki = x509.publicKey.export({ type: 'spki', format: 'der' });
  let algorithm: SignatureAlgorithm;
  let publicKey: string | KeyObject;
  try {
    publicKey = sm2PublicKeyFromSpki(spki);
    algorithm = 'sm2-sm3';
  } catch {
    if (x509.publicKey.asymmetricKeyType !== 'rsa') throw new Error(`unsupported certificate key type ${String(x509.publicKey.asymmetricKeyType)}`);
    publicKey = createPublicKey(x509.publicKey.export({ type: 'spki', format: 'pem' }));
    algorithm = 'rsa-sha1';
  }
  return {
    algorithm,
    keyName: x509.serialNumber.toLowerCase(),
    subject: x509.subject.replace(/\n/g, ', '),
    serialNumber: x509.serialNumber.toLowerCase(),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
    fingerprint256: x509.fingerprint256,
    certificate: der.toString('base64'),
    publicKey,
  };
}

/** The SM2 key pair or the Node RSA key object of a PKCS#8 PEM private key. */
export function readPrivateKey(privateKeyPem: string, algorithm: SignatureAlgorithm):
  { algorithm: 'sm2-sm3'; sm2: ReturnType<typeof sm2KeyFromPkcs8> } | { algorithm: 'rsa-sha1'; rsa: KeyObject } {
  const der = unpem(privateKeyPem, 'PRIVATE KEY');
  if (algorithm === 'sm2-sm3') return { algorithm, sm2: sm2KeyFromPkcs8(der) };
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'rsa') throw new Error(`the private key is ${String(key.asymmetricKeyType)}, not RSA`);
  return { algorithm, rsa: key };
}
