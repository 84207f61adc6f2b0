// The Chengdu-gateway client against the simulator over real HTTP, receipts through a signed-callback receiver.
import type { LedgerEntry } from '../kit/ledger.js';
import type { Simulator } from '../kit/simulator.js';
import { createSingleWindowClient } from './client.js';
import { singleWindowContractSuite, startReceiptReceiver } from './contract.js';
import { createSingleWindowSimulator } from './simulator.js';

const SECRET = 'single-window-contract-secret';

singleWindowContractSuite(async () => {
  const receiver = await startReceiptReceiver(SECRET);
  const sim: Simulator = createSingleWindowSimulator({ timeScale: 86_400_000, callback: { url: receiver.url, secret: SECRET } });
  const baseUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    port: createSingleWindowClient({ baseUrl }),
    async ledger(key) {
      const body = (await (await fetch(`${baseUrl}/_ledger`)).json()) as { effects: LedgerEntry[] };
      return body.effects.filter((e) => e.key === key);
    },
    receipts: receiver.receipts,
    async close() {
      await sim.app.close();
      await receiver.app.close();
    },
  };
});
