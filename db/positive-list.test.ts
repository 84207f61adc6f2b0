// Positive-list versions in the database: loaded whole, the version in force picked by its
// effective date (China date), the sample list seeded by the migration (domain-rules.md §2.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PositiveListFile } from '../domain/import/positive-list.js';
import { createTestDatabase } from '../test/support/db.js';
import type { Db } from './client.js';
import { loadPositiveList, positiveListOn, PositiveListVersionExists } from './positive-list.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.drop());

const list = (version: string, effectiveFrom: string, tariffLines: string[]): PositiveListFile => ({
  format: 'cbec-positive-list/1', official: false, version, effectiveFrom, source: 'test list',
  lines: tariffLines.map((t) => ({ tariffLine: t, name: `line ${t}`, remarks: [] })),
});

describe('positive list versions', () => {
  it('has the sample list from the migration in force today', async () => {
    const today = await positiveListOn(db, '2026-12-06', ['19011010', '33049900']);
    expect(today).toMatchObject({ version: '2022-sample', effectiveFrom: '2022-03-01' });
    expect([...today!.lines.keys()].sort()).toEqual(['19011010', '33049900']);
  });

  it('picks the version in force on a date by effectiveFrom, none before the first', async () => {
    await loadPositiveList(db, list('2030', '2030-01-01', ['19011010', '95030089']), { loadedBy: 'test' });
    expect((await positiveListOn(db, '2029-12-31'))?.version).toBe('2022-sample');
    const later = await positiveListOn(db, '2030-01-01');
    expect(later?.version).toBe('2030');
    expect(later?.lines.has('95030089')).toBe(true);
    expect(later?.lines.has('33049900')).toBe(false);
    expect(await positiveListOn(db, '2022-02-28')).toBeUndefined();
  });

  it('refuses to load a version twice unless replaced, and replaces it whole', async () => {
    await expect(loadPositiveList(db, list('2030', '2030-01-01', ['19011010']), { loadedBy: 'test' })).rejects.toBeInstanceOf(PositiveListVersionExists);
    await loadPositiveList(db, list('2030', '2030-01-01', ['19011010']), { loadedBy: 'test', replace: true });
    expect([...(await positiveListOn(db, '2030-06-01'))!.lines.keys()]).toEqual(['19011010']);
  });
});
