#!/usr/bin/env node
// Runs a command with the project's Node first on PATH (scripts/lib/node-runtime.mjs), so that
// `tsx`, `vitest` and whatever they start run on Node 24 LTS even where the machine's own Node is
// older. The npm scripts go through it: `node scripts/node.mjs node --import tsx scripts/start.ts`.
// Exits with the command's exit code; SIGINT/SIGTERM reach the command.
import { spawn } from 'node:child_process';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pathWithProjectNode } from './lib/node-runtime.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/node.mjs <command> [args...]');
  process.exit(2);
}
// the project's node_modules/.bin too, as npm puts it there: `node scripts/node.mjs vitest run` works outside npm scripts
const localBin = fileURLToPath(new URL('../node_modules/.bin', import.meta.url));
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, PATH: [localBin, pathWithProjectNode()].join(delimiter) } });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  console.error(`cannot run ${command}: ${err.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  else process.exit(code ?? 1);
});
