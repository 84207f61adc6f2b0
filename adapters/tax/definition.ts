import { defineSystem } from '../kit/system.js';

/** The tax bureau (export exemption records and refunds); it does not call back. Listed in adapters/systems.ts (wired by worker/worker.ts and scripts/lib/simulators.ts). */
export const definition = defineSystem({
  id: 'tax',
  kind: 'tax',
  port: 4104,
});
