// `cbec positive-list load`: a zone loads a positive-list version (正面清单, domain-rules.md §2.3)
// from a file in the platform's own format (not official) into its database.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positiveListOn } from '../db/positive-list.js';
import { createTestDatabase } from '../test/support/db.js';
import { cbec } from './test-support.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.drop());

const sample = JSON.parse(readFileSync(new URL('../examples/positive-list.sample.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const v2031 = JSON.stringify({ ...sample, version: '2031', effectiveFrom: '2031-01-01', source: 'test transcription' });

describe('cbec positive-list load', () => {
  it('loads a version from stdin and prints what it loaded; the list in force follows the effective date', async () => {
    const r = await cbec(['positive-list', 'load', '-'], { input: v2031, env: { DATABASE_URL: database.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ version: '2031', lines: (sample.lines as unknown[]).length, effectiveFrom: '2031-01-01' });
    expect((await positiveListOn(database.db, '2031-01-01'))?.version).toBe('2031');
    expect((await positiveListOn(database.db, '2030-12-31'))?.version).toBe('2022-sample');
  });

  it('refuses the same version again (exit 1) unless --replace', async () => {
    const again = await cbec(['positive-list', 'load', '-'], { input: v2031, env: { DATABASE_URL: database.url } });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('positive list version 2031 is already loaded');
    const replaced = await cbec(['positive-list', 'load', '-', '--replace'], { input: v2031, env: { DATABASE_URL: database.url } });
    expect(replaced.code).toBe(0);
  });

  it('names what is wrong with a file that is not in the format, and writes nothing', async () => {
    const bad = JSON.stringify({ ...sample, version: '2032', official: true, lines: [{ tariffLine: '1901', name: 'x' }] });
    const r = await cbec(['positive-list', 'load', '-'], { input: bad, env: { DATABASE_URL: database.url } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not a positive list file (cbec-positive-list/1)');
    expect(r.stderr).toContain('official');
    expect(r.stderr).toContain('lines.0.tariffLine');
    expect((await positiveListOn(database.db, '2099-01-01'))?.version).toBe('2031');
  });

  it('is listed in the usage', async () => {
    expect((await cbec(['--help'])).stdout).toMatch(/cbec positive-list load <file\.json\|->/);
    expect((await cbec(['help', 'positive-list'])).stdout).toMatch(/cbec-positive-list\/1/);
  });
});
