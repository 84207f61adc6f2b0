/**
 * Field tables copied from the 202205 XSD tables in ceb-messages.md §2.2/§2.3/§6.2/§7.2.
 * Key order = XSD element order (build relies on it). Each value is "<M|O> <type>" with
 * type in the spec notation: C36 fixed, C..60 max, C3..4 range, N19,5 decimal, int, string.
 * `satisfies Table<T>` keeps the tables and the TypeScript types in lock-step.
 */
import type { BaseSubscribe, BaseTransfer } from './types.js';
import type {
  Ceb303OrderHead, Ceb303OrderList, Ceb403Receipts, Ceb505Logistics, Ceb507ArrivalHead,
  Ceb507ArrivalList, Ceb509DepartureHead, Ceb509DepartureList, Ceb605InvtCancel, Ceb701SummaryApplyHead,
  Ceb701SummaryApplyList,
} from './request-types.js';
import type { Ceb603InventoryHead, Ceb603InventoryList } from './inventory-types.js';
import type {
  Ceb304OrderReturn, Ceb404ReceiptsReturn, Ceb506LogisticsReturn, Ceb508ArrivalReturn,
  Ceb510DepartureReturn, Ceb604InventoryReturn, Ceb606InvtCancelReturn, Ceb900MessageReturn, Ceb702SummaryReturn,
} from './receipt-types.js';
import type { Ceb792SummaryResultHead, Ceb792SummaryResultList } from './issued-types.js';

export type FieldDef = `${'M' | 'O'} ${string}`;
export type Table<T> = { readonly [K in keyof T]-?: FieldDef };

export const APP = { guid: 'M C36', appType: 'M C1', appTime: 'M C14', appStatus: 'M C1' } as const;
export const RET = { returnStatus: 'M C..10', returnTime: 'M C17', returnInfo: 'M C..1000' } as const;

export const BASE_TRANSFER = {
  copCode: 'M C..18', copName: 'M C..100', dxpMode: 'M C3', dxpId: 'M C..30', note: 'O C..1000',
} as const satisfies Table<BaseTransfer>;

export const BASE_SUBSCRIBE = {
  status: 'M C..100', dxpMode: 'M C3', dxpAddress: 'M C..100', note: 'O C..1000',
} as const satisfies Table<BaseSubscribe>;

export const ORDER_HEAD_303 = {
  ...APP, orderType: 'M C1', orderNo: 'M C..60', ebpCode: 'M C..18', ebpName: 'M C..100',
  ebcCode: 'M C..18', ebcName: 'M C..100', goodsValue: 'M N19,5', freight: 'M N19,5',
  currency: 'M C3', note: 'O C..1000',
} as const satisfies Table<Ceb303OrderHead>;

export const ORDER_LIST_303 = {
  gnum: 'M int', itemNo: 'M C..30', itemName: 'M C..250', itemDescribe: 'O C..1000',
  barCode: 'O C..50', unit: 'M C3', currency: 'M C3', qty: 'M N19,5', price: 'M N19,5',
  totalPrice: 'M N19,5', note: 'O C..1000',
} as const satisfies Table<Ceb303OrderList>;

export const RECEIPTS_403 = {
  ...APP, ebpCode: 'M C..18', ebpName: 'M C..100', ebcCode: 'M C..18', ebcName: 'M C..100',
  orderNo: 'M C..60', payCode: 'O C..18', payName: 'M C..100', payNo: 'O C..60',
  charge: 'M N19,5', currency: 'M C3', accountingDate: 'M C14', note: 'O C..1000',
} as const satisfies Table<Ceb403Receipts>;

export const LOGISTICS_505 = {
  ...APP, logisticsCode: 'M C..18', logisticsName: 'M C..100', logisticsNo: 'M C..32',
  freight: 'M N19,5', insuredFee: 'M N19,5', currency: 'M C3', grossWeight: 'M N19,5',
  packNo: 'M int', goodsInfo: 'M C..200', ebcCode: 'O C..18', ebcName: 'O C..100',
  ebcTelephone: 'O C..50', note: 'O C..1000',
} as const satisfies Table<Ceb505Logistics>;

