import { randomBytes } from 'node:crypto';
import { link, unlink, writeFile } from 'node:fs/promises';

/**
 * Writes `data` to `path` unless a file is already there, in one step: a process (or call) that
 * finds the file reads it whole, never half written. The bytes go to a file of this call's own
 * first; a hard link then names it `path`, which fails when `path` exists.
 */
export async function writeFileOnce(path: string, data: string, mode: number): Promise<void> {
  const own = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(own, data, { mode, flag: 'wx' });
  try {
    await link(own, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await unlink(own).catch(() => undefined);
  }
}
