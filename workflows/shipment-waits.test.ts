import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * A shipment waits only through `ShipmentRun.wait` (workflows/shipment/run.ts), which sends the
 * projection writes still waiting first: a raw `condition` or `sleep` in a stage left the REST
 * view showing an older status for as long as the shipment waited. This test reads the sources.
 */
const dir = fileURLToPath(new URL('./shipment/', import.meta.url));
const stageFiles = [
  '../shipment.workflow.ts',
  ...readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')),
];
/** The wait primitive itself, and the correction update handler (a handler never flushes). */
const allowed: Record<string, RegExp> = {
  'run.ts': /\b(condition|sleep)\b/,
  'handlers.ts': /\bcondition\b/,
};
/** Code without comments, so that prose may name the functions. */
const code = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** What a file does that only the wait primitive may: import a raw wait, or flush by hand. */
function rawWaits(file: string, text: string): string[] {
  const source = code(text);
  const imported = /import\s*\{([^}]*)\}\s*from\s*'@temporalio\/workflow'/.exec(source)?.[1] ?? '';
  const permitted = allowed[file];
  const waits = imported.split(',').map((s) => s.trim()).filter((name) => (name === 'condition' || name === 'sleep') && !permitted?.test(name));
  return [...waits, ...[...source.matchAll(/\brun\.(pending|flush)\b/g)].map((m) => m[0])];
}

describe('shipment stages', () => {
  it.each(stageFiles.map((f) => [f]))('%s waits only through run.wait', (file) => {
    expect(rawWaits(file, readFileSync(join(dir, file), 'utf8'))).toEqual([]);
  });

  it('finds a stage that waits by hand', () => {
    const stage = "import { CancelledFailure, condition, sleep } from '@temporalio/workflow';\n  if (run.pending) await run.flush();\n  await condition(() => done);";
    expect(rawWaits('stages.ts', stage)).toEqual(['condition', 'sleep', 'run.pending', 'run.flush']);
    expect(rawWaits('handlers.ts', "import { condition, setHandler } from '@temporalio/workflow';")).toEqual([]);
  });
});