export const INVENTORY_HEAD_603 = {
  ...APP, customsCode: 'M C4', ebpCode: 'M C..18', ebpName: 'M C..100', orderNo: 'M C..60',
  logisticsCode: 'M C..18', logisticsName: 'M C..100', logisticsNo: 'M C..32', copNo: 'M C..30',
  preNo: 'O C18', invtNo: 'O C..20', ieFlag: 'M C1', portCode: 'M C4', ieDate: 'M C8',
  statisticsFlag: 'M C1', agentCode: 'M C..18', agentName: 'M C..100', ebcCode: 'M C..18',
  ebcName: 'M C..100', ownerCode: 'M C..18', ownerName: 'M C..100', iacCode: 'O C..18',
  iacName: 'O C..100', emsNo: 'O C..30', tradeMode: 'M C4', trafMode: 'M C1',
  trafName: 'O C..100', voyageNo: 'O C..32', billNo: 'O C..37', totalPackageNo: 'O C..37',
  loctNo: 'O C..10', licenseNo: 'O C..19', country: 'M C3', POD: 'M C3..4', freight: 'M N19,5',
  fCurrency: 'M C3', fFlag: 'M C1', insuredFee: 'M N19,5', iCurrency: 'M C3', iFlag: 'M C1',
  wrapType: 'M C1', packNo: 'M int', grossWeight: 'M N19,5', netWeight: 'M N19,5',
  note: 'O C..1000',
} as const satisfies Table<Ceb603InventoryHead>;

export const INVENTORY_LIST_603 = {
  gnum: 'M int', itemNo: 'M C..20', itemRecordNo: 'O C..30', itemName: 'O C..250',
  gcode: 'M C10', gname: 'M C..250', gmodel: 'M C..250', barCode: 'M C..50', country: 'M C3',
  currency: 'M C3', qty: 'M N19,5', qty1: 'M N19,5', qty2: 'O N19,5', unit: 'M C3',
  unit1: 'M C3', unit2: 'O C..3', price: 'M N19,5', totalPrice: 'M N19,5', note: 'O C..1000',
} as const satisfies Table<Ceb603InventoryList>;

export const INVT_CANCEL_605 = {
  ...APP, customsCode: 'M C4', copNo: 'M C..30', preNo: 'O C18', invtNo: 'M C..20',
  reason: 'M C..1000', agentCode: 'M C..18', agentName: 'M C..100', ebcCode: 'M C..18',
  ebcName: 'M C..100', note: 'O C..1000',
} as const satisfies Table<Ceb605InvtCancel>;

export const ARRIVAL_HEAD_507 = {
  ...APP, customsCode: 'M C4', copNo: 'M C..30', preNo: 'O C18', operatorCode: 'M C..18',
  operatorName: 'M C..100', loctNo: 'O C..10', ieFlag: 'M C1', trafMode: 'M C1',
  billNo: 'O C..37', domesticTrafNo: 'M C..100', logisticsCode: 'M C..18',
  logisticsName: 'M C..100', msgCount: 'M int', msgSeqNo: 'M int', note: 'O C..1000',
} as const satisfies Table<Ceb507ArrivalHead>;

export const ARRIVAL_LIST_507 = {
  gnum: 'M int', logisticsNo: 'M C..32', totalPackageNo: 'O C..37', note: 'O C..1000',
} as const satisfies Table<Ceb507ArrivalList>;

export const DEPARTURE_HEAD_509 = {
  ...APP, customsCode: 'M C4', copNo: 'M C..30', preNo: 'O C18', logisticsCode: 'M C..18',
  logisticsName: 'M C..100', trafMode: 'M C1', trafName: 'O C..100', voyageNo: 'O C..32',
  billNo: 'O C..37', leaveTime: 'M C14', msgCount: 'M int', msgSeqNo: 'M int', note: 'O C..1000',
} as const satisfies Table<Ceb509DepartureHead>;

export const DEPARTURE_LIST_509 = {
  gnum: 'M int', totalPackageNo: 'O C..37', logisticsNo: 'M C..32', note: 'O C..1000',
} as const satisfies Table<Ceb509DepartureList>;

export const ORDER_RETURN_304 = {
  guid: 'M C36', ebpCode: 'M C..18', ebcCode: 'M C..18', orderNo: 'M C..60', ...RET,
} as const satisfies Table<Ceb304OrderReturn>;

