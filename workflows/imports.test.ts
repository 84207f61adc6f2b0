import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Workflow code must stay deterministic: it may import only @temporalio/workflow (and
 * @temporalio/common for search-attribute keys), pure domain code, other workflow files, and
 * *types* from anywhere. This test reads the sources, so a violation fails before any bundle.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

/** Another workflow file: a path that stays inside workflows/ (e.g. ../shipment/options.js from workflows/finance/). */
const insideWorkflows = (file: string, spec: string) => spec.startsWith('.') && resolve(dirname(join(root, file)), spec).startsWith(root);
const allowed = (spec: string, file: string) =>
  spec === '@temporalio/workflow' || spec === '@temporalio/common' || spec.startsWith('../domain/') || spec.startsWith('../../domain/') || insideWorkflows(file, spec);

describe('workflow code', () => {
  it.each(files(root).map((f) => [f.slice(root.length)]))('%s imports only deterministic code', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    const valueImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]!);
    expect(valueImports.filter((spec) => !allowed(spec, file))).toEqual([]);
    expect(source).not.toMatch(/process\.env|Math\.random|setTimeout\(/);
  });

  it('keeps zod out of the bundle (domain schemas are imported as types only)', () => {
    for (const f of files(root)) expect(readFileSync(f, 'utf8')).not.toMatch(/^import\s+(?!type\b).*shipment\.schema/m);
  });
});
