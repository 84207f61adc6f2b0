/**
 * Test fixtures: every field of every export request populated with a distinct, valid value
 * (so a swapped or dropped field shows up in a deep-equal round trip). Test-only.
 */
import type {
  BaseSubscribe, BaseTransfer, Ceb303Order, Ceb403Receipts, Ceb505Logistics, Ceb507Arrival,
  Ceb509Departure, Ceb603Inventory, Ceb605InvtCancel, CebIssuedEntityMap, CebRequestEntityMap,
} from './types.js';
import {
  cancel623, inventory621, logistics511, order311, payment411, refund625, status513, summary701, summaryResult792,
  tax816, taxStatus818,
} from './fixtures-import.js';

export * from './fixtures-import.js';

export const GUID_A = '0F8FAD5B-D9CB-469F-A165-70867728950E';
export const GUID_B = '7C9E6679-7425-40DE-944B-E07FC1F90AE7';
export const GUID_C = 'A3BB189E-8BF9-3888-9912-ACE4E6543002';

export const baseTransfer: BaseTransfer = {
  copCode: '5101960ABC', copName: '成都测试供应链有限公司', dxpMode: 'DXP', dxpId: 'DXPENT0000458763', note: '传输备注',
};
export const baseSubscribe: BaseSubscribe[] = [
  { status: 'RET', dxpMode: 'DXP', dxpAddress: 'DXPENT0000000001', note: '订阅回执' },
  { status: 'ALL', dxpMode: 'DXP', dxpAddress: 'DXPENT0000000002' },
];

export const order303: Ceb303Order = {
  OrderHead: {
    guid: GUID_A, appType: '1', appTime: '20240201093005', appStatus: '2', orderType: 'E',
    orderNo: 'SO-2024-0001', ebpCode: '5101960PLT', ebpName: '测试跨境平台', ebcCode: '5101960EBC',
    ebcName: '成都测试电商企业', goodsValue: '27.78', freight: '5.5', currency: '142', note: '订单备注 <&>',
  },
  OrderList: [
    {
      gnum: 1, itemNo: 'SKU-001', itemName: '手机支架', itemDescribe: '铝合金手机支架', barCode: '6901234567892',
      unit: '011', currency: '142', qty: '2', price: '13.89', totalPrice: '27.78', note: '第一行',
    },
    {
      gnum: 2, itemNo: 'SKU-002', itemName: '数据线', unit: '015', currency: '142', qty: '0.5',
      price: '0.0001', totalPrice: '0.00005',
    },
  ],
};

export const receipts403: Ceb403Receipts = {
  guid: GUID_B, appType: '1', appTime: '20240201100000', appStatus: '2', ebpCode: '5101960PLT',
  ebpName: '测试跨境平台', ebcCode: '5101960EBC', ebcName: '成都测试电商企业', orderNo: 'SO-2024-0001',
  payCode: '3101960PAY', payName: '测试支付公司', payNo: 'PAY20240201000001', charge: '33.28',
  currency: '502', accountingDate: '20240203120000', note: '收款备注',
};

export const logistics505: Ceb505Logistics = {
  guid: GUID_C, appType: '1', appTime: '20240201110000', appStatus: '2', logisticsCode: '5101960LGS',
  logisticsName: '测试国际物流', logisticsNo: 'CD123456789CN', freight: '12.5', insuredFee: '0',
  currency: '142', grossWeight: '0.35', packNo: 1, goodsInfo: '手机支架、数据线', ebcCode: '5101960EBC',
  ebcName: '成都测试电商企业', ebcTelephone: '028-00000000', note: '运单备注',
};

