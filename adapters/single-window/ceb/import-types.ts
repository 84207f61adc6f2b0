/**
 * Import request entities (1210 bonded / 9610 direct-purchase import), field by field as in the
 * 202205 import XSD (ceb-messages.md §7.2). Property order = XSD element order. Optional = `?`.
 * `Decimal` (N19,5) is exact decimal text; only `int` fields are numbers. Import `appStatus` is
 * C..3 in the XSD (values 1/2 like export); currency is fixed to 142 (CNY).
 */
import type { AppType, Decimal, IeFlag } from './types.js';

/** Import appStatus: XSD type C..3, values 1 draft / 2 declare (2 requires ds:Signature in 621/623/625). */
export type ImportAppStatus = '1' | '2';
/** buyerIdType / payerIdType: 1 ID card (身份证) / 2 other; the spec limits it to 1. */
export type IdType = '1' | '2';

/** CEB311 Order/OrderHead (电子订单表头). acturalPaid = goodsValue + freight + taxTotal − discount. */
export interface Ceb311OrderHead {
  guid: string; // C36
  appType: AppType;
  appTime: string; // C14
  appStatus: ImportAppStatus;
  orderType: 'I';
  orderNo: string; // C..60
  ebpCode: string; // C..18
  ebpName: string; // C..100
  ebcCode: string; // C..18
  ebcName: string; // C..100
  goodsValue: Decimal;
  freight: Decimal;
  discount: Decimal; // 非现金抵扣金额
  taxTotal: Decimal; // 代扣税款
  /** Spelled "actural" in the XSD. Must equal the payment voucher's amountPaid. */
  acturalPaid: Decimal;
  currency: string; // C3, 142
  buyerRegNo: string; // C..60
  buyerName: string; // C..60
  buyerTelephone: string; // C..30
  buyerIdType: IdType;
  buyerIdNumber: string; // C..60
  payCode?: string; // C..18
  payName?: string; // C..100
  payTransactionId?: string; // C..60
  batchNumbers?: string; // C..100
  consignee: string; // C..100, = waybill
  consigneeTelephone: string; // C..50, = waybill
  consigneeAddress: string; // C..200
  consigneeDistrict?: string; // C6
  note?: string; // C..1000
}

/** CEB311 Order/OrderList (电子订单商品), 1..99. Note gmodel after itemName, currency/country last. */
export interface Ceb311OrderList {
  gnum: number; // int
  itemNo?: string; // C..30
  itemName: string; // C..250
  gmodel: string; // C..510
  itemDescribe?: string; // C..1000
  barCode?: string; // C..50
  unit: string; // C3
  qty: Decimal;
  price: Decimal;
  totalPrice: Decimal;
  currency: string; // C3
  country: string; // C3 原产国
  note?: string;
}

export interface Ceb311Order {
  OrderHead: Ceb311OrderHead;
  OrderList: Ceb311OrderList[];
}

/** CEB411 Payment/PaymentHead (支付凭证). The XSD wraps the single head in Payment. */
export interface Ceb411PaymentHead {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: ImportAppStatus;
  payCode: string; // C..18
  payName: string; // C..100
  payTransactionId: string; // C..60
  orderNo: string; // C..60
  ebpCode: string; // C..18
  ebpName: string; // C..100
  payerIdType: IdType;
  payerIdNumber: string; // C..60
  payerName: string; // C..60
  telephone?: string; // C..60
  amountPaid: Decimal;
  currency: string; // C3, 142
  payTime: string; // C14
  note?: string;
}

export interface Ceb411Payment {
  PaymentHead: Ceb411PaymentHead;
}

/** CEB511 Logistics/LogisticsHead (进口物流运单). The XSD wraps the single head in Logistics. */
export interface Ceb511LogisticsHead {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: ImportAppStatus;
  logisticsCode: string; // C..18
  logisticsName: string; // C..100
  logisticsNo: string; // C..60 (import keeps 60; export is C..32 since 202205)
  billNo?: string; // C..37
  orderNo: string; // C..60
  freight?: Decimal;
  insuredFee?: Decimal;
  currency: string; // C3
  weight: Decimal; // kg
  packNo: number; // int, fixed 1
  goodsInfo?: string; // C..200
  consignee: string; // C..100
  consigneeAddress: string; // C..200
  consigneeTelephone: string; // C..50
  note?: string;
}

export interface Ceb511Logistics {
  LogisticsHead: Ceb511LogisticsHead;
}

/** CEB513 LogisticsStatus (物流运单状态): logisticsStatus fixed "S" (signed for). */
export interface Ceb513LogisticsStatus {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: ImportAppStatus;
  logisticsCode: string; // C..18
  logisticsName: string; // C..100
  logisticsNo: string; // C..60
  logisticsStatus: 'S';
  logisticsTime: string; // C14
  note?: string;
}

