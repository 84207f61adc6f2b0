import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, inject } from 'vitest';
import { adminQuery, migrate, startPglite, withDatabase } from '../../scripts/lib/database.js';
import { freePort } from '../../scripts/lib/tools.js';
import { createDb, type Db } from '../../db/client.js';

/**
 * A database for one test file, a fresh copy of the migrated template: a database made from the
 * template on PostgreSQL, or on PGlite a copy of the template data directory served by a PGlite
 * process of its own. (A PGlite shared by all files let one file's rows and stored callbacks
 * reach another's API and rules: a buyer seen by an earlier file put a shipment on risk hold.)
 */
export async function createTestDatabase(): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const templateUrl = inject('databaseUrl');
  if (inject('databaseKind') === 'pglite') return copyPglite(inject('pgliteTemplateDir'));
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

async function copyPglite(templateDir: string): Promise<{ url: string; db: Db; drop(): Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cbec-pglite-'));
  cpSync(templateDir, dir, { recursive: true });
  const pglite = await startPglite({ dataDir: dir, port: await freePort() });
  const orphaned = () => pglite.process.kill('SIGKILL'); // a test process that dies leaves no server behind
  process.once('exit', orphaned);
  const db = createDb(pglite.url, { poolSize: 1 }); // PGlite: one connection (see scripts/start.ts)
  return {
    url: pglite.url,
    db,
    async drop() {
      await db.$disconnect();
      await pglite.stop();
      process.off('exit', orphaned);
      rmSync(dir, { recursive: true, force: true });
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
