import type { StageId } from '../../domain/modes.js';
import { bondedExit, delivery, importDataPush, importDeclaration, importRelease, returnWindow } from './bonded.js';
import { overseasSales, preRefund, warehouseBooking, warehouseInbound } from './overseas.js';
import { EXPORT_STAGES, type StageFn } from './stages.js';

/**
 * Every stage a shipment can pass, by id. A customs mode is a list of these ids
 * (domain/modes.ts): modes differ by data, not by copies of workflow code.
 */
export const STAGES: Record<StageId, StageFn> = {
  ...EXPORT_STAGES,
  warehouseBooking,
  preRefund,
  warehouseInbound,
  overseasSales,
  importDataPush,
  importDeclaration,
  importRelease,
  bondedExit,
  delivery,
  returnWindow,
};
