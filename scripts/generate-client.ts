import { readFileSync, writeFileSync } from 'node:fs';
import { CLIENT_TYPES_PATH, OPENAPI_PATH, renderClientTypes, renderOpenApi } from './lib/openapi.js';
import { repoRoot } from './lib/tools.js';

/** `npm run openapi:generate` writes the spec and client types; `--check` fails if they are stale. */
async function main(): Promise<void> {
  const spec = await renderOpenApi();
  const files = { [OPENAPI_PATH]: `${JSON.stringify(spec, null, 2)}\n`, [CLIENT_TYPES_PATH]: await renderClientTypes(spec) };
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, content] of Object.entries(files)) {
    const path = `${repoRoot()}${file}`;
    if (check) {
      let current = '';
      try {
        current = readFileSync(path, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== content) {
        console.error(`${file} is stale: run npm run openapi:generate`);
        stale++;
      }
    } else {
      writeFileSync(path, content);
      console.log(`wrote ${file}`);
    }
  }
  if (stale) process.exit(1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
