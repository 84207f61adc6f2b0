/** Business signatures (加签) of CEB messages: the signer seam, XML-DSig, SM2/SM3, test keys (README "Signing"). */
export type { CertificateInfo, MessageSigner, SignatureAlgorithm, SigningKey } from './types.js';
export { SigningErrorCode } from './types.js';
export { DSIG } from './algorithms.js';
export { createXmlSigner, unsignedContent } from './dsig.js';
export { verifyCebSignature } from './verify.js';
export type { VerifyFailure, VerifyOptions, VerifyResult } from './verify.js';
export { certificateInfo, generateTestKeyMaterial } from './certificate.js';
export type { KeyMaterial, TestKeyOptions } from './certificate.js';
export { createKeyFileSigningKey, ensureTestKeyFiles, readKeyFiles, testKeyPaths } from './keys.js';
export { SM2_DEFAULT_USER_ID, sm2Sign, sm2Verify, sm3 } from './sm2.js';
export { SIGNING_CONFIG, SigningConfigSchema, createConfiguredSigner, parseSigningConfig, simulatorSignaturePolicy } from './config.js';
export type { Sender, SigningConfig } from './config.js';
