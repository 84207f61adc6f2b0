import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import example from '../examples/shipment-1210.json' with { type: 'json' };
import type { Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import type { ImportShipment } from '../domain/shipment.schema.js';
import { BASIS } from '../domain/statistics.js';
import { RETAIL_IMPORT_RATES } from '../domain/import/rates.js';
import { ApiError } from './errors.js';
import { claimImportOrder } from './import-orders.js';

/**
 * Answers to clients say what is wrong in their own terms: they never cite the project's
 * reference notes (docs/reference/), which clients do not have. Code comments cite them.
 */
const REFERENCE = /domain-rules|ceb-messages|docs\/reference|§/;

const root = fileURLToPath(new URL('.', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? (f === 'client' ? [] : sources(p)) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });

describe('API answers', () => {
  it('name no reference notes in an error a client sees', () => {
    const cited = sources(root).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/new ApiError\(([\s\S]*?)\);?\n/g)].filter((m) => REFERENCE.test(m[1]!)).map((m) => `${file.slice(root.length)}: ${m[1]!.slice(0, 80)}`),
    );
    expect(cited).toEqual([]);
  });

  it('name no reference notes in the published contract', () => {
    expect(readFileSync(join(root, 'openapi.json'), 'utf8')).not.toMatch(REFERENCE);
  });

  it('name no reference notes in the texts the domain hands to answers (statistics basis, tax regimes)', () => {
    expect(Object.values(BASIS).filter((text) => REFERENCE.test(text))).toEqual([]);
    expect(RETAIL_IMPORT_RATES.map((r) => r.source).filter((text) => REFERENCE.test(text))).toEqual([]);
  });

  it('explain a 1210 payer who is not the buyer without citing a reference', async () => {
    const body = { ...example, payment: { ...example.payment, payer: { name: '李四', idNumber: '11010519491231002X' } } } as unknown as ImportShipment;
    const err = await claimImportOrder({ db: {} as Db, config: {} as Config }, 'ent-1', 'ship-1', body, new Date('2026-06-01T00:00:00Z')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('BUYER_NOT_PAYER');
    expect((err as ApiError).message).not.toMatch(REFERENCE);
  });
});
