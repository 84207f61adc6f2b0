/**
 * Field tables of the import messages (ceb-messages.md §7.2, 202205 import XSD) and of the
 * customs-issued tax bill messages CEB816/818, in the notation of fields.ts. Key order = XSD
 * element order. Import appStatus is C..3 (export C1).
 */
import { APP, RET, type Table } from './fields.js';
import type {
  Ceb311OrderHead, Ceb311OrderList, Ceb411PaymentHead, Ceb511LogisticsHead, Ceb513LogisticsStatus,
  Ceb621InventoryHead, Ceb621InventoryList, Ceb623InvtCancel, Ceb625InvtRefundHead, Ceb625InvtRefundList,
} from './import-types.js';
import type {
  Ceb312OrderReturn, Ceb412PaymentReturn, Ceb512LogisticsReturn, Ceb514LogisticsStatusReturn,
  Ceb622InventoryReturn, Ceb624InvtCancelReturn, Ceb626InvtRefundReturn,
} from './receipt-types.js';
import type { Ceb816TaxHeadRd, Ceb816TaxListRd, Ceb818TaxHeadStatus } from './issued-types.js';

const IMPORT_APP = { ...APP, appStatus: 'M C..3' } as const;

export const ORDER_HEAD_311 = {
  ...IMPORT_APP, orderType: 'M C1', orderNo: 'M C..60', ebpCode: 'M C..18', ebpName: 'M C..100',
  ebcCode: 'M C..18', ebcName: 'M C..100', goodsValue: 'M N19,5', freight: 'M N19,5', discount: 'M N19,5',
  taxTotal: 'M N19,5', acturalPaid: 'M N19,5', currency: 'M C3', buyerRegNo: 'M C..60', buyerName: 'M C..60',
  buyerTelephone: 'M C..30', buyerIdType: 'M C1', buyerIdNumber: 'M C..60', payCode: 'O C..18',
  payName: 'O C..100', payTransactionId: 'O C..60', batchNumbers: 'O C..100', consignee: 'M C..100',
  consigneeTelephone: 'M C..50', consigneeAddress: 'M C..200', consigneeDistrict: 'O C6', note: 'O C..1000',
} as const satisfies Table<Ceb311OrderHead>;

export const ORDER_LIST_311 = {
  gnum: 'M int', itemNo: 'O C..30', itemName: 'M C..250', gmodel: 'M C..510', itemDescribe: 'O C..1000',
  barCode: 'O C..50', unit: 'M C3', qty: 'M N19,5', price: 'M N19,5', totalPrice: 'M N19,5', currency: 'M C3',
  country: 'M C3', note: 'O C..1000',
} as const satisfies Table<Ceb311OrderList>;

export const PAYMENT_HEAD_411 = {
  ...IMPORT_APP, payCode: 'M C..18', payName: 'M C..100', payTransactionId: 'M C..60', orderNo: 'M C..60',
  ebpCode: 'M C..18', ebpName: 'M C..100', payerIdType: 'M C1', payerIdNumber: 'M C..60', payerName: 'M C..60',
  telephone: 'O C..60', amountPaid: 'M N19,5', currency: 'M C3', payTime: 'M C14', note: 'O C..1000',
} as const satisfies Table<Ceb411PaymentHead>;

export const LOGISTICS_HEAD_511 = {
  ...IMPORT_APP, logisticsCode: 'M C..18', logisticsName: 'M C..100', logisticsNo: 'M C..60', billNo: 'O C..37',
  orderNo: 'M C..60', freight: 'O N19,5', insuredFee: 'O N19,5', currency: 'M C3', weight: 'M N19,5',
  packNo: 'M int', goodsInfo: 'O C..200', consignee: 'M C..100', consigneeAddress: 'M C..200',
  consigneeTelephone: 'M C..50', note: 'O C..1000',
} as const satisfies Table<Ceb511LogisticsHead>;

export const LOGISTICS_STATUS_513 = {
  ...IMPORT_APP, logisticsCode: 'M C..18', logisticsName: 'M C..100', logisticsNo: 'M C..60',
  logisticsStatus: 'M C1', logisticsTime: 'M C14', note: 'O C..1000',
} as const satisfies Table<Ceb513LogisticsStatus>;

export const INVENTORY_HEAD_621 = {
  ...IMPORT_APP, orderNo: 'M C..60', ebpCode: 'M C..18', ebpName: 'M C..100', ebcCode: 'M C..18',
  ebcName: 'M C..100', logisticsNo: 'M C..60', logisticsCode: 'M C..18', logisticsName: 'M C..100',
  copNo: 'O C..20', preNo: 'O C..18', assureCode: 'M C..30', emsNo: 'O C..30', invtNo: 'O C..18',
  ieFlag: 'M C1', declTime: 'M C8', customsCode: 'M C4', portCode: 'M C4', ieDate: 'O C8',
  buyerIdType: 'M C1', buyerIdNumber: 'M C..60', buyerName: 'M C..60', buyerTelephone: 'M C..30',
  consigneeAddress: 'M C..200', agentCode: 'M C..18', agentName: 'M C..100', areaCode: 'O C..18',
  areaName: 'O C..100', tradeMode: 'M C4', trafMode: 'M C1', trafNo: 'O C..100', voyageNo: 'O C..32',
  billNo: 'O C..37', loctNo: 'O C..10', licenseNo: 'O C..19', country: 'M C3', freight: 'M N19,5',
  insuredFee: 'M N19,5', currency: 'M C3', wrapType: 'O C1', packNo: 'M int', grossWeight: 'M N19,5',
  netWeight: 'M N19,5', note: 'O C..1000',
} as const satisfies Table<Ceb621InventoryHead>;

