import {
  condition,
  log,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
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
  SearchAttr,
  slaOverdue,
  taxBillReceived,
  warehouseEventReceived,
  type Correction,
  type FundsEvent,
  type RailEvent,
  type ShipmentState,
  type TaxBillEvent,
  type WarehouseEvent,
} from '../contract.js';
import { isRejection, receiptRank, type CustomsReceipt, type DocType } from '../../domain/customs.js';
import type { ShipmentInput } from '../../domain/shipment.js';
import type { ExportShipment, ImportShipment } from '../../domain/shipment.schema.js';
import { attributeStatus, ON_TRACK, ShipmentStatus, TERMINAL_STATUSES, type Stage } from '../../domain/status.js';
import type { ProjectionUpdate } from '../../db/projection.js';
import { scaled } from '../../domain/time.js';
import { projection, statusSla } from './options.js';

/** Where one customs document stands, from the receipts of its current revision. */
export interface DocProgress {
  rank: number;
  statuses: string[];
  rejection?: CustomsReceipt;
  last?: CustomsReceipt;
}

/**
 * The state of one shipment run and its message handlers. Handlers only record facts; the flow
 * (shipment.workflow.ts) decides what they mean, so ordering of signals does not matter.
 */
export class ShipmentRun {
  readonly state: ShipmentState;
  readonly input: ShipmentInput;
  readonly receipts = new Map<string, CustomsReceipt>();
  /** Per document: receipts count at the last (re)submission, to ignore earlier revisions. */
  readonly epoch = new Map<DocType, number>();
  readonly railEvents = new Map<RailEvent['event'], RailEvent>();
  funds?: FundsEvent;
  /** Funds notices by collection (9810 collects per sales batch). */
  readonly fundsByCollection = new Map<string, FundsEvent>();
  /** Warehouse events in arrival order, each once. */
  readonly warehouseEvents: WarehouseEvent[] = [];
  taxBill?: TaxBillEvent;
  pendingCorrection?: Correction;
  departed = false;
  /** 1210: a return may be requested (set by the return-window stage). */
  returnWindowOpen = false;
  private seq = 0;
  private cancelHook: (() => void) | undefined;
  /**
   * The lean history (patch 'lean-history', shipments started since): projection writes wait in
   * `outbox` and go out with the next activity, or in one local activity before the shipment
   * waits; `ShipmentStatus` moves only when `attributeStatus` says so. Histories from before keep
   * one local activity per write and one upsert per status.
   */
  readonly lean: boolean;
  private readonly outbox: ProjectionUpdate[] = [];
  /** The value of the ShipmentStatus search attribute (set to ON_TRACK at start by the API). */
  private attribute: string = ON_TRACK;
  /** Lean history: when the current status passes its service level (ISO), and whether it has. */
  private slaDueAt: string | null = null;
  private overdue = false;
  /** The due time a breach was shown for: a repeated signal for it (two API instances) changes nothing. */
  private breachedFor: string | null = null;

  /**
   * Patch 'callbacks-bound' (shipments started since): a milestone counts only with the booking
   * number the carrier gave this shipment (one heard before the booking is known waits for it),
   * and funds only for the collection the shipment opened (fx.ts). Before: the first of each.
   */
  readonly bound: boolean;
  private readonly milestonesHeard: RailEvent[] = [];

  constructor(input: ShipmentInput, lean = false, bound = false) {
    this.input = input;
    this.lean = lean;
    this.bound = bound;
    this.state = { status: ShipmentStatus.RECEIVED, stage: 'order', stageStatus: ShipmentStatus.RECEIVED, revision: 0 };
    this.registerHandlers();
  }

  /** The export request (9610/9710/9810); export stages only run for export modes. */
  get exportRequest(): ExportShipment {
    const r = this.input.request;
    if (r.mode === '1210') throw new Error(`an export stage ran for a ${r.mode} import shipment: check domain/modes.ts`);
    return r;
  }

