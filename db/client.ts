import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export type Db = PrismaClient;

/** A Prisma client over node-postgres (Prisma 6.19 "client" engine: no binary engine needed). */
export function createDb(databaseUrl: string, opts: { schema?: string; poolSize?: number } = {}): Db {
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: opts.poolSize ?? 10 },
    opts.schema ? { schema: opts.schema } : undefined,
  );
  return new PrismaClient({ adapter });
}

export { Prisma } from './generated/client.js';
