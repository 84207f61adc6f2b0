#!/usr/bin/env node
// `cbec`: the integrators' and operators' command line. Runs cli/main.ts through tsx, so the
// TypeScript sources are used as they are (no build step); works from any working directory.
import { register } from 'tsx/esm/api';

register();
const { main } = await import(new URL('./main.ts', import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
