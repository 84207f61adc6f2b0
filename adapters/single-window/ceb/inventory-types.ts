/**
 * CEB603 export declaration inventory (申报清单), 202205 XSD (ceb-messages.md §6.2).
 * Property order = XSD element order.
 */
import type { AppStatus, AppType, Decimal, FlagType, IeFlag, StatisticsFlag } from './types.js';

/** CEB603 Inventory/InventoryHead (出口清单表头). */
export interface Ceb603InventoryHead {
  guid: string; // C36
  appType: AppType;
  appTime: string; // C14
  appStatus: AppStatus;
  customsCode: string; // C4 申报地海关
  ebpCode: string; // C..18
  ebpName: string; // C..100
  orderNo: string; // C..60
  logisticsCode: string; // C..18
  logisticsName: string; // C..100
  logisticsNo: string; // C..32
  copNo: string; // C..30 enterprise key
  preNo?: string; // C18 assigned by the e-port
  invtNo?: string; // C..20 assigned by customs
  ieFlag: IeFlag;
  portCode: string; // C4 口岸海关
  ieDate: string; // C8 YYYYMMDD
  statisticsFlag: StatisticsFlag; // A simplified / B summary
  agentCode: string; // C..18 申报企业
  agentName: string; // C..100
  ebcCode: string; // C..18 = consignor
  ebcName: string; // C..100
  ownerCode: string; // C..18 生产销售单位
  ownerName: string; // C..100
  iacCode?: string; // C..18 区内企业 (1210)
  iacName?: string; // C..100
  emsNo?: string; // C..30 账册编号
  tradeMode: string; // C4 9610/1210/1239/9710/9810
  trafMode: string; // C1
  trafName?: string; // C..100
  voyageNo?: string; // C..32
  billNo?: string; // C..37
  totalPackageNo?: string; // C..37
  loctNo?: string; // C..10
  licenseNo?: string; // C..19
  country: string; // C3 运抵国
  POD: string; // C3..4 指运港 (no code list found; uncertain)
  freight: Decimal;
  fCurrency: string; // C3
  fFlag: FlagType;
  insuredFee: Decimal;
  iCurrency: string; // C3
  iFlag: FlagType;
  wrapType: string; // C1 (code → meaning mapping not found)
  packNo: number; // int
  grossWeight: Decimal;
  netWeight: Decimal;
  note?: string; // C..1000
}

/** CEB603 Inventory/InventoryList (出口清单表体), 1..100 per inventory. */
export interface Ceb603InventoryList {
  gnum: number; // int, from 1, consecutive
  itemNo: string; // C..20
  itemRecordNo?: string; // C..30
  itemName?: string; // C..250
  gcode: string; // C10 HS code
  gname: string; // C..250
  gmodel: string; // C..250
  barCode: string; // C..50 ("无" if none)
  country: string; // C3 最终目的国
  currency: string; // C3
  qty: Decimal;
  qty1: Decimal;
  qty2?: Decimal;
  unit: string; // C3
  unit1: string; // C3
  unit2?: string; // C..3
  price: Decimal;
  totalPrice: Decimal;
  note?: string;
}

export interface Ceb603Inventory {
  InventoryHead: Ceb603InventoryHead;
  InventoryList: Ceb603InventoryList[];
}
