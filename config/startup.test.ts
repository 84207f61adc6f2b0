import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../scripts/lib/tools.js';
import { DEV_SECRETS, SECRET_NAMES } from './secrets.js';

/** Runs a real entry point as a deployment would (no CBEC_ENV): its exit code and stderr. */
function start(script: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(`${repoRoot()}node_modules/.bin/tsx`, [script], {
      cwd: repoRoot(),
      // nothing from the test's own environment: a fresh production shell
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      timeout: 60_000,
    }, (_err, _stdout, stderr) => resolve({ code: child.exitCode, stderr }));
  });
}

const strongEnv = () => ({
  ...Object.fromEntries(SECRET_NAMES.map((n) => [n, randomBytes(32).toString('base64')])),
  PAYLOAD_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  EVIDENCE_SIGNING_KEY: randomBytes(32).toString('base64'),
  DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
  TEMPORAL_ADDRESS: '127.0.0.1:1',
});

describe('a production start with a default or weak secret', () => {
  it('the API exits non-zero naming the variable (the published ops key)', async () => {
    const { code, stderr } = await start('api/server.ts', { ...strongEnv(), HOST: '0.0.0.0', OPS_API_KEY: DEV_SECRETS.OPS_API_KEY });
    expect(code).not.toBe(0);
    expect(stderr).toContain('OPS_API_KEY: OPS_API_KEY is a default published in this repository');
    expect(stderr).not.toContain(DEV_SECRETS.OPS_API_KEY);
  });

  it('the worker exits non-zero naming the variable (a change-me placeholder, no payload keys)', async () => {
    const env: Record<string, string> = { ...strongEnv(), BUYER_ID_HASH_KEY: 'change-me-buyer-id-hash-key' };
    delete env.PAYLOAD_KEYS;
    const { code, stderr } = await start('worker/main.ts', env);
    expect(code).not.toBe(0);
    expect(stderr).toContain('BUYER_ID_HASH_KEY: BUYER_ID_HASH_KEY looks like a placeholder');
    expect(stderr).toContain('PAYLOAD_KEYS: PAYLOAD_KEYS is not set');
  });

  it('the development switch does not help an API listening on every interface', async () => {
    const { code, stderr } = await start('api/server.ts', { CBEC_ENV: 'development', HOST: '0.0.0.0', DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('OPS_API_KEY: OPS_API_KEY is not set');
    expect(stderr).toContain('CBEC_ENV=development is ignored because HOST=0.0.0.0 is not a loopback address');
  });
});
