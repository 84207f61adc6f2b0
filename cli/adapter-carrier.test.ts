import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cbec, REPO, run } from './test-support.js';

/**
 * The acceptance of "adding a carrier = its folder + one registration line" (issue 15 item 1): in
 * a copy of this repository (so no other test sees the new carrier), `cbec adapter new` generates a
 * carrier, the test adds only the line it prints to adapters/systems.ts, and a 9610 shipment on the
 * new carrier's corridor runs to COMPLETED on the test platform (test/support/platform.ts), which
 * configures, wires and simulates the carrier from the registry alone.
 */
const copy = mkdtempSync(path.join(tmpdir(), 'cbec-new-carrier-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

function copyRepository(): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(path.join(REPO, file))) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(REPO, file), path.join(copy, file));
  }
  // installed and generated, not in git: shared read-only
  for (const dir of ['node_modules', '.tools', 'db/generated']) if (existsSync(path.join(REPO, dir))) symlinkSync(path.join(REPO, dir), path.join(copy, dir));
}

const SHIPMENT_TEST = `import { afterAll, beforeAll, expect, it } from 'vitest';
import { corridorInfo } from '../../domain/corridors.js';
import { eventually, startPlatform, type Platform } from '../support/platform.js';
import { shipment9610 } from '../support/fixtures.js';
import { effectsFor } from '../support/ledger.js';

let p: Platform;
beforeAll(async () => {
  p = await startPlatform({ timeScale: 864_000 });
});
afterAll(async () => p?.stop());

it('ships a 9610 export on the generated carrier to COMPLETED', async () => {
  expect(corridorInfo('KHORGOS_RAIL').carrier).toBe('khorgos-rail');
  const created = await p.api.POST('/v1/shipments', { body: shipment9610('NEWCARRIER-1', { corridor: 'KHORGOS_RAIL' as never, destination: { country: '304', port: 'DEU' } }) });
  expect(created.response.status).toBe(202);
  const id = created.data!.id;
  const done = await eventually(async () => {
    const { data } = await p.api.GET('/v1/shipments/{id}', { params: { path: { id } } });
    return data?.status === 'COMPLETED' || data?.status === 'FAILED' ? data : undefined;
  }, 'the shipment to finish');
  expect(done.status).toBe('COMPLETED');
  expect(done.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['BOOKED', 'DEPARTED', 'BORDER_CROSSED', 'ARRIVED']));
  const effects = await effectsFor(p.simUrls['khorgos-rail']!, id);
  expect(effects.map((e) => e.key.split(':').at(-2))).toEqual(['transport-booking', 'transport-loading']);
});
`;

describe('cbec adapter new --kind carrier, then one registration line', () => {
  it('runs a shipment end to end on the new carrier with no other edit', async () => {
    copyRepository();
    const generated = await cbec(['adapter', 'new', 'khorgos-rail', '--kind', 'carrier'], { cwd: copy });
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    const line = generated.stdout.split('\n').map((l) => l.trim()).find((l) => l.startsWith('export { definition as'));
    expect(line).toBe("export { definition as khorgosRail } from './khorgos-rail/definition.js';");

    // the one hand edit
    const systems = path.join(copy, 'adapters', 'systems.ts');
    writeFileSync(systems, `${readFileSync(systems, 'utf8')}${line}\n`);

    const tsc = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { cwd: copy, timeoutMs: 240_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');

    mkdirSync(path.join(copy, 'test', 'e2e'), { recursive: true });
    writeFileSync(path.join(copy, 'test', 'e2e', 'generated-carrier.test.ts'), SHIPMENT_TEST);
    const tests = await run('npx', ['vitest', 'run', 'test/e2e/generated-carrier.test.ts', 'adapters/khorgos-rail'], { cwd: copy, timeoutMs: 300_000 });
    // eslint-disable-next-line no-control-regex -- strips the ANSI colour escapes (ESC = U+001B)
    const output = (tests.stdout + tests.stderr).replace(/\u001b\[[0-9;]*m/g, '');
    expect(output).toMatch(/Test Files\s+2 passed \(2\)/);
    expect(tests.code).toBe(0);
  }, 600_000);
});
