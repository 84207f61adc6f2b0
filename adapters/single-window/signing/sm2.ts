/**
 * SM2 signatures with SM3 (GB/T 32918.2, GB/T 32905) through sm-crypto-v2, which computes the
 * user-ID digest Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA) and e = SM3(Z_A ‖ M) itself (Node's
 * crypto cannot: it has the SM2 curve but no way to pass the distinguishing ID). sm2.test.ts pins it
 * to the published example of GB/T 32918.5-2017 / GM/T 0003.5-2012 Annex A.
 *
 * Keys are hex as sm-crypto-v2 wants them: private 64 hex digits, public '04' ‖ x ‖ y (130).
 * Signing here is deterministic (k derived RFC 6979-style from the key and e), so a retried
 * activity sends the same bytes; SM2 signatures from a card or a remote service are usually not.
 */
import { createHmac } from 'node:crypto';
import { sm2, sm3 as sm3Hex } from 'sm-crypto-v2';
import { DerError, bits, children, explicit, int, octets, oid, read, seq, uint, uintBytes } from './der.js';

/** The default distinguishing identifier of GB/T 35276 / GM/T 0009 (also the e-Port's). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_SM2_CURVE = '1.2.156.10197.1.301';
export const OID_SM2_WITH_SM3 = '1.2.156.10197.1.501';
/** Order n of the SM2 recommended curve (GB/T 32918.5). */
const N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const toHex64 = (n: bigint) => n.toString(16).padStart(64, '0');

export function sm3(data: Uint8Array): Buffer {
  return Buffer.from(sm3Hex(data), 'hex');
}

export function generateSm2KeyPair(): Sm2KeyPair {
  return sm2.generateKeyPairHex();
}

export function sm2PublicKeyOf(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKey);
}

/** Z_A (32 bytes) for a public key and user ID. */
export function sm2UserDigest(publicKey: string, userId = SM2_DEFAULT_USER_ID): Buffer {
  checkUserId(userId);
  return Buffer.from(sm2.getZ(publicKey, userId));
}

function checkUserId(userId: string): void {
  // ENTL is two bytes of bit length.
  if (userId.length === 0 || Buffer.byteLength(userId, 'utf8') * 8 > 0xffff) throw new Error('SM2 user ID must be 1..8191 bytes');
}

/**
 * RFC 6979 §3.2 candidate nonces (HMAC-SHA-256 DRBG over the private key and e), in the order
 * they are to be tried. The first one is used unless it gives r = 0, r + k = n or s = 0.
 */
function deterministicNonces(privateKey: string, e: bigint, count: number): bigint[] {
  const x = Buffer.from(privateKey, 'hex');
  const h = Buffer.from(toHex64(e % N), 'hex');
  let v = Buffer.alloc(32, 1);
  let k = Buffer.alloc(32, 0);
  const mac = (key: Buffer, ...parts: Buffer[]) => createHmac('sha256', key).update(Buffer.concat(parts)).digest();
  k = mac(k, v, Buffer.from([0]), x, h);
  v = mac(k, v);
  k = mac(k, v, Buffer.from([1]), x, h);
  v = mac(k, v);
  const out: bigint[] = [];
  while (out.length < count) {
    v = mac(k, v);
    const candidate = BigInt(`0x${v.toString('hex')}`);
    if (candidate >= 1n && candidate < N) out.push(candidate);
    k = mac(k, v, Buffer.from([0]));
    v = mac(k, v);
  }
  return out;
}

export interface Sm2SignOptions {
  userId?: string;
  /** A fixed nonce (known-answer tests only). Default: deterministic (RFC 6979-style). */
  k?: bigint;
}

/** SM2 signature of `data` (hashed with Z_A inside): r ‖ s, 64 bytes. */
export function sm2Sign(data: Uint8Array, privateKey: string, opts: Sm2SignOptions = {}): Buffer {
  const userId = opts.userId ?? SM2_DEFAULT_USER_ID;
  checkUserId(userId);
  const publicKey = sm2PublicKeyOf(privateKey);
  const e = BigInt(`0x${sm2.getHash(hex(data), publicKey, userId)}`);
  const nonces = opts.k !== undefined ? [opts.k] : deterministicNonces(privateKey, e, 3);
  // sm-crypto-v2 pops from the end of the pool and falls back to a random k when it runs dry.
  const pointPool = nonces.reverse().map((k) => ({ k, x1: BigInt(`0x${sm2.getPublicKeyFromPrivateKey(toHex64(k)).slice(2, 66)}`) }));
  const rs = sm2.doSignature(data, privateKey, { hash: true, publicKey, userId, pointPool, der: false });
  return Buffer.from(rs, 'hex');
}

