/** Reads a simulator's effect ledger over HTTP (GET /_ledger), as an operator would. */
export async function ledger(baseUrl: string): Promise<{ key: string; operation: string; requests: number; result: unknown }[]> {
  const res = await fetch(`${baseUrl}/_ledger`);
  const body = (await res.json()) as { effects: { key: string; operation: string; requests: number; result: unknown }[] };
  return body.effects;
}

export async function effectsFor(baseUrl: string, shipmentId: string) {
  return (await ledger(baseUrl)).filter((e) => e.key.startsWith(`${shipmentId}:`));
}

export async function control(baseUrl: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${baseUrl}/_control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`control ${path} failed: ${res.status} ${await res.text()}`);
}
