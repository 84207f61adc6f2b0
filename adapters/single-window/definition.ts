import { defineSystem } from '../kit/system.js';

/** The China International Trade Single Window (国际贸易单一窗口): CEB declarations out, receipts back. Listed in adapters/systems.ts (client and simulator are wired by worker/worker.ts and scripts/lib/simulators.ts: they need the signing set-up). */
export const definition = defineSystem({
  id: 'single-window',
  kind: 'single-window',
  port: 4101,
  devCallbackSecret: 'dev-single-window-secret',
});
