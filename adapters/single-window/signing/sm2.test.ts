import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SM2_DEFAULT_USER_ID, generateSm2KeyPair, sm2KeyFromPkcs8, sm2Pkcs8, sm2PublicKeyFromSpki, sm2PublicKeyOf, sm2Sign,
  sm2SignatureFromDer, sm2SignatureToDer, sm2Spki, sm2UserDigest, sm2Verify, sm3,
} from './sm2.js';

const text = (s: string) => Buffer.from(s, 'utf8');

/**
 * Known-answer test: the signature example of GB/T 32918.5-2017 / GM/T 0003.5-2012 Annex A on the
 * recommended curve (also in OpenSSL's test/sm2_internal_test.c). The Annex A example of
 * GB/T 32918.2 itself uses a different test curve (p = 8542D69E…) that sm-crypto-v2 does not
 * take, so this is the published vector the library can be held to.
 */
describe('SM2 with SM3: published known answer', () => {
  const d = '3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8'.toLowerCase();
  const publicKey = ('04' + '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020'
    + 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13').toLowerCase();
  const k = BigInt('0x59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21');
  const message = text('message digest');
  const expected = 'F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3'
    + 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA';

  it('derives the public key', () => {
    expect(sm2PublicKeyOf(d)).toBe(publicKey);
  });

  it('computes the user-ID digest Z_A and e = SM3(Z_A ‖ M) of the standard', () => {
    const z = sm2UserDigest(publicKey, SM2_DEFAULT_USER_ID);
    expect(z.toString('hex').toUpperCase()).toBe('B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3');
    expect(sm3(Buffer.concat([z, message])).toString('hex').toUpperCase()).toBe('F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640');
  });

  it('signs to the published (r, s) with the published k', () => {
    expect(sm2Sign(message, d, { k }).toString('hex').toUpperCase()).toBe(expected);
  });

  it('verifies the published signature, raw and DER, and nothing else', () => {
    const raw = Buffer.from(expected, 'hex');
    expect(sm2Verify(message, raw, publicKey)).toBe(true);
    expect(sm2Verify(message, sm2SignatureToDer(raw), publicKey)).toBe(true);
    expect(sm2Verify(text('message digesT'), raw, publicKey)).toBe(false);
    expect(sm2Verify(message, raw, publicKey, 'ALICE123@YAHOO.COM')).toBe(false);
    const flipped = Buffer.from(raw);
    flipped[63]! ^= 1;
    expect(sm2Verify(message, flipped, publicKey)).toBe(false);
  });

  it('hashes with SM3 as GB/T 32905 example 1 says', () => {
    expect(sm3(text('abc')).toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
});

describe('SM2 signing', () => {
  it('is deterministic for a key and message, and the signature verifies', () => {
    const key = generateSm2KeyPair();
    const a = sm2Sign(text('CEB621'), key.privateKey);
    expect(sm2Sign(text('CEB621'), key.privateKey).equals(a)).toBe(true);
    expect(sm2Sign(text('CEB622'), key.privateKey).equals(a)).toBe(false);
    expect(sm2Verify(text('CEB621'), a, key.publicKey)).toBe(true);
    expect(sm2Verify(text('CEB621'), a, generateSm2KeyPair().publicKey)).toBe(false);
  });

  it('round-trips signatures through DER', () => {
    const key = generateSm2KeyPair();
    const rs = sm2Sign(text('x'), key.privateKey);
    expect(sm2SignatureFromDer(sm2SignatureToDer(rs)).equals(rs)).toBe(true);
  });
});

describe('SM2 key encodings', () => {
  it('writes PKCS#8 and SubjectPublicKeyInfo that OpenSSL (through Node) reads', () => {
    const key = generateSm2KeyPair();
    const pkcs8 = sm2Pkcs8(key);
    const fromNode = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    expect(createPublicKey(fromNode).export({ type: 'spki', format: 'der' }).equals(sm2Spki(key.publicKey))).toBe(true);
    expect(sm2KeyFromPkcs8(pkcs8)).toEqual(key);
    expect(sm2PublicKeyFromSpki(sm2Spki(key.publicKey))).toBe(key.publicKey);
  });

  it('reads a PKCS#8 SM2 key that OpenSSL generated', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
    const key = sm2KeyFromPkcs8(privateKey.export({ type: 'pkcs8', format: 'der' }));
    expect(sm2PublicKeyFromSpki(publicKey.export({ type: 'spki', format: 'der' }))).toBe(key.publicKey);
  });

  it('refuses a key that is not SM2', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() => sm2KeyFromPkcs8(privateKey.export({ type: 'pkcs8', format: 'der' }))).toThrow(/SM2/);
  });
});
