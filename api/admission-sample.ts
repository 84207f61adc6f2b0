import type { Client } from '@temporalio/client';
import type { Config } from '../config/config.js';
import type { Db } from '../db/client.js';
import { movingShipments } from '../db/working-set.js';
import type { AdmissionLimits, AdmissionSample } from './admission.js';
import { taskQueueBacklog } from './task-queue-backlog.js';

/** Admission control's limits from the configuration (config/config.ts, ADMISSION_*). */
export function admissionLimits(config: Config): AdmissionLimits {
  return {
    maxBacklog: config.ADMISSION_MAX_BACKLOG,
    maxBacklogAgeMs: config.ADMISSION_MAX_BACKLOG_AGE_MS,
    maxRetryAfterS: config.ADMISSION_MAX_RETRY_AFTER_S,
    maxMoving: config.ADMISSION_MAX_MOVING ?? Math.max(1, Math.floor(0.8 * config.WORKER_MAX_CACHED_WORKFLOWS)),
    movingWindowMs: config.ADMISSION_MOVING_WINDOW_MS,
  };
}

/** One reading for admission control: the shipment task queue's backlog (Temporal) and the working set (PostgreSQL), side by side. */
export function admissionSample(db: Db, temporal: Client, config: Config): () => Promise<AdmissionSample> {
  const backlog = taskQueueBacklog(temporal, config.TEMPORAL_TASK_QUEUE);
  return async () => {
    const [b, moving] = await Promise.all([backlog(), movingShipments(db, config.ADMISSION_MOVING_WINDOW_MS)]);
    return { ...b, moving };
  };
}
