import { readFileSync } from 'node:fs';
import { simulatorSignaturePolicy } from '../../adapters/single-window/signing/index.js';
import { repoRoot } from './tools.js';
import { SYSTEMS } from '../../adapters/catalogue.js';
import { fetchEvidenceKeys } from '../../adapters/kit/evidence-check.js';
import type { Simulator } from '../../adapters/kit/simulator.js';
import { loadOutbound } from '../../adapters/outbound.js';
import { createSingleWindowSimulator } from '../../adapters/single-window/index.js';
import { createTaxSimulator } from '../../adapters/tax/index.js';
import { systemEndpoint, type Config } from '../../config/config.js';
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
  return Object.fromEntries(SYSTEMS.map((s) => [s.id, systemEndpoint(config, s).url]));
}

export interface SimulatorFaults {
  latencyMs?: number;
  failureRate?: number;
  /** Real-time floor of a lender's offer life (default 60 s): the chaos run's loaded machine may take minutes to draw. */
  offerMinRealMs?: number;
}

/**
 * A simulator for every registered outside system (adapters/systems.ts: the Single Window, tax and
 * each carrier, FX provider and warehouse by its outbound part), by system id, not yet listening,
 * each with the URL it must listen on (its `<PREFIX>_URL`) and calling back to PUBLIC_URL with its
 * callback secret. Used by `npm start`, the scripts and test/support/platform.ts.
 */
export async function createSimulators(config: Config, faults: SimulatorFaults = {}): Promise<Record<string, { sim: Simulator; url: string }>> {
  const common = { timeScale: config.TIME_SCALE, ...(faults.latencyMs ? { latencyMs: faults.latencyMs } : {}), ...(faults.failureRate ? { failureRate: faults.failureRate } : {}) };
  // lenders and insurers verify every evidence package against the keys the platform publishes, as real ones would
  const evidenceKeys = fetchEvidenceKeys(config.PUBLIC_URL);
  const lenderOptions = { evidenceKeys, ...(faults.offerMinRealMs ? { offerMinRealMs: faults.offerMinRealMs } : {}) };
  const callbackOf = (id: string) => {
    const secret = systemEndpoint(config, SYSTEMS.find((s) => s.id === id)!).secret;
    return secret ? { callback: { url: `${config.PUBLIC_URL}/v1/callbacks/${id}`, secret: secret.reveal() } } : {};
  };
  // the simulated Single Window trusts the platform's (test) certificate and verifies every signature
  const signatures = await simulatorSignaturePolicy(config, { copCode: config.DXP_COP_CODE, copName: config.DXP_COP_NAME, root: repoRoot() });
  const sims: Record<string, { sim: Simulator; url: string }> = {
    'single-window': { sim: createSingleWindowSimulator({ system: 'single-window', ...common, positiveLists: samplePositiveLists(), returnWindowDays: config.IMPORT_RETURN_DAYS, ...(signatures ? { signatures } : {}), ...callbackOf('single-window') }), url: config.SINGLE_WINDOW_URL },
    tax: { sim: createTaxSimulator({ system: 'tax', ...common }), url: config.TAX_URL },
  };
  const outbound = await loadOutbound();
  for (const { system, outbound: parts } of [...outbound.fxProviders, ...outbound.carriers, ...outbound.warehouses, ...outbound.lenders, ...outbound.insurers]) {
    const own = system.kind === 'lender' ? lenderOptions : system.kind === 'insurer' ? { evidenceKeys } : {};
    sims[system.id] = { sim: parts.createSimulator({ system: system.id, ...common, ...own, ...callbackOf(system.id) }), url: systemEndpoint(config, system).url };
  }
  return sims;
}

/** Starts a simulator for every outside system (createSimulators) on the ports of the configured adapter URLs. */
export async function startSimulators(config: Config, faults: SimulatorFaults = {}) {
  const sims = await createSimulators(config, faults);
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
