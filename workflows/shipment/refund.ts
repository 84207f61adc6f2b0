import { upsertSearchAttributes } from '@temporalio/workflow';
import { effectKey } from '../../domain/idempotency.js';
import { ShipmentStatus, Stage } from '../../domain/status.js';
import type { RefundApplied } from '../../activities/tax.activities.js';
import { SearchAttr } from '../contract.js';
import { nowIso } from './clock.js';
import type { Acts } from './options.js';
import type { ShipmentRun } from './run.js';
import { inputArg } from './order.js';

/** The value of the RefundHold search attribute while a refund waits for ops. */
export const REFUND_HOLD_UNKNOWN_RATE = 'UNKNOWN_RATE';

/**
 * Applies for the export VAT refund (9710, 9810 after sale, 9810 HWC-YT pre-refund). No refund
 * is filed at a guessed rate (docs/reference/domain-rules.md §3.2): when a line's HS code has no known rate on the
 * export date the activity files nothing and the refund is held for ops, visible by the search
 * attribute RefundHold='UNKNOWN_RATE', the REFUND_HELD timeline event and `refundHold` in the
 * state. Ops load the zone's rates (`cbec refund-rates load <file>`) and retry
 * (POST /v1/ops/shipments/{id}/refund-retry, update `retryRefund`); a retry still without a
 * rate holds again. The hold depends only on the activity's recorded result, so histories
 * from before it (whose results never say HELD) replay unchanged.
 */
export async function applyRefund(
  run: ShipmentRun,
  acts: Acts,
  req: { summary: string; effect: string; declarationNo: string; exportDate: string; fxReceived: boolean; businessType?: 'HWC-YT' },
): Promise<RefundApplied> {
  const { shipmentId } = run.input;
  for (;;) {
    const result = await acts(req.summary).applyExportRefund({
      shipmentId,
      ...inputArg(run),
      declarationNo: req.declarationNo,
      exportDate: req.exportDate,
      fxReceived: req.fxReceived,
      ...(req.businessType ? { businessType: req.businessType } : {}),
      idempotencyKey: effectKey(shipmentId, req.effect),
    });
    if (result.status !== 'HELD_UNKNOWN_RATE') {
      if (run.state.refundHold) {
        delete run.state.refundHold;
        upsertSearchAttributes([{ key: SearchAttr.RefundHold, value: null }]);
      }
      return result;
    }
    const retries = run.state.refundHold?.retries ?? 0;
    run.state.refundHold = { reason: REFUND_HOLD_UNKNOWN_RATE, hsCodes: result.hsCodes, exportDate: result.exportDate, since: nowIso(), retries };
    upsertSearchAttributes([{ key: SearchAttr.RefundHold, value: REFUND_HOLD_UNKNOWN_RATE }]);
    await run.setStatus(
      ShipmentStatus.TAX_FILING,
      Stage.TAX,
      'REFUND_HELD',
      `refund held: no known refund rate for HS ${result.hsCodes.join(', ')} on ${result.exportDate} (never guessed); ops load the zone's rates and retry`,
    );
    await run.wait({ until: () => (run.state.refundHold?.retries ?? 0) > retries });
    await run.record('REFUND_RETRY', `refund retried by ${run.state.refundHold?.retriedBy ?? 'ops'}`);
  }
}
