/**
 * Export request entities, field by field as in the 202205 export XSD
 * (ceb-messages.md §6.2). Property order = XSD element order. Optional = `?`.
 * `Decimal` (N19,5) is exact decimal text; only `int` fields are numbers.
 */
import type { AppStatus, AppType, Decimal, IeFlag } from './types.js';

/** CEB303 Order/OrderHead (订单表头). */
export interface Ceb303OrderHead {
  guid: string; // C36
  appType: AppType;
  appTime: string; // C14 YYYYMMDDhhmmss
  appStatus: AppStatus;
  /** E = B2C export, B = B2B export, W = overseas-warehouse booking (XSD text says 外综服订单; uncertain). */
  orderType: 'E' | 'B' | 'W';
  orderNo: string; // C..60
  ebpCode: string; // C..18 ("无" allowed for foreign platforms, 202205)
  ebpName: string; // C..100
  ebcCode: string; // C..18
  ebcName: string; // C..100
  goodsValue: Decimal;
  freight: Decimal;
  currency: string; // C3
  note?: string; // C..1000
}

/** CEB303 Order/OrderList (订单商品表体), 1..100 per order. */
export interface Ceb303OrderList {
  gnum: number; // int, from 1, consecutive
  itemNo: string; // C..30
  itemName: string; // C..250
  itemDescribe?: string; // C..1000
  barCode?: string; // C..50
  unit: string; // C3
  currency: string; // C3
  qty: Decimal;
  price: Decimal;
  totalPrice: Decimal;
  note?: string; // C..1000
}

export interface Ceb303Order {
  OrderHead: Ceb303OrderHead;
  OrderList: Ceb303OrderList[];
}

/** CEB403 Receipts (收款单). */
export interface Ceb403Receipts {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: AppStatus;
  ebpCode: string; // C..18
  ebpName: string; // C..100
  ebcCode: string; // C..18
  ebcName: string; // C..100
  orderNo: string; // C..60
  payCode?: string; // C..18
  payName: string; // C..100 ("现金支付" for offline payment)
  payNo?: string; // C..60
  charge: Decimal;
  currency: string; // C3
  accountingDate: string; // C14 YYYYMMDDhhmmss
  note?: string;
}

/** CEB505 Logistics (物流运单). */
export interface Ceb505Logistics {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: AppStatus;
  logisticsCode: string; // C..18
  logisticsName: string; // C..100
  logisticsNo: string; // C..32 (202205)
  freight: Decimal;
  insuredFee: Decimal;
  currency: string; // C3
  grossWeight: Decimal; // kg
  packNo: number; // int
  goodsInfo: string; // C..200
  ebcCode?: string; // C..18
  ebcName?: string; // C..100
  ebcTelephone?: string; // C..50
  note?: string;
}

/** CEB605 InvtCancel (撤销申请单). */
export interface Ceb605InvtCancel {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: AppStatus;
  customsCode: string; // C4
  copNo: string; // C..30
  preNo?: string; // C18
  invtNo: string; // C..20
  reason: string; // C..1000
  agentCode: string; // C..18
  agentName: string; // C..100
  ebcCode: string; // C..18
  ebcName: string; // C..100
  note?: string;
}

/** CEB507 Arrival/ArrivalHead (物流运抵单表头). */
export interface Ceb507ArrivalHead {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: AppStatus;
  customsCode: string; // C4
  copNo: string; // C..30
  preNo?: string; // C18
  operatorCode: string; // C..18
  operatorName: string; // C..100
  loctNo?: string; // C..10
  ieFlag: IeFlag;
  trafMode: string; // C1
  billNo?: string; // C..37
  domesticTrafNo: string; // C..100
  logisticsCode: string; // C..18
  logisticsName: string; // C..100
  /** Split-message count: XSD mandatory, spec text says empty if not split, local docs say 1 (uncertain). */
  msgCount: number; // int
  msgSeqNo: number; // int, from 1
  note?: string;
}

/** CEB507 Arrival/ArrivalList, 0..∞ ("允许为空"). */
export interface Ceb507ArrivalList {
  gnum: number;
  logisticsNo: string; // C..32
  totalPackageNo?: string; // C..37
  note?: string;
}

export interface Ceb507Arrival {
  ArrivalHead: Ceb507ArrivalHead;
  ArrivalList: Ceb507ArrivalList[];
}

/** CEB509 Departure/DepartureHead (物流离境单表头). */
export interface Ceb509DepartureHead {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: AppStatus;
  customsCode: string; // C4
  copNo: string; // C..30
  preNo?: string; // C18
  logisticsCode: string; // C..18
  logisticsName: string; // C..100
  trafMode: string; // C1
  trafName?: string; // C..100
  voyageNo?: string; // C..32
  billNo?: string; // C..37
  leaveTime: string; // C14
  msgCount: number;
  msgSeqNo: number;
  note?: string;
}

/** CEB509 Departure/DepartureList, 1..∞. Note: totalPackageNo comes BEFORE logisticsNo here. */
export interface Ceb509DepartureList {
  gnum: number;
  totalPackageNo?: string; // C..37
  logisticsNo: string; // C..32
  note?: string;
}

export interface Ceb509Departure {
  DepartureHead: Ceb509DepartureHead;
  DepartureList: Ceb509DepartureList[];
}

/**
 * CEB701 SummaryApply/SummaryApplyHead (汇总申请单表头). startTime/endTime come as a pair; when
 * given, the list rows are ignored (XSD annotation). appStatus C1 (export XSD).
 */
export interface Ceb701SummaryApplyHead {
  guid: string;
  appType: AppType;
  appTime: string;
  appStatus: AppStatus;
  customsCode: string; // C4
  copNo: string; // C..30
  preNo?: string; // C..18
  sumNo?: string; // C..18 assigned by customs
  agentCode: string; // C..18
  agentName: string; // C..100
  ebcCode: string; // C..18
  ebcName: string; // C..100
  declAgentCode: string; // C..18 报关单位
  declAgentName: string; // C..100
  startTime?: string; // C14
  endTime?: string; // C14 (the XSD annotation also says 开始时间, a copy slip)
  loctNo?: string; // C..10
  /** 1 by consignor only / 2 by consignor + producer-seller. */
  summaryFlag: '1' | '2';
  /**
   * '1' = by the original item name; empty = by the composite category name. The XSD makes it
   * mandatory C1, the annotation allows empty — whether customs accepts `<itemNameFlag/>` is
   * uncertain; validation accepts ''.
   */
  itemNameFlag: '1' | '';
  /** XSD mandatory; the spec says empty when not split, local docs say 1 (uncertain). */
  msgCount: number;
  msgSeqNo: number;
  note?: string;
}

/** CEB701 SummaryApply/SummaryApplyList, 0..∞ (optional since 202205). */
export interface Ceb701SummaryApplyList {
  invtNo: string; // C..20
}

export interface Ceb701SummaryApply {
  SummaryApplyHead: Ceb701SummaryApplyHead;
  SummaryApplyList: Ceb701SummaryApplyList[];
}
