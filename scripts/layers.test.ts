import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './lib/tools.js';

/**
 * The layer rules (.dependency-cruiser.cjs, .dependency-cruiser-runtime.cjs) on a small tree
 * with one import per case: each rule fires on what it forbids and stays quiet on what the README
 * allows (a regex that matched nothing would pass every real tree).
 */
const root = repoRoot();
const tree: Record<string, string> = {
  'domain/rule.ts': "import { saved } from '../db/store.js';\nexport const rule = saved;\n",
  'domain/io.ts': "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
  'domain/pure.ts': "import { z } from 'zod';\nexport const Pure = z.string();\n",
  'db/store.ts': "export const saved = 1;\nexport type Row = { id: string };\n",
  'activities/acts.ts': "import { saved } from '../db/store.js';\nexport const act = async () => saved;\nexport type ActRequest = { id: string };\n",
  'workflows/flow.ts': [
    "import { proxyActivities } from '@temporalio/workflow';",
    "import type { ActRequest } from '../activities/acts.js';",
    "import { Pure } from '../domain/pure.js';",
    "import { saved } from '../db/store.js';",
    'export const flow = [proxyActivities, Pure, saved] as unknown as ActRequest;',
    '',
  ].join('\n'),
  'workflows/typed.ts': "import type { Row } from '../db/store.js';\nexport const typed = (r: Row) => r.id;\n",
  'adapters/sys/port.ts': "import type { ActRequest } from '../../activities/acts.js';\nexport type SysRequest = ActRequest;\n",
  'adapters/sys/client.ts': "import { Connection } from '@temporalio/client';\nexport const createSysClient = () => Connection;\n",
  'adapters/sys/inbound.ts': "export const parseSys = (raw: string) => raw.trim();\n",
  'adapters/sys/index.ts': "export { createSysClient } from './client.js';\nexport { parseSys } from './inbound.js';\n",
  'api/direct.ts': "import { createSysClient } from '../adapters/sys/client.js';\nimport { act } from '../activities/acts.js';\nexport const d = [createSysClient, act];\n",
  'api/inbound.ts': "import { parseSys } from '../adapters/sys/inbound.js';\nexport const i = parseSys;\n",
  'api/barrel.ts': "import { parseSys } from '../adapters/sys/index.js';\nexport const b = parseSys;\n",
  'api/types.ts': "import type { Row } from '../db/store.js';\nexport type R = Row;\n",
  'db/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
  'db/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
  'db/typed-a.ts': "import type { TB } from './typed-b.js';\nexport type TA = TB | 'a';\nexport const ta = 1;\n",
  'db/typed-b.ts': "import { ta } from './typed-a.js';\nexport type TB = 'b';\nexport const tb = ta;\n",
  'db/uses-test.ts': "import { helper } from '../test/support/helper.js';\nexport const u = helper;\n",
  'test/support/helper.ts': 'export const helper = 1;\n',
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cbec-layers-'));
  for (const [file, text] of Object.entries(tree)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true } }));
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function violations(config: string): Promise<string[]> {
  const args = ['--config', path.join(root, config), '--output-type', 'json', 'activities', 'adapters', 'api', 'db', 'domain', 'test', 'workflows'];
  const { stdout } = await promisify(execFile)(path.join(root, 'node_modules/.bin/depcruise'), args, { cwd: dir }).catch((err: { stdout?: string }) => {
    if (!err.stdout) throw err;
    return { stdout: err.stdout };
  });
  const result = JSON.parse(stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
}

describe('layer rules', () => {
  it('flag each forbidden import, and only those', async () => {
    const found = await violations('.dependency-cruiser.cjs');
    // node_modules is a symlink here, so packages resolve outside the tree
    expect(found.filter((v) => v.includes('@temporalio/'))).toEqual([expect.stringMatching(/^adapters-know-no-temporal: adapters\/sys\/client\.ts → .*node_modules\/@temporalio\/client\//)]);
    expect(found.filter((v) => !v.includes('@temporalio/'))).toEqual([
      'adapters-know-no-temporal: adapters/sys/port.ts → activities/acts.ts',
      'api-no-activities: api/direct.ts → activities/acts.ts',
      'api-no-outbound-adapters: api/direct.ts → adapters/sys/client.ts',
      'domain-imports-nothing-of-ours: domain/rule.ts → db/store.ts',
      'domain-no-io: domain/io.ts → fs',
      'no-circular: db/cycle-a.ts → db/cycle-b.ts',
      'no-test-code-in-production: db/uses-test.ts → test/support/helper.ts',
      'workflows-runtime-imports: workflows/flow.ts → db/store.ts',
      'workflows-type-imports: workflows/typed.ts → db/store.ts',
    ].sort());
  });

  it('follow the API through barrels at run time, but not through type-only imports', async () => {
    const found = await violations('.dependency-cruiser-runtime.cjs');
    expect(found).toContain('api-never-loads-outbound-adapters: api/barrel.ts → adapters/sys/client.ts');
    expect(found).toContain('api-never-loads-outbound-adapters: api/direct.ts → adapters/sys/client.ts');
    expect(found.filter((v) => v.includes('api/inbound.ts') || v.includes('api/types.ts'))).toEqual([]);
  });
});