export const inventory603: Ceb603Inventory = {
  InventoryHead: {
    guid: GUID_A, appType: '1', appTime: '20240202080000', appStatus: '2', customsCode: '7902',
    ebpCode: '5101960PLT', ebpName: '测试跨境平台', orderNo: 'SO-2024-0001', logisticsCode: '5101960LGS',
    logisticsName: '测试国际物流', logisticsNo: 'CD123456789CN', copNo: 'COP-2024-0001',
    preNo: 'B20240202000000017', invtNo: '79022024E000000123', ieFlag: 'E', portCode: '7901',
    ieDate: '20240203', statisticsFlag: 'A', agentCode: '5101960AGT', agentName: '测试报关行',
    ebcCode: '5101960EBC', ebcName: '成都测试电商企业', ownerCode: '5101960OWN', ownerName: '测试生产企业',
    iacCode: '5101960IAC', iacName: '测试区内企业', emsNo: 'T7902W000001', tradeMode: '9610', trafMode: '5',
    trafName: 'CA0401', voyageNo: 'CA0401/0203', billNo: '999-12345675', totalPackageNo: 'PKG-0001',
    loctNo: '7902A', licenseNo: 'LIC-0001', country: '502', POD: 'USLA', freight: '12.5',
    fCurrency: '142', fFlag: '3', insuredFee: '0.8', iCurrency: '142', iFlag: '3', wrapType: '2',
    packNo: 1, grossWeight: '0.35', netWeight: '0.3', note: '清单备注',
  },
  InventoryList: [
    {
      gnum: 1, itemNo: 'SKU-001', itemRecordNo: 'REC-001', itemName: '手机支架', gcode: '8302500000',
      gname: '手机支架', gmodel: '铝合金|无品牌|10cm', barCode: '6901234567892', country: '502',
      currency: '142', qty: '2', qty1: '0.2', qty2: '2', unit: '011', unit1: '035', unit2: '011',
      price: '13.89', totalPrice: '27.78', note: '第一行',
    },
    {
      gnum: 2, itemNo: 'SKU-002', gcode: '8544422900', gname: '数据线', gmodel: '1米', barCode: '无',
      country: '502', currency: '142', qty: '3', qty1: '0.15', unit: '015', unit1: '035', price: '3.333',
      totalPrice: '10',
    },
  ],
};

export const cancel605: Ceb605InvtCancel = {
  guid: GUID_B, appType: '1', appTime: '20240204090000', appStatus: '2', customsCode: '7902',
  copNo: 'COP-2024-0001', preNo: 'B20240202000000017', invtNo: '79022024E000000123',
  reason: '买家取消订单', agentCode: '5101960AGT', agentName: '测试报关行', ebcCode: '5101960EBC',
  ebcName: '成都测试电商企业', note: '撤单备注',
};

export const arrival507: Ceb507Arrival = {
  ArrivalHead: {
    guid: GUID_C, appType: '1', appTime: '20240202150000', appStatus: '2', customsCode: '7902',
    copNo: 'ARR-2024-0001', preNo: 'B20240202000000018', operatorCode: '5101960OPR',
    operatorName: '双流机场监管场所', loctNo: '7902A', ieFlag: 'E', trafMode: '5', billNo: '999-12345675',
    domesticTrafNo: '川A12345', logisticsCode: '5101960LGS', logisticsName: '测试国际物流', msgCount: 1,
    msgSeqNo: 1, note: '运抵备注',
  },
  ArrivalList: [
    { gnum: 1, logisticsNo: 'CD123456789CN', totalPackageNo: 'PKG-0001', note: '包裹1' },
    { gnum: 2, logisticsNo: 'CD123456790CN' },
  ],
};

export const departure509: Ceb509Departure = {
  DepartureHead: {
    guid: GUID_A, appType: '1', appTime: '20240203200000', appStatus: '2', customsCode: '7902',
    copNo: 'DEP-2024-0001', preNo: 'B20240203000000019', logisticsCode: '5101960LGS',
    logisticsName: '测试国际物流', trafMode: '5', trafName: 'CA0401', voyageNo: 'CA0401/0203',
    billNo: '999-12345675', leaveTime: '20240203235500', msgCount: 2, msgSeqNo: 2, note: '离境备注',
  },
  DepartureList: [
    { gnum: 1, totalPackageNo: 'PKG-0001', logisticsNo: 'CD123456789CN', note: '包裹1' },
    { gnum: 2, logisticsNo: 'CD123456790CN' },
  ],
};

/** One fully populated entity per request type. */
export const FULL: { [K in keyof CebRequestEntityMap]: CebRequestEntityMap[K] } = {
  CEB303Message: order303,
  CEB403Message: receipts403,
  CEB505Message: logistics505,
  CEB507Message: arrival507,
  CEB509Message: departure509,
  CEB603Message: inventory603,
  CEB605Message: cancel605,
  CEB701Message: summary701,
  CEB311Message: order311,
  CEB411Message: payment411,
  CEB511Message: logistics511,
  CEB513Message: status513,
  CEB621Message: inventory621,
  CEB623Message: cancel623,
  CEB625Message: refund625,
};

/** One fully populated entity per customs-issued message type. */
export const FULL_ISSUED: { [K in keyof CebIssuedEntityMap]: CebIssuedEntityMap[K] } = {
  CEB816Message: tax816,
  CEB818Message: taxStatus818,
  CEB792Message: summaryResult792,
};
