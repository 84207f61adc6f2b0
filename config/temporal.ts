import { readFileSync } from 'node:fs';
import { ConfigError, type Config } from './config.js';

/** What both `Connection.connect` (client) and `NativeConnection.connect` (worker) take. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: {
    serverNameOverride?: string;
    serverRootCACertificate?: Buffer;
    clientCertPair?: { crt: Buffer; key: Buffer };
  };
  apiKey?: string;
}

/**
 * Connection options for the configured Temporal server: plain on the dev server; TLS, mTLS
 * (TEMPORAL_TLS_CERT + TEMPORAL_TLS_KEY, optional TEMPORAL_TLS_CA) and/or an API key
 * (TEMPORAL_API_KEY, Temporal Cloud) otherwise. Reads the PEM files now, so a missing or
 * half-configured pair stops the process at start-up with the variable's name.
 */
export function temporalConnectionOptions(c: Config): TemporalConnectionOptions {
  if (Boolean(c.TEMPORAL_TLS_CERT) !== Boolean(c.TEMPORAL_TLS_KEY)) {
    throw new ConfigError('invalid configuration:\n  TEMPORAL_TLS_CERT / TEMPORAL_TLS_KEY: set both (mTLS client certificate and its key) or neither');
  }
  const read = (name: 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA'): Buffer | undefined => {
    const path = c[name];
    if (!path) return undefined;
    try {
      const pem = readFileSync(path);
      if (!pem.toString('utf8').includes('-----BEGIN ')) throw new Error('not a PEM file');
      return pem;
    } catch (err) {
      throw new ConfigError(`invalid configuration:\n  ${name}: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const crt = read('TEMPORAL_TLS_CERT');
  const key = read('TEMPORAL_TLS_KEY');
  const ca = read('TEMPORAL_TLS_CA');
  const tlsWanted = c.TEMPORAL_TLS || Boolean(crt || ca || c.TEMPORAL_TLS_SERVER_NAME || c.TEMPORAL_API_KEY);
  return {
    address: c.TEMPORAL_ADDRESS,
    ...(tlsWanted
      ? {
          tls: {
            ...(c.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: c.TEMPORAL_TLS_SERVER_NAME } : {}),
            ...(ca ? { serverRootCACertificate: ca } : {}),
            ...(crt && key ? { clientCertPair: { crt, key } } : {}),
          },
        }
      : {}),
    ...(c.TEMPORAL_API_KEY ? { apiKey: c.TEMPORAL_API_KEY.reveal() } : {}),
  };
}
