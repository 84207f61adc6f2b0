#!/usr/bin/env node
// `cbec`: the integrators' and operators' command line. Runs cli/main.ts through tsx, so the
// TypeScript sources are used as they are (no build step); works from any working directory.
// On a machine whose Node is older than the project's (scripts/lib/node-runtime.mjs), it runs
// itself again on the Node 24 that `npm install` put under .tools/node/.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathWithProjectNode, projectNodeBin } from '../scripts/lib/node-runtime.mjs';

const projectNode = projectNodeBin();
if (projectNode) {
  const run = spawnSync(join(projectNode, 'node'), [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, PATH: pathWithProjectNode() } });
  process.exit(run.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import(new URL('./main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
