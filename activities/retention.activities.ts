import type { FieldCipher } from '../codec/field-cipher.js';
import type { Db } from '../db/client.js';
import { backfillPersonalData, purgePersonalData, type BackfillResult, type PurgeResult } from '../db/personal-data-retention.js';

export interface RetentionDeps {
  db: Db;
  personalData: {
    /** Seals personal fields (PAYLOAD_KEYS). */
    cipher: FieldCipher;
    /** BUYER_ID_HASH_KEY: the key of the lookup hashes. */
    hashKey: string;
    /** PERSONAL_DATA_RETENTION_DAYS (at least the legal floor, checked by the config and again here). */
    retentionDays: number;
  };
}

/** The personal-data retention workflow's side effects (workflows/retention.workflow.ts); each is idempotent. */
export const createRetentionActivities = (deps: RetentionDeps) => ({
  /** Removes personal data older than the retention period at `now` (one batch of each kind). */
  async purgePersonalData(q: { now: string; batch: number }): Promise<PurgeResult> {
    return purgePersonalData(deps.db, { now: new Date(q.now), retentionDays: deps.personalData.retentionDays, batch: q.batch });
  },
  /** Seals and hashes rows written before personal data was encrypted (one batch of each kind). */
  async backfillPersonalData(q: { batch: number }): Promise<BackfillResult> {
    return backfillPersonalData(deps.db, { cipher: deps.personalData.cipher, hashKey: deps.personalData.hashKey, batch: q.batch });
  },
});
