import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundlePlatformWorkflows } from './worker.js';

/** The workflow bundle the worker loads with WORKFLOW_BUNDLE_PATH: workflows/ plus the interceptor modules. */
export async function buildWorkflowBundle(): Promise<string> {
  const { code } = await bundlePlatformWorkflows();
  return code;
}

/** `npx tsx worker/bundle.ts <file>`: writes the bundle (the Dockerfile runs it at image build time). */
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: tsx worker/bundle.ts <output file>');
    process.exit(2);
  }
  const code = await buildWorkflowBundle();
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, code);
  console.log(`workflow bundle written to ${out} (${code.length} bytes)`);
}
