import { authenticateSigned, JSON_REPLIES, parseJsonWith, type Inbound } from '../kit/inbound.js';
import { WarehouseEventSchema, type WarehouseEvent } from './port.js';

/** A warehouse event (POST /v1/callbacks/<warehouse>): the port's WarehouseEventSchema. */
export const warehouseInbound: Inbound<WarehouseEvent> = {
  ...JSON_REPLIES,
  authenticate: authenticateSigned,
  parse: (raw) => parseJsonWith(WarehouseEventSchema, raw),
};