/** CEB621 Inventory/InventoryHead (进口清单表头). For 1210: emsNo, areaCode/areaName, itemRecordNo. */
export interface Ceb621InventoryHead {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: ImportAppStatus;
  orderNo: string; // C..60
  ebpCode: string; // C..18
  ebpName: string; // C..100
  ebcCode: string; // C..18
  ebcName: string; // C..100
  logisticsNo: string; // C..60
  logisticsCode: string; // C..18
  logisticsName: string; // C..100
  copNo?: string; // C..20 (optional in the XSD; the platform always sends it: receipts route by it)
  preNo?: string; // C..18
  assureCode: string; // C..30 担保企业
  emsNo?: string; // C..30
  invtNo?: string; // C..18
  ieFlag: IeFlag;
  declTime: string; // C8 YYYYMMDD
  customsCode: string; // C4
  portCode: string; // C4
  ieDate?: string; // C8
  buyerIdType: IdType;
  buyerIdNumber: string; // C..60
  buyerName: string; // C..60
  buyerTelephone: string; // C..30
  consigneeAddress: string; // C..200
  agentCode: string; // C..18
  agentName: string; // C..100
  areaCode?: string; // C..18
  areaName?: string; // C..100
  tradeMode: string; // C4 1210 / 9610
  trafMode: string; // C1
  trafNo?: string; // C..100
  voyageNo?: string; // C..32
  billNo?: string; // C..37
  loctNo?: string; // C..10
  licenseNo?: string; // C..19
  country: string; // C3 (bonded import: 142)
  freight: Decimal;
  insuredFee: Decimal;
  currency: string; // C3, 142
  wrapType?: string; // C1
  packNo: number; // int
  grossWeight: Decimal;
  netWeight: Decimal;
  note?: string;
}

/** CEB621 Inventory/InventoryList (进口清单表体), 1..99; gnum = the order line's gnum. */
export interface Ceb621InventoryList {
  gnum: number;
  itemRecordNo?: string; // C..30
  itemNo?: string; // C..20
  itemName?: string; // C..250
  gcode: string; // C10
  gname: string; // C..250
  gmodel: string; // C..510
  barCode?: string; // C..50
  country: string; // C3 原产国
  tradeCountry?: string; // C..3
  currency: string; // C3
  qty: Decimal;
  unit: string; // C3
  qty1: Decimal;
  unit1: string; // C3
  qty2?: Decimal;
  unit2?: string; // C3
  price: Decimal;
  totalPrice: Decimal;
  note?: string;
}

export interface Ceb621Inventory {
  InventoryHead: Ceb621InventoryHead;
  InventoryList: Ceb621InventoryList[];
}

/** CEB623 InvtCancel (进口撤销申请单): appType only 1; repeats order, waybill and buyer. */
export interface Ceb623InvtCancel {
  guid: string;
  appType: '1';
  appTime: string;
  appStatus: ImportAppStatus;
  customsCode: string; // C4
  orderNo: string;
  ebpCode: string;
  ebpName: string;
  ebcCode: string;
  ebcName: string;
  logisticsNo: string; // C..60
  logisticsCode: string;
  logisticsName: string;
  copNo?: string; // C..20
  preNo?: string; // C..18
  invtNo: string; // C..18
  buyerIdType: IdType;
  buyerIdNumber: string;
  buyerName: string;
  buyerTelephone: string;
  agentCode: string;
  agentName: string;
  reason: string; // C..1000
  note?: string;
}

/** CEB625 InvtRefund/InvtRefundHead (退货申请单表头). Same head fields as CEB623. */
export interface Ceb625InvtRefundHead {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: ImportAppStatus;
  customsCode: string;
  orderNo: string;
  ebpCode: string;
  ebpName: string;
  ebcCode: string;
  ebcName: string;
  logisticsNo: string;
  logisticsCode: string;
  logisticsName: string;
  copNo?: string;
  preNo?: string;
  invtNo: string;
  buyerIdType: IdType;
  buyerIdNumber: string;
  buyerName: string;
  buyerTelephone: string;
  agentCode: string;
  agentName: string;
  reason: string;
  note?: string;
}

/** CEB625 InvtRefund/InvtRefundList, 1..99: gnum is the ORIGINAL inventory line (not renumbered). */
export interface Ceb625InvtRefundList {
  gnum: number;
  gcode: string; // C10
  gname: string; // C..250
  qty: Decimal; // ≤ the inventory line's qty
  unit: string; // C3
  note?: string;
}

export interface Ceb625InvtRefund {
  InvtRefundHead: Ceb625InvtRefundHead;
  InvtRefundList: Ceb625InvtRefundList[];
}
