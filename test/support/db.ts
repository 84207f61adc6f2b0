import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { adminQuery, withDatabase } from '../../scripts/lib/database.js';
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