export const RECEIPTS_RETURN_404 = {
  guid: 'M C36', ebcCode: 'M C..18', orderNo: 'M C..60', payNo: 'O C..60', ...RET,
} as const satisfies Table<Ceb404ReceiptsReturn>;

export const LOGISTICS_RETURN_506 = {
  guid: 'M C36', logisticsCode: 'M C..18', logisticsNo: 'M C..32', ...RET,
} as const satisfies Table<Ceb506LogisticsReturn>;

export const ARRIVAL_RETURN_508 = {
  guid: 'M C36', operatorCode: 'M C..18', logisticsCode: 'M C..18', preNo: 'M C18',
  copNo: 'M C..30', billNo: 'M C..37', msgSeqNo: 'M int', ...RET,
} as const satisfies Table<Ceb508ArrivalReturn>;

export const DEPARTURE_RETURN_510 = {
  guid: 'M C36', logisticsCode: 'M C..18', copNo: 'M C..30', preNo: 'M C18', msgSeqNo: 'M int',
  ...RET,
} as const satisfies Table<Ceb510DepartureReturn>;

export const INVENTORY_RETURN_604 = {
  guid: 'M C36', agentCode: 'M C..18', copNo: 'M C..30', preNo: 'M C18', invtNo: 'M C..20',
  ebcCode: 'M C..18', ebpCode: 'M C..18', orderNo: 'M C..60', statisticsFlag: 'M C1', ...RET,
} as const satisfies Table<Ceb604InventoryReturn>;

export const INVT_CANCEL_RETURN_606 = {
  guid: 'M C36', agentCode: 'M C..18', copNo: 'M C..30', preNo: 'M C18', invtNo: 'M C..20',
  ...RET,
} as const satisfies Table<Ceb606InvtCancelReturn>;

export const MESSAGE_RETURN_900 = {
  guid: 'M C36', returnStatus: 'M C..10', returnInfo: 'M C..5000', returnTime: 'M C17',
  oriCopMsgId: 'M C..255', oriMessageType: 'M C..15', oriBizMessage: 'M string',
} as const satisfies Table<Ceb900MessageReturn>;

export const SUMMARY_APPLY_HEAD_701 = {
  ...APP, customsCode: 'M C4', copNo: 'M C..30', preNo: 'O C..18', sumNo: 'O C..18', agentCode: 'M C..18',
  agentName: 'M C..100', ebcCode: 'M C..18', ebcName: 'M C..100', declAgentCode: 'M C..18',
  declAgentName: 'M C..100', startTime: 'O C14', endTime: 'O C14', loctNo: 'O C..10', summaryFlag: 'M C1',
  itemNameFlag: 'M C1', msgCount: 'M int', msgSeqNo: 'M int', note: 'O C..1000',
} as const satisfies Table<Ceb701SummaryApplyHead>;

export const SUMMARY_APPLY_LIST_701 = { invtNo: 'M C..20' } as const satisfies Table<Ceb701SummaryApplyList>;

export const SUMMARY_RETURN_702 = {
  guid: 'M C36', agentCode: 'M C..18', ebcCode: 'M C..18', copNo: 'M C..30', preNo: 'M C18', sumNo: 'O C18',
  msgSeqNo: 'M int', ...RET,
} as const satisfies Table<Ceb702SummaryReturn>;

export const SUMMARY_RESULT_HEAD_792 = {
  guid: 'M C36', customsCode: 'M C4', sumNo: 'M C18', opDate: 'M C17', declSeqNo: 'M C18', decTmpNo: 'O C18',
  decPreNo: 'O C18', entryId: 'O C18', decState: 'M C..3', agentCode: 'M C..18', agentName: 'M C..100',
  ebcCode: 'M C..18', ebcName: 'M C..100', declAgentCode: 'M C..18', declAgentName: 'M C..100',
  grossWeight: 'M N19,5', netWeight: 'M N19,5', msgCount: 'M int', msgSeqNo: 'M int', note: 'O C..1000',
} as const satisfies Table<Ceb792SummaryResultHead>;

export const SUMMARY_RESULT_LIST_792 = {
  invtNo: 'M C..20', logisticsNo: 'M C..32', gseqno: 'M int', gnum: 'M int', gcode: 'M C10',
} as const satisfies Table<Ceb792SummaryResultList>;
