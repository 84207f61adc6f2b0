import { readFileSync } from 'node:fs';
import { simulatorSignaturePolicy } from '../../adapters/single-window/signing/index.js';
import { repoRoot } from './tools.js';
import { FX_PROVIDERS } from '../../adapters/fx-providers.js';
import type { Simulator } from '../../adapters/kit/simulator.js';
import { CARRIERS } from '../../adapters/carriers.js';
import { WAREHOUSES } from '../../adapters/warehouses.js';
import { createSingleWindowSimulator } from '../../adapters/single-window/index.js';
import { createTaxSimulator } from '../../adapters/tax/index.js';
import { carrierEndpoints, fxProviderEndpoints, warehouseEndpoints, type Config } from '../../config/config.js';
import { PositiveListFile } from '../../domain/import/positive-list.js';

/**
 * The SAMPLE positive list (examples/positive-list.sample.json, not the official list): the one
 * the migration seeds into the platform's database, given to the simulated customs too.
 */
export function samplePositiveLists(): PositiveListFile[] {
  return [PositiveListFile.parse(JSON.parse(readFileSync(`${repoRoot()}examples/positive-list.sample.json`, 'utf8')))];
}

/** The base URL of every simulated outside system, by system id, as the adapters are configured. */
export function simulatorUrls(config: Config): Record<string, string> {
  const urls: Record<string, string> = { 'single-window': config.SINGLE_WINDOW_URL, tax: config.TAX_URL };
  for (const endpoints of [fxProviderEndpoints(config), carrierEndpoints(config), warehouseEndpoints(config)]) {
    for (const [id, endpoint] of Object.entries(endpoints)) urls[id] = endpoint.url;
  }
  return urls;
}

/** Starts a simulator for every outside system (Single Window, tax, each of FX_PROVIDERS, CARRIERS and WAREHOUSES) on the ports of the configured adapter URLs, calling back to PUBLIC_URL. */
export async function startSimulators(config: Config, opts: { latencyMs?: number; failureRate?: number } = {}) {
  const timeScale = config.TIME_SCALE;
  const cb = (path: string, secret: string) => ({ url: `${config.PUBLIC_URL}/v1/callbacks/${path}`, secret });
  const common = { timeScale, ...(opts.latencyMs ? { latencyMs: opts.latencyMs } : {}), ...(opts.failureRate ? { failureRate: opts.failureRate } : {}) };
  // the simulated Single Window trusts the platform's (test) certificate and verifies every signature
  const signatures = await simulatorSignaturePolicy(config, { copCode: config.DXP_COP_CODE, copName: config.DXP_COP_NAME, root: repoRoot() });
  const sims: Record<string, { sim: Simulator; url: string }> = {
    'single-window': { sim: createSingleWindowSimulator({ system: 'single-window', ...common, positiveLists: samplePositiveLists(), ...(signatures ? { signatures } : {}), callback: cb('single-window', config.SINGLE_WINDOW_CALLBACK_SECRET.reveal()) }), url: config.SINGLE_WINDOW_URL },
    tax: { sim: createTaxSimulator({ system: 'tax', ...common }), url: config.TAX_URL },
  };
  for (const provider of FX_PROVIDERS) {
    const endpoint = fxProviderEndpoints(config)[provider.id]!;
    sims[provider.id] = { sim: provider.createSimulator({ system: provider.id, ...common, callback: cb(provider.id, endpoint.secret.reveal()) }), url: endpoint.url };
  }
  for (const carrier of CARRIERS) {
    const endpoint = carrierEndpoints(config)[carrier.id]!;
    sims[carrier.id] = { sim: carrier.createSimulator({ system: carrier.id, ...common, callback: cb(carrier.id, endpoint.secret.reveal()) }), url: endpoint.url };
  }
  for (const warehouse of WAREHOUSES) {
    const endpoint = warehouseEndpoints(config)[warehouse.id]!;
    sims[warehouse.id] = { sim: warehouse.createSimulator({ system: warehouse.id, ...common, callback: cb(warehouse.id, endpoint.secret.reveal()) }), url: endpoint.url };
  }
  for (const { sim, url } of Object.values(sims)) {
    const u = new URL(url);
    await sim.app.listen({ host: u.hostname, port: Number(u.port) });
  }
  return {
    sims,
    async stop() {
      await Promise.all(Object.values(sims).map(({ sim }) => sim.app.close()));
    },
  };
}
