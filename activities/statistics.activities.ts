import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client.js';
import { buildMonthlyReport, PeriodNotClosed, refreshStatsMonth, refreshStatsMonths, staleRollupPeriods } from '../db/statistics/index.js';
import { reportCsv, reportFileNames } from '../domain/statistics.js';
import type { StatisticsReportWritten, StatisticsRollupSummary } from '../workflows/statistics-contract.js';

export interface StatisticsDeps {
  db: Db;
  /** Where the monthly reports are written (REPORTS_DIR); the API reads them from there. */
  reportsDir: string;
}

/** Writes a file whole or not at all (temporary file, then rename). */
async function writeAtomically(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content, 'utf8');
  await rename(tmp, file);
}

/** The monthly statistics workflow's side effects (workflows/statistics.workflow.ts). */
export const createStatisticsActivities = (deps: StatisticsDeps) => ({
  /** Rebuilds the StatsMonthly rows of a closed month (idempotent). */
  async refreshStatisticsMonth(q: { period: string }): Promise<StatisticsRollupSummary> {
    try {
      return await refreshStatsMonth(deps.db, q.period);
    } catch (err) {
      if (err instanceof PeriodNotClosed) throw ApplicationFailure.nonRetryable(err.message, err.code);
      throw err;
    }
  },
  /** Rebuilds the rolled-up months before `before` whose shipments changed since; their periods. */
  async refreshStaleStatistics(q: { before: string }): Promise<string[]> {
    const periods = await staleRollupPeriods(deps.db, q.before);
    await refreshStatsMonths(deps.db, periods);
    return periods;
  },
  /** Builds the month's report and writes it as JSON and CSV (the same files again on a re-run). */
  async writeStatisticsReport(q: { period: string; generatedAt: string; refreshedAt: string }): Promise<StatisticsReportWritten> {
    const report = await buildMonthlyReport(deps.db, q.period, { generatedAt: q.generatedAt, refreshedAt: q.refreshedAt });
    const names = reportFileNames(q.period);
    const dir = path.resolve(deps.reportsDir);
    await mkdir(dir, { recursive: true });
    await writeAtomically(path.join(dir, names.json), `${JSON.stringify(report, null, 2)}\n`);
    await writeAtomically(path.join(dir, names.csv), reportCsv(report));
    return { period: q.period, json: names.json, csv: names.csv, shipments: report.totals.shipments, valueCny: report.totals.valueCny };
  },
});
