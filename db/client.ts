import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.js';
import { registerPool } from './sql.js';

export type Db = PrismaClient;

/**
 * A Prisma client over node-postgres (Prisma 6.19 "client" engine: no binary engine needed). Its
 * pool also runs the hot raw statements directly (db/sql.ts), so both share its connections.
 */
export function createDb(databaseUrl: string, opts: { schema?: string; poolSize?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: opts.poolSize ?? 10 });
  const adapter = new PrismaPg(pool, opts.schema ? { schema: opts.schema } : undefined);
  const db = new PrismaClient({ adapter });
  registerPool(db, pool);
  // an idle connection that breaks (the server restarted) leaves the pool, which opens another on
  // the next query: without a listener its 'error' would end the process before Prisma connected
  pool.on('error', () => undefined);
  // the pool is ours: $disconnect ends it after Prisma let go of it (Prisma ends only a pool of its own)
  const disconnect = db.$disconnect.bind(db);
  let ended: Promise<void> | undefined;
  db.$disconnect = async () => {
    await disconnect();
    await (ended ??= pool.end());
  };
  return db;
}

export { Prisma } from './generated/client.js';
