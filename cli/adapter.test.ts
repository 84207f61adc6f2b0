import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cbec, REPO, run } from './test-support.js';

// Generated into a dot-folder under adapters/ (inside the repository, so the generated imports of
// adapters/kit resolve), removed afterwards. Leftovers of killed runs older than an hour are removed too.
const PREFIX = '.scaffold-test-';
for (const entry of readdirSync(path.join(REPO, 'adapters'))) {
  const dir = path.join(REPO, 'adapters', entry);
  if (entry.startsWith(PREFIX) && Date.now() - statSync(dir).mtimeMs > 3_600_000) rmSync(dir, { recursive: true, force: true });
}
const folder = `adapters/${PREFIX}${randomBytes(4).toString('hex')}`;
const root = path.join(REPO, folder);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const FILES = ['README.md', 'client.ts', 'contract.test.ts', 'contract.ts', 'index.ts', 'port.ts', 'simulator.ts'];

describe('cbec adapter new', () => {
  it('generates a carrier and a bank adapter that type-check and pass their contract tests', async () => {
    const carrier = await cbec(['adapter', 'new', 'laos-rail', '--kind', 'carrier', '--dir', folder]);
    expect(carrier.stderr).toBe('');
    expect(carrier.code).toBe(0);
    expect(carrier.stdout).toContain(`npx vitest run ${folder}/laos-rail`);
    // one registration line, nothing else to edit (cli/adapter-carrier.test.ts runs a shipment on such a carrier)
    expect(carrier.stdout).toContain("export { definition as laosRail } from './laos-rail/definition.js';");
    expect(carrier.stdout).toMatch(/LAOS_RAIL_URL \(default http:\/\/127\.0\.0\.1:4\d{3}\) and LAOS_RAIL_CALLBACK_SECRET/);
    expect(carrier.stdout).not.toMatch(/config\/config\.ts|domain\/corridors\.ts|config\/secrets\.ts/);
    const bank = await cbec(['adapter', 'new', 'icbc-sichuan', '--kind', 'bank', '--dir', folder]);
    expect(bank.code).toBe(0);
    expect(bank.stdout).toContain("icbcSichuan: createIcbcSichuanClient({ baseUrl: config.ICBC_SICHUAN_URL");
    expect(bank.stdout).toContain('ICBC_SICHUAN_API_KEY');
    expect(readdirSync(path.join(root, 'laos-rail')).sort()).toEqual([...FILES, 'definition.ts', 'outbound.ts'].sort());
    expect(readdirSync(path.join(root, 'icbc-sichuan')).sort()).toEqual(FILES);

    // the carrier is a CarrierPort on its own corridor, so the worker can route to it by corridor
    writeFileSync(path.join(root, 'compat.ts'), [
      "import type { CarrierPort } from '../carrier/port.js';",
      "import type { Simulator, SimulatorOptions } from '../kit/simulator.js';",
      "import { createLaosRailClient, createLaosRailSimulator, LAOS_RAIL_CORRIDOR } from './laos-rail/index.js';",
      "import { definition } from './laos-rail/definition.js';",
      "import { outbound } from './laos-rail/outbound.js';",
      "export const corridors: readonly 'LAOS_RAIL'[] = Object.keys(definition.corridors) as (keyof typeof definition.corridors)[];",
      "export const registered: { kind: 'carrier'; port: number } = definition;",
      "export const outboundPort: CarrierPort = outbound.createClient({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1000, config: {} as never });",
      "export const port: CarrierPort = createLaosRailClient({ baseUrl: 'http://127.0.0.1:1' });",
      'export const simulator: (opts: SimulatorOptions) => Simulator = createLaosRailSimulator;',
      "export const corridor: 'LAOS_RAIL' = LAOS_RAIL_CORRIDOR;",
      '',
    ].join('\n'));
    writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['**/*.ts'] }));
    const tsc = await run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', `${folder}/tsconfig.json`], { timeoutMs: 120_000 });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);

    const tests = await run('npx', ['vitest', 'run', folder], { timeoutMs: 120_000 });
    // eslint-disable-next-line no-control-regex -- strips the ANSI colour escapes (ESC = U+001B)
    const output = (tests.stdout + tests.stderr).replace(/\u001b\[[0-9;]*m/g, '');
    expect(output).toMatch(/Test Files\s+2 passed \(2\)/);
    expect(output).not.toMatch(/failed/);
    expect(tests.code).toBe(0);
  }, 240_000);

  it('refuses an existing folder and a name that is not kebab-case, generating nothing', async () => {
    mkdirSync(path.join(root, 'taken'), { recursive: true });
    const taken = await cbec(['adapter', 'new', 'taken', '--kind', 'generic', '--dir', folder]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(new RegExp(`${folder}/taken already exists`));
    expect(readdirSync(path.join(root, 'taken'))).toEqual([]);
    for (const name of ['Acme', 'acme_wms', 'acme--wms', 'acme-', '9acme', 'kit']) {
      const r = await cbec(['adapter', 'new', name, '--kind', 'warehouse', '--dir', folder]);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toMatch(/not kebab-case|reserved/);
      expect(existsSync(path.join(root, name)), name).toBe(false);
    }
    const existing = await cbec(['adapter', 'new', 'tax', '--kind', 'tax']);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toMatch(/adapters\/tax already exists/);
    const outside = await cbec(['adapter', 'new', 'acme', '--kind', 'generic', '--dir', '/tmp']);
    expect(outside.code).toBe(1);
    expect(outside.stderr).toMatch(/outside the repository/);
  });
});
