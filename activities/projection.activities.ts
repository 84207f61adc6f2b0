import type { Db } from '../db/client.js';
import { applyProjectionUpdate, type ProjectionUpdate } from '../db/projection.js';

export const createProjectionActivities = (deps: { db: Db }) => ({
  /** Moves the shipment's database row and timeline forward (sequence-guarded). */
  async projectShipment(update: ProjectionUpdate): Promise<void> {
    await applyProjectionUpdate(deps.db, update);
  },
});
