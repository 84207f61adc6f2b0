import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { loadEvidenceKeys } from './evidence-key.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));
const tempDir = async () => {
  const d = await mkdtemp(join(tmpdir(), 'cbec-evidence-key-'));
  dirs.push(d);
  return d;
};

describe('the evidence-signing key from the configuration', () => {
  it('development with nothing set: a key made once under SIGNING_KEY_DIR (owner-only), the same on every load', async () => {
    const dir = await tempDir();
    const c = loadConfig({ CBEC_ENV: 'development', SIGNING_KEY_DIR: join(dir, 'keys') });
    expect(c.EVIDENCE_SIGNING_KEY).toBeUndefined();
    // made by whichever load comes first; the others read it whole (never an empty or half-written file)
    const [a, ...others] = await Promise.all(Array.from({ length: 8 }, () => loadEvidenceKeys(c)));
    expect(others.map((o) => o.signer.kid)).toEqual(others.map(() => a!.signer.kid));
    expect((await loadEvidenceKeys(c)).signer.kid).toBe(a!.signer.kid);
    const file = join(dir, 'keys', 'evidence-signing.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toHaveLength(32);
    expect(await readdir(join(dir, 'keys'))).toEqual(['evidence-signing.key']); // no partial files left behind
  });

  it('a configured key is used as given and never printed; the previous public key is published after it', async () => {
    const seed = randomBytes(32).toString('base64');
    const previous = (await loadEvidenceKeys(loadConfig({ CBEC_ENV: 'development', SIGNING_KEY_DIR: await tempDir() }))).published[0]!;
    const c = loadConfig({ CBEC_ENV: 'development', EVIDENCE_SIGNING_KEY: seed, EVIDENCE_PREVIOUS_PUBLIC_KEY: previous.x });
    expect(JSON.stringify(c)).not.toContain(seed);
    const keys = await loadEvidenceKeys(c);
    expect(keys.published.map((k) => k.kid)).toEqual([keys.signer.kid, previous.kid]);
    expect((await loadEvidenceKeys(c)).signer.kid).toBe(keys.signer.kid);
  });

  it('outside development there is no generated key', async () => {
    await expect(loadEvidenceKeys({ development: false, SIGNING_KEY_DIR: await tempDir(), EVIDENCE_SIGNING_KEY: undefined, EVIDENCE_PREVIOUS_PUBLIC_KEY: undefined })).rejects.toThrow('EVIDENCE_SIGNING_KEY is not set');
  });
});
