import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../codec/index.js';
import { loadConfig } from '../config/config.js';
import { temporalConnectionOptions } from '../config/temporal.js';
import { createDb } from '../db/client.js';
import { buildApp } from './app.js';

/** `npm run api`: the REST API, configured only by the environment. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required for the API (npm start sets it for you)');
  const db = createDb(config.DATABASE_URL, config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {});
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
  const app = await buildApp({ db, temporal, config, logger: { level: config.LOG_LEVEL } });
  const close = async () => {
    await app.close();
    await connection.close();
    await db.$disconnect();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ host: config.HOST, port: config.PORT });
}

main().catch((err: unknown) => {
  console.error(`api: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
