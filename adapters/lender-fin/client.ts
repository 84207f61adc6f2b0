import { createLenderClient, type LenderClientOptions } from '../lender/client.js';
import type { LenderPort } from '../lender/port.js';

/** The finance company's API over HTTP (adapters/lender/README.md); `headers`: its API key, from config. */
export function createLenderFinClient(options: LenderClientOptions): LenderPort {
  return createLenderClient('lender-fin', options);
}
