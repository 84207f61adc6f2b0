import type { CarrierPort } from './carrier/port.js';
import type { Simulator, SimulatorOptions } from './kit/simulator.js';
import { createChinaLaosClient, createChinaLaosSimulator } from './china-laos/index.js';
import { createLandSeaClient, createLandSeaSimulator } from './land-sea/index.js';
import { createPostalClient, createPostalSimulator } from './postal/index.js';
import { createRailClient, createRailSimulator } from './rail/index.js';
import { createRailWaterClient, createRailWaterSimulator } from './rail-water/index.js';

export interface CarrierAdapter {
  /** Carrier id, as named by `carrier` in domain/corridors.ts and in config (`<ID>_URL`). */
  id: string;
  createClient(opts: { baseUrl: string; timeoutMs?: number }): CarrierPort;
  createSimulator(opts: SimulatorOptions): Simulator;
}

/** The carrier registry: one line per carrier system. */
export const CARRIERS: readonly CarrierAdapter[] = [
  { id: 'rail', createClient: createRailClient as CarrierAdapter['createClient'], createSimulator: createRailSimulator },
  { id: 'rail-water', createClient: createRailWaterClient as CarrierAdapter['createClient'], createSimulator: createRailWaterSimulator },
  { id: 'land-sea', createClient: createLandSeaClient as CarrierAdapter['createClient'], createSimulator: createLandSeaSimulator },
  { id: 'china-laos', createClient: createChinaLaosClient as CarrierAdapter['createClient'], createSimulator: createChinaLaosSimulator },
  { id: 'postal', createClient: createPostalClient as CarrierAdapter['createClient'], createSimulator: createPostalSimulator },
];
