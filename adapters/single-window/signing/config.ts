/**
 * Signing settings from the environment, and the signer / simulator trust they describe. The
 * fields are meant to join config/config.ts's schema (`...SIGNING_CONFIG`); parseSigningConfig
 * reads them alone meanwhile.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { SignaturePolicy } from '../simulator-signing.js';
import { createXmlSigner } from './dsig.js';
import { createKeyFileSigningKey, ensureTestKeyFiles, readKeyFiles } from './keys.js';
import { SM2_DEFAULT_USER_ID } from './sm2.js';
import type { MessageSigner, SignatureAlgorithm } from './types.js';

export const SIGNING_CONFIG = {
  /**
   * none: CEB messages go unsigned (the Chengdu gateway takes them); rsa-sha1 or sm2: every
   * request carries an enveloped ds:Signature (ceb-messages.md §4).
   */
  SIGNING_MODE: z.enum(['none', 'rsa-sha1', 'sm2']).default('none'),
  /** PKCS#8 PEM key of the transmitting enterprise; unset: a test key under SIGNING_KEY_DIR, made on first use. */
  SIGNING_KEY_PATH: z.string().min(1).optional(),
  /** Its X.509 certificate (PEM): the enterprise's e-Port certificate in production. */
  SIGNING_CERT_PATH: z.string().min(1).optional(),
  /** Where test keys live, one folder per copCode (relative to the repository root). */
  SIGNING_KEY_DIR: z.string().min(1).default('.data/keys'),
  /** SM2 distinguishing ID for Z_A (GB/T 35276 default). */
  SIGNING_SM2_USER_ID: z.string().min(1).max(1024).default(SM2_DEFAULT_USER_ID),
};

export const SigningConfigSchema = z.object(SIGNING_CONFIG).refine(
  (c) => (c.SIGNING_KEY_PATH === undefined) === (c.SIGNING_CERT_PATH === undefined),
  { message: 'SIGNING_KEY_PATH and SIGNING_CERT_PATH go together', path: ['SIGNING_KEY_PATH'] },
);
export type SigningConfig = z.infer<typeof SigningConfigSchema>;

/** Parses the signing settings alone (empty variables count as unset, like loadConfig). */
export function parseSigningConfig(env: NodeJS.ProcessEnv = process.env): SigningConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith('SIGNING_') && v !== ''));
  return SigningConfigSchema.parse(cleaned);
}

const ALGORITHM: Record<Exclude<SigningConfig['SIGNING_MODE'], 'none'>, SignatureAlgorithm> = { 'rsa-sha1': 'rsa-sha1', sm2: 'sm2-sm3' };

export interface Sender {
  /** BaseTransfer.copCode (DXP_COP_CODE) and name: whose key signs. */
  copCode: string;
  copName: string;
  /** Base for a relative SIGNING_KEY_DIR (default the working directory). */
  root?: string;
}

async function keyMaterial(c: SigningConfig, sender: Sender, algorithm: SignatureAlgorithm) {
  if (!c.SIGNING_KEY_PATH !== !c.SIGNING_CERT_PATH) throw new Error('SIGNING_KEY_PATH and SIGNING_CERT_PATH go together');
  if (c.SIGNING_KEY_PATH && c.SIGNING_CERT_PATH) {
    return { material: await readKeyFiles({ keyPath: c.SIGNING_KEY_PATH, certPath: c.SIGNING_CERT_PATH, algorithm }), created: false, certPath: c.SIGNING_CERT_PATH };
  }
  const dir = isAbsolute(c.SIGNING_KEY_DIR) ? c.SIGNING_KEY_DIR : resolve(sender.root ?? process.cwd(), c.SIGNING_KEY_DIR);
  return ensureTestKeyFiles({ dir, copCode: sender.copCode, copName: sender.copName, algorithm });
}

/**
 * The signer the configuration asks for (undefined for SIGNING_MODE=none). Without key paths it
 * creates the sender's test key and certificate on first use; `created` says whether it did.
 */
export async function createConfiguredSigner(c: SigningConfig, sender: Sender): Promise<{ signer: MessageSigner; created: boolean; certPath: string } | undefined> {
  if (c.SIGNING_MODE === 'none') return undefined;
  const algorithm = ALGORITHM[c.SIGNING_MODE];
  const { material, created, certPath } = await keyMaterial(c, sender, algorithm);
  const signer = createXmlSigner(createKeyFileSigningKey(material, { userId: c.SIGNING_SM2_USER_ID }));
  return { signer, created, certPath };
}

/** The simulator's trust for the configured sender: its certificate, signatures required of it. */
export async function simulatorSignaturePolicy(c: SigningConfig, sender: Sender): Promise<SignaturePolicy | undefined> {
  if (c.SIGNING_MODE === 'none') return undefined;
  const { material } = await keyMaterial(c, sender, ALGORITHM[c.SIGNING_MODE]);
  return { trusted: { [sender.copCode]: [material.certificatePem] }, require: 'enrolled', userId: c.SIGNING_SM2_USER_ID };
}
