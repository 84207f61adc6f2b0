import { control as kitControl } from '../../adapters/kit/testing.js';
import type { LedgerEntry } from '../../adapters/kit/ledger.js';

/** Reads a simulator's effect ledger over HTTP (GET /_ledger), as an operator would. */
export async function ledger(baseUrl: string): Promise<LedgerEntry[]> {
  const body = (await (await fetch(`${baseUrl}/_ledger`)).json()) as { effects: LedgerEntry[] };
  return body.effects;
}

/** The effects a shipment caused in one system (their idempotency keys start with its id). */
export async function effectsFor(baseUrl: string, shipmentId: string) {
  return (await ledger(baseUrl)).filter((e) => e.key.startsWith(`${shipmentId}:`));
}

/** POST /_control/<path> on a simulator (scenarios, outage, faults). */
export function control(baseUrl: string, path: string, body: unknown): Promise<void> {
  return kitControl(baseUrl, `/_control/${path}`, body);
}
