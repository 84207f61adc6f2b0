import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { temporalConnectionOptions } from './temporal.js';

const dir = mkdtempSync(join(tmpdir(), 'cbec-tls-'));
const pem = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN CERTIFICATE-----\n${name}\n-----END CERTIFICATE-----\n`);
  return path;
};

describe('Temporal connection options', () => {
  it('are plain for the dev server', () => {
    expect(temporalConnectionOptions(loadConfig({ CBEC_ENV: 'development' }))).toEqual({ address: '127.0.0.1:7233' });
  });

  it('use mTLS files, a CA and an API key when configured', () => {
    const o = temporalConnectionOptions(loadConfig({ CBEC_ENV: 'development', TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_TLS_CERT: pem('c.pem'), TEMPORAL_TLS_KEY: pem('k.pem'), TEMPORAL_TLS_CA: pem('ca.pem'), TEMPORAL_API_KEY: 'api-key-0123456789' }));
    expect(o.address).toBe('ns.acct.tmprl.cloud:7233');
    expect(o.tls?.clientCertPair?.crt.toString()).toContain('c.pem');
    expect(o.tls?.serverRootCACertificate?.toString()).toContain('ca.pem');
    expect(o.apiKey).toBe('api-key-0123456789');
    expect(temporalConnectionOptions(loadConfig({ CBEC_ENV: 'development', TEMPORAL_API_KEY: 'api-key-0123456789' })).tls).toEqual({});
  });

  it('stop the start-up on a half pair or an unreadable file, naming the variable', () => {
    expect(() => temporalConnectionOptions(loadConfig({ CBEC_ENV: 'development', TEMPORAL_TLS_CERT: pem('c2.pem') }))).toThrow(/TEMPORAL_TLS_CERT \/ TEMPORAL_TLS_KEY/);
    expect(() => temporalConnectionOptions(loadConfig({ CBEC_ENV: 'development', TEMPORAL_TLS_CA: join(dir, 'missing.pem') }))).toThrow(ConfigError);
    expect(() => loadConfig({ CBEC_ENV: 'development', WORKER_METRICS_ADDRESS: 'nonsense' })).toThrow(/WORKER_METRICS_ADDRESS/);
  });
});
