import { createCreditInsuranceActivities } from './credit-insurance.activities.js';
import { createCustomsActivities, type CustomsDeps } from './customs.activities.js';
import { createFinanceActivities, type FinanceDeps } from './finance.activities.js';
import { createFxActivities, type FxDeps } from './fx.activities.js';
import { createInsuranceActivities, type InsuranceDeps } from './insurance.activities.js';
import { createLogisticsActivities, type LogisticsDeps } from './logistics.activities.js';
import { createProjectionActivities } from './projection.activities.js';
import { createReceiptRecoveryActivities, type ReceiptRecoveryDeps } from './receipt-recovery.activities.js';
import { createRetentionActivities, type RetentionDeps } from './retention.activities.js';
import { createStatisticsActivities, type StatisticsDeps } from './statistics.activities.js';
import { createSummaryActivities, type SummaryDeps } from './summary.activities.js';
import { createTaxActivities } from './tax.activities.js';
import { createWarehouseActivities, type WarehouseDeps } from './warehouse.activities.js';
import type { TaxPort } from '../adapters/tax/port.js';
import type { Db } from '../db/client.js';

export type ActivityDeps = CustomsDeps & LogisticsDeps & FxDeps & WarehouseDeps & SummaryDeps & StatisticsDeps & RetentionDeps & ReceiptRecoveryDeps & FinanceDeps & InsuranceDeps & { tax: TaxPort; db: Db };

/** Every activity of the platform, built from its ports (wired in worker/main.ts). */
export const createActivities = (deps: ActivityDeps) => ({
  ...createCustomsActivities(deps),
  ...createLogisticsActivities(deps),
  ...createTaxActivities(deps),
  ...createFxActivities(deps),
  ...createProjectionActivities(deps),
  ...createWarehouseActivities(deps),
  ...createSummaryActivities(deps),
  ...createStatisticsActivities(deps),
  ...createRetentionActivities(deps),
  ...createReceiptRecoveryActivities(deps),
  ...createFinanceActivities(deps),
  ...createInsuranceActivities(deps),
  ...createCreditInsuranceActivities(deps),
});

export type Activities = ReturnType<typeof createActivities>;
