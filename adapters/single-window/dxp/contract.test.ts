// The DXP client (DxpMsg over AS2, ceb-messages.md §3.1–§3.3) against the simulator's transport
// node over real HTTP: the same port contract as the gateway, receipts wrapped in DxpMsg.
import { readLedger, startCallbackReceiver } from '../../kit/testing.js';
import { receiptCallbacks, singleWindowContractSuite } from '../contract.js';
import { createSingleWindowSimulator } from '../simulator.js';
import { createDxpClient } from './client.js';

const SECRET = 'single-window-dxp-contract-secret';

singleWindowContractSuite(async () => {
  const receiver = await startCallbackReceiver(receiptCallbacks(SECRET, 'application/xml'));
  const sim = createSingleWindowSimulator({ timeScale: 86_400_000, callback: { url: receiver.url, secret: SECRET } });
  const baseUrl = await sim.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    port: createDxpClient({ baseUrl, dxpId: 'DXPENT0000000001' }),
    ledger: (key) => readLedger(baseUrl, key),
    receipts: () => receiver.received.flatMap((r) => r.body),
    async close() {
      await sim.app.close();
      await receiver.close();
    },
  };
});
