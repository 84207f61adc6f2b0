import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { shipment9610 } from '../support/fixtures.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';

// CEB messages signed end to end: the worker signs with the enterprise's key (a test key made on
// first use), the simulated Single Window verifies every signature of an enrolled sender and
// would refuse an unsigned or tampered message (adapters/single-window/simulator-signing.test.ts).
const platforms: Platform[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(platforms.map((p) => p.stop()));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe.each([['rsa-sha1'], ['sm2']])('signed CEB messages (%s)', (mode) => {
  it('runs a 9610 shipment to COMPLETED with every message signed and verified', async () => {
    const keys = mkdtempSync(`${tmpdir()}/cbec-keys-`);
    dirs.push(keys);
    const p = await startPlatform({ timeScale: 864_000, env: { SIGNING_MODE: mode, SIGNING_KEY_DIR: keys } });
    platforms.push(p);
    const id = (await p.api.POST('/v1/shipments', { body: shipment9610(`SIGNED-${mode.toUpperCase()}`) })).data!.id;
    const done = await eventually(async () => {
      const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
      // SLA_BREACHED is not an end: at this TIME_SCALE a 2-hour SLA is 8 ms and trips on a busy machine
      return data && ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED'].includes(data.status) ? data : undefined;
    }, 'signed shipment to finish', 90_000);
    expect(done.status).toBe('COMPLETED');
    // the key and certificate were generated for the transmitting enterprise
    expect(readdirSync(keys, { recursive: true }).map(String).some((f) => f.endsWith('.cert.pem'))).toBe(true);
    // no document was refused for its signature
    const state = (await (await fetch(`${p.simUrls.singleWindow}/_state`)).json()) as { documents: Record<string, { history: { returnStatus: string }[] }> };
    const statuses = Object.values(state.documents).flatMap((d) => d.history.map((h) => h.returnStatus));
    expect(statuses.filter((s) => s.startsWith('-'))).toEqual([]);
    expect(statuses).toContain('899');
  });
});
