/**
 * Customs supervision modes as data: each mode is the list of stages its shipments pass
 * (workflows/shipment/stages.ts implements the stages) plus the codes its messages carry.
 * Adding a mode (9710, 9810, 1210, or later 1239) is a new entry here, its messages and any new
 * stages, not a new workflow.
 */
export const STAGE_IDS = [
  // exports (9610, 9710, 9810)
  'accept', 'dataPush', 'declaration', 'firstLeg', 'customsRelease', 'departure', 'transit', 'taxExemption', 'fxSettlement', 'vatRefund',
  // 9810: overseas warehouse
  'warehouseBooking', 'preRefund', 'warehouseInbound', 'overseasSales',
  // 1210: bonded import
  'importDataPush', 'importDeclaration', 'importRelease', 'bondedExit', 'delivery', 'returnWindow',
] as const;
/** A workflow step (流程步骤): not a timeline `Stage` (domain/status.ts), which clients see (docs/glossary.md). */
export type StageId = (typeof STAGE_IDS)[number];

export interface ModeDefinition {
  mode: string;
  direction: 'export' | 'import';
  /** CEB603 tradeMode (贸易方式). */
  tradeMode: string;
  /** CEB303 orderType: E = B2C export, B = B2B export, W = overseas-warehouse booking note; CEB311 orderType I = import. */
  orderType: 'E' | 'B' | 'W' | 'I';
  stages: readonly StageId[];
}

export const MODES: Record<string, ModeDefinition> = {
  '9610': {
    mode: '9610',
    direction: 'export',
    tradeMode: '9610',
    orderType: 'E',
    stages: ['accept', 'dataPush', 'declaration', 'firstLeg', 'customsRelease', 'departure', 'transit', 'taxExemption', 'fxSettlement'],
  },
  // B2B: the refund needs the FX collected first (财税〔2013〕96号 condition 3), so it comes last.
  '9710': {
    mode: '9710',
    direction: 'export',
    tradeMode: '9710',
    orderType: 'B',
    stages: ['accept', 'dataPush', 'declaration', 'firstLeg', 'customsRelease', 'departure', 'transit', 'fxSettlement', 'vatRefund'],
  },
  // Stock booked into an overseas warehouse before sale (订仓单 = CEB303 orderType W, ceb-messages
  // §8); refund on departure where the date allows (HWC-YT), else after sale; FX as batches sell.
  '9810': {
    mode: '9810',
    direction: 'export',
    tradeMode: '9810',
    orderType: 'W',
    stages: ['accept', 'warehouseBooking', 'dataPush', 'declaration', 'firstLeg', 'customsRelease', 'departure', 'preRefund', 'transit', 'warehouseInbound', 'overseasSales'],
  },
  // Bonded retail import from the B-type centre (§1.6): three orders from three parties, the
  // import inventory, release with the e-tax bill, exit and delivery, then the return period.
  '1210': {
    mode: '1210',
    direction: 'import',
    tradeMode: '1210',
    orderType: 'I',
    stages: ['accept', 'importDataPush', 'importDeclaration', 'importRelease', 'bondedExit', 'delivery', 'returnWindow'],
  },
};

/** Largest 9710 consignment declared through the CBEC export list (§1.4); above it H2018 applies. */
export const B2B_LIST_MAX_CNY = 5000;

export function modeDefinition(mode: string): ModeDefinition {
  const definition = MODES[mode];
  if (!definition) throw new RangeError(`customs mode ${mode} is not supported`);
  return definition;
}
