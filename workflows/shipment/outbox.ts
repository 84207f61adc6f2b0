import type { ProjectionUpdate } from '../../domain/projection.js';
import { projection } from './options.js';

/**
 * Where a shipment's projection writes (its row and timeline in PostgreSQL, read by the REST
 * API) go. Lean history (patch 'lean-history', shipments started since): they wait here and ride
 * with the next activity's argument (`activitiesFor` in options.ts), or go out in one local
 * activity when the shipment is about to wait or end (`flushIfPending`). Histories from before
 * keep one local activity per write.
 *
 * Order: calls run side by side (a booking beside the data push), and a later call may start
 * before an earlier one. So a batch also carries every write an unfinished call took: whichever
 * call runs first applies them all in order, the others skip them (sequence-guarded), and the
 * timeline and the enterprise's events (webhooks, GET /v1/events) never see a write before the
 * one it follows. A call that never runs (cancelled before it started) loses nothing either.
 */
export class ProjectionOutbox {
  private readonly waiting: ProjectionUpdate[] = [];
  /** Writes taken by calls that have not finished yet: not known to be applied. */
  private unsettled: ProjectionUpdate[] = [];
  private seq = 0;

  constructor(readonly lean: boolean) {}

  /** The sequence number of the next write (the projection ignores older ones). */
  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  async write(update: ProjectionUpdate): Promise<void> {
    if (this.lean) this.waiting.push(update);
    else await projection.projectShipment(update);
  }

  /**
   * Writes for the next call to apply before it runs (lean history): nothing when none waits
   * (a call carries no copies for nothing); otherwise the unsettled ones, then the waiting ones.
   * Tell `settled` when the call finished.
   */
  takeProjection(): ProjectionUpdate[] {
    if (this.waiting.length === 0) return [];
    this.unsettled = [...this.unsettled, ...this.waiting.splice(0)];
    return this.unsettled;
  }

  /** The call that carried `batch` finished, so it applied them, and every earlier write with them. */
  settled(batch: readonly ProjectionUpdate[]): void {
    const last = batch.at(-1)?.seq;
    if (last !== undefined) this.unsettled = this.unsettled.filter((u) => u.seq > last);
  }

  get pending(): boolean {
    return this.waiting.length > 0;
  }

  /**
   * Sends waiting writes in one local activity. Only when some wait: an await that is not needed
   * would move the commands of older histories and break their replay.
   */
  async flushIfPending(): Promise<void> {
    if (this.pending) await this.flush();
  }

  async flush(): Promise<void> {
    const batch = this.takeProjection();
    await projection.projectShipments(batch);
    this.settled(batch);
  }
}
