import type { BankPort } from './bank/port.js';
import type { Simulator, SimulatorOptions } from './kit/simulator.js';
import { createBankClient, createBankSimulator } from './bank/index.js';
import { createBankBClient, createBankBSimulator } from './bank-b/index.js';
import { createPaymentInstitutionClient, createPaymentInstitutionSimulator } from './payment-institution/index.js';

export interface FxProviderAdapter {
  /** Provider id, as chosen by a shipment's `fxProvider` and named in config (`<ID>_URL`). */
  id: 'bank' | 'bank-b' | 'payment-institution';
  createClient(opts: { baseUrl: string; timeoutMs?: number; headers?: Record<string, string> }): BankPort;
  createSimulator(opts: SimulatorOptions): Simulator;
}

/** The FX provider registry: one line per bank or payment institution. */
export const FX_PROVIDERS: readonly FxProviderAdapter[] = [
  { id: 'bank', createClient: createBankClient, createSimulator: createBankSimulator },
  { id: 'bank-b', createClient: createBankBClient, createSimulator: createBankBSimulator },
  { id: 'payment-institution', createClient: createPaymentInstitutionClient, createSimulator: createPaymentInstitutionSimulator },
];
