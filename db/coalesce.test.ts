import { describe, expect, it } from 'vitest';
import { coalesced } from './coalesce.js';

describe('coalesced writes', () => {
  it('writes items that arrive while a write is in flight together, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const write = coalesced(async (items: number[]) => {
      batches.push(items);
      await new Promise((resolve) => setImmediate(resolve));
      return items.map((i) => i * 10);
    });
    const results = await Promise.all([1, 2, 3, 4].map((i) => write(i)));
    expect(results).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(await write(5)).toBe(50);
  });

  it('fails the callers of a failed write and goes on with the next', async () => {
    const write = coalesced(async (items: string[]) => {
      if (items.includes('bad')) throw new Error('database down');
      return items;
    });
    const first = write('ok');
    const failed = write('bad');
    const after = write('later');
    await expect(first).resolves.toBe('ok');
    await expect(failed).rejects.toThrow('database down');
    await expect(after).rejects.toThrow('database down'); // written in the same batch as 'bad'
    await expect(write('again')).resolves.toBe('again');
  });
});