export const INVENTORY_LIST_621 = {
  gnum: 'M int', itemRecordNo: 'O C..30', itemNo: 'O C..20', itemName: 'O C..250', gcode: 'M C10',
  gname: 'M C..250', gmodel: 'M C..510', barCode: 'O C..50', country: 'M C3', tradeCountry: 'O C..3',
  currency: 'M C3', qty: 'M N19,5', unit: 'M C3', qty1: 'M N19,5', unit1: 'M C3', qty2: 'O N19,5',
  unit2: 'O C3', price: 'M N19,5', totalPrice: 'M N19,5', note: 'O C..1000',
} as const satisfies Table<Ceb621InventoryList>;

/** Head fields shared by CEB623 and the CEB625 head (same XSD sequence). */
const CANCEL_OR_REFUND = {
  ...IMPORT_APP, customsCode: 'M C4', orderNo: 'M C..60', ebpCode: 'M C..18', ebpName: 'M C..100',
  ebcCode: 'M C..18', ebcName: 'M C..100', logisticsNo: 'M C..60', logisticsCode: 'M C..18',
  logisticsName: 'M C..100', copNo: 'O C..20', preNo: 'O C..18', invtNo: 'M C..18', buyerIdType: 'M C1',
  buyerIdNumber: 'M C..60', buyerName: 'M C..60', buyerTelephone: 'M C..30', agentCode: 'M C..18',
  agentName: 'M C..100', reason: 'M C..1000', note: 'O C..1000',
} as const;

export const INVT_CANCEL_623 = CANCEL_OR_REFUND satisfies Table<Ceb623InvtCancel>;
export const INVT_REFUND_HEAD_625 = CANCEL_OR_REFUND satisfies Table<Ceb625InvtRefundHead>;

export const INVT_REFUND_LIST_625 = {
  gnum: 'M int', gcode: 'M C10', gname: 'M C..250', qty: 'M N19,5', unit: 'M C3', note: 'O C..1000',
} as const satisfies Table<Ceb625InvtRefundList>;

export const ORDER_RETURN_312 = {
  guid: 'M C36', ebpCode: 'M C..18', ebcCode: 'M C..18', orderNo: 'M C..60', ...RET,
} as const satisfies Table<Ceb312OrderReturn>;

export const PAYMENT_RETURN_412 = {
  guid: 'M C36', payCode: 'M C..18', payTransactionId: 'M C..60', ...RET,
} as const satisfies Table<Ceb412PaymentReturn>;

export const LOGISTICS_RETURN_512 = {
  guid: 'M C36', logisticsCode: 'M C..18', logisticsNo: 'M C..60', ...RET,
} as const satisfies Table<Ceb512LogisticsReturn>;

export const LOGISTICS_STATUS_RETURN_514 = {
  guid: 'M C36', logisticsCode: 'M C..18', logisticsNo: 'M C..60', logisticsStatus: 'M C1', ...RET,
} as const satisfies Table<Ceb514LogisticsStatusReturn>;

export const INVENTORY_RETURN_622 = {
  guid: 'M C36', customsCode: 'O C4', ebpCode: 'O C..18', ebcCode: 'O C..18', agentCode: 'O C..18',
  copNo: 'M C..20', preNo: 'M C18', invtNo: 'O C18', ...RET,
} as const satisfies Table<Ceb622InventoryReturn>;

/** CEB624 and CEB626 returns share this sequence (agentCode before ebpCode, unlike CEB622). */
const CANCEL_OR_REFUND_RETURN = {
  guid: 'M C36', customsCode: 'O C4', agentCode: 'O C..18', ebpCode: 'O C..18', ebcCode: 'O C..18',
  copNo: 'M C..20', preNo: 'M C18', invtNo: 'O C18', ...RET,
} as const;

export const INVT_CANCEL_RETURN_624 = CANCEL_OR_REFUND_RETURN satisfies Table<Ceb624InvtCancelReturn>;
export const INVT_REFUND_RETURN_626 = CANCEL_OR_REFUND_RETURN satisfies Table<Ceb626InvtRefundReturn>;

export const TAX_HEAD_RD_816 = {
  guid: 'M C36', returnTime: 'M C17', invtNo: 'M C..18', taxNo: 'M C..50', customsTax: 'M N19,5',
  valueAddedTax: 'M N19,5', consumptionTax: 'M N19,5', status: 'M C1', entDutyNo: 'O C..50', note: 'O C..1000',
  assureCode: 'O C..64', ebcCode: 'O C..64', logisticsCode: 'O C..64', agentCode: 'O C..18', customsCode: 'O C4',
} as const satisfies Table<Ceb816TaxHeadRd>;

export const TAX_LIST_RD_816 = {
  gnum: 'M int', gcode: 'M C10', taxPrice: 'M N19,5', customsTax: 'M N19,5', valueAddedTax: 'M N19,5',
  consumptionTax: 'M N19,5',
} as const satisfies Table<Ceb816TaxListRd>;

export const TAX_HEAD_STATUS_818 = {
  guid: 'M C36', returnTime: 'M C17', invtNo: 'M C..18', taxNo: 'M C..50', status: 'M C1',
  entDutyNo: 'O C..50', assureCode: 'O C..64',
} as const satisfies Table<Ceb818TaxHeadStatus>;
