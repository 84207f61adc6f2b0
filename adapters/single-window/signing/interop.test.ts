import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cbec } from '../../../cli/test-support.js';
import { parseRequest } from '../ceb/index.js';
import { certificateInfo } from './certificate.js';
import { createXmlSigner } from './dsig.js';
import { createKeyFileSigningKey } from './keys.js';
import { verifyCebSignature } from './verify.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const material = { algorithm: 'rsa-sha1' as const, privateKeyPem: fixture('test-only-rsa.key.pem'), certificatePem: fixture('test-only-rsa.cert.pem') };
const bySigner = fixture('ceb303.signed-by-xmlsec1.xml');
const pick = (xml: string, local: string) => new RegExp(`<ds:${local}>([^<]*)</ds:${local}>`).exec(xml)?.[1]?.replace(/\s+/g, '');

describe('interoperability with xmlsec1 (fixtures/README.md)', () => {
  it('verifies a message xmlsec1 signed', () => {
    expect(verifyCebSignature(bySigner, { trusted: [material.certificatePem], now: new Date('2030-01-01') })).toMatchObject({ ok: true, certificate: { algorithm: 'rsa-sha1' } });
  });

  it('computes the digest and signature value xmlsec1 computed', async () => {
    const ours = await createXmlSigner(createKeyFileSigningKey(material)).sign(fixture('ceb303.unsigned.xml'));
    expect(pick(ours, 'DigestValue')).toBe(pick(bySigner, 'DigestValue'));
    expect(pick(ours, 'SignatureValue')).toBe(pick(bySigner, 'SignatureValue'));
  });

  it('refuses the xmlsec1 message once its content changes', () => {
    const tampered = bySigner.replace('<ceb:goodsValue>', '<ceb:goodsValue>1');
    expect(tampered).not.toBe(bySigner);
    expect(verifyCebSignature(tampered, { trusted: [material.certificatePem], now: new Date('2030-01-01') })).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('the official signed sample (ceb-samples)', () => {
  const sample = readFileSync(new URL('../../../docs/reference/ceb-samples/CEB311Message_import-order_request_official-sample.xml', import.meta.url), 'utf8');
  const cert = /<ds:X509Certificate>([\s\S]*?)<\/ds:X509Certificate>/.exec(sample)![1]!.replace(/\s+/g, '');

  it('carries an RSA e-Port test certificate that certificateInfo reads', () => {
    const info = certificateInfo(Buffer.from(cert, 'base64'));
    expect(info).toMatchObject({ algorithm: 'rsa-sha1', serialNumber: '9927' }); // its KeyName is 0001: the e-Port's certificate number need not be the serial
  });

  it('no longer verifies: its personal data was replaced (ceb-samples/SOURCES.md)', () => {
    const result = verifyCebSignature(sample, { trusted: [Buffer.from(cert, 'base64')], now: new Date('2020-01-01') });
    expect(result).toMatchObject({ ok: false, reason: 'invalid', message: 'the signed content does not match its digest' });
    expect(parseRequest(sample).hasSignature).toBe(true);
  });
});

describe('cbec ceb parse', () => {
  it('reads a message signed by this module', async () => {
    const r = await cbec(['ceb', 'parse', fileURLToPath(new URL('./fixtures/ceb303.signed-by-xmlsec1.xml', import.meta.url))]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { messageType: string; hasSignature: boolean; elements: Record<string, unknown>; validation: { valid: boolean } };
    expect(out).toMatchObject({ messageType: 'CEB303Message', hasSignature: true, validation: { valid: true } });
    expect(out.elements.Signature).toBeUndefined();
  });
});
