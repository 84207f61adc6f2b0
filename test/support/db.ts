import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { adminQuery, migrate, withDatabase } from '../../scripts/lib/database.js';
import { createDb, type Db } from '../../db/client.js';

/**
 * A database for one test file: a fresh copy of the migrated template on PostgreSQL, or the
 * shared PGlite database (test data is then kept apart by per-file enterprises and order numbers).
 */
export async function createTestDatabase(): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const templateUrl = inject('databaseUrl');
  if (inject('databaseKind') === 'pglite') {
    const db = createDb(templateUrl, { poolSize: 1 }); // PGlite: one connection (see scripts/start.ts)
    return { url: templateUrl, db, drop: () => db.$disconnect() };
  }
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `cbec_t_${randomBytes(6).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE fails while another copy of the template is being made: retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(templateUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      if (attempt >= 40 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = withDatabase(templateUrl, name);
  const db = createDb(url, { poolSize: 10 });
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      await adminQuery(templateUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * A PostgreSQL database of the test file's own, migrated with `prisma migrate deploy` and dropped
 * at the end: for tests of real row locks and concurrency (PGlite serialises everything and
 * would prove nothing). Call at the top level of a test file; read `.db` inside tests.
 */
export function useScratchPostgres(prefix: string): { readonly db: Db } {
  const server = process.env.QUOTA_TEST_SERVER_URL ?? 'postgresql://root@127.0.0.1:5432/test';
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  let db: Db | undefined;
  beforeAll(async () => {
    await adminQuery(server, `CREATE DATABASE ${name}`);
    await migrate(withDatabase(server, name));
    db = createDb(withDatabase(server, name), { poolSize: 20 });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await adminQuery(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
  return {
    get db(): Db {
      if (!db) throw new Error('the scratch database is created in beforeAll');
      return db;
    },
  };
}
