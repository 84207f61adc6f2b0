import { DAY, HOUR } from '../../domain/time.js';
import type { Simulator } from '../kit/simulator.js';
import { AnnounceInboundRequestSchema } from '../warehouse/port.js';
import { createWarehouseSimulator, type WarehouseSimulatorOptions } from '../warehouse/simulator.js';
import { BondedOrderRequestSchema } from './port.js';

/** A bonded warehouse in a B-type centre, with the enterprise's account book and customs code. */
export interface BondedWarehouse {
  code: string;
  centre: string;
  emsNo: string;
  areaCode: string;
  areaName: string;
  customsCode: string;
}

/**
 * At plan time Dazhou had no B-type centre approved and was to co-operate with Chengdu and
 * Nanchong (docs/reference/domain-rules.md §0, §8 item 7): the Chengdu centre is the default. The centre names are
 * as commonly reported and not verified in the reference corpus; the account-book numbers,
 * enterprise codes and customs offices are placeholders in the right formats (assumed). A Dazhou
 * centre, once approved, is configuration: pass it in `warehouses`.
 */
export const BONDED_WAREHOUSES: readonly BondedWarehouse[] = [
  {
    code: 'CTU-BLC-01', centre: 'Chengdu Airport Bonded Logistics Centre (B-type) 成都空港保税物流中心（B型）',
    emsNo: 'T7901W000101', areaCode: '510196W001', areaName: '成都空港保税物流中心仓储企业（模拟）', customsCode: '7901',
  },
  {
    code: 'NAO-BLC-01', centre: 'Nanchong Bonded Logistics Centre (B-type) 南充保税物流中心（B型）',
    emsNo: 'T7913W000201', areaCode: '511396W001', areaName: '南充保税物流中心仓储企业（模拟）', customsCode: '7913',
  },
];
/** The warehouse the platform uses unless configured otherwise. */
export const DEFAULT_BONDED_WAREHOUSE = 'CTU-BLC-01';

/**
 * Business times, all assumed: first-line entry with quarantine and inspection 3 d after the
 * goods arrive; an order picked, X-rayed on the sorting line and out through the exit release
 * list (核放单) 12 h after it is placed; domestic delivery 2 d; an undeliverable parcel back in 3 d.
 */
export const BONDED_TIMING = { receivingMs: 3 * DAY, shippingMs: 12 * HOUR, deliveryMs: 2 * DAY, returnMs: 3 * DAY };

export type BondedWarehouseSimulatorOptions = WarehouseSimulatorOptions<BondedWarehouse>;

/**
 * A bonded warehouse enterprise: API in adapters/warehouse/README.md. No sales of its own: stock
 * leaves only by consumer orders. Scenarios per inbound reference: `damaged` { share? }; per order
 * reference: `hold-shipping` { businessDelayMs? }, `undeliverable`.
 */
export function createBondedWarehouseSimulator(opts: BondedWarehouseSimulatorOptions): Simulator {
  return createWarehouseSimulator(opts, {
    system: 'bonded-warehouse',
    prefix: 'BW',
    inboundSchema: AnnounceInboundRequestSchema,
    orderSchema: BondedOrderRequestSchema,
    warehouses: BONDED_WAREHOUSES,
    inboundFields: ({ centre, emsNo, areaCode, areaName, customsCode }) => ({ centre, emsNo, areaCode, areaName, customsCode }),
    timing: BONDED_TIMING,
  });
}
