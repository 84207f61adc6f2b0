/**
 * What `cbec adapter new` does after writing a registrable system's folder: its one line in
 * adapters/systems.ts, then the derived files regenerated (the OpenAPI document and typed client
 * list the corridors). The checks run before anything is written.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SYSTEMS } from '../../adapters/catalogue.js';
import { CliFailure } from '../args.js';
import type { Names } from './names.js';

const SYSTEMS_FILE = path.join('adapters', 'systems.ts');

/** The registration line of adapters/systems.ts, in the file's format. */
export function registrationLine(n: Names): string {
  return `export { definition as ${n.camel} } from './${n.name}/definition.js';`;
}

/**
 * Refuses (nothing written) when the id or the export name is already in adapters/systems.ts: a
 * second definition with one id would collide in config, callback routes and the simulators.
 */
export function checkRegistrable(repoRoot: string, n: Names): void {
  const text = readFileSync(path.join(repoRoot, SYSTEMS_FILE), 'utf8');
  if (SYSTEMS.some((s) => s.id === n.name) || text.includes(`/${n.name}/definition.js'`)) {
    throw new CliFailure(`system id ${n.name} is already registered in adapters/systems.ts: choose another name`);
  }
  if (new RegExp(`\\bas ${n.camel}\\b`).test(text)) {
    throw new CliFailure(`adapters/systems.ts already exports ${n.camel}: choose another name`);
  }
}

/** Appends the line after the last registration (the file lists systems in the order they were added). */
export function register(repoRoot: string, n: Names): string {
  const file = path.join(repoRoot, SYSTEMS_FILE);
  const text = readFileSync(file, 'utf8');
  const line = registrationLine(n);
  writeFileSync(file, `${text.endsWith('\n') || text === '' ? text : `${text}\n`}${line}\n`);
  return line;
}

/**
 * Regenerates the OpenAPI document and the typed client (scripts/generate-client.ts) in a child
 * process: this process loaded adapters/systems.ts before the new line was written, so it cannot
 * render the new corridor list itself. Same Node as this one (cli/cbec.mjs picked it), tsx as the loader.
 */
export function regenerateDerived(repoRoot: string): string {
  const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'generate-client.ts')], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (run.status !== 0) {
    throw new CliFailure('the folder and its registration line are written, but regenerating the OpenAPI client failed: run npm run openapi:generate', [
      (run.stderr || run.error?.message || '').trim(),
    ]);
  }
  return run.stdout;
}
