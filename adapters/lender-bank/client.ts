import { createLenderClient, type LenderClientOptions } from '../lender/client.js';
import type { LenderPort } from '../lender/port.js';

/** The bank's trade-finance API over HTTP (adapters/lender/README.md); `headers`: its API key, from config. */
export function createLenderBankClient(options: LenderClientOptions): LenderPort {
  return createLenderClient('lender-bank', options);
}
