// Everything the worker registers as workflows. Workflow code may import only
// @temporalio/workflow, domain/ and types (see workflows/README.md).
export { shipmentWorkflow } from './shipment.workflow.js';
export { stockEntryWorkflow } from './stock-entry.workflow.js';
export { enterpriseSummaryWorkflow, monthlySummaryWorkflow } from './summary.workflow.js';
export { monthlyStatisticsWorkflow } from './statistics.workflow.js';
export { personalDataRetentionWorkflow } from './retention.workflow.js';
export { receiptRecoveryWorkflow } from './receipt-recovery.workflow.js';
export { refundLoanWorkflow } from './finance/refund.workflow.js';
export { receivableLoanWorkflow } from './finance/receivable.workflow.js';
export { poolLoanWorkflow } from './finance/pool.workflow.js';
export { stockPledgeWorkflow } from './finance/pledge.workflow.js';
export { cargoInsuranceWorkflow } from './finance/insurance.workflow.js';
export { creditInsuranceWorkflow } from './finance/credit-insurance.workflow.js';
