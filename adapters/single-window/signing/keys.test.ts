import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRequest } from '../ceb/index.js';
import { FULL, baseTransfer } from '../ceb/fixtures.js';
import { certificateInfo, generateTestKeyMaterial } from './certificate.js';
import { createConfiguredSigner, parseSigningConfig, simulatorSignaturePolicy } from './config.js';
import { children, oid, read, unpem } from './der.js';
import { ensureTestKeyFiles } from './keys.js';
import { OID_SM2_WITH_SM3, sm2PublicKeyFromSpki, sm2Verify } from './sm2.js';
import { verifyCebSignature } from './verify.js';

const tmp = mkdtempSync(join(tmpdir(), 'cbec-keys-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const who = { copCode: 'P000000003', copName: '达州跨境电商公共服务平台' };

describe('test certificates', () => {
  it('RSA: a self-signed X.509 v3 certificate Node reads and verifies, marked TEST', () => {
    const m = generateTestKeyMaterial({ algorithm: 'rsa-sha1', ...who });
    const x509 = new X509Certificate(m.certificatePem);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.subject).toContain('CN=P000000003');
    expect(x509.subject).toContain('TEST KEY');
    expect(x509.ca).toBe(false);
    expect(certificateInfo(m.certificatePem)).toMatchObject({ algorithm: 'rsa-sha1', keyName: x509.serialNumber.toLowerCase() });
  });

  it('SM2: signed with SM2-with-SM3 and the default user ID (GM/T 0015), verifiable with its own key', () => {
    const m = generateTestKeyMaterial({ algorithm: 'sm2-sm3', ...who, notBefore: new Date('2025-01-01T00:00:00Z'), days: 30 });
    const der = unpem(m.certificatePem, 'CERTIFICATE');
    const body = read(der).value;
    const tbs = read(body, 0);
    const [, algorithm, signature] = children(body);
    expect(algorithm!.value.equals(oid(OID_SM2_WITH_SM3))).toBe(true);
    const tbsBytes = body.subarray(0, tbs.end);
    const x509 = new X509Certificate(der);
    const publicKey = sm2PublicKeyFromSpki(x509.publicKey.export({ type: 'spki', format: 'der' }));
    expect(sm2Verify(tbsBytes, signature!.value.subarray(1), publicKey)).toBe(true);
    expect(certificateInfo(der)).toMatchObject({ algorithm: 'sm2-sm3', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2025-01-31T00:00:00.000Z' });
  });
});

describe('test key files', () => {
  it('are made once per enterprise, the private key readable by its owner only', async () => {
    const first = await ensureTestKeyFiles({ dir: join(tmp, 'keys'), ...who, algorithm: 'sm2-sm3' });
    expect(first.created).toBe(true);
    expect(first.keyPath).toBe(join(tmp, 'keys', 'P000000003', 'sm2-sm3.key.pem'));
    expect(statSync(first.keyPath).mode & 0o777).toBe(0o600);
    const again = await ensureTestKeyFiles({ dir: join(tmp, 'keys'), ...who, algorithm: 'sm2-sm3' });
    expect(again.created).toBe(false);
    expect(again.material.certificatePem).toBe(first.material.certificatePem);
    const otherEnterprise = await ensureTestKeyFiles({ dir: join(tmp, 'keys'), copCode: '5117960A01', copName: 'x', algorithm: 'sm2-sm3' });
    expect(otherEnterprise.material.certificatePem).not.toBe(first.material.certificatePem);
    await expect(ensureTestKeyFiles({ dir: join(tmp, 'keys'), copCode: '../etc', copName: 'x', algorithm: 'rsa-sha1' })).rejects.toThrow(/enterprise code/);
  });
});

describe('signing configuration', () => {
  it('defaults to unsigned, with the standard SM2 user ID', () => {
    expect(parseSigningConfig({})).toEqual({ SIGNING_MODE: 'none', SIGNING_KEY_DIR: '.data/keys', SIGNING_SM2_USER_ID: '1234567812345678' });
    expect(() => parseSigningConfig({ SIGNING_MODE: 'rsa' })).toThrow();
    expect(() => parseSigningConfig({ SIGNING_MODE: 'sm2', SIGNING_KEY_PATH: '/k.pem' })).toThrow(/go together/);
  });

  it('none: no signer and no simulator policy', async () => {
    const c = parseSigningConfig({});
    expect(await createConfiguredSigner(c, who)).toBeUndefined();
    expect(await simulatorSignaturePolicy(c, who)).toBeUndefined();
  });

  it('rsa-sha1 without paths: a test key under SIGNING_KEY_DIR on first use, trusted by the simulator policy', async () => {
    const c = parseSigningConfig({ SIGNING_MODE: 'rsa-sha1', SIGNING_KEY_DIR: 'generated' });
    const made = await createConfiguredSigner(c, { ...who, root: tmp });
    expect(made).toMatchObject({ created: true, certPath: join(tmp, 'generated', 'P000000003', 'rsa-sha1.cert.pem') });
    const policy = await simulatorSignaturePolicy(c, { ...who, root: tmp });
    const signed = await made!.signer.sign(buildRequest('CEB303Message', [FULL.CEB303Message], baseTransfer));
    expect(verifyCebSignature(signed, { trusted: policy!.trusted.P000000003! }).ok).toBe(true);
    expect((await createConfiguredSigner(c, { ...who, root: tmp }))!.created).toBe(false);
  });

  it('sm2 with SIGNING_KEY_PATH / SIGNING_CERT_PATH: the enterprise key as given', async () => {
    const made = await ensureTestKeyFiles({ dir: join(tmp, 'given'), ...who, algorithm: 'sm2-sm3' });
    const c = parseSigningConfig({ SIGNING_MODE: 'sm2', SIGNING_KEY_PATH: made.keyPath, SIGNING_CERT_PATH: made.certPath });
    const configured = await createConfiguredSigner(c, { ...who, root: join(tmp, 'unused') });
    expect(configured!.signer.certificateInfo.certificate).toBe(unpem(readFileSync(made.certPath, 'utf8'), 'CERTIFICATE').toString('base64'));
    expect(configured!.signer.certificateInfo.algorithm).toBe('sm2-sm3');
  });
});
