import { condition, setHandler } from '@temporalio/workflow';
import {
  cancelShipment,
  correctDeclaration,
  fundsReceived,
  getState,
  railEventReceived,
  receiptReceived,
  requestReturn,
  resolveInspection,
  reviewRisk,
  slaOverdue,
  taxBillReceived,
  warehouseEventReceived,
} from '../contract.js';
import { ShipmentStatus, TERMINAL_STATUSES } from '../../domain/status.js';
import { nowIso, type ShipmentRun } from './run.js';

/**
 * The shipment's message handlers. Signals only record facts and updates only record decisions
 * (after their validators); the flow (shipment.workflow.ts and its stages) decides what they
 * mean, so the order they arrive in does not matter. Validators throw `CODE: text`: the API
 * answers the code (api/errors.ts `updateRejection`).
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
  setHandler(railEventReceived, (e) => {
    if (!run.railEvents.has(e.event)) run.railEvents.set(e.event, e);
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
        if (!state.riskHold || state.riskHold.review) throw new Error('NOT_HELD: the shipment is not held for risk review');
        if (review.decision !== 'RELEASE' && review.decision !== 'REJECT') throw new Error('INVALID_DECISION: decision must be RELEASE or REJECT');
        if (!review.note) throw new Error('NOTE_REQUIRED: a review needs a note');
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
        if (!request.reason) throw new Error('REASON_REQUIRED: a return needs a reason');
        if (input.request.mode !== '1210') throw new Error('NOT_AN_IMPORT: returns are for 1210 import orders');
        if (state.returnRequested) throw new Error('RETURN_PENDING: a return was already requested');
        if (!run.returnWindowOpen) {
          throw new Error(state.status === ShipmentStatus.COMPLETED ? 'RETURN_PERIOD_OVER: the return period has ended' : 'NOT_DELIVERED: a return can be requested once the order is delivered');
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
          throw new Error('NOT_UNDER_INSPECTION: the shipment is not held for inspection');
        }
        if (resolution.outcome !== 'CLEARED' && resolution.outcome !== 'SEIZED') {
          throw new Error('INVALID_OUTCOME: outcome must be CLEARED or SEIZED');
        }
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
          throw new Error('NOT_REJECTED: only a rejected declaration can be corrected');
        }
        if (run.pendingCorrection) throw new Error('CORRECTION_PENDING: a correction is already being applied');
        if (!correction.reason) throw new Error('REASON_REQUIRED: a correction needs a reason');
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
        if (!request.reason) throw new Error('REASON_REQUIRED: a cancellation needs a reason');
        if (TERMINAL_STATUSES.includes(state.status)) throw new Error('SHIPMENT_CLOSED: the shipment has already ended');
        if (run.departed && input.request.mode === '1210') throw new Error('ALREADY_RELEASED: customs released the goods; request a return instead');
        if (run.departed) throw new Error('ALREADY_DEPARTED: goods are loaded or gone; cancel no longer possible');
        if (state.cancelRequested) throw new Error('CANCEL_PENDING: cancellation already requested');
      },
    },
  );
}