  /** The import request (1210). */
  get importRequest(): ImportShipment {
    const r = this.input.request;
    if (r.mode !== '1210') throw new Error(`an import stage ran for a ${r.mode} export shipment: check domain/modes.ts`);
    return r;
  }

  get timeScale(): number {
    return this.input.settings.timeScale;
  }

  onCancel(hook: () => void): void {
    this.cancelHook = hook;
  }

  private registerHandlers(): void {
    setHandler(getState, () => this.state);
    setHandler(slaOverdue, (o) => {
      if (this.lean && o.dueAt === this.slaDueAt && o.dueAt !== this.breachedFor) this.overdue = true;
    });
    setHandler(receiptReceived, (r) => {
      if (!this.receipts.has(r.guid)) this.receipts.set(r.guid, r);
    });
    setHandler(railEventReceived, (e) => {
      if (this.bound) {
        this.milestonesHeard.push(e);
        this.acceptMilestones();
      } else if (!this.railEvents.has(e.event)) this.railEvents.set(e.event, e);
    });
    setHandler(fundsReceived, (f) => {
      this.funds ??= f;
      if (!this.fundsByCollection.has(f.collectionId)) this.fundsByCollection.set(f.collectionId, f);
    });
    setHandler(warehouseEventReceived, (e) => {
      if (!this.warehouseEvents.some((x) => x.eventId === e.eventId)) this.warehouseEvents.push(e);
    });
    setHandler(taxBillReceived, (t) => {
      // a later bill of the same list (status change, void) replaces the earlier one
      if (!this.taxBill || this.taxBill.taxNo !== t.taxNo || t.status !== '1') this.taxBill = t;
    });
    setHandler(
      reviewRisk,
      async (review) => {
        if (this.state.riskHold) this.state.riskHold.review = review;
        return this.state;
      },
      {
        validator: (review) => {
          if (!this.state.riskHold || this.state.riskHold.review) throw new Error('NOT_HELD: the shipment is not held for risk review');
          if (review.decision !== 'RELEASE' && review.decision !== 'REJECT') throw new Error('INVALID_DECISION: decision must be RELEASE or REJECT');
          if (!review.note) throw new Error('NOTE_REQUIRED: a review needs a note');
        },
      },
    );
    setHandler(
      requestReturn,
      async (request) => {
        this.state.returnRequested = request;
        return this.state;
      },
      {
        validator: (request) => {
          if (!request.reason) throw new Error('REASON_REQUIRED: a return needs a reason');
          if (this.input.request.mode !== '1210') throw new Error('NOT_AN_IMPORT: returns are for 1210 import orders');
          if (this.state.returnRequested) throw new Error('RETURN_PENDING: a return was already requested');
          if (!this.returnWindowOpen) {
            throw new Error(this.state.status === ShipmentStatus.COMPLETED ? 'RETURN_PERIOD_OVER: the return period has ended' : 'NOT_DELIVERED: a return can be requested once the order is delivered');
          }
        },
      },
    );
    setHandler(
      resolveInspection,
      async (resolution) => {
        this.state.inspection = { openedAt: this.state.inspection?.openedAt ?? nowIso(), resolution };
        return this.state;
      },
      {
        validator: (resolution) => {
          if (this.state.status !== ShipmentStatus.INSPECTION && this.state.stageStatus !== ShipmentStatus.INSPECTION) {
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
        this.pendingCorrection = correction;
        await condition(() => this.pendingCorrection === undefined);
        return this.state;
      },
      {
        validator: (correction) => {
          if (this.state.stageStatus !== ShipmentStatus.REJECTED) {
            throw new Error('NOT_REJECTED: only a rejected declaration can be corrected');
          }
          if (this.pendingCorrection) throw new Error('CORRECTION_PENDING: a correction is already being applied');
          if (!correction.reason) throw new Error('REASON_REQUIRED: a correction needs a reason');
        },
      },
    );
    setHandler(
      cancelShipment,
      async (request) => {
        this.state.cancelRequested = request;
        this.cancelHook?.();
        return this.state;
      },
      {
        validator: (request) => {
          if (!request.reason) throw new Error('REASON_REQUIRED: a cancellation needs a reason');
          if (TERMINAL_STATUSES.includes(this.state.status)) throw new Error('SHIPMENT_CLOSED: the shipment has already ended');
          if (this.departed && this.input.request.mode === '1210') throw new Error('ALREADY_RELEASED: customs released the goods; request a return instead');
          if (this.departed) throw new Error('ALREADY_DEPARTED: goods are loaded or gone; cancel no longer possible');
          if (this.state.cancelRequested) throw new Error('CANCEL_PENDING: cancellation already requested');
        },
      },
    );
  }

  /** Patch 'callbacks-bound': takes the milestones heard for the shipment's booking; others are dropped. */
  acceptMilestones(): void {
    const bookingNo = this.state.bookingNo;
    if (!this.bound || !bookingNo) return;
    for (const e of this.milestonesHeard.splice(0)) {
      if (e.bookingNo !== bookingNo) log.warn('Milestone for another booking ignored', { event: e.event, eventId: e.eventId });
      else if (!this.railEvents.has(e.event)) this.railEvents.set(e.event, e);
    }
  }

  /** The first warehouse event of a type not yet in `seen` (by event id). */
  nextWarehouseEvent(types: WarehouseEvent['type'][], seen: ReadonlySet<string> = new Set()): WarehouseEvent | undefined {
    return this.warehouseEvents.find((e) => types.includes(e.type) && !seen.has(e.eventId));
  }

  /** Receipts of a document since its last (re)submission. */
  progress(docType: DocType, copNo?: string): DocProgress {
    const all = [...this.receipts.values()].filter((r) => r.docType === docType);
    const relevant = copNo ? all.filter((r) => r.copNo === undefined || r.copNo === copNo) : all.slice(this.epoch.get(docType) ?? 0);
    const progress: DocProgress = { rank: 0, statuses: [] };
    for (const r of relevant) {
      progress.statuses.push(r.returnStatus);
      progress.last = r;
      if (isRejection(r.returnStatus)) progress.rejection ??= r;
      progress.rank = Math.max(progress.rank, receiptRank(r.returnStatus));
    }
    return progress;
  }

  markResubmitted(docType: DocType): void {
    this.epoch.set(docType, [...this.receipts.values()].filter((r) => r.docType === docType).length);
  }

  /** Moves the shipment to a status: search attribute, UI details and projection row. */
  async setStatus(status: ShipmentStatus, stage: Stage, type: string, info: string): Promise<void> {
    const changed = status !== this.state.status;
    if (this.lean && status !== ShipmentStatus.SLA_BREACHED && (status !== this.state.stageStatus || type !== 'SLA_RECOVERED')) {
      // a status entered (or a new step of it) starts its service level again; a recovery does not
      const sla = statusSla(status, type, this.input.request);
      this.slaDueAt = sla === undefined || TERMINAL_STATUSES.includes(status) ? null : new Date(Date.now() + scaled(sla, this.timeScale)).toISOString();
      this.overdue = false;
    }
    this.state.status = status;
    this.state.stage = stage;
    if (status !== ShipmentStatus.SLA_BREACHED) this.state.stageStatus = status;
    if (!this.lean && changed) upsertSearchAttributes([{ key: SearchAttr.ShipmentStatus, value: status }]);
    const attribute = this.lean ? attributeStatus(this.attribute, status) : undefined;
    if (attribute !== undefined) {
      this.attribute = attribute;
      upsertSearchAttributes([{ key: SearchAttr.ShipmentStatus, value: attribute }]);
    }
    setCurrentDetails(this.details(info));
    await this.record(type, info);
  }

  /** Adds a timeline event without changing the status. */
  async record(type: string, info: string): Promise<void> {
    this.seq += 1;
    const update = this.projectionUpdate(type, info);
    if (this.lean) this.outbox.push(update);
    else await projection.projectShipment(update);
  }

  /** Projection writes not yet sent, for the next activity to apply before its call (lean history). */
  takeProjection(): ProjectionUpdate[] {
    return this.outbox.splice(0);
  }

  /** Projection writes wait to be sent (lean history only): call `flush` before waiting. */
  get pending(): boolean {
    return this.outbox.length > 0;
  }

  /**
   * Sends waiting projection writes in one local activity: before the shipment waits or ends.
   * Call it only when `pending`: an await that is not needed would move the commands of older
   * histories and break their replay.
   */
  async flush(): Promise<void> {
    await projection.projectShipments(this.takeProjection());
  }

  private projectionUpdate(type: string, info: string): ProjectionUpdate {
    return {
      shipmentId: this.input.shipmentId,
      seq: this.seq,
      at: nowIso(),
      stage: this.state.stage,
      status: this.state.status,
      type,
      info,
      fields: {
        invtNo: this.state.invtNo,
        preNo: this.state.preNo,
        bookingNo: this.state.bookingNo,
        taxRecordNo: this.state.taxRecordNo,
        settlementId: this.state.settlementId,
        cnyAmount: this.state.cnyAmount,
        fxRate: this.state.fxRate,
      },
      terminal: TERMINAL_STATUSES.includes(this.state.status),
      ...(this.lean ? { slaDueAt: this.slaDueAt } : {}),
    };
  }

  /**
   * Waits for `done` with a service-level deadline (business time). Past the deadline the
   * shipment shows SLA_BREACHED until `done` holds, then returns to its stage status.
   */
  async waitWithSla(done: () => boolean, slaBusinessMs: number, what: string): Promise<void> {
    if (this.pending) await this.flush();
    if (this.lean) return this.waitPastStatusSla(done, what);
    const inTime = await condition(done, scaled(slaBusinessMs, this.timeScale), { summary: `SLA: ${what}` });
    if (inTime) return;
    const stageStatus = this.state.stageStatus;
    log.warn('Shipment past its SLA', { shipmentId: this.input.shipmentId, waitingFor: what });
    await this.setStatus(ShipmentStatus.SLA_BREACHED, this.state.stage, 'SLA_BREACHED', `past SLA waiting for ${what}`);
    if (this.pending) await this.flush();
    await condition(done);
    await this.setStatus(stageStatus, this.state.stage, 'SLA_RECOVERED', `${what}: done after SLA breach`);
  }
  /**
   * Lean history: waits for `done` without a timer of its own. The status's service level
   * (statusSla) is watched outside (api/sla-watch.ts), which signals slaOverdue once it passed;
   * from then on the shipment shows SLA_BREACHED until `done` holds, then its status again.
   */
  private async waitPastStatusSla(done: () => boolean, what: string): Promise<void> {
    await condition(() => done() || this.overdue);
    if (done()) return;
    const stageStatus = this.state.stageStatus;
    this.breachedFor = this.slaDueAt;
    log.warn('Shipment past its SLA', { shipmentId: this.input.shipmentId, status: stageStatus, waitingFor: what });
    await this.setStatus(ShipmentStatus.SLA_BREACHED, this.state.stage, 'SLA_BREACHED', `past the ${stageStatus} service level, waiting for ${what}`);
    if (this.pending) await this.flush();
    await condition(done);
    this.overdue = false; // one breach per status: the same due time is not shown again
    await this.setStatus(stageStatus, this.state.stage, 'SLA_RECOVERED', `${what}: done after SLA breach`);
  }


  private details(info: string): string {
    const s = this.state;
    const rows = [
      ['Status', s.status],
      ['Stage', s.stage],
      ['Order', this.input.request.orderNo],
      ['Inventory (invtNo)', s.invtNo ?? '—'],
      ['Booking', s.bookingNo ?? '—'],
      ['Revision', String(s.revision)],
    ];
    return [
      `**${this.input.request.mode} shipment ${this.input.request.orderNo}** — ${info}`,
      '',
      '| | |',
      '|---|---|',
      ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    ].join('\n');
  }

  get workflowId(): string {
    return workflowInfo().workflowId;
  }
}

/** Workflow time (deterministic) as ISO text. */
export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}
