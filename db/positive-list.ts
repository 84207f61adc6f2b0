import { PositiveListLine, type PositiveListFile } from '../domain/import/positive-list.js';
import type { Db } from './client.js';

/**
 * The positive list (正面清单) versions a zone has loaded (domain/import/positive-list.ts). A
 * version is written whole in one transaction; loading a version that exists replaces it only
 * with `replace` (a corrected transcription), else it is refused.
 */
export class PositiveListVersionExists extends Error {
  constructor(readonly version: string) {
    super(`positive list version ${version} is already loaded (use --replace to load it again)`);
  }
}

export async function loadPositiveList(db: Db, file: PositiveListFile, opts: { loadedBy: string; replace?: boolean }): Promise<{ version: string; lines: number }> {
  return db.$transaction(async (tx) => {
    const existing = await tx.positiveListVersion.findUnique({ where: { version: file.version } });
    if (existing && !opts.replace) throw new PositiveListVersionExists(file.version);
    if (existing) await tx.positiveListVersion.delete({ where: { version: file.version } });
    await tx.positiveListVersion.create({
      data: { version: file.version, effectiveFrom: new Date(`${file.effectiveFrom}T00:00:00Z`), source: file.source, loadedBy: opts.loadedBy },
    });
    await tx.positiveListLine.createMany({
      data: file.lines.map((l) => ({ version: file.version, tariffLine: l.tariffLine, name: l.name, remarks: l.remarks })),
    });
    return { version: file.version, lines: file.lines.length };
  });
}

/**
 * The version in force on a China date ('YYYY-MM-DD'): the latest effectiveFrom on or before it,
 * with its lines for the tariff lines asked (all when `tariffLines` is unset). Undefined when no
 * version is in force yet.
 */
export async function positiveListOn(db: Db, date: string, tariffLines?: readonly string[]) {
  const day = new Date(`${date}T00:00:00Z`);
  const version = await db.positiveListVersion.findFirst({ where: { effectiveFrom: { lte: day } }, orderBy: { effectiveFrom: 'desc' } });
  if (!version) return undefined;
  const rows = await db.positiveListLine.findMany({
    where: { version: version.version, ...(tariffLines ? { tariffLine: { in: [...tariffLines] } } : {}) },
  });
  const lines = new Map(rows.map((r) => [r.tariffLine, PositiveListLine.parse({ tariffLine: r.tariffLine, name: r.name, remarks: r.remarks })]));
  return { version: version.version, effectiveFrom: version.effectiveFrom.toISOString().slice(0, 10), lines };
}
