import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import {
  cancelShipment,
  correctDeclaration,
  fundsReceived,
  getState,
  transportEventReceived,
  receiptReceived,
  requestReturn,
  resolveInspection,
  retryRefund,
  reviewRisk,
  slaOverdue,
  taxBillReceived,
  UpdateRejection,
  warehouseEventReceived,
} from '../contract.js';
import { ShipmentStatus, TERMINAL_STATUSES } from '../../domain/status.js';
import { nowIso } from './clock.js';
import type { ShipmentRun } from './run.js';

/**
 * The shipment's message handlers. Signals only record facts and updates only record decisions
 * (after their validators); the flow (shipment.workflow.ts and its stages) decides what they
 * mean, so the order they arrive in does not matter. A validator refuses with an
 * ApplicationFailure whose type is an `UpdateRejection` code; the API answers it as a 409.
 */
export function registerHandlers(run: ShipmentRun): void {
  const { state, input } = run;
  setHandler(getState, () => state);
  setHandler(slaOverdue, (o) => {
    if (run.lean) run.sla.onOverdue(o.dueAt);
  });
  setHandler(receiptReceived, (r) => {
    if (!run.receipts.has(r.guid)) run.receipts.set(r.guid, r);
  });
  setHandler(transportEventReceived, (e) => {
    if (run.bound) run.hearMilestone(e);
    else if (!run.transportEvents.has(e.event)) run.transportEvents.set(e.event, e);
  });
  setHandler(fundsReceived, (f) => {
    run.funds ??= f;
    if (!run.fundsByCollection.has(f.collectionId)) run.fundsByCollection.set(f.collectionId, f);
  });
  setHandler(warehouseEventReceived, (e) => {
    if (!run.warehouseEvents.some((x) => x.eventId === e.eventId)) run.warehouseEvents.push(e);
  });
  setHandler(taxBillReceived, (t) => {
    // a later bill of the same list (status change, void) replaces the earlier one
    if (!run.taxBill || run.taxBill.taxNo !== t.taxNo || t.status !== '1') run.taxBill = t;
  });
  setHandler(
    reviewRisk,
    async (review) => {
      if (state.riskHold) state.riskHold.review = review;
      return state;
    },
    {
      validator: (review) => {
        if (!state.riskHold || state.riskHold.review) throw rejected(UpdateRejection.NOT_HELD, 'the shipment is not held for risk review');
        if (review.decision !== 'RELEASE' && review.decision !== 'REJECT') throw rejected(UpdateRejection.INVALID_DECISION, 'decision must be RELEASE or REJECT');
        if (!review.note) throw rejected(UpdateRejection.NOTE_REQUIRED, 'a review needs a note');
      },
    },
  );
  setHandler(
    requestReturn,
    async (request) => {
      state.returnRequested = request;
      return state;
    },
    {
      validator: (request) => {
        if (!request.reason) throw rejected(UpdateRejection.REASON_REQUIRED, 'a return needs a reason');
        if (input.request.mode !== '1210') throw rejected(UpdateRejection.NOT_AN_IMPORT, 'returns are for 1210 import orders');
        if (state.returnRequested) throw rejected(UpdateRejection.RETURN_PENDING, 'a return was already requested');
        if (!run.returnWindowOpen) {
          throw state.status === ShipmentStatus.COMPLETED
            ? rejected(UpdateRejection.RETURN_PERIOD_OVER, 'the return period has ended')
            : rejected(UpdateRejection.NOT_DELIVERED, 'a return can be requested once the order is delivered');
        }
      },
    },
  );
  setHandler(
    resolveInspection,
    async (resolution) => {
      state.inspection = { openedAt: state.inspection?.openedAt ?? nowIso(), resolution };
      return state;
    },
    {
      validator: (resolution) => {
        if (state.status !== ShipmentStatus.INSPECTION && state.stageStatus !== ShipmentStatus.INSPECTION) {
          throw rejected(UpdateRejection.NOT_UNDER_INSPECTION, 'the shipment is not held for inspection');
        }
        if (resolution.outcome !== 'CLEARED' && resolution.outcome !== 'SEIZED') {
          throw rejected(UpdateRejection.INVALID_OUTCOME, 'outcome must be CLEARED or SEIZED');
        }
      },
    },
  );
  setHandler(
    retryRefund,
    async (retry) => {
      if (state.refundHold) state.refundHold = { ...state.refundHold, retries: state.refundHold.retries + 1, retriedBy: retry.operator };
      return state;
    },
    {
      validator: (retry) => {
        if (!state.refundHold) throw rejected(UpdateRejection.NOT_HELD, 'the refund is not held');
        if (!retry.note?.trim()) throw rejected(UpdateRejection.NOTE_REQUIRED, 'a note is required');
      },
    },
  );
  setHandler(
    correctDeclaration,
    async (correction) => {
      run.pendingCorrection = correction;
      // an update handler's own wait: it answers once the flow applied the correction (no
      // projection flush here, that is the flow's: see ShipmentRun.wait)
      await condition(() => run.pendingCorrection === undefined);
      return state;
    },
    {
      validator: (correction) => {
        if (state.stageStatus !== ShipmentStatus.REJECTED) {
          throw rejected(UpdateRejection.NOT_REJECTED, 'only a rejected declaration can be corrected');
        }
        if (run.pendingCorrection) throw rejected(UpdateRejection.CORRECTION_PENDING, 'a correction is already being applied');
        if (!correction.reason) throw rejected(UpdateRejection.REASON_REQUIRED, 'a correction needs a reason');
      },
    },
  );
  setHandler(
    cancelShipment,
    async (request) => {
      state.cancelRequested = request;
      run.requestCancel();
      return state;
    },
    {
      validator: (request) => {
        if (!request.reason) throw rejected(UpdateRejection.REASON_REQUIRED, 'a cancellation needs a reason');
        if (TERMINAL_STATUSES.includes(state.status)) throw rejected(UpdateRejection.SHIPMENT_CLOSED, 'the shipment has already ended');
        if (run.departed && input.request.mode === '1210') throw rejected(UpdateRejection.ALREADY_RELEASED, 'customs released the goods; request a return instead');
        if (run.departed) throw rejected(UpdateRejection.ALREADY_DEPARTED, 'goods are loaded or gone; cancel no longer possible');
        if (state.cancelRequested) throw rejected(UpdateRejection.CANCEL_PENDING, 'cancellation already requested');
      },
    },
  );
}

/** A validator's refusal: its type is the code the API answers (no text to parse). */
function rejected(code: UpdateRejection, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true });
}
