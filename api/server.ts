import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../codec/index.js';
import { loadConfig } from '../config/config.js';
import { temporalConnectionOptions } from '../config/temporal.js';
import { createDb } from '../db/client.js';
import { startTracing } from '../observability/tracing.js';
import { tracingClientInterceptors } from '../observability/tracing-temporal.js';
import { buildApp } from './app.js';

/** `npm run api`: the REST API, configured only by the environment. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for the API (npm start sets it for you)');
  const db = createDb(config.DATABASE_URL, config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {});
  // OpenTelemetry (service cbec-api) when OTEL_EXPORTER_OTLP_ENDPOINT is set; else undefined, nothing traced
  const tracing = startTracing(config, 'cbec-api');
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const interceptors = tracingClientInterceptors(tracing);
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config), ...(interceptors ? { interceptors } : {}) });
  const app = await buildApp({ db, temporal, config, logger: { level: config.LOG_LEVEL }, ...(tracing ? { tracer: tracing.tracer } : {}) });
  // a failed shutdown step is reported and ends the process with 1 (it was an unhandled rejection)
  const close = async () => {
    await app.close();
    await tracing?.shutdown();
    await connection.close();
    await db.$disconnect();
  };
  const stop = () => void close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`api: shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await app.listen({ host: config.HOST, port: config.PORT });
}

main().catch((err: unknown) => {
  console.error(`api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
