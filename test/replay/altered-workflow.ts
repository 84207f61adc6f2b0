// A deliberately incompatible version of the shipment workflow for the replay test: it books
// transport before sending any customs data, which reorders the commands of every history.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities/index.js';
import type { ShipmentInput } from '../../domain/shipment.js';
import type { ExportShipment } from '../../domain/shipment.schema.js';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '30s' });

export async function shipmentWorkflow(input: ShipmentInput): Promise<void> {
  await acts.bookRail({ shipmentId: input.shipmentId, request: input.request as ExportShipment, idempotencyKey: `${input.shipmentId}:altered` });
}
