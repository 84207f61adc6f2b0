import type { ProjectionUpdate } from '../../domain/projection.js';
import { projection } from './options.js';

/**
 * Where a shipment's projection writes (its row and timeline in PostgreSQL, read by the REST
 * API) go. Lean history (patch 'lean-history', shipments started since): they wait here and ride
 * with the next activity's argument (`activitiesFor` in options.ts), or go out in one local
 * activity when the shipment is about to wait or end (`flushIfPending`). Histories from before
 * keep one local activity per write.
 */
export class ProjectionOutbox {
  private readonly waiting: ProjectionUpdate[] = [];
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

  /** Writes not yet sent, for the next activity to apply before its call (lean history). */
  takeProjection(): ProjectionUpdate[] {
    return this.waiting.splice(0);
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
    await projection.projectShipments(this.takeProjection());
  }
}
