import type { Config } from '../../config/config.js';
import type { BankPort } from '../bank/port.js';
import type { CarrierPort } from '../carrier/port.js';
import type { InsurerPort } from '../insurer/port.js';
import type { LenderPort } from '../lender/port.js';
import type { WarehousePort } from '../warehouse/port.js';
import type { HttpLogger } from './http.js';
import type { Simulator, SimulatorOptions } from './simulator.js';

/** What the worker gives a system's client factory: its URL, the timeout, the exchange logger and the settings. */
export interface SystemClientOptions {
  baseUrl: string;
  timeoutMs: number;
  logger?: HttpLogger;
  /** The whole configuration, for settings of the system's own (e.g. PAYMENT_INSTITUTION_MERCHANT_ID). */
  config: Readonly<Config>;
}

/** The port each kind of system implements. */
export interface PortOfKind {
  carrier: CarrierPort;
  fx: BankPort;
  warehouse: WarehousePort;
  lender: LenderPort;
  insurer: InsurerPort;
}
export type OutboundKind = keyof PortOfKind;

/**
 * The outbound part of a system (adapters/<id>/outbound.ts, `export const outbound`): how the
 * platform calls it (used by activities through the worker) and its simulator (scripts, tests).
 */
export interface SystemOutbound<K extends OutboundKind = OutboundKind> {
  createClient(opts: SystemClientOptions): PortOfKind[K];
  createSimulator(opts: SimulatorOptions): Simulator;
}
