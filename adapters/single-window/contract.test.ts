// The Chengdu-gateway client against the simulator over real HTTP, receipts through a signed-callback receiver.
import { readLedger, startCallbackReceiver } from '../kit/testing.js';
import { createSingleWindowClient } from './client.js';
import { receiptCallbacks, singleWindowContractSuite } from './contract.js';
import { createSingleWindowSimulator } from './simulator.js';

const SECRET = 'single-window-contract-secret';

singleWindowContractSuite(async () => {
  const receiver = await startCallbackReceiver(receiptCallbacks(SECRET));
  const sim = createSingleWindowSimulator({ timeScale: 86_400_000, callback: { url: receiver.url, secret: SECRET } });
  const baseUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    port: createSingleWindowClient({ baseUrl }),
    ledger: (key) => readLedger(baseUrl, key),
    receipts: () => receiver.received.flatMap((r) => r.body),
    async close() {
      await sim.app.close();
      await receiver.close();
    },
  };
});
