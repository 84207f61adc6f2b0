import type { Worker } from '@temporalio/worker';
import { createShipmentWorker } from '../../worker/worker.js';
import { startPlatform, type Platform } from '../support/platform.js';
import type { WorkflowBundle } from './bundles.js';

/** One release's worker on the platform's task queue. */
export interface RunningWorker {
  identity: string;
  worker: Worker;
  /** Graceful shutdown: stops polling, lets running tasks finish, then resolves. */
  shutdown(): Promise<void>;
}

export interface UpgradablePlatform extends Platform {
  /** Starts a worker with the given workflow bundle (a release) on the platform's task queue. */
  startWorker(o: { bundle: WorkflowBundle; identity: string }): Promise<RunningWorker>;
}

/**
 * The platform of test/support/platform.ts (simulators over HTTP, a database of its own, the
 * API, a task queue of its own) WITHOUT a worker: the upgrade test runs the workers itself,
 * release v1 first, then release v2 on the same task queue, as a rolling deploy does.
 */
export async function startPlatformWithoutWorker(opts: { timeScale: number }): Promise<UpgradablePlatform> {
  const p = await startPlatform({ timeScale: opts.timeScale, worker: false });
  const workers = new Set<RunningWorker>();
  return {
    ...p,
    async startWorker({ bundle, identity }) {
      const worker = await createShipmentWorker({ config: p.config, db: p.db, connection: p.nativeConnection, workflowBundle: bundle, identity });
      const running = worker.run();
      let stopped: Promise<void> | undefined;
      const handle: RunningWorker = {
        identity,
        worker,
        shutdown() {
          stopped ??= (async () => {
            worker.shutdown();
            await running;
            workers.delete(handle);
          })();
          return stopped;
        },
      };
      workers.add(handle);
      return handle;
    },
    async stop() {
      await Promise.all([...workers].map((w) => w.shutdown()));
      await p.stop();
    },
  };
}
