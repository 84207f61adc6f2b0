import { DAY } from '../../domain/time.js';
import type { Simulator } from '../kit/simulator.js';
import { FulfilOrderRequestSchema } from '../warehouse/port.js';
import { createWarehouseSimulator, type WarehouseSimulatorOptions } from '../warehouse/simulator.js';
import { OverseasInboundRequestSchema } from './port.js';

/** A warehouse abroad. Codes: country, city (UN/LOCODE-like), number. */
export interface OverseasWarehouse {
  code: string;
  name: string;
  country: string;
  address: string;
}

/**
 * The operator's warehouses at the far ends of the corridors Dazhou ships on (docs/reference/domain-rules.md §5.1,
 * §5.2): Duisburg (Chongqing/Chengdu CR Express terminal), Łódź (Chengdu–Łódź train), Budapest
 * (Chengdu postal/e-commerce train), Vientiane (China–Laos railway). Operator, names and
 * addresses are assumed (a fictional operator; no real warehouse is meant).
 */
export const OVERSEAS_WAREHOUSES: readonly OverseasWarehouse[] = [
  { code: 'DE-DUI-01', name: 'Duisburg logport warehouse 1', country: 'DE', address: 'logport I, 47229 Duisburg, Germany (assumed)' },
  { code: 'PL-LOD-01', name: 'Łódź Olechów warehouse 1', country: 'PL', address: 'ul. Transportowa 1, 93-482 Łódź, Poland (assumed)' },
  { code: 'HU-BUD-01', name: 'Budapest BILK warehouse 1', country: 'HU', address: 'BILK, 1239 Budapest, Hungary (assumed)' },
  { code: 'LA-VTE-01', name: 'Vientiane logistics park warehouse 1', country: 'LA', address: 'Vientiane Logistics Park, Vientiane, Laos (assumed)' },
];

/**
 * Business times, all assumed (no source in docs/reference/domain-rules.md): receiving 2 d after the goods arrive,
 * orders shipped 1 d after they are placed, delivered 3 d later, an undeliverable parcel back in
 * 5 d; a sales report every 14 d selling half of what is left (at least a quarter of what came in), at the declared price × 1.8.
 */
export const OVERSEAS_TIMING = { receivingMs: 2 * DAY, shippingMs: 1 * DAY, deliveryMs: 3 * DAY, returnMs: 5 * DAY };
export const OVERSEAS_SALES = { intervalMs: 14 * DAY, share: 0.5, minShareOfInbound: 0.25, markup: '1.8' };

export type OverseasWarehouseSimulatorOptions = WarehouseSimulatorOptions<OverseasWarehouse>;

/**
 * An overseas warehouse operator: API in adapters/warehouse/README.md. Scenarios per inbound
 * reference: `damaged` { share? }, `partial-sales` { batches?, share? }; per order reference:
 * `hold-shipping` { businessDelayMs? }, `undeliverable`.
 */
export function createOverseasWarehouseSimulator(opts: OverseasWarehouseSimulatorOptions): Simulator {
  return createWarehouseSimulator(opts, {
    system: 'overseas-warehouse',
    prefix: 'OW',
    inboundSchema: OverseasInboundRequestSchema,
    orderSchema: FulfilOrderRequestSchema,
    warehouses: OVERSEAS_WAREHOUSES,
    inboundFields: (w) => ({ warehouseName: w.name, country: w.country, address: w.address }),
    timing: OVERSEAS_TIMING,
    sales: OVERSEAS_SALES,
  });
}
