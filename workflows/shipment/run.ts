import { condition, log, sleep, workflowInfo, CancellationScope } from '@temporalio/workflow';
import type { Correction, FundsEvent, TransportEvent, ShipmentState, TaxBillEvent, WarehouseEvent } from '../contract.js';
import { isRejection, receiptRank, type CustomsReceipt, type DocType } from '../../domain/customs.js';
import type { ShipmentInput } from '../../domain/shipment.js';
import type { ExportShipment, ImportShipment } from '../../domain/shipment.schema.js';
import { ShipmentStatus, TERMINAL_STATUSES, type Stage } from '../../domain/status.js';
import type { ProjectionUpdate } from '../../domain/projection.js';
import { scaled } from '../../domain/time.js';
import { nowIso } from './clock.js';
import { ShipmentDisplay } from './display.js';
import { registerHandlers } from './handlers.js';
import { ProjectionOutbox } from './outbox.js';
import { StatusSlaClock } from './sla.js';

/** Where one customs document stands, from the receipts of its current revision. */
export interface DocProgress {
  rank: number;
  statuses: string[];
  rejection?: CustomsReceipt;
  last?: CustomsReceipt;
}

/**
 * What a shipment stage waits for (`ShipmentRun.wait`): until `until` holds, at most `timeoutMs`
 * (workflow ms, already scaled), or, without `until`, simply `timeoutMs`.
 */
export type Wait = { until: () => boolean; timeoutMs?: number; summary?: string } | { until?: undefined; timeoutMs: number };

/**
 * The state of one shipment run: what the handlers (handlers.ts) recorded, where the shipment
 * stands, and the one way its stages wait. Handlers only record facts; the flow
 * (shipment.workflow.ts) decides what they mean, so ordering of signals does not matter.
 */
export class ShipmentRun {
  readonly state: ShipmentState;
  readonly input: ShipmentInput;
  readonly receipts = new Map<string, CustomsReceipt>();
  /** Per document: receipts count at the last (re)submission, to ignore earlier revisions. */
  readonly epoch = new Map<DocType, number>();
  readonly transportEvents = new Map<TransportEvent['event'], TransportEvent>();
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
  /**
   * The lean history (patch 'lean-history', shipments started since): projection writes wait in
   * the outbox, the status's service level is watched outside (sla.ts), and `ShipmentStatus`
   * moves only when ops need to see it (display.ts). Histories from before keep one local
   * activity per write, a timer per wait and one upsert per status.
   */
  readonly lean: boolean;
  readonly sla = new StatusSlaClock();
  /** Where projection writes wait for a ride (the activity stubs take them from here). */
  readonly outbox: ProjectionOutbox;
  private readonly display: ShipmentDisplay;
  private cancelHook: (() => void) | undefined;

  /**
   * Patch 'callbacks-bound' (shipments started since): a milestone counts only with the booking
   * number the carrier gave this shipment (one heard before the booking is known waits for it),
   * and funds only for the collection the shipment opened (fx.ts). Before: the first of each.
   */
  readonly bound: boolean;
  private readonly milestonesHeard: TransportEvent[] = [];

