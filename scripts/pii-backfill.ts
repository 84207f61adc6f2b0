import { fieldCipher } from '../codec/field-cipher.js';
import { loadConfig } from '../config/config.js';
import { createDb } from '../db/client.js';
import { backfillPersonalData } from '../db/personal-data-retention.js';

/**
 * `npm run pii:backfill`: seals the personal fields and computes the lookup hashes of rows
 * written before personal data was encrypted at rest (1210 requests, callback bodies), in
 * batches until none is left. Idempotent: safe to run again, and safe while the platform runs.
 * The daily `personal-data-retention` workflow does the same; this does it at once after an upgrade.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is required');
  const db = createDb(config.DATABASE_URL, config.DATABASE_SCHEMA ? { schema: config.DATABASE_SCHEMA } : {});
  const total = { shipments: 0, inboundMessages: 0 };
  try {
    for (;;) {
      const r = await backfillPersonalData(db, { cipher: fieldCipher(config), hashKey: config.BUYER_ID_HASH_KEY.reveal(), batch: 500 });
      total.shipments += r.shipments;
      total.inboundMessages += r.inboundMessages;
      if (r.shipments === 0 && r.inboundMessages === 0) break;
    }
  } finally {
    await db.$disconnect();
  }
  console.log(`pii:backfill: sealed ${total.shipments} shipment requests and ${total.inboundMessages} callback bodies`);
}

main().catch((err: unknown) => {
  console.error(`pii:backfill: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
