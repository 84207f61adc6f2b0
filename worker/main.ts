import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/config.js';
import { temporalConnectionOptions } from '../config/temporal.js';
import { createDb } from '../db/client.js';
import { createLogger } from '../observability/logging.js';
import { installWorkerRuntime } from '../observability/runtime.js';
import { startTracing } from '../observability/tracing.js';
import { createShipmentWorker } from './worker.js';

/** `npm run worker`: one worker process, configured only by the environment. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for the worker (npm start sets it for you)');
  const db = createDb(config.DATABASE_URL, config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {});
  const logger = createLogger({ level: config.LOG_LEVEL, name: 'worker' });
  // JSON logs; SDK metrics in Prometheus format on WORKER_METRICS_ADDRESS (unset: none)
  installWorkerRuntime({ logger, metricsAddress: config.WORKER_METRICS_ADDRESS });
  // OpenTelemetry (service cbec-worker) when OTEL_EXPORTER_OTLP_ENDPOINT is set: activity, workflow and adapter spans
  const tracing = startTracing(config, 'cbec-worker');
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await createShipmentWorker({ config, db, connection, logger, tracing });
  const stop = () => worker.shutdown();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, metrics: config.WORKER_METRICS_ADDRESS ?? null, tracing: config.OTEL_EXPORTER_OTLP_ENDPOINT ?? null, workflowBundle: config.WORKFLOW_BUNDLE_PATH ?? null }, 'worker polling');
  await worker.run();
  await tracing?.shutdown();
  await connection.close();
  await db.$disconnect();
}

main().catch((err: unknown) => {
  console.error(`worker: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
