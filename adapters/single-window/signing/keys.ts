/**
 * Keys held in files: the development stand-in for the enterprise's e-Port card. Test keys are
 * created on first use under `.data/keys/<copCode>/` (git-ignored, private key mode 0600); a real
 * deployment points SIGNING_KEY_PATH / SIGNING_CERT_PATH at the enterprise's own key and
 * certificate, or replaces this module with a SigningKey that talks to the card or a crypto device.
 */
import { sign } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateTestKeyMaterial, readPrivateKey, type KeyMaterial } from './certificate.js';
import { unpem } from './der.js';
import { SM2_DEFAULT_USER_ID, sm2Sign } from './sm2.js';
import type { SignatureAlgorithm, SigningKey } from './types.js';

/** A SigningKey over a PKCS#8 private key and its certificate (PEM texts). Signing is deterministic. */
export function createKeyFileSigningKey(material: KeyMaterial, opts: { userId?: string; keyName?: string } = {}): SigningKey {
  const key = readPrivateKey(material.privateKeyPem, material.algorithm);
  const certificate = unpem(material.certificatePem, 'CERTIFICATE');
  const base = { algorithm: material.algorithm, certificate, ...(opts.keyName ? { keyName: opts.keyName } : {}) };
  if (key.algorithm === 'rsa-sha1') {
    const rsa = key.rsa;
    // RSASSA-PKCS1-v1_5 with SHA-1: the xmldsig#rsa-sha1 method; deterministic.
    return { ...base, signData: async (data) => sign('sha1', data, rsa) };
  }
  const userId = opts.userId ?? SM2_DEFAULT_USER_ID;
  const privateKey = key.sm2.privateKey;
  return { ...base, signData: async (data) => sm2Sign(data, privateKey, { userId }) };
}

export async function readKeyFiles(paths: { keyPath: string; certPath: string; algorithm: SignatureAlgorithm }): Promise<KeyMaterial> {
  const [privateKeyPem, certificatePem] = await Promise.all([readFile(paths.keyPath, 'utf8'), readFile(paths.certPath, 'utf8')]);
  return { algorithm: paths.algorithm, privateKeyPem, certificatePem };
}

/** Where the test key of an enterprise lives under `dir`. */
export function testKeyPaths(dir: string, copCode: string, algorithm: SignatureAlgorithm) {
  if (!/^[0-9A-Za-z]{1,18}$/.test(copCode)) throw new Error(`not an enterprise code: ${copCode}`);
  const base = join(dir, copCode);
  return { dir: base, keyPath: join(base, `${algorithm}.key.pem`), certPath: join(base, `${algorithm}.cert.pem`), algorithm };
}

/**
 * The enterprise's test key and self-signed certificate, generated the first time (development
 * and the simulator only: the certificate says TEST and is trusted by nothing else).
 */
export async function ensureTestKeyFiles(opts: { dir: string; copCode: string; copName: string; algorithm: SignatureAlgorithm }) {
  const paths = testKeyPaths(opts.dir, opts.copCode, opts.algorithm);
  try {
    return { ...paths, material: await readKeyFiles(paths), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const material = generateTestKeyMaterial({ algorithm: opts.algorithm, copCode: opts.copCode, copName: opts.copName });
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  // 'wx': two processes starting at once must not overwrite each other's key.
  try {
    await writeFile(paths.keyPath, material.privateKeyPem, { mode: 0o600, flag: 'wx' });
    await writeFile(paths.certPath, material.certificatePem, { mode: 0o644, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { ...paths, material: await readKeyFiles(paths), created: false };
  }
  await chmod(paths.keyPath, 0o600);
  return { ...paths, material, created: true };
}
