import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cbec, REPO, run } from './test-support.js';

/**
 * The acceptance of "adding a carrier = its folder + one registration line" (issue 15 item 1): in
 * a copy of this repository (so no other test sees the new carrier), `cbec adapter new` generates a
 * carrier, writes its registration line into adapters/systems.ts and regenerates the derived files
 * (OpenAPI document, typed client) itself; with no hand edit, a 9610 shipment on the new carrier's
 * corridor runs to COMPLETED on the test platform (test/support/platform.ts), which configures,
 * wires and simulates the carrier from the registry alone, and `openapi:check` and `tsc` pass.
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
  expect(p.simUrls['acme-wms']).toMatch(/^http:/); // the generated warehouse: simulated from the registry too
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

describe('cbec adapter new --kind carrier | warehouse', () => {
  it('registers a carrier (and a warehouse) itself; the carrier then runs a shipment end to end with no hand edit', async () => {
    copyRepository();
    const systems = path.join(copy, 'adapters', 'systems.ts');
    const before = readFileSync(systems, 'utf8');
    const generated = await cbec(['adapter', 'new', 'khorgos-rail', '--kind', 'carrier'], { cwd: copy });
    expect(generated.stderr).toBe('');
    expect(generated.code).toBe(0);
    expect(generated.stdout).toContain('Added its line to adapters/systems.ts.');
    expect(generated.stdout).toContain('Regenerated api/openapi.json and api/client/schema.ts');
    // the file keeps its lines and format: the new line after the last one
    expect(readFileSync(systems, 'utf8')).toBe(`${before}export { definition as khorgosRail } from './khorgos-rail/definition.js';\n`);
    expect(readFileSync(path.join(copy, 'api', 'client', 'schema.ts'), 'utf8')).toContain('"KHORGOS_RAIL"');

    const envExample = readFileSync(path.join(copy, '.env.example'), 'utf8');
    expect(envExample).toMatch(/^KHORGOS_RAIL_CALLBACK_SECRET=change-me$/m);
    expect(envExample).toMatch(/^# KHORGOS_RAIL_URL=http:\/\/simulators:4\d{3}$/m);

    // the id is taken now: refused, nothing written
    const again = await cbec(['adapter', 'new', 'khorgos-rail', '--kind', 'carrier', '--corridor', 'KHORGOS_RAIL_2'], { cwd: copy });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/adapters\/khorgos-rail already exists/);
    const sameCorridor = await cbec(['adapter', 'new', 'khorgos-east', '--kind', 'carrier', '--corridor', 'KHORGOS_RAIL'], { cwd: copy });
    expect(sameCorridor.code).toBe(1);
    expect(sameCorridor.stderr).toMatch(/corridor KHORGOS_RAIL is already served by 'khorgos-rail'/);
    expect(existsSync(path.join(copy, 'adapters', 'khorgos-east'))).toBe(false);
    expect(readFileSync(systems, 'utf8')).not.toContain('khorgos-east');

    // --no-register: the folder only, the line printed for review
    const reviewed = await cbec(['adapter', 'new', 'pamir-road', '--kind', 'carrier', '--no-register'], { cwd: copy });
    expect(reviewed.code).toBe(0);
    expect(reviewed.stdout).toContain("export { definition as pamirRoad } from './pamir-road/definition.js';");
    expect(reviewed.stdout).toContain('npm run openapi:generate');
    expect(existsSync(path.join(copy, 'adapters', 'pamir-road', 'definition.ts'))).toBe(true);
    expect(readFileSync(systems, 'utf8')).not.toContain('pamir-road');

    // a warehouse is registered the same way (on the shared capability of adapters/warehouse)
    const warehouse = await cbec(['adapter', 'new', 'acme-wms', '--kind', 'warehouse'], { cwd: copy });
    expect(warehouse.stderr).toBe('');
    expect(warehouse.code).toBe(0);
    expect(readFileSync(systems, 'utf8')).toBe(`${before}${[
      "export { definition as khorgosRail } from './khorgos-rail/definition.js';",
      "export { definition as acmeWms } from './acme-wms/definition.js';",
    ].join('\n')}\n`);
    expect(readFileSync(path.join(copy, '.env.example'), 'utf8')).toMatch(/^ACME_WMS_CALLBACK_SECRET=change-me$/m);

    mkdirSync(path.join(copy, 'test', 'e2e'), { recursive: true });
    writeFileSync(path.join(copy, 'test', 'e2e', 'generated-carrier.test.ts'), SHIPMENT_TEST);
    // the shipment (its platform also starts the new warehouse's simulator from the registry) and both contract tests
    const tests = await run('npx', ['vitest', 'run', 'test/e2e/generated-carrier.test.ts', 'adapters/khorgos-rail', 'adapters/acme-wms'], { cwd: copy, timeoutMs: 300_000 });
    // eslint-disable-next-line no-control-regex -- strips the ANSI colour escapes (ESC = U+001B)
    const output = (tests.stdout + tests.stderr).replace(/\u001b\[[0-9;]*m/g, '');
    expect(output).toMatch(/Test Files\s+3 passed \(3\)/);
    expect(tests.code).toBe(0);

    // no further command: the derived files are current and everything type-checks
    const check = await run('npm', ['run', 'openapi:check'], { cwd: copy, timeoutMs: 120_000 });
    expect(check.stderr).not.toMatch(/stale/);
    expect(check.code).toBe(0);
    const tsc = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.'], { cwd: copy, timeoutMs: 240_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
  }, 600_000);
});
