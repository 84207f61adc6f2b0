/**
 * Customs supervision modes as data: each mode is the list of stages its shipments pass
 * (workflows/shipment/stages.ts implements the stages) plus the codes its messages carry.
 * Adding a mode (9710, 9810, 1210, or later 1239) is a new entry here, its messages and any new
 * stages, not a new workflow.
 */
export const STAGE_IDS = ['accept', 'dataPush', 'declaration', 'firstLeg', 'customsRelease', 'departure', 'transit', 'taxExemption', 'fxSettlement', 'vatRefund'] as const;
export type StageId = (typeof STAGE_IDS)[number];

export interface ModeDefinition {
  mode: string;
  direction: 'export' | 'import';
  /** CEB603 tradeMode (贸易方式). */
  tradeMode: string;
  /** Export CEB303 orderType: E = B2C export, B = B2B export, W = overseas-warehouse booking (import orders are CEB311, orderType I). */
  orderType: 'E' | 'B' | 'W';
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
};

/** Largest 9710 consignment declared through the CBEC export list (§1.4); above it H2018 applies. */
export const B2B_LIST_MAX_CNY = 5000;

export function modeDefinition(mode: string): ModeDefinition {
  const definition = MODES[mode];
  if (!definition) throw new RangeError(`customs mode ${mode} is not supported`);
  return definition;
}
