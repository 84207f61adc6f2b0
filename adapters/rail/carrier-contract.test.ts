import { beforeAll } from 'vitest';
import { carrierContractSuite } from '../carrier/contract.js';
import { deliveriesOf } from '../carrier/testing.js';
import { useSimulator } from '../kit/testing.js';
import { createRailClient } from './client.js';
import { bookRequest } from './contract.js';
import { RailErrorCode, type RailPort } from './port.js';
import { createRailSimulator } from './simulator.js';

/** The China–Europe rail operator passes the contract every carrier passes (with its RAIL.* codes). */
const sim = useSimulator((callback) => createRailSimulator({ timeScale: 86_400_000, callback }), {
  secret: 'rail-callback-secret',
  path: '/callbacks/rail',
});
let port: RailPort;
beforeAll(() => {
  port = createRailClient({ baseUrl: sim.baseUrl });
});

carrierContractSuite('rail', async () => ({
  port,
  ledger: sim.ledger,
  request: bookRequest,
  unservedDestination: '502',
  errors: RailErrorCode,
  deliveries: async (reference) => deliveriesOf(sim, reference),
  locations: (req, b) => [req.origin, b.hub, b.hub, b.borderPort, b.destinationTerminal],
}));
