import { log, proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ReceiptRecoveryInput, ReceiptRecoveryResult } from './receipt-recovery-contract.js';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/**
 * Receipts whose callbacks never arrived, by the `receipt-recovery` Schedule (every
 * RECEIPT_QUERY_EVERY_S, worker/receipt-recovery-schedule.ts). The Chengdu gateway posts every
 * receipt and gives up after six attempts, about a minute (ceb-messages.md §3.4): a receipt issued
 * while the API was down or overloaded would never arrive, and its shipment would wait for it
 * forever. Each run reads the receipts issued since the last one, at least `lagS` old (the gateway
 * is done retrying them), and hands the missing ones to the callback inbox, which delivers them.
 * A run that cannot reach the gateway fails after its retries; the next run starts where it stopped.
 */
export async function receiptRecoveryWorkflow(input: ReceiptRecoveryInput): Promise<ReceiptRecoveryResult> {
  const before = new Date(Date.now() - input.lagS * 1000).toISOString();
  const result = await acts.recoverReceipts({ before });
  // ops' signal that the API missed callbacks (down, overloaded, unreachable from the gateway)
  if (result.recovered > 0) log.warn('Receipts recovered from the Single Window: their callbacks never arrived; the callback inbox delivers them', { ...result });
  setCurrentDetails(`**Receipt recovery**: ${result.read} receipts issued before ${before} read back, ${result.recovered} of them never arrived by callback (handed to the callback inbox); cursor ${result.cursor}`);
  return result;
}
