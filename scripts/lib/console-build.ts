import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './tools.js';

/** What the console bundle is made from: when any is newer than console/dist/index.html, rebuild. */
const SOURCES = ['console/src', 'console/index.html', 'console/vite.config.ts', 'api/client', 'domain'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Whether console/dist is missing or older than its sources. */
export function consoleIsStale(root = repoRoot()): boolean {
  const built = join(root, 'console/dist/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newest(join(root, source)) > builtAt);
}

/** `vite build` of the web console into console/dist (console/vite.config.ts). */
export async function buildConsole(root = repoRoot()): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'console/vite.config.ts'), logLevel: 'warn' });
}
