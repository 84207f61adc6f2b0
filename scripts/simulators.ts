import { loadConfig } from '../config/config.js';
import { startSimulators } from './lib/simulators.js';

/** `npm run simulators`: only the outside-system simulators, on the configured URLs. */
process.env.CBEC_ENV ??= 'development'; // staging (compose) listens on 0.0.0.0: production rules and .env secrets apply there
const config = loadConfig();
const running = await startSimulators(config);
for (const [name, { url }] of Object.entries(running.sims)) console.log(`simulator ${name}: ${url} (ledger: ${url}/_ledger)`);
// a simulator that fails to stop is reported and ends the process with 1 (it was an unhandled rejection)
const stop = () => void running.stop().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`simulators: stop failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
