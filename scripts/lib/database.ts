import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { repoRoot, waitUntil } from './tools.js';

/** Runs `prisma migrate deploy` against a database (the CLI's WASM schema engine, no downloads). */
export async function migrate(databaseUrl: string, schema?: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(`${repoRoot()}node_modules/.bin/prisma`, ['migrate', 'deploy'], {
      cwd: repoRoot(),
      env: { ...process.env, DATABASE_URL: databaseUrl, ...(schema ? { DATABASE_SCHEMA: schema } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`))));
  });
}

export interface EmbeddedPostgres {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * PGlite (PostgreSQL compiled to WASM) behind a PostgreSQL wire-protocol socket: the zero-setup
 * database of `npm start` and of `npm test` on a machine without PostgreSQL. Queries are
 * serialised inside PGlite; production uses PostgreSQL proper.
 */
export async function startPglite(opts: { dataDir?: string; port: number }): Promise<EmbeddedPostgres> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [`${repoRoot()}node_modules/@electric-sql/pglite-socket/dist/scripts/server.js`, `--db=${opts.dataDir ?? 'memory://'}`, `--port=${opts.port}`, '--host=127.0.0.1', '--max-connections=20'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const url = `postgresql://postgres@127.0.0.1:${opts.port}/postgres`;
  await waitUntil(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('SELECT 1');
    await client.end();
    return true;
  }, `PGlite on port ${opts.port}`, 60_000, 200);
  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(t);
    },
  };
}

/** Runs one SQL statement on a server (admin tasks: create/drop databases). */
export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