  constructor(input: ShipmentInput, lean = false, bound = false) {
    this.input = input;
    this.lean = lean;
    this.outbox = new ProjectionOutbox(lean);
    this.display = new ShipmentDisplay(lean);
    this.bound = bound;
    this.state = { status: ShipmentStatus.RECEIVED, stage: 'order', stageStatus: ShipmentStatus.RECEIVED, revision: 0 };
    registerHandlers(this);
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

  get workflowId(): string {
    return workflowInfo().workflowId;
  }

  onCancel(hook: () => void): void {
    this.cancelHook = hook;
  }

  /** The cancelShipment update was accepted: the flow's cancellation scope is cancelled. */
  requestCancel(): void {
    this.cancelHook?.();
  }

  /** Patch 'callbacks-bound': a milestone heard waits until the shipment's booking number is known. */
  hearMilestone(e: TransportEvent): void {
    this.milestonesHeard.push(e);
    this.acceptMilestones();
  }

  /** Patch 'callbacks-bound': takes the milestones heard for the shipment's booking; others are dropped. */
  acceptMilestones(): void {
    const bookingNo = this.state.bookingNo;
    if (!this.bound || !bookingNo) return;
    for (const e of this.milestonesHeard.splice(0)) {
      if (e.bookingNo !== bookingNo) log.warn('Milestone for another booking ignored', { event: e.event, eventId: e.eventId });
      else if (!this.transportEvents.has(e.event)) this.transportEvents.set(e.event, e);
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

  /** Moves the shipment to a status: service level, search attribute, UI details and projection row. */
  async setStatus(status: ShipmentStatus, stage: Stage, type: string, info: string): Promise<void> {
    const changed = status !== this.state.status;
    if (this.lean) this.sla.onStatus(this.state.stageStatus, status, type, this.input);
    this.state.status = status;
    this.state.stage = stage;
    if (status !== ShipmentStatus.SLA_BREACHED) this.state.stageStatus = status;
    this.display.show(this.state, this.input, status, changed, info);
    await this.record(type, info);
  }

  /** Adds a timeline event without changing the status. */
  async record(type: string, info: string): Promise<void> {
    await this.outbox.write(this.projectionUpdate(this.outbox.nextSeq(), type, info));
  }

  /**
   * The one way a shipment stage waits. It first sends the projection writes still waiting (lean
   * history), so the REST API shows the status the shipment waits in, then waits `until` holds
   * (true) or `timeoutMs` passed (false). Stages never call `condition` or `sleep` themselves
   * (test/workflow-waits.test.ts): a wait that forgot the flush left the REST view stale.
   */
  async wait(w: Wait): Promise<boolean> {
    await this.outbox.flushIfPending();
    if (!w.until) {
      await sleep(w.timeoutMs);
      return false;
    }
    if (w.timeoutMs === undefined) {
      await condition(w.until);
      return true;
    }
    return w.summary === undefined ? condition(w.until, w.timeoutMs) : condition(w.until, w.timeoutMs, { summary: w.summary });
  }

  /** Before the workflow ends: the last projection writes (its end status) have no activity to ride with. */
  async flushBeforeEnd(): Promise<void> {
    if (this.outbox.pending) await CancellationScope.nonCancellable(() => this.outbox.flush());
  }

  /**
   * Waits for `done` with a service-level deadline (business time). Past the deadline the
   * shipment shows SLA_BREACHED until `done` holds, then returns to its stage status. Lean
   * history: no timer of its own; the SLA watch signals `slaOverdue` once the status's service
   * level passed (sla.ts).
   */
  async waitWithSla(done: () => boolean, slaBusinessMs: number, what: string): Promise<void> {
    if (this.lean) {
      await this.wait({ until: () => done() || this.sla.overdue });
      if (done()) return;
    } else if (await this.wait({ until: done, timeoutMs: scaled(slaBusinessMs, this.timeScale), summary: `SLA: ${what}` })) {
      return;
    }
    const stageStatus = this.state.stageStatus;
    if (this.lean) this.sla.breachedFor = this.sla.dueAt;
    log.warn('Shipment past its SLA', { shipmentId: this.input.shipmentId, status: stageStatus, waitingFor: what });
    const info = this.lean ? `past the ${stageStatus} service level, waiting for ${what}` : `past SLA waiting for ${what}`;
    await this.setStatus(ShipmentStatus.SLA_BREACHED, this.state.stage, 'SLA_BREACHED', info);
    await this.wait({ until: done });
    if (this.lean) this.sla.overdue = false; // one breach per status: the same due time is not shown again
    await this.setStatus(stageStatus, this.state.stage, 'SLA_RECOVERED', `${what}: done after SLA breach`);
  }

  private projectionUpdate(seq: number, type: string, info: string): ProjectionUpdate {
    return {
      shipmentId: this.input.shipmentId,
      seq,
      at: nowIso(),
      stage: this.state.stage,
      status: this.state.status,
      type,
      info,
      fields: {
        invtNo: this.state.invtNo,
        preNo: this.state.preNo,
        entryId: this.state.entryId,
        bookingNo: this.state.bookingNo,
        taxRecordNo: this.state.taxRecordNo,
        settlementId: this.state.settlementId,
        cnyAmount: this.state.cnyAmount,
        fxRate: this.state.fxRate,
      },
      terminal: TERMINAL_STATUSES.includes(this.state.status),
      ...(this.lean ? { slaDueAt: this.sla.dueAt } : {}),
    };
  }
}

/** Workflow time (deterministic) as ISO text. */