/** Verifies r ‖ s (64 bytes) or a DER SEQUENCE { r, s } against `data` and the public key. */
export function sm2Verify(data: Uint8Array, signature: Uint8Array, publicKey: string, userId = SM2_DEFAULT_USER_ID): boolean {
  checkUserId(userId);
  let raw: Buffer;
  try {
    raw = signature.length === 64 ? Buffer.from(signature) : sm2SignatureFromDer(Buffer.from(signature));
  } catch {
    return false;
  }
  try {
    return sm2.doVerifySignature(data, raw.toString('hex'), publicKey, { hash: true, userId, der: false });
  } catch {
    return false;
  }
}

export function sm2SignatureToDer(rs: Uint8Array): Buffer {
  if (rs.length !== 64) throw new DerError('SM2 signature must be 64 bytes r ‖ s');
  return seq(uint(rs.subarray(0, 32)), uint(rs.subarray(32)));
}

export function sm2SignatureFromDer(der: Buffer): Buffer {
  const outer = read(der);
  if (outer.tag !== 0x30 || outer.end !== der.length) throw new DerError('not a DER SM2 signature');
  const [r, s, ...rest] = children(outer.value);
  if (!r || !s || rest.length > 0) throw new DerError('not a DER SM2 signature');
  return Buffer.concat([uintBytes(r, 32), uintBytes(s, 32)]);
}

/** SubjectPublicKeyInfo of an SM2 public key (id-ecPublicKey with the SM2 curve, as CAs issue them). */
export function sm2Spki(publicKey: string): Buffer {
  return seq(seq(oid(OID_EC_PUBLIC_KEY), oid(OID_SM2_CURVE)), bits(Buffer.from(publicKey, 'hex')));
}

/** The uncompressed point of an SM2 SubjectPublicKeyInfo, as hex '04…'. */
export function sm2PublicKeyFromSpki(spki: Buffer): string {
  const [algorithm, key] = children(read(spki).value);
  if (!algorithm || !key || key.tag !== 0x03) throw new DerError('not a SubjectPublicKeyInfo');
  const curve = children(algorithm.value)[1];
  if (!curve || !curve.value.equals(oid(OID_SM2_CURVE).subarray(2))) throw new DerError('not an SM2 public key');
  const point = key.value.subarray(1);
  if (point.length !== 65 || point[0] !== 0x04) throw new DerError('SM2 public key must be an uncompressed point');
  return hex(point);
}

/** PKCS#8 PrivateKeyInfo (RFC 5208 / RFC 5915 ECPrivateKey) of an SM2 key pair: readable by OpenSSL. */
export function sm2Pkcs8(key: Sm2KeyPair): Buffer {
  const ecPrivateKey = seq(int(1), octets(Buffer.from(key.privateKey, 'hex')), explicit(1, bits(Buffer.from(key.publicKey, 'hex'))));
  return seq(int(0), seq(oid(OID_EC_PUBLIC_KEY), oid(OID_SM2_CURVE)), octets(ecPrivateKey));
}

/** The key pair in a PKCS#8 SM2 private key (as written by sm2Pkcs8 or `openssl genpkey -algorithm SM2`). */
export function sm2KeyFromPkcs8(der: Buffer): Sm2KeyPair {
  const [version, algorithm, inner] = children(read(der).value);
  const curve = algorithm ? children(algorithm.value)[1] : undefined;
  if (!version || !inner || inner.tag !== 0x04 || !curve || !curve.value.equals(oid(OID_SM2_CURVE).subarray(2))) {
    throw new DerError('not a PKCS#8 SM2 private key');
  }
  const d = children(read(inner.value).value)[1];
  if (!d || d.tag !== 0x04) throw new DerError('not an ECPrivateKey');
  const privateKey = hex(Buffer.concat([Buffer.alloc(Math.max(0, 32 - d.value.length)), d.value]));
  return { privateKey, publicKey: sm2PublicKeyOf(privateKey) };
}
