/**
 * Every outside system the platform talks to, one registration line each (a new system: its folder
 * adapters/<id>/ with definition.ts, outbound.ts, maybe inbound.ts, and one line here, at the end;
 * `cbec adapter new` writes it for a carrier). Config, worker wiring, simulators, callback routing and
 * corridors derive from this list through adapters/catalogue.ts. Pure data only: the workflow bundle imports it.
 */
export { definition as singleWindow } from './single-window/definition.js';
export { definition as rail } from './rail/definition.js';
export { definition as bank } from './bank/definition.js';
export { definition as tax } from './tax/definition.js';
export { definition as railWater } from './rail-water/definition.js';
export { definition as landSea } from './land-sea/definition.js';
export { definition as chinaLaos } from './china-laos/definition.js';
export { definition as postal } from './postal/definition.js';
export { definition as bankB } from './bank-b/definition.js';
export { definition as paymentInstitution } from './payment-institution/definition.js';
export { definition as overseasWarehouse } from './overseas-warehouse/definition.js';
export { definition as bondedWarehouse } from './bonded-warehouse/definition.js';
export { definition as lenderBank } from './lender-bank/definition.js';
export { definition as lenderFin } from './lender-fin/definition.js';
export { definition as insurer } from './insurer/definition.js';
