import { Client, Connection } from '@temporalio/client';
import { dataConverter } from '../codec/index.js';
import { loadConfig } from '../config/config.js';
import { temporalConnectionOptions } from '../config/temporal.js';
import { ensureReceiptRecoverySchedule } from '../worker/receipt-recovery-schedule.js';
import { ensureRetentionSchedule } from '../worker/retention-schedule.js';
import { ensureStatisticsSchedule } from '../worker/statistics-schedule.js';
import { ensureSummarySchedule, SUMMARY_TIMEZONE } from '../worker/summary-schedule.js';
import { SUMMARY_SCHEDULE_ID } from '../workflows/summary-contract.js';

/**
 * `npm run schedule:ensure`: creates or updates the `monthly-summary`, `monthly-statistics`, `personal-data-retention` and `receipt-recovery` Schedules on the configured
 * Temporal service (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE). `npm start` does
 * the same once its worker is up; deployments that run `npm run worker` run this once per release.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
    const outcome = await ensureSummarySchedule(client, config);
    console.log(`schedule ${SUMMARY_SCHEDULE_ID} ${outcome}: day ${config.SUMMARY_SCHEDULE_DAY} of each month at ${config.SUMMARY_SCHEDULE_TIME} ${SUMMARY_TIMEZONE}, task queue ${config.TEMPORAL_TASK_QUEUE}`);
    console.log(`schedule monthly-statistics ${await ensureStatisticsSchedule(client, config)}: 1st of each month, 01:00 ${SUMMARY_TIMEZONE}`);
    console.log(`schedule personal-data-retention ${await ensureRetentionSchedule(client, config)}: every day, 03:30 ${SUMMARY_TIMEZONE}, retention ${config.PERSONAL_DATA_RETENTION_DAYS} days`);
    console.log(`schedule receipt-recovery ${await ensureReceiptRecoverySchedule(client, config)}: every ${config.RECEIPT_QUERY_EVERY_S} s, receipts at least ${config.RECEIPT_QUERY_LAG_S} s old (${config.SINGLE_WINDOW_TRANSPORT} transport)`);
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(`schedule:ensure: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
