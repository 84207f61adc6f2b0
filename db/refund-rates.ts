import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Prisma, type Db } from './client.js';
import { parseRefundRateFile, zoneRule } from '../domain/export/refund-rate-file.js';
import type { RefundRateRule } from '../domain/export/refund-rates.js';

/**
 * The zone's export refund rates (RefundRate rows), loaded from its rate library file and read by
 * the refund activity (activities/tax.activities.ts). Loading the same file again changes nothing;
 * a row for a code and date already loaded takes the new file's rate (a corrected library).
 */
const CHUNK = 1000;

export async function loadRefundRates(db: Db, fileName: string, text: string): Promise<{ rows: number; source: string }> {
  const rows = parseRefundRateFile(text);
  const source = `${fileName.split(/[\\/]/).at(-1)} sha256:${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  await db.$transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      await tx.$executeRaw`
        INSERT INTO "RefundRate" ("hsPrefix", "effectiveFrom", "rateBp", "name", "source")
        SELECT * FROM unnest(${part.map((r) => r.hsPrefix)}::text[], ${part.map((r) => r.effectiveFrom)}::text[],
                             ${part.map((r) => r.rateBp)}::int[], ${part.map((r) => r.name)}::text[], ${part.map(() => source)}::text[])
        ON CONFLICT ("hsPrefix", "effectiveFrom") DO UPDATE
          SET "rateBp" = EXCLUDED."rateBp", "name" = EXCLUDED."name", "source" = EXCLUDED."source", "loadedAt" = now()`;
    }
  }, { timeout: 120_000 });
  return { rows: rows.length, source };
}

/** The zone's rules that could cover these commodity codes (every prefix of 2 to 10 digits). */
export async function zoneRefundRules(db: Db, hsCodes: readonly string[]): Promise<RefundRateRule[]> {
  const prefixes = [...new Set(hsCodes.flatMap((code) => Array.from({ length: Math.min(code.length, 10) - 1 }, (_, i) => code.slice(0, i + 2))))];
  if (prefixes.length === 0) return [];
  const rows = await db.$queryRaw<{ hsPrefix: string; effectiveFrom: string; rateBp: number; name: string; source: string }[]>(
    Prisma.sql`SELECT "hsPrefix", "effectiveFrom", "rateBp", "name", "source" FROM "RefundRate" WHERE "hsPrefix" = ANY(${prefixes}::text[])`,
  );
  return rows.map((r) => zoneRule(r, r.source));
}

/** The sample rate file (invented rates, docs/refund-rates.md) that `npm start` and the test platform load. */
export const SAMPLE_REFUND_RATES = 'examples/refund-rates.sample.csv';

export async function loadSampleRefundRates(db: Db, repoRoot: string): Promise<void> {
  await loadRefundRates(db, SAMPLE_REFUND_RATES, readFileSync(`${repoRoot}${SAMPLE_REFUND_RATES}`, 'utf8'));
}
