import { existsSync } from 'node:fs';
import { buildConsole, consoleIsStale } from '../../scripts/lib/console-build.js';
import { CHROMIUM } from './browser.js';

/** Before the browser tests: Chromium must be there (one clear sentence if not), and the console built and current. */
export default async function setup() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's chromium package (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH, then run npm run test:browser again.`);
  }
  if (consoleIsStale()) await buildConsole();
}
